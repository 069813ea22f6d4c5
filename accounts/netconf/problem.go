package netconf

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
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
	ProblemNotProviderServer // a provider's token was kept from a server not its own (#26)
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

// Error says what failed, technically, for logs and developers. What a
// person reads is accounts.Explain's sentence.
func (p *Problem) Error() string {
	s := fmt.Sprintf("%s server %s:%d: %s", p.Role, p.Server.Host, p.Server.Port, p.Kind)
	if p.Said != "" {
		s += ": the server said " + strconv.Quote(p.Said)
	}
	if p.Err != nil {
		s += ": " + p.Err.Error()
	}
	return s
}

var kindNames = map[ProblemKind]string{
	ProblemOther: "failed", ProblemWrongPassword: "sign-in refused", ProblemAppPassword: "app password wanted",
	ProblemNoPasswordSignIn: "password sign-in not allowed", ProblemNoSuchServer: "no such server",
	ProblemRefused: "connection refused", ProblemTimeout: "no answer in time", ProblemNoEncryption: "no encryption offered",
	ProblemUntrustedCert: "certificate not trusted", ProblemNotTLS: "not SSL/TLS", ProblemUnsafeCredentials: "control character in the user name or password",
	ProblemCancelled: "cancelled", ProblemSignInAgain: "OAuth2 sign-in ended by the provider",
	ProblemNotProviderServer: "not the sign-in provider's server",
}

func (k ProblemKind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("problem %d", int(k))
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
