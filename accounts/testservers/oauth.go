package testservers

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// OAuthServer is an OAuth2 authorization server for tests: an authorize
// page that consents at once (for the user named in Consent) and
// redirects to the client's loopback address, a token endpoint for the
// authorization_code grant with PKCE (S256 only) and the refresh_token
// grant, introspection for Dovecot, and revocation. It runs on 127.0.0.1.
type OAuthServer struct {
	URL      string
	ClientID string

	mu       sync.Mutex
	user     string        // who consents at the authorize page
	deny     bool          // the person refuses consent
	lifetime time.Duration // of access tokens
	down     bool          // introspection answers 500 (the provider is down)
	codes    map[string]oauthCode
	access   map[string]oauthAccess
	refresh  map[string]string // refresh token → user
	// Counts, for assertions.
	Refreshes, Exchanges int
	Requests             []string // every token request's form, for checking nothing leaks
}

type oauthCode struct {
	user, challenge, redirect string
}

type oauthAccess struct {
	user   string
	expiry time.Time
}

// StartOAuthServer runs the server until the test ends; user consents.
func StartOAuthServer(t testing.TB, user string) *OAuthServer {
	t.Helper()
	s := &OAuthServer{ClientID: "postie-test-client", user: user, lifetime: time.Hour,
		codes: map[string]oauthCode{}, access: map[string]oauthAccess{}, refresh: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", s.authorize)
	mux.HandleFunc("/token", s.token)
	mux.HandleFunc("/introspect", s.introspect)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// ProvidersFile writes a POSTIE_OAUTH_PROVIDERS file naming this server
// as provider id for the mail domains and server hosts given (nil: the
// tests' own servers, 127.0.0.1, since a token goes only to the
// provider's hosts), and sets the variable for the test.
func (s *OAuthServer) ProvidersFile(t *testing.T, id string, domains, hosts []string) {
	if hosts == nil {
		hosts = []string{"127.0.0.1"}
	}
	b, _ := json.Marshal([]map[string]any{{"id": id, "name": "Testmail", "authURL": s.URL + "/authorize", "tokenURL": s.URL + "/token",
		"scopes": []string{"mail"}, "clientID": s.ClientID, "domains": domains, "hosts": hosts}})
	f := filepath.Join(t.TempDir(), "providers.json")
	os.WriteFile(f, b, 0o600)
	t.Setenv("POSTIE_OAUTH_PROVIDERS", f)
}

// Introspection is the URL Dovecot checks tokens at.
func (s *OAuthServer) Introspection() string { return s.URL + "/introspect" }

// Deny makes the person refuse consent at the authorize page.
func (s *OAuthServer) Deny(on bool) { s.mu.Lock(); s.deny = on; s.mu.Unlock() }

// SetLifetime sets the lifetime of access tokens issued from now on.
func (s *OAuthServer) SetLifetime(d time.Duration) { s.mu.Lock(); s.lifetime = d; s.mu.Unlock() }

// SetDown makes introspection fail (Dovecot: temporary failure).
func (s *OAuthServer) SetDown(on bool) { s.mu.Lock(); s.down = on; s.mu.Unlock() }

// ExpireAccess ends every access token issued so far (refresh tokens
// still work), as an hour passing would.
func (s *OAuthServer) ExpireAccess() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, a := range s.access {
		a.expiry = time.Now().Add(-time.Second)
		s.access[k] = a
	}
}

// RevokeAll withdraws the grant: every access and refresh token ends, as
// after a password change or "sign out everywhere".
func (s *OAuthServer) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access, s.refresh = map[string]oauthAccess{}, map[string]string{}
}

// Counts returns how many code exchanges and refreshes were made.
func (s *OAuthServer) Counts() (exchanges, refreshes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Exchanges, s.Refreshes
}

// Browser is the test's stand-in for the system browser: it opens the
// authorization URL and follows the redirect back to the client, as a
// person who consents would. Errors are the test's.
func (s *OAuthServer) Browser(t testing.TB) func(string) error {
	return func(u string) error {
		go func() {
			resp, err := http.Get(u)
			if err != nil {
				t.Errorf("browser: %v", err)
				return
			}
			resp.Body.Close()
		}()
		return nil
	}
}

func randomToken(prefix string) string {
	b := make([]byte, 18)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func (s *OAuthServer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	if q.Get("client_id") != s.ClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	back := redirect.Query()
	back.Set("state", q.Get("state"))
	s.mu.Lock()
	if s.deny {
		back.Set("error", "access_denied")
	} else {
		code := randomToken("code-")
		s.codes[code] = oauthCode{user: s.user, challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
		back.Set("code", code)
	}
	s.mu.Unlock()
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (s *OAuthServer) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Requests = append(s.Requests, r.Form.Encode())
	fail := func(code string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":%q}`, code)
	}
	if r.Form.Get("client_id") != s.ClientID {
		fail("invalid_client")
		return
	}
	var user string
	switch r.Form.Get("grant_type") {
	case "authorization_code":
		c, ok := s.codes[r.Form.Get("code")]
		delete(s.codes, r.Form.Get("code")) // one use
		sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
		if !ok || c.redirect != r.Form.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
			fail("invalid_grant")
			return
		}
		s.Exchanges++
		user = c.user
	case "refresh_token":
		u, ok := s.refresh[r.Form.Get("refresh_token")]
		if !ok {
			fail("invalid_grant")
			return
		}
		s.Refreshes++
		user = u
		delete(s.refresh, r.Form.Get("refresh_token")) // rotated, as Microsoft does
	default:
		fail("unsupported_grant_type")
		return
	}
	at, rt := randomToken("at-"), randomToken("rt-")
	s.access[at] = oauthAccess{user: user, expiry: time.Now().Add(s.lifetime)}
	s.refresh[rt] = user
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": at, "token_type": "Bearer", "refresh_token": rt,
		"expires_in": int(s.lifetime.Seconds())})
}

func (s *OAuthServer) introspect(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		http.Error(w, "down", http.StatusInternalServerError)
		return
	}
	a, ok := s.access[r.Form.Get("token")]
	w.Header().Set("Content-Type", "application/json")
	if !ok || time.Now().After(a.expiry) {
		w.Write([]byte(`{"active":false}`))
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"active": true, "username": a.user})
}
