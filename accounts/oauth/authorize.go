package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/postie-mail/postie/internal/tr"
)

// The ways a browser sign-in ends without a grant. Their words are
// English, for logs: what a person reads is setup.SignInProblem's
// sentence, in their language.
var (
	ErrDenied   = errors.New("the sign-in was refused or cancelled on the provider's page")
	ErrTimedOut = errors.New("the sign-in was not finished in time")
)

// SignInTimeout is how long the browser round trip may take.
const SignInTimeout = 10 * time.Minute

// Browser is a sign-in in the system browser: the authorization code flow
// with PKCE (S256), redirected to a one-use listener on 127.0.0.1 with a
// random port and a random state that must come back unchanged.
type Browser struct {
	Provider Provider
	Hint     string                 // the address, so the page can preselect the account
	Open     func(url string) error // opens the system browser
	Timeout  time.Duration          // 0: SignInTimeout
	HTTP     *http.Client           // for the token request; nil: a client with a timeout
}

// SignIn opens the provider's page and waits for the redirect. The token
// it returns holds the refresh token the account keeps in the keyring.
// A request to the listener with the wrong state is refused and does not
// end the wait; the provider's refusal (access_denied) ends it with
// ErrDenied, the deadline with ErrTimedOut, ctx with its error.
func (b Browser) SignIn(ctx context.Context) (*oauth2.Token, error) {
	if !b.Provider.Usable() {
		return nil, errors.New(tr.L("this copy of Postie has no sign-in registered with {{.Provider}}: use a password (or an app password) instead", tr.M{"Provider": b.Provider.Name}))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tr.L("this computer did not let Postie wait for the sign-in"), err)
	}
	defer ln.Close()
	cfg := b.Provider.config("http://" + ln.Addr().String() + "/")
	state, verifier := random(), oauth2.GenerateVerifier()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier), oauth2.AccessTypeOffline}
	if b.Hint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", b.Hint))
	}
	if b.Provider.ID == "google" {
		opts = append(opts, oauth2.ApprovalForce) // a refresh token every time
	}
	type result struct {
		code string
		err  error
	}
	done := make(chan result, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || q.Get("state") != state {
			page(w, http.StatusBadRequest, tr.L("This sign-in link is not from Postie"), tr.L("Nothing happened. Go back to Postie and start the sign-in there."))
			return
		}
		res := result{code: q.Get("code")}
		if e := q.Get("error"); e != "" || res.code == "" {
			res.err = ErrDenied
			page(w, http.StatusOK, tr.L("Sign-in cancelled"), tr.L("You can close this tab and return to Postie, which tells you how to go on."))
		} else {
			page(w, http.StatusOK, tr.L("You are signed in"), tr.L("You can close this tab and return to Postie: it goes on by itself."))
		}
		// The page reaches the browser before the wait ends and the
		// listener closes.
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		select {
		case done <- res:
		default: // one use only
		}
	})}
	go func() { _ = srv.Serve(ln) }() // ends with ErrServerClosed at Shutdown
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx) // lets the answer to the browser finish; after 2 s it is cut
	}()
	if err := b.Open(cfg.AuthCodeURL(state, opts...)); err != nil {
		return nil, fmt.Errorf("%s: %w", tr.L("your web browser could not be opened"), err)
	}
	timeout := b.Timeout
	if timeout == 0 {
		timeout = SignInTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var res result
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, ErrTimedOut
	case res = <-done:
	}
	if res.err != nil {
		return nil, res.err
	}
	tok, err := cfg.Exchange(b.httpContext(ctx), res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tr.L("{{.Provider}} did not complete the sign-in", tr.M{"Provider": b.Provider.Name}), err)
	}
	if tok.RefreshToken == "" {
		return nil, errors.New(tr.L("{{.Provider}} signed you in but did not allow Postie to stay signed in (no refresh token)", tr.M{"Provider": b.Provider.Name}))
	}
	return tok, nil
}

func (b Browser) httpContext(ctx context.Context) context.Context {
	c := b.HTTP
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	return context.WithValue(ctx, oauth2.HTTPClient, c)
}

func (p Provider) config(redirect string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, Scopes: p.Scopes, RedirectURL: redirect,
		Endpoint: oauth2.Endpoint{AuthURL: p.AuthURL, TokenURL: p.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}
}

func random() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // never fails (it would crash the program instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// page is what the browser shows after the sign-in, in the person's
// language (its lang attribute says which, for the browser's screen
// reader and hyphenation).
func page(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="%[4]s"><head><meta charset="utf-8"><title>%[3]s</title></head>
<body style="font-family:sans-serif;max-width:36em;margin:4em auto;line-height:1.5"><h1>%[1]s</h1><p>%[2]s</p></body></html>`,
		html.EscapeString(title), html.EscapeString(text), html.EscapeString(tr.L("Postie: {{.Title}}", tr.M{"Title": title})),
		html.EscapeString(tr.Current().Tag.String()))
}
