package oauth_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/internal/tr/trtest"
)

// speak makes tr say the sentences in words in German until the test
// ends (trtest.German).
func speak(t *testing.T, words map[string]string) { trtest.German(t, words) }

// The page the browser shows after the sign-in, and the sentences a
// person reads when it cannot start, are in the person's language.
func TestSignInPageInThePersonsLanguage(t *testing.T) {
	speak(t, map[string]string{
		"You are signed in": "Sie sind angemeldet",
		"You can close this tab and return to Postie: it goes on by itself.": "Sie können diesen Tab schließen und zu Postie zurückkehren: Es geht von selbst weiter.",
		"Postie: {{.Title}}": "Postie – {{.Title}}",
		"this copy of Postie has no sign-in registered with {{.Provider}}: use a password (or an app password) instead": "diese Postie-Ausgabe hat keine Anmeldung bei {{.Provider}}: Verwenden Sie ein Passwort (oder ein App-Passwort)",
	})
	as := testservers.StartOAuthServer(t, "alice")
	p := provider(t, as)
	var body string
	open := func(u string) error {
		resp, err := http.Get(u) // redirected to Postie's listener
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		body = string(b)
		return err
	}
	if _, err := (oauth.Browser{Provider: p, Open: open}).SignIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="de">`, "<title>Postie – Sie sind angemeldet</title>", "<h1>Sie sind angemeldet</h1>",
		"<p>Sie können diesen Tab schließen und zu Postie zurückkehren: Es geht von selbst weiter.</p>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page has no %q:\n%s", want, body)
		}
	}
	p.ClientID = ""
	_, err := oauth.Browser{Provider: p, Open: open}.SignIn(context.Background())
	if err == nil || err.Error() != "diese Postie-Ausgabe hat keine Anmeldung bei "+p.Name+": Verwenden Sie ein Passwort (oder ein App-Passwort)" {
		t.Errorf("unregistered: %v", err)
	}
}
