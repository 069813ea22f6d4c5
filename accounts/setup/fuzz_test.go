package setup

import (
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/assets"
)

// FuzzAutoconfig: any answer a server gives for its setup file is parsed
// without a panic, and what comes out is usable settings or an error.
func FuzzAutoconfig(f *testing.F) {
	f.Add([]byte(exampleConfig), "kim@example.com")
	f.Add([]byte(attackerConfig), "a@b.example")
	f.Add([]byte(`<clientConfig><emailProvider><incomingServer type="pop3"><hostname>%EMAILDOMAIN%</hostname><port>99999</port><socketType>plain</socketType></incomingServer></emailProvider></clientConfig>`), "x@y.z")
	f.Fuzz(func(t *testing.T, data []byte, email string) {
		found, err := parseClientConfig(data, email, "fuzz")
		if err != nil {
			return
		}
		for _, l := range [][]netconf.Server{found.IMAP, found.POP, found.SMTP} {
			for _, s := range l {
				if s.Port < 0 || s.Port > 65535 {
					t.Fatalf("port %d accepted", s.Port)
				}
			}
		}
	})
}

// FuzzProviders: the provider table (bundled, or changed by a
// distributor) is read without a panic, and a match never panics.
func FuzzProviders(f *testing.F) {
	f.Add(assets.Providers(), "kim@gmail.com")
	f.Add([]byte(`{"providers":[{"id":"x","domains":["a.b"],"imap":{"host":"%EMAILDOMAIN%","port":1}}]}`), "q@a.b")
	f.Fuzz(func(t *testing.T, data []byte, email string) {
		list, err := ParseProviders(data)
		if err != nil {
			return
		}
		d := &Discoverer{Providers: list}
		_, domain, _ := strings.Cut(strings.ToLower(email), "@")
		if f, ok := d.fromTable(email, domain); ok {
			_ = d.outside(domain, f)
		}
	})
}
