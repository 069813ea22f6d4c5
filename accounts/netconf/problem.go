package netconf

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/postie-mail/postie/accounts/secrets"
)

// ProblemKind says what went wrong with a server, so the wizard can offer
// the right next step.
type ProblemKind int

// The kinds of problem.
const (
	ProblemOther ProblemKind = iota
	ProblemWrongPassword
	ProblemAppPassword       // the provider wants an app password
	ProblemNoPasswordSignIn  // the provider does not allow password sign-in
	ProblemNoSuchServer      // the name does not exist
	ProblemRefused           // nothing listens on that port
	ProblemTimeout           // no answer
	ProblemNoEncryption      // the server offers no encryption there
	ProblemUntrustedCert     // see Cert
	ProblemNotTLS            // SSL/TLS chosen, the server speaks plain
	ProblemUnsafeCredentials // CR, LF or other control characters
	ProblemCancelled         //
	ProblemSignInAgain       // the provider ended the OAuth2 sign-in (see ErrSignInAgain)
)

// Problem is a failure explained for a person: what happened and what to
// do next. It never contains the password.
type Problem struct {
	Kind   ProblemKind
	Role   secrets.Role // which of the account's servers
	Server Server
	Cert   *CertInfo // for ProblemUntrustedCert
	Said   string    // what the server said, if anything
	Err    error
}

func (p *Problem) Unwrap() error { return p.Err }

func (p *Problem) Error() string {
	host := p.Server.Host
	switch p.Kind {
	case ProblemWrongPassword:
		return fmt.Sprintf("The %s server (%s) did not accept your user name and password. Check the password, and that the user name is right (usually your full email address), then try again.", p.Role, host)
	case ProblemAppPassword:
		return fmt.Sprintf("Your provider wants an app password for mail programs (the %s server said: %q). Create one in the security settings of your account on the provider's website, then enter it here instead of your usual password.", p.Role, p.Said)
	case ProblemNoPasswordSignIn:
		return fmt.Sprintf("Your provider does not allow mail programs to sign in with a password for this account (the %s server said: %q). Check your provider's help pages for “IMAP”, “POP” or “app passwords”; some providers let you turn password sign-in on.", p.Role, p.Said)
	case ProblemNoSuchServer:
		return fmt.Sprintf("There is no server called %s. Check the name for typing mistakes; your provider's help pages list the right one.", host)
	case ProblemRefused:
		return fmt.Sprintf("The %s server %s refused the connection on port %d. The port or the security choice may be wrong, or a firewall blocks it.", p.Role, host, p.Server.Port)
	case ProblemTimeout:
		return fmt.Sprintf("The %s server %s did not answer in time. Check that this computer is connected to the internet; if it is, the port (%d) may be blocked by a firewall.", p.Role, host, p.Server.Port)
	case ProblemNoEncryption:
		return fmt.Sprintf("The %s server %s does not offer encryption on port %d, so your password would travel unprotected. Try SSL/TLS or STARTTLS on another port. Choose “no encryption” only if you accept that risk.", p.Role, host, p.Server.Port)
	case ProblemNotTLS:
		return fmt.Sprintf("The %s server %s does not use SSL/TLS on port %d. Try STARTTLS on this port, or the SSL/TLS port your provider names.", p.Role, host, p.Server.Port)
	case ProblemUntrustedCert:
		return fmt.Sprintf("The %s server %s showed a certificate this computer does not trust: %s.\nIssued to: %s\nIssued by: %s\nSHA-256 fingerprint: %s\nIf your provider or administrator confirms this fingerprint, you can trust this certificate for this account only.",
			p.Role, host, p.Cert.Reason, p.Cert.IssuedTo, p.Cert.IssuedBy, p.Cert.SHA256)
	case ProblemUnsafeCredentials:
		return "The user name or password contains a line break or another control character, which mail servers cannot accept. Please type them again."
	case ProblemCancelled:
		return "Cancelled."
	case ProblemSignInAgain:
		return "Your provider has ended Postie's sign-in for this account (this happens after a password change or “sign out everywhere”). Choose “Sign in again”. Mail already on this computer stays readable, and changes you make wait until then."
	}
	if p.Said != "" {
		return fmt.Sprintf("The %s server %s answered: %q", p.Role, host, p.Said)
	}
	return fmt.Sprintf("Could not talk to the %s server %s: %v", p.Role, host, p.Err)
}

// AuthProblem sorts a server's refusal of a login into wrong password,
// app password wanted, or password sign-in not allowed.
func AuthProblem(role secrets.Role, srv Server, said string, err error) *Problem {
	p := &Problem{Kind: ProblemWrongPassword, Role: role, Server: srv, Said: said, Err: err}
	l := strings.ToLower(said)
	switch {
	case strings.Contains(l, "application-specific password") || strings.Contains(l, "app password") ||
		strings.Contains(l, "app-specific"):
		p.Kind = ProblemAppPassword
	case strings.Contains(l, "basic authentication is disabled") || strings.Contains(l, "web login required") ||
		strings.Contains(l, "log in via your web browser") || strings.Contains(l, "log in with your web browser") || strings.Contains(l, "oauth"):
		p.Kind = ProblemNoPasswordSignIn
	}
	return p
}

// NetProblem sorts a connection failure.
func NetProblem(role secrets.Role, srv Server, err error) *Problem {
	p := &Problem{Kind: ProblemOther, Role: role, Server: srv, Err: err}
	var dns *net.DNSError
	var cert *CertError
	var rec tls.RecordHeaderError
	var ne net.Error
	switch {
	case errors.Is(err, ErrSignInAgain):
		p.Kind = ProblemSignInAgain
	case errors.Is(err, context.Canceled):
		p.Kind = ProblemCancelled
	case errors.As(err, &cert):
		p.Kind, p.Cert = ProblemUntrustedCert, &cert.Cert
	case errors.As(err, &dns) && (dns.IsNotFound || strings.Contains(dns.Err, "no such host")):
		p.Kind = ProblemNoSuchServer
	case errors.Is(err, syscall.ECONNREFUSED):
		p.Kind = ProblemRefused
	case errors.As(err, &rec):
		p.Kind = ProblemNotTLS
	case errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		p.Kind = ProblemTimeout
	}
	return p
}

// SafeCredential refuses what would let a password or user name inject
// protocol commands.
func SafeCredential(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}
