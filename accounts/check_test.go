package accounts

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
)

func problemKind(t *testing.T, err error) ProblemKind {
	t.Helper()
	var p *Problem
	if err == nil {
		return -1
	}
	if !errors.As(err, &p) {
		t.Fatalf("error is not a *Problem: %v", err)
	}
	if strings.Contains(p.Error(), "s3cret") {
		t.Fatalf("the password leaked into the message: %s", p.Error())
	}
	return p.Kind
}

func srv(port int, sec Security, user string) Server {
	return Server{Host: "127.0.0.1", Port: port, Security: sec, Username: user}
}

var testNet = Net{Timeout: 5 * time.Second}

func TestCheckAgainstDovecot(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"alice": "s3cret", "bob@example.org": "pässword"}, "")
	ctx := context.Background()
	c := Checker{Net: testNet}
	trusted := []string{d.CertSHA256}

	cases := []struct {
		name    string
		p       Protocol
		s       Server
		pass    string
		trusted []string
		want    ProblemKind
	}{
		{"imaps good", IMAP, srv(d.IMAPS, TLS, "alice"), "s3cret", trusted, -1},
		{"imap starttls good", IMAP, srv(d.IMAP, StartTLS, "alice"), "s3cret", trusted, -1},
		{"imap plain good", IMAP, srv(d.IMAP, Plain, "alice"), "s3cret", nil, -1},
		{"pop3s good", POP, srv(d.POP3S, TLS, "alice"), "s3cret", trusted, -1},
		{"pop3 stls good", POP, srv(d.POP3, StartTLS, "alice"), "s3cret", trusted, -1},
		{"non-ascii password", IMAP, srv(d.IMAPS, TLS, "bob@example.org"), "pässword", trusted, -1},
		{"imap wrong password", IMAP, srv(d.IMAPS, TLS, "alice"), "wrong", trusted, ProblemWrongPassword},
		{"pop wrong password", POP, srv(d.POP3S, TLS, "alice"), "wrong", trusted, ProblemWrongPassword},
		{"imap self-signed refused", IMAP, srv(d.IMAPS, TLS, "alice"), "s3cret", nil, ProblemUntrustedCert},
		{"pop self-signed refused", POP, srv(d.POP3S, TLS, "alice"), "s3cret", nil, ProblemUntrustedCert},
		{"starttls self-signed refused", IMAP, srv(d.IMAP, StartTLS, "alice"), "s3cret", nil, ProblemUntrustedCert},
		{"tls on the plain port", IMAP, srv(d.IMAP, TLS, "alice"), "s3cret", trusted, ProblemNotTLS},
		{"injection refused", POP, srv(d.POP3S, TLS, "alice\r\nDELE 1"), "s3cret", trusted, ProblemUnsafeCredentials},
		{"password with newline", IMAP, srv(d.IMAPS, TLS, "alice"), "s3cret\r\nA2 LOGOUT", trusted, ProblemUnsafeCredentials},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.CheckIncoming(ctx, tc.p, tc.s, tc.pass, tc.trusted)
			if got := problemKind(t, err); got != tc.want {
				t.Fatalf("kind = %d, want %d: %v", got, tc.want, err)
			}
			if err != nil {
				t.Logf("%s: %v", tc.name, err)
			}
		})
	}

	// The certificate problem says who it is for, who issued it and its
	// fingerprint; trusting that fingerprint works until it changes.
	err := c.CheckIncoming(ctx, IMAP, srv(d.IMAPS, TLS, "alice"), "s3cret", nil)
	var p *Problem
	errors.As(err, &p)
	if p.Cert == nil || !strings.Contains(p.Cert.IssuedTo, "localhost") || !strings.Contains(p.Cert.IssuedBy, "Postie test server") ||
		normalizeFingerprint(p.Cert.SHA256) != d.CertSHA256 {
		t.Fatalf("certificate details: %+v", p.Cert)
	}
	d.RotateCert()
	err = c.CheckIncoming(ctx, IMAP, srv(d.IMAPS, TLS, "alice"), "s3cret", trusted)
	if problemKind(t, err) != ProblemUntrustedCert {
		t.Fatalf("a changed certificate was accepted: %v", err)
	}
	if err := c.CheckIncoming(ctx, IMAP, srv(d.IMAPS, TLS, "alice"), "s3cret", []string{d.CertSHA256}); err != nil {
		t.Fatalf("the new certificate, once trusted: %v", err)
	}
}

func TestCheckPlaintextOnlyServer(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"alice": "s3cret"}, "ssl = no\ndisable_plaintext_auth = no\n")
	c := Checker{Net: testNet}
	for _, p := range []Protocol{IMAP, POP} {
		port := d.IMAP
		if p == POP {
			port = d.POP3
		}
		err := c.CheckIncoming(context.Background(), p, srv(port, StartTLS, "alice"), "s3cret", nil)
		if problemKind(t, err) != ProblemNoEncryption {
			t.Fatalf("%s: STARTTLS on a server without encryption: %v", p, err)
		}
		t.Logf("%s: %v", p, err)
	}
}

func TestCheckServerDownAndSilent(t *testing.T) {
	c := Checker{Net: Net{Timeout: 300 * time.Millisecond}}
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
	for _, p := range []Protocol{IMAP, POP} {
		err := c.CheckIncoming(context.Background(), p, srv(port, Plain, "alice"), "x", nil)
		if problemKind(t, err) != ProblemTimeout {
			t.Fatalf("%s silent server: %v", p, err)
		}
	}
	if problemKind(t, c.CheckOutgoing(context.Background(), srv(port, Plain, "alice"), "x", nil)) != ProblemTimeout {
		t.Fatal("silent SMTP server not a timeout")
	}
	l.Close()
	// Down: nothing listens.
	err := c.CheckIncoming(context.Background(), IMAP, srv(port, Plain, "alice"), "x", nil)
	if problemKind(t, err) != ProblemRefused {
		t.Fatalf("server down: %v", err)
	}
	t.Logf("down: %v", err)
	// No such name: the resolver says so.
	bad := Checker{Net: Net{Timeout: time.Second, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: addr, IsNotFound: true}}
	}}}
	err = bad.CheckIncoming(context.Background(), IMAP, Server{Host: "imap.nowhere.invalid", Port: 993, Security: TLS, Username: "a"}, "x", nil)
	if problemKind(t, err) != ProblemNoSuchServer {
		t.Fatalf("no such host: %v", err)
	}
	t.Logf("no such host: %v", err)
}

func TestAuthMessagesNameTheNextStep(t *testing.T) {
	s := Server{Host: "outlook.office365.com", Port: 993}
	cases := map[string]ProblemKind{
		"LOGIN failed.": ProblemWrongPassword,
		"[AUTHENTICATIONFAILED] Authentication failed.":           ProblemWrongPassword,
		"BasicAuthBlocked Basic authentication is disabled":       ProblemNoPasswordSignIn,
		"[ALERT] Application-specific password required: https:/": ProblemAppPassword,
		"5.7.9 Please log in with your web browser and then try":  ProblemNoPasswordSignIn,
		"[WEBALERT] Web login required":                           ProblemNoPasswordSignIn,
	}
	for said, want := range cases {
		if got := authProblem(secrets.Incoming, s, said, nil).Kind; got != want {
			t.Errorf("%q → %d, want %d", said, got, want)
		}
	}
}
