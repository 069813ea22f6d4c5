package setup

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
)

func TestCheckAgainstDovecot(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"alice": "s3cret", "bob@example.org": "pässword"}, "")
	ctx := context.Background()
	c := Checker{Net: acctest.Net}
	trusted := []string{d.CertSHA256}

	cases := []struct {
		name    string
		p       accounts.Protocol
		s       netconf.Server
		pass    string
		trusted []string
		want    netconf.ProblemKind
	}{
		{"imaps good", accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), "s3cret", trusted, -1},
		{"imap starttls good", accounts.IMAP, acctest.Srv(d.IMAP, netconf.StartTLS, "alice"), "s3cret", trusted, -1},
		{"imap plain good", accounts.IMAP, acctest.Srv(d.IMAP, netconf.Plain, "alice"), "s3cret", nil, -1},
		{"pop3s good", accounts.POP, acctest.Srv(d.POP3S, netconf.TLS, "alice"), "s3cret", trusted, -1},
		{"pop3 stls good", accounts.POP, acctest.Srv(d.POP3, netconf.StartTLS, "alice"), "s3cret", trusted, -1},
		{"non-ascii password", accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "bob@example.org"), "pässword", trusted, -1},
		{"imap wrong password", accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), "wrong", trusted, netconf.ProblemWrongPassword},
		{"pop wrong password", accounts.POP, acctest.Srv(d.POP3S, netconf.TLS, "alice"), "wrong", trusted, netconf.ProblemWrongPassword},
		{"imap self-signed refused", accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), "s3cret", nil, netconf.ProblemUntrustedCert},
		{"pop self-signed refused", accounts.POP, acctest.Srv(d.POP3S, netconf.TLS, "alice"), "s3cret", nil, netconf.ProblemUntrustedCert},
		{"starttls self-signed refused", accounts.IMAP, acctest.Srv(d.IMAP, netconf.StartTLS, "alice"), "s3cret", nil, netconf.ProblemUntrustedCert},
		{"tls on the plain port", accounts.IMAP, acctest.Srv(d.IMAP, netconf.TLS, "alice"), "s3cret", trusted, netconf.ProblemNotTLS},
		{"injection refused", accounts.POP, acctest.Srv(d.POP3S, netconf.TLS, "alice\r\nDELE 1"), "s3cret", trusted, netconf.ProblemUnsafeCredentials},
		{"password with newline", accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), "s3cret\r\nA2 LOGOUT", trusted, netconf.ProblemUnsafeCredentials},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.CheckIncoming(ctx, tc.p, tc.s, netconf.PasswordLogin(tc.pass), tc.trusted)
			if got := acctest.ProblemKind(t, err); got != tc.want {
				t.Fatalf("kind = %d, want %d: %v", got, tc.want, err)
			}
			if err != nil {
				t.Logf("%s: %v", tc.name, err)
			}
		})
	}

	// The certificate problem says who it is for, who issued it and its
	// fingerprint; trusting that fingerprint works until it changes.
	err := c.CheckIncoming(ctx, accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), netconf.PasswordLogin("s3cret"), nil)
	var p *netconf.Problem
	errors.As(err, &p)
	if p.Cert == nil || !strings.Contains(p.Cert.IssuedTo, "localhost") || !strings.Contains(p.Cert.IssuedBy, "Postie test server") ||
		netconf.NormalizeFingerprint(p.Cert.SHA256) != d.CertSHA256 {
		t.Fatalf("certificate details: %+v", p.Cert)
	}
	d.RotateCert()
	err = c.CheckIncoming(ctx, accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), netconf.PasswordLogin("s3cret"), trusted)
	if acctest.ProblemKind(t, err) != netconf.ProblemUntrustedCert {
		t.Fatalf("a changed certificate was accepted: %v", err)
	}
	if err := c.CheckIncoming(ctx, accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), netconf.PasswordLogin("s3cret"), []string{d.CertSHA256}); err != nil {
		t.Fatalf("the new certificate, once trusted: %v", err)
	}
}

func TestCheckPlaintextOnlyServer(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"alice": "s3cret"}, "ssl = no\ndisable_plaintext_auth = no\n")
	c := Checker{Net: acctest.Net}
	for _, p := range []accounts.Protocol{accounts.IMAP, accounts.POP} {
		port := d.IMAP
		if p == accounts.POP {
			port = d.POP3
		}
		err := c.CheckIncoming(context.Background(), p, acctest.Srv(port, netconf.StartTLS, "alice"), netconf.PasswordLogin("s3cret"), nil)
		if acctest.ProblemKind(t, err) != netconf.ProblemNoEncryption {
			t.Fatalf("%s: STARTTLS on a server without encryption: %v", p, err)
		}
		t.Logf("%s: %v", p, err)
	}
}

func TestCheckServerDownAndSilent(t *testing.T) {
	c := Checker{Net: netconf.Net{Timeout: 300 * time.Millisecond}}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	// Silent: accepts, never answers.
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	for _, p := range []accounts.Protocol{accounts.IMAP, accounts.POP} {
		err := c.CheckIncoming(context.Background(), p, acctest.Srv(port, netconf.Plain, "alice"), netconf.PasswordLogin("x"), nil)
		if acctest.ProblemKind(t, err) != netconf.ProblemTimeout {
			t.Fatalf("%s silent server: %v", p, err)
		}
	}
	if acctest.ProblemKind(t, c.CheckOutgoing(context.Background(), acctest.Srv(port, netconf.Plain, "alice"), netconf.PasswordLogin("x"), nil)) != netconf.ProblemTimeout {
		t.Fatal("silent SMTP server not a timeout")
	}
	l.Close()
	// Down: nothing listens.
	err := c.CheckIncoming(context.Background(), accounts.IMAP, acctest.Srv(port, netconf.Plain, "alice"), netconf.PasswordLogin("x"), nil)
	if acctest.ProblemKind(t, err) != netconf.ProblemRefused {
		t.Fatalf("server down: %v", err)
	}
	t.Logf("down: %v", err)
	// No such name: the resolver says so.
	bad := Checker{Net: netconf.Net{Timeout: time.Second, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: addr, IsNotFound: true}}
	}}}
	err = bad.CheckIncoming(context.Background(), accounts.IMAP, netconf.Server{Host: "imap.nowhere.invalid", Port: 993, Security: netconf.TLS, Username: "a"}, netconf.PasswordLogin("x"), nil)
	if acctest.ProblemKind(t, err) != netconf.ProblemNoSuchServer {
		t.Fatalf("no such host: %v", err)
	}
	t.Logf("no such host: %v", err)
}

func TestAuthMessagesNameTheNextStep(t *testing.T) {
	s := netconf.Server{Host: "outlook.office365.com", Port: 993}
	cases := map[string]netconf.ProblemKind{
		"LOGIN failed.": netconf.ProblemWrongPassword,
		"[AUTHENTICATIONFAILED] Authentication failed.":           netconf.ProblemWrongPassword,
		"BasicAuthBlocked Basic authentication is disabled":       netconf.ProblemNoPasswordSignIn,
		"[ALERT] Application-specific password required: https:/": netconf.ProblemAppPassword,
		"5.7.9 Please log in with your web browser and then try":  netconf.ProblemNoPasswordSignIn,
		"[WEBALERT] Web login required":                           netconf.ProblemNoPasswordSignIn,
	}
	for said, want := range cases {
		if got := netconf.AuthProblem(secrets.Incoming, s, said, nil).Kind; got != want {
			t.Errorf("%q → %d, want %d", said, got, want)
		}
	}
}
