package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
)

// earlyRenew: an access token this close to its expiry is renewed first,
// so it cannot run out between asking for it and signing in.
const earlyRenew = time.Minute

// Session hands out access tokens for one account (netconf.Tokens). The
// refresh token lives only in the keyring (secrets.OAuth); access tokens
// live only in memory. A provider that refuses the refresh token
// (invalid_grant: the grant was revoked or has expired) gives
// netconf.ErrSignInAgain; one that cannot be reached gives an ordinary
// error and is asked again next time.
type Session struct {
	Provider  Provider
	AccountID int64
	Keys      secrets.Secrets
	HTTP      *http.Client // nil: a client with a timeout

	mu      sync.Mutex
	refresh string        // the refresh token the cached token came from
	tok     *oauth2.Token // the current access token
}

var (
	sessionsMu sync.Mutex
	sessions   = map[string]*Session{}
)

// SessionFor is the account's session, shared by its engines so a token
// is renewed once for all of them.
func SessionFor(p Provider, accountID int64, keys secrets.Secrets) *Session {
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	k := p.ID + "/" + strconv.FormatInt(accountID, 10)
	s := sessions[k]
	if s == nil || s.Keys != keys || s.Provider.TokenURL != p.TokenURL || s.Provider.ClientID != p.ClientID {
		s = &Session{Provider: p, AccountID: accountID, Keys: keys}
		sessions[k] = s
	}
	return s
}

// Remember primes the account's session with the token the sign-in just
// gave, so the first sync does not renew it at once.
func Remember(p Provider, accountID int64, keys secrets.Secrets, tok *oauth2.Token) {
	s := SessionFor(p, accountID, keys)
	s.mu.Lock()
	s.refresh, s.tok = tok.RefreshToken, tok
	s.mu.Unlock()
}

// ProviderName is the provider's name.
func (s *Session) ProviderName() string { return s.Provider.Name }

// Serves says whether host is one of the provider's servers.
func (s *Session) Serves(host string) bool { return s.Provider.Serves(host) }

// AccessToken returns a valid access token, renewing it when it is about
// to expire or when renew says a server has just refused it.
func (s *Session) AccessToken(ctx context.Context, renew bool) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	refresh, err := s.Keys.Get(s.AccountID, secrets.OAuth)
	if errors.Is(err, secrets.ErrNoPassword) {
		return "", fmt.Errorf("no sign-in with %s is kept for this account: %w", s.Provider.Name, netconf.ErrSignInAgain)
	}
	if err != nil {
		return "", err
	}
	if refresh != s.refresh {
		s.refresh, s.tok = refresh, nil // signed in again meanwhile
	}
	if !renew && s.tok != nil && (s.tok.Expiry.IsZero() || time.Until(s.tok.Expiry) > earlyRenew) {
		return s.tok.AccessToken, nil
	}
	ts := s.Provider.config("").TokenSource(s.httpContext(ctx), &oauth2.Token{RefreshToken: refresh})
	tok, err := ts.Token()
	if err != nil {
		s.tok = nil
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.ErrorCode == "invalid_grant" || re.ErrorCode == "unauthorized_client" ||
			re.ErrorCode == "" && (re.Response.StatusCode == http.StatusBadRequest || re.Response.StatusCode == http.StatusUnauthorized)) {
			return "", fmt.Errorf("%s no longer accepts this sign-in (%s): %w", s.Provider.Name, re.ErrorCode, netconf.ErrSignInAgain)
		}
		return "", fmt.Errorf("%s: %w", tr.L("could not reach {{.Provider}}'s sign-in service", tr.M{"Provider": s.Provider.Name}), err)
	}
	if tok.RefreshToken != "" && tok.RefreshToken != refresh {
		// Some providers (Microsoft) hand out a new refresh token with
		// each renewal; the old one stops working soon after.
		if err := s.Keys.Set(s.AccountID, secrets.OAuth, tok.RefreshToken); err != nil {
			return "", err
		}
		s.refresh = tok.RefreshToken
	}
	s.tok = tok
	return tok.AccessToken, nil
}

func (s *Session) httpContext(ctx context.Context) context.Context {
	c := s.HTTP
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	return context.WithValue(ctx, oauth2.HTTPClient, c)
}

// Fresh is the tokens of a sign-in that has no account yet (the wizard's
// check): the access token it gave, renewed from its refresh token if a
// server refuses it.
type Fresh struct {
	Provider Provider
	HTTP     *http.Client

	mu  sync.Mutex
	tok *oauth2.Token
}

// NewFresh wraps a sign-in's token.
func NewFresh(p Provider, tok *oauth2.Token) *Fresh { return &Fresh{Provider: p, tok: tok} }

// Token is the current token (refresh token included) for saving.
func (f *Fresh) Token() *oauth2.Token {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tok
}

// ProviderName is the provider's name.
func (f *Fresh) ProviderName() string { return f.Provider.Name }

// Serves says whether host is one of the provider's servers.
func (f *Fresh) Serves(host string) bool { return f.Provider.Serves(host) }

// AccessToken returns the sign-in's access token, renewed when asked.
func (f *Fresh) AccessToken(ctx context.Context, renew bool) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !renew && time.Until(f.tok.Expiry) > earlyRenew || !renew && f.tok.Expiry.IsZero() {
		return f.tok.AccessToken, nil
	}
	c := f.HTTP
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	tok, err := f.Provider.config("").TokenSource(context.WithValue(ctx, oauth2.HTTPClient, c), &oauth2.Token{RefreshToken: f.tok.RefreshToken}).Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return "", fmt.Errorf("%s refused the sign-in: %w", f.Provider.Name, netconf.ErrSignInAgain)
		}
		return "", fmt.Errorf("%s: %w", tr.L("could not reach {{.Provider}}'s sign-in service", tr.M{"Provider": f.Provider.Name}), err)
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = f.tok.RefreshToken
	}
	f.tok = tok
	return tok.AccessToken, nil
}
