package oauth_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
)

func provider(t *testing.T, as *testservers.OAuthServer) oauth.Provider {
	t.Helper()
	as.ProvidersFile(t, "testmail", []string{"example.com"}, []string{"mail.example.net"})
	p, err := oauth.Find("testmail")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The browser round trip: the authorization request carries PKCE S256,
// the state and the login hint; a request to the loopback listener with
// another state is refused and does not end the wait; the right one
// does, once.
func TestBrowserSignInStateAndPKCE(t *testing.T) {
	as := testservers.StartOAuthServer(t, "alice")
	p := provider(t, as)
	var authURL string
	open := func(u string) error {
		authURL = u
		go func() {
			resp, err := http.Get(u) // the server redirects to our listener
			if err == nil {
				resp.Body.Close()
			}
		}()
		// Someone else's redirect with a forged state, first.
		q, _ := url.Parse(u)
		redirect := q.Query().Get("redirect_uri")
		resp, err := http.Get(redirect + "?state=forged&code=stolen")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("forged state answered %d", resp.StatusCode)
		}
		return nil
	}
	tok, err := oauth.Browser{Provider: p, Hint: "alice@example.com", Open: open}.SignIn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == "" || tok.AccessToken == "" {
		t.Fatalf("token %+v", tok)
	}
	u, _ := url.Parse(authURL)
	q := u.Query()
	redirect, _ := url.Parse(q.Get("redirect_uri"))
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 || q.Get("login_hint") != "alice@example.com" ||
		len(q.Get("state")) < 32 || redirect.Hostname() != "127.0.0.1" || redirect.Port() == "" {
		t.Fatalf("authorization request: %s", authURL)
	}
	if ex, _ := as.Counts(); ex != 1 {
		t.Fatalf("%d exchanges", ex)
	}
	// One use only: the listener is gone.
	if resp, err := http.Get(redirect.String() + "?state=" + q.Get("state")); err == nil {
		resp.Body.Close()
		t.Fatal("the listener still answers after the sign-in")
	}
}

