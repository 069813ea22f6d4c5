package netconf

import (
	"crypto/x509"
	"testing"

	"github.com/postie-mail/postie/internal/tr/trtest"
)

// speak makes tr say the sentences in words in German until the test
// ends (trtest.German).
func speak(t *testing.T, words map[string]string) { trtest.German(t, words) }

// A server's settings and why its certificate is not trusted are said in
// the person's language; the port is written as typed; the errors for
// logs stay technical.
func TestServerAndCertificateInThePersonsLanguage(t *testing.T) {
	srv := Server{Host: "mail.example.de", Port: 1143, Security: Plain}
	if got := srv.String(); got != "mail.example.de port 1143 (no encryption)" {
		t.Errorf("English: %q", got)
	}
	speak(t, map[string]string{
		"{{.Host}} port {{.Port}} ({{.Security}})": "{{.Host}}, Port {{.Port}} ({{.Security}})",
		"no encryption": "keine Verschlüsselung",
		"it was issued for another name, not for {{.Host}}": "es wurde für einen anderen Namen ausgestellt, nicht für {{.Host}}",
	})
	if got := srv.String(); got != "mail.example.de, Port 1143 (keine Verschlüsselung)" {
		t.Errorf("German: %q", got)
	}
	srv.Security = TLS
	if got := srv.String(); got != "mail.example.de, Port 1143 (SSL/TLS)" {
		t.Errorf("German: %q", got)
	}
	hn := x509.HostnameError{Certificate: &x509.Certificate{DNSNames: []string{"other.example"}}, Host: "mail.example.de"}
	if got := certReason(hn, "mail.example.de"); got != "es wurde für einen anderen Namen ausgestellt, nicht für mail.example.de" {
		t.Errorf("reason: %q", got)
	}
	ce := &CertError{Host: "mail.example.de", Err: hn, Cert: CertInfo{Reason: certReason(hn, "mail.example.de")}}
	if got := ce.Error(); got != "certificate not trusted: "+hn.Error() {
		t.Errorf("the error for logs: %q", got)
	}
}
