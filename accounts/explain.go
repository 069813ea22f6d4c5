package accounts

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Explain is the sentence a person reads for err: what happened and what
// to do next, in plain words and in the person's language. The window
// and the command line both show errors through it; errors themselves
// keep what failed (a kind, the server's own words), and their Error()
// is for logs. It never contains a password.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var p *netconf.Problem
	switch {
	case errors.Is(err, localstore.ErrDiskFull):
		return tr.L("The disk is full, so nothing was changed: free some space and try again.")
	case localstore.IsDiskError(err):
		// Checked before a server problem: a disk that fails while mail
		// is stored is this computer's fault, not the server's (#25).
		if detail := diskDetail(err); detail != "" {
			return tr.L("Postie could not read or write its mail store on this computer's disk ({{.Error}}). The mail on the server is safe; check the disk (and that there is space), then try again.",
				tr.M{"Error": detail})
		}
		return tr.L("Postie could not read or write its mail store on this computer's disk. The mail on the server is safe; check the disk (and that there is space), then try again.")
	case errors.As(err, &p):
		return explainProblem(p)
	}
	// Other errors are sentences already (the engines' and the store's
	// say them in the person's language): the first letter is made a
	// capital.
	s := err.Error()
	if r, n := utf8.DecodeRuneInString(s); n > 0 && unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