// A code taken from the redirect is worthless without the verifier that
// stayed inside Postie (what PKCE is for): the token endpoint refuses it
// with a wrong verifier or none (and a code is dead after one try).
func TestCodeWithoutVerifierRefused(t *testing.T) {
	as := testservers.StartOAuthServer(t, "alice")
	p := provider(t, as)
	type taken struct{ code, redirect string }
	got := make(chan taken, 1)
	open := func(u string) error {
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		q, _ := url.Parse(u)
		got <- taken{loc.Query().Get("code"), q.Query().Get("redirect_uri")}
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := (oauth.Browser{Provider: p, Open: open}).SignIn(ctx); done <- err }()
	tk := <-got
	for _, verifier := range []string{"wrong-verifier-wrong-verifier-wrong-verifier-1", ""} {
		resp, err := http.PostForm(p.TokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {tk.code},
			"redirect_uri": {tk.redirect}, "client_id": {p.ClientID}, "code_verifier": {verifier}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("code with verifier %q: %d", verifier, resp.StatusCode)
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

// The person refuses consent, never comes back, or cancels: each ends the
// wait with its own error, in words the wizard can show.
func TestBrowserSignInEndings(t *testing.T) {
	as := testservers.StartOAuthServer(t, "alice")
	p := provider(t, as)
	as.Deny(true)
	_, err := oauth.Browser{Provider: p, Open: as.Browser(t)}.SignIn(context.Background())
	if !errors.Is(err, oauth.ErrDenied) {
		t.Fatalf("denied: %v", err)
	}
	nowhere := func(string) error { return nil }
	_, err = oauth.Browser{Provider: p, Open: nowhere, Timeout: 50 * time.Millisecond}.SignIn(context.Background())
	if !errors.Is(err, oauth.ErrTimedOut) {
		t.Fatalf("timeout: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err = oauth.Browser{Provider: p, Open: nowhere}.SignIn(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel: %v", err)
	}
	noID := p
	noID.ClientID = ""
	if _, err = (oauth.Browser{Provider: noID, Open: nowhere}).SignIn(context.Background()); err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("no client ID: %v", err)
	}
}

// Sessions keep the access token in memory and renew it only when it
// runs out or a server refused it; a revoked grant is ErrSignInAgain
// and is not asked again and again.
func TestSessionRenewal(t *testing.T) {
	as := testservers.StartOAuthServer(t, "alice")
	p := provider(t, as)
	tok, err := oauth.Browser{Provider: p, Open: as.Browser(t)}.SignIn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	keys := &secrets.Memory{}
	keys.Set(7, secrets.OAuth, tok.RefreshToken)
	oauth.Remember(p, 7, keys, tok)
	s := oauth.SessionFor(p, 7, keys)
	ctx := context.Background()
	got, err := s.AccessToken(ctx, false)
	if err != nil || got != tok.AccessToken {
		t.Fatalf("remembered token not used: %v", err)
	}
	renewed, err := s.AccessToken(ctx, true)
	if err != nil || renewed == tok.AccessToken {
		t.Fatalf("renew: %v", err)
	}
	if rt, _ := keys.Get(7, secrets.OAuth); rt == tok.RefreshToken {
		t.Fatal("rotated refresh token not kept")
	}
	as.SetLifetime(10 * time.Second) // shorter than the early-renewal margin
	s.AccessToken(ctx, true)
	_, before := as.Counts()
	s.AccessToken(ctx, false)
	if _, after := as.Counts(); after != before+1 {
		t.Fatal("a token about to expire was not renewed")
	}
	as.RevokeAll()
	if _, err := s.AccessToken(ctx, true); !errors.Is(err, netconf.ErrSignInAgain) {
		t.Fatalf("revoked: %v", err)
	}
	keys.Delete(7, secrets.OAuth)
	if _, err := s.AccessToken(ctx, false); !errors.Is(err, netconf.ErrSignInAgain) {
		t.Fatalf("no refresh token: %v", err)
	}
}

// Providers: client IDs from the build, a providers file that adds and
// overrides, plain http only on this computer, lookup by address domain
// and by server host.
func TestProviders(t *testing.T) {
	old := oauth.ClientIDs
	defer func() { oauth.ClientIDs = old }()
	oauth.ClientIDs = "google=gid.apps,google.secret=GOCSPX-x,microsoft=ms-id"
	t.Setenv(oauth.ProvidersEnv, "")
	g, ok := oauth.For("Kim@Gmail.com")
	if !ok || g.ClientID != "gid.apps" || g.ClientSecret != "GOCSPX-x" || !g.Usable() {
		t.Fatalf("google: %+v", g)
	}
	if m, ok := oauth.For("kim@hotmail.com"); !ok || m.ID != "microsoft" || !strings.Contains(strings.Join(m.Scopes, " "), "offline_access") {
		t.Fatalf("microsoft: %+v", m)
	}
	if m, ok := oauth.For("kim@contoso.example", "outlook.office365.com"); !ok || m.ID != "microsoft" {
		t.Fatal("custom domain at Microsoft not found by host")
	}
	if y, ok := oauth.For("kim@yahoo.com"); !ok || y.Usable() {
		t.Fatal("yahoo without a client ID must not be usable")
	}
	if _, ok := oauth.For("kim@example.org", "imap.example.org"); ok {
		t.Fatal("unknown provider found")
	}
	dir := t.TempDir()
	write := func(s string) {
		f := filepath.Join(dir, "p.json")
		os.WriteFile(f, []byte(s), 0o600)
		t.Setenv(oauth.ProvidersEnv, f)
	}
	write(`[{"id":"yahoo","clientID":"y-id"},{"id":"corp","name":"Corp","authURL":"https://id.corp.example/auth","tokenURL":"https://id.corp.example/token","scopes":["mail"],"clientID":"c","domains":["corp.example"]}]`)
	if y, _ := oauth.For("kim@yahoo.com"); y.ClientID != "y-id" || y.AuthURL == "" {
		t.Fatalf("override lost the bundled fields: %+v", y)
	}
	if c, ok := oauth.For("kim@corp.example"); !ok || c.Name != "Corp" {
		t.Fatal("added provider not found")
	}
	write(`[{"id":"evil","authURL":"http://id.example.com/auth","tokenURL":"http://id.example.com/token"}]`)
	if _, err := oauth.Providers(); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("http endpoint off this computer accepted: %v", err)
	}
	write(`[{"id":"local","authURL":"http://[::1]:9/auth","tokenURL":"http://127.0.0.1:9/token"}]`)
	if _, err := oauth.Providers(); err != nil {
		t.Fatalf("loopback http refused: %v", err)
	}
	write(`not json`)
	if _, err := oauth.Providers(); err == nil {
		t.Fatal("broken file accepted")
	}
}
