package oauth

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzProvidersFile: whatever a distributor's sign-in providers file
// holds, Postie reads it or says why not — no panic — and every provider
// it accepts is valid, and one chosen by the servers serves them (#26).
func FuzzProvidersFile(f *testing.F) {
	f.Add([]byte(`[{"id":"corp","name":"Corp","domains":["corp.example"],"hosts":["imap.corp.example"],"auth_url":"https://login.corp.example/auth","token_url":"https://login.corp.example/token","scopes":["mail"],"client_id":"x"}]`), "kim@corp.example", "imap.corp.example")
	f.Add([]byte(`[{"id":"google","client_id":"y"}]`), "kim@gmail.com", "smtp.gmail.com")
	f.Add([]byte(`{}`), "a@b", "")
	f.Add([]byte(`[{"id":""}]`), "", "imap.gmail.com")
	f.Fuzz(func(t *testing.T, data []byte, email, host string) {
		file := filepath.Join(t.TempDir(), "providers.json")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv(ProvidersEnv, file)
		list, err := Providers()
		if err != nil {
			return
		}
		for _, p := range list {
			if err := p.valid(); err != nil {
				t.Fatalf("an invalid provider was accepted: %+v: %v", p, err)
			}
			_ = p.Serves(host)
		}
		// Chosen by the address's domain, a provider may not serve the
		// host (netconf refuses the token there, per connection); chosen
		// by the servers, it must serve them.
		if p, ok := For("someone@"+host, host); ok && !p.Serves(host) && !slices.Contains(p.Domains, strings.ToLower(host)) {
			t.Fatalf("%s chosen for the servers %q although it does not serve them", p.ID, host)
		}
		_, _ = For(email, host)
	})
}