// explainProblem says what went wrong with a server. Each sentence comes
// twice, for the incoming and the outgoing server: languages say "the
// incoming server" in a word of its own (Posteingangsserver), so the
// role is never a word put into a sentence.
func explainProblem(p *netconf.Problem) string {
	out := p.Role == secrets.Outgoing
	d := tr.M{"Host": p.Server.Host, "Port": strconv.Itoa(p.Server.Port), "Said": strconv.Quote(p.Said)}
	switch p.Kind {
	case netconf.ProblemWrongPassword:
		if out {
			return tr.L("The outgoing server ({{.Host}}) did not accept your user name and password. Check the password, and that the user name is right (usually your full email address), then try again.", d)
		}
		return tr.L("The incoming server ({{.Host}}) did not accept your user name and password. Check the password, and that the user name is right (usually your full email address), then try again.", d)
	case netconf.ProblemAppPassword:
		if out {
			return tr.L("Your provider wants an app password for mail programs (the outgoing server said: {{.Said}}). Create one in the security settings of your account on the provider's website, then enter it here instead of your usual password.", d)
		}
		return tr.L("Your provider wants an app password for mail programs (the incoming server said: {{.Said}}). Create one in the security settings of your account on the provider's website, then enter it here instead of your usual password.", d)
	case netconf.ProblemNoPasswordSignIn:
		if out {
			return tr.L("Your provider does not allow mail programs to sign in with a password for this account (the outgoing server said: {{.Said}}). Check your provider's help pages for “IMAP”, “POP” or “app passwords”; some providers let you turn password sign-in on.", d)
		}
		return tr.L("Your provider does not allow mail programs to sign in with a password for this account (the incoming server said: {{.Said}}). Check your provider's help pages for “IMAP”, “POP” or “app passwords”; some providers let you turn password sign-in on.", d)
	case netconf.ProblemNoSuchServer:
		return tr.L("There is no server called {{.Host}}. Check the name for typing mistakes; your provider's help pages list the right one.", d)
	case netconf.ProblemRefused:
		if out {
			return tr.L("The outgoing server {{.Host}} refused the connection on port {{.Port}}. The port or the security choice may be wrong, or a firewall blocks it.", d)
		}
		return tr.L("The incoming server {{.Host}} refused the connection on port {{.Port}}. The port or the security choice may be wrong, or a firewall blocks it.", d)
	case netconf.ProblemTimeout:
		if out {
			return tr.L("The outgoing server {{.Host}} did not answer in time. Check that this computer is connected to the internet; if it is, the port ({{.Port}}) may be blocked by a firewall.", d)
		}
		return tr.L("The incoming server {{.Host}} did not answer in time. Check that this computer is connected to the internet; if it is, the port ({{.Port}}) may be blocked by a firewall.", d)
	case netconf.ProblemNoEncryption:
		if out {
			return tr.L("The outgoing server {{.Host}} does not offer encryption on port {{.Port}}, so your password would travel unprotected. Try SSL/TLS or STARTTLS on another port. Choose “no encryption” only if you accept that risk.", d)
		}
		return tr.L("The incoming server {{.Host}} does not offer encryption on port {{.Port}}, so your password would travel unprotected. Try SSL/TLS or STARTTLS on another port. Choose “no encryption” only if you accept that risk.", d)
	case netconf.ProblemNotTLS:
		if out {
			return tr.L("The outgoing server {{.Host}} does not use SSL/TLS on port {{.Port}}. Try STARTTLS on this port, or the SSL/TLS port your provider names.", d)
		}
		return tr.L("The incoming server {{.Host}} does not use SSL/TLS on port {{.Port}}. Try STARTTLS on this port, or the SSL/TLS port your provider names.", d)
	case netconf.ProblemUntrustedCert:
		var c netconf.CertInfo
		if p.Cert != nil {
			c = *p.Cert
		}
		d["Reason"], d["IssuedTo"], d["IssuedBy"], d["Fingerprint"] = c.Reason, c.IssuedTo, c.IssuedBy, c.SHA256
		if out {
			return tr.L("The outgoing server {{.Host}} showed a certificate this computer does not trust: {{.Reason}}.\nIssued to: {{.IssuedTo}}\nIssued by: {{.IssuedBy}}\nSHA-256 fingerprint: {{.Fingerprint}}\nIf your provider or administrator confirms this fingerprint, you can trust this certificate for this account only.", d)
		}
		return tr.L("The incoming server {{.Host}} showed a certificate this computer does not trust: {{.Reason}}.\nIssued to: {{.IssuedTo}}\nIssued by: {{.IssuedBy}}\nSHA-256 fingerprint: {{.Fingerprint}}\nIf your provider or administrator confirms this fingerprint, you can trust this certificate for this account only.", d)
	case netconf.ProblemUnsafeCredentials:
		return tr.L("The user name or password contains a line break or another control character, which mail servers cannot accept. Please type them again.")
	case netconf.ProblemCancelled:
		return tr.L("Cancelled.")
	case netconf.ProblemNotProviderServer:
		if out {
			return tr.L("Postie did not send your sign-in to the outgoing server {{.Host}}, because it is not one of your provider's own servers: a server elsewhere could use it to read all your mail. Check the account's server settings, or sign in with a password there.", d)
		}
		return tr.L("Postie did not send your sign-in to the incoming server {{.Host}}, because it is not one of your provider's own servers: a server elsewhere could use it to read all your mail. Check the account's server settings, or sign in with a password there.", d)
	case netconf.ProblemSignInAgain:
		return tr.L("Your provider has ended Postie's sign-in for this account (this happens after a password change or “sign out everywhere”). Choose “Sign in again”. Mail already on this computer stays readable, and changes you make wait until then.")
	}
	if p.Said != "" {
		if out {
			return tr.L("The outgoing server {{.Host}} answered: {{.Said}}", d)
		}
		return tr.L("The incoming server {{.Host}} answered: {{.Said}}", d)
	}
	d["Error"] = fmt.Sprint(p.Err)
	if out {
		return tr.L("Could not talk to the outgoing server {{.Host}}: {{.Error}}", d)
	}
	return tr.L("Could not talk to the incoming server {{.Host}}: {{.Error}}", d)
}

// diskDetail is SQLite's own words for a disk failure ("disk I/O
// error"), or "" when it said none of them.
func diskDetail(err error) string {
	for _, w := range []string{"disk I/O error", "database disk image is malformed", "attempt to write a readonly database", "unable to open database file", "input/output error"} {
		if strings.Contains(err.Error(), w) {
			return w
		}
	}
	return ""
}
