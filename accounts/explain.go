package accounts

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/localstore"
)

// Explain is the sentence a person reads for err: what happened and what
// to do next, in plain words. The window and the command line both show
// errors through it; errors themselves keep what failed (a kind, the
// server's own words), and their Error() is for logs. It never contains a
// password.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var p *netconf.Problem
	switch {
	case errors.Is(err, localstore.ErrDiskFull):
		return "The disk is full, so nothing was changed: free some space and try again."
	case localstore.IsDiskError(err):
		// Checked before a server problem: a disk that fails while mail
		// is stored is this computer's fault, not the server's (#25).
		return "Postie could not read or write its mail store on this computer's disk (" + diskDetail(err) + "). The mail on the server is safe; check the disk (and that there is space), then try again."
	case errors.As(err, &p):
		return explainProblem(p)
	}
	s := err.Error()
	if r, n := utf8.DecodeRuneInString(s); n > 0 && unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

func explainProblem(p *netconf.Problem) string {
	host := p.Server.Host
	switch p.Kind {
	case netconf.ProblemWrongPassword:
		return fmt.Sprintf("The %s server (%s) did not accept your user name and password. Check the password, and that the user name is right (usually your full email address), then try again.", p.Role, host)
	case netconf.ProblemAppPassword:
		return fmt.Sprintf("Your provider wants an app password for mail programs (the %s server said: %q). Create one in the security settings of your account on the provider's website, then enter it here instead of your usual password.", p.Role, p.Said)
	case netconf.ProblemNoPasswordSignIn:
		return fmt.Sprintf("Your provider does not allow mail programs to sign in with a password for this account (the %s server said: %q). Check your provider's help pages for “IMAP”, “POP” or “app passwords”; some providers let you turn password sign-in on.", p.Role, p.Said)
	case netconf.ProblemNoSuchServer:
		return fmt.Sprintf("There is no server called %s. Check the name for typing mistakes; your provider's help pages list the right one.", host)
	case netconf.ProblemRefused:
		return fmt.Sprintf("The %s server %s refused the connection on port %d. The port or the security choice may be wrong, or a firewall blocks it.", p.Role, host, p.Server.Port)
	case netconf.ProblemTimeout:
		return fmt.Sprintf("The %s server %s did not answer in time. Check that this computer is connected to the internet; if it is, the port (%d) may be blocked by a firewall.", p.Role, host, p.Server.Port)
	case netconf.ProblemNoEncryption:
		return fmt.Sprintf("The %s server %s does not offer encryption on port %d, so your password would travel unprotected. Try SSL/TLS or STARTTLS on another port. Choose “no encryption” only if you accept that risk.", p.Role, host, p.Server.Port)
	case netconf.ProblemNotTLS:
		return fmt.Sprintf("The %s server %s does not use SSL/TLS on port %d. Try STARTTLS on this port, or the SSL/TLS port your provider names.", p.Role, host, p.Server.Port)
	case netconf.ProblemUntrustedCert:
		return fmt.Sprintf("The %s server %s showed a certificate this computer does not trust: %s.\nIssued to: %s\nIssued by: %s\nSHA-256 fingerprint: %s\nIf your provider or administrator confirms this fingerprint, you can trust this certificate for this account only.",
			p.Role, host, p.Cert.Reason, p.Cert.IssuedTo, p.Cert.IssuedBy, p.Cert.SHA256)
	case netconf.ProblemUnsafeCredentials:
		return "The user name or password contains a line break or another control character, which mail servers cannot accept. Please type them again."
	case netconf.ProblemCancelled:
		return "Cancelled."
	case netconf.ProblemNotProviderServer:
		return fmt.Sprintf("Postie did not send your sign-in to the %s server %s, because it is not one of your provider's own servers: a server elsewhere could use it to read all your mail. Check the account's server settings, or sign in with a password there.", p.Role, host)
	case netconf.ProblemSignInAgain:
		return "Your provider has ended Postie's sign-in for this account (this happens after a password change or “sign out everywhere”). Choose “Sign in again”. Mail already on this computer stays readable, and changes you make wait until then."
	}
	if p.Said != "" {
		return fmt.Sprintf("The %s server %s answered: %q", p.Role, host, p.Said)
	}
	return fmt.Sprintf("Could not talk to the %s server %s: %v", p.Role, host, p.Err)
}

// diskDetail is SQLite's own words for a disk failure ("disk I/O error").
func diskDetail(err error) string {
	for _, w := range []string{"disk I/O error", "database disk image is malformed", "attempt to write a readonly database", "unable to open database file", "input/output error"} {
		if strings.Contains(err.Error(), w) {
			return w
		}
	}
	return "a disk error"
}
