package netconf

import (
	"crypto/x509"
	"strings"
	"testing"
	"text/template"

	"golang.org/x/text/language"

	"github.com/postie-mail/postie/internal/tr"
)

// speak makes tr say the sentences in words (key → template) in German
// until the test ends; other sentences keep their English words.
func speak(t *testing.T, words map[string]string) {
	t.Helper()
	tr.Use(tr.Catalogue{Lang: language.German, Key: func(key, english string, data ...any) string {
		s, ok := words[key]
		if !ok {
			s = english
		}
		var b strings.Builder
		var d any
		if len(data) > 0 {
			d = data[0]
		}
		if err := template.Must(template.New("").Parse(s)).Execute(&b, d); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}}, tr.NewLocale("de"))
	t.Cleanup(func() { tr.Use(tr.Catalogue{}, nil) })
}

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
