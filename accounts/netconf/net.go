package netconf

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/postie-mail/postie/internal/tr"
)

// Net is how accounts reach the network. Every part can be replaced, so
// tests run against local servers and never touch the internet.
type Net struct {
	// Dial opens a TCP connection (nil: a net.Dialer with Timeout).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Roots are the trusted certificate authorities (nil: the system's).
	Roots *x509.CertPool
	// Timeout bounds connecting and every wait for a server's answer
	// (0: 20 seconds).
	Timeout time.Duration
}

func (n Net) AnswerTimeout() time.Duration {
	if n.Timeout > 0 {
		return n.Timeout
	}
	return 20 * time.Second
}

func (n Net) Connect(ctx context.Context, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, n.AnswerTimeout())
	defer cancel()
	if n.Dial != nil {
		return n.Dial(ctx, "tcp", addr)
	}
	d := &net.Dialer{KeepAlive: 30 * time.Second}
	return d.DialContext(ctx, "tcp", addr)
}

// CertInfo describes a server certificate in terms a person can compare
// with what their provider or administrator tells them.
type CertInfo struct {
	IssuedTo string    // the names it is valid for
	IssuedBy string    // who signed it
	SHA256   string    // fingerprint, hex with colons
	NotAfter time.Time //
	Reason   string    // why it is not trusted, in plain words (the person's language)
}

// Fingerprint is a certificate's SHA-256 in hex with colons.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// CertError is a certificate the system does not trust and the person has
// not chosen to trust for this account.
type CertError struct {
	Host string
	Cert CertInfo
	Err  error
}

// Error is technical, for logs (the verifier's own words); Cert.Reason
// says why in the person's words.
func (e *CertError) Error() string {
	if e.Err == nil {
		return "certificate not trusted"
	}
	return "certificate not trusted: " + e.Err.Error()
}
func (e *CertError) Unwrap() error { return e.Err }

// TLSConfig verifies the server as usual, except that a certificate whose
// fingerprint the person trusted for this account is accepted. Nothing is
// ever skipped globally: a changed certificate is refused again.
func (n Net) TLSConfig(host string, trusted []string) *tls.Config {
	return &tls.Config{
		ServerName:         host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // verification is done below, with pinning
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New(tr.L("the server sent no certificate"))
			}
			leaf := cs.PeerCertificates[0]
			fp := Fingerprint(leaf.Raw)
			for _, t := range trusted {
				if NormalizeFingerprint(t) == NormalizeFingerprint(fp) {
					return nil
				}
			}
			inter := x509.NewCertPool()
			for _, c := range cs.PeerCertificates[1:] {
				inter.AddCert(c)
			}
			_, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: n.Roots, Intermediates: inter})
			if err == nil {
				return nil
			}
			return &CertError{Host: host, Err: err, Cert: CertInfo{
				IssuedTo: certNames(leaf),
				IssuedBy: leaf.Issuer.String(),
				SHA256:   fp,
				NotAfter: leaf.NotAfter,
				Reason:   certReason(err, host),
			}}
		},
	}
}

func certNames(c *x509.Certificate) string {
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return c.Subject.String()
	}
	return strings.Join(names, ", ")
}

func certReason(err error, host string) string {
	var hn x509.HostnameError
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &hn):
		return tr.L("it was issued for another name, not for {{.Host}}", tr.M{"Host": host})
	case errors.As(err, &ua):
		return tr.L("it was not issued by an authority your computer trusts (it may be self-signed)")
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		return tr.L("it has expired or is not valid yet (check this computer's date and time, too)")
	}
	return err.Error()
}

// NormalizeFingerprint is a fingerprint without separators, in lower case,
// for comparing.
func NormalizeFingerprint(f string) string {
	return strings.ToLower(strings.NewReplacer(":", "", " ", "").Replace(f))
}
