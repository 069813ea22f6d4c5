package signin_test

import (
	"errors"
	"strings"
	"testing"
	"text/template"

	"golang.org/x/text/language"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/tr"
)

// A missing password is said in the person's language, with the
// account's name in its place, and still wraps secrets.ErrNoPassword for
// the programs that look for it.
func TestNoPasswordInThePersonsLanguage(t *testing.T) {
	acct := accounts.Account{ID: 7, Name: "Kim (Arbeit)"}
	_, err := signin.For(acct, secrets.Outgoing, &secrets.Memory{})
	if !errors.Is(err, secrets.ErrNoPassword) || !strings.HasPrefix(err.Error(), "no password is kept for Kim (Arbeit): ") {
		t.Fatalf("English: %v", err)
	}
	tr.Use(tr.Catalogue{Lang: language.German, Key: func(key, english string, data ...any) string {
		if key != "no password is kept for {{.Account}}" {
			return english
		}
		var b strings.Builder
		if err := template.Must(template.New("").Parse("für {{.Account}} ist kein Passwort gespeichert")).Execute(&b, data[0]); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}}, tr.NewLocale("de"))
	defer tr.Use(tr.Catalogue{}, nil)
	_, err = signin.For(acct, secrets.Incoming, &secrets.Memory{})
	if !errors.Is(err, secrets.ErrNoPassword) || !strings.HasPrefix(err.Error(), "für Kim (Arbeit) ist kein Passwort gespeichert: ") {
		t.Fatalf("German: %v", err)
	}
}
