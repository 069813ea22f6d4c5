package accounts

import (
	"strings"
	"testing"
	"text/template"

	"golang.org/x/text/language"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// The label a person reads in Seahorse or Credential Manager is in their
// language, one whole phrase per kind of password; the entry's key does
// not change with it.
func TestKeyringLabelInThePersonsLanguage(t *testing.T) {
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := Create(s, &secrets.Memory{}, Account{Name: "Kim", Email: "kim@example.org", Settings: Settings{Protocol: IMAP,
		Incoming: netconf.Server{Host: "imap.example.org", Port: 993, Security: netconf.TLS, Username: "kim"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if got := keyringLabel(s, a.ID, secrets.Outgoing); got != "Postie — kim@example.org (outgoing mail)" {
		t.Errorf("English: %q", got)
	}
	words := map[string]string{
		"Postie — {{.Account}} (incoming mail)": "Postie — {{.Account}} (Posteingangsserver)",
		"Postie — {{.Account}} (sign-in)":       "Postie — {{.Account}} (Anmeldung)",
	}
	tr.Use(tr.Catalogue{Lang: language.German, Key: func(key, english string, data ...any) string {
		w, ok := words[key]
		if !ok {
			w = english
		}
		var b strings.Builder
		if err := template.Must(template.New("").Parse(w)).Execute(&b, data[0]); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}}, tr.NewLocale("de"))
	defer tr.Use(tr.Catalogue{}, nil)
	if got := keyringLabel(s, a.ID, secrets.Incoming); got != "Postie — kim@example.org (Posteingangsserver)" {
		t.Errorf("German: %q", got)
	}
	if got := keyringLabel(s, a.ID, secrets.OAuth); got != "Postie — kim@example.org (Anmeldung)" {
		t.Errorf("German: %q", got)
	}
}
