package netconf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/emersion/go-sasl"

	"github.com/postie-mail/postie/accounts/secrets"
)

// Login is what an account signs in with: a password, or — for a sign-in
// on the provider's own page (OAuth2) — a source of access tokens. Every
// engine and the wizard's check sign in through SignIn, so IMAP, POP and
// SMTP treat both kinds alike.
type Login struct {
	Password string
	Tokens   Tokens // nil: sign in with Password
}

// PasswordLogin is a password sign-in.
func PasswordLogin(password string) Login { return Login{Password: password} }

// Tokens hands out OAuth2 access tokens for one account.
type Tokens interface {
	// AccessToken returns a token that is valid now. renew asks for a new
	// one because a server has just refused the last.
	AccessToken(ctx context.Context, renew bool) (string, error)
	// Provider is the provider's name for messages ("Google").
	ProviderName() string
	// Serves says whether host is one of the provider's own servers: a
	// token goes to no other (#26).
	Serves(host string) bool
}

// ErrNotProviderServer means a provider's token was not sent to a server
// that is not the provider's.
var ErrNotProviderServer = errors.New("that server is not one of the sign-in provider's own")

// IsOAuth says whether this is a provider sign-in.
func (l Login) IsOAuth() bool { return l.Tokens != nil }

// ErrSignInAgain means the provider no longer accepts this account's
// sign-in (password changed, access withdrawn, "sign out everywhere"):
// the person must sign in on the provider's page again. Nothing is
// retried until then.
var ErrSignInAgain = errors.New("the sign-in has ended: sign in again")

// Attempt is one protocol's sign-in on an open connection: it sends the
// secret (a password, or with OAuth2 an access token) and returns the
// server's refusal as refused=true.
type Attempt func(secret string) (refused bool, err error)

// SignIn signs in with the login. A password is tried once. A token the
// server refuses is renewed and tried once more on the same connection;
// refused again, the result wraps ErrSignInAgain. A token that cannot be
// had (the provider ended the grant) wraps ErrSignInAgain without
// talking to the server; a provider that cannot be reached is an
// ordinary network failure and is not "sign in again". A token is sent
// only to the provider's own servers: for any other srv no token is
// fetched and nothing is sent (ErrNotProviderServer).
func (l Login) SignIn(ctx context.Context, srv Server, try Attempt) (refused bool, err error) {
	if l.Tokens == nil {
		return try(l.Password)
	}
	if !l.Tokens.Serves(srv.Host) {
		return false, fmt.Errorf("your %s sign-in was not sent to %s: %w", l.Tokens.ProviderName(), srv.Host, ErrNotProviderServer)
	}
	for renew := false; ; renew = true {
		tok, err := l.Tokens.AccessToken(ctx, renew)
		if err != nil {
			return false, err
		}
		refused, err := try(tok)
		if !refused || renew {
			if refused {
				err = &signInAgain{cause: err}
			}
			return refused, err
		}
	}
}

type signInAgain struct{ cause error }

func (e *signInAgain) Error() string   { return ErrSignInAgain.Error() + ": " + e.cause.Error() }
func (e *signInAgain) Unwrap() []error { return []error{ErrSignInAgain, e.cause} }

// BearerSASL is the SASL client for an access token: OAUTHBEARER (RFC
// 7628) where the server offers it, else XOAUTH2 (Google, Microsoft,
// Yahoo, AOL). A refused token arrives as a challenge carrying a JSON
// error; both answer it as the mechanisms require, so the server ends
// the exchange with its ordinary failure reply instead of waiting.
func BearerSASL(offers func(mech string) bool, user, token, host string, port int) sasl.Client {
	if offers(sasl.OAuthBearer) {
		return &oauthBearer{user: user, token: token, host: host, port: port}
	}
	return &xoauth2{user: user, token: token}
}

// BearerError is what the server's challenge said about a refused token.
type BearerError struct {
	Status string `json:"status"`
	Scope  string `json:"scope,omitempty"`
}

func (e *BearerError) Error() string {
	return "the server refused the sign-in token (" + e.Status + ")"
}

type oauthBearer struct {
	user, token, host string
	port              int
	failed            *BearerError
}

func (c *oauthBearer) Start() (string, []byte, error) {
	ir := "n,a=" + saslName(c.user) + ",\x01host=" + c.host + "\x01port=" + strconv.Itoa(c.port) +
		"\x01auth=Bearer " + c.token + "\x01\x01"
	return sasl.OAuthBearer, []byte(ir), nil
}

// Next answers the error challenge with the single %x01 RFC 7628 §3.2.3
// asks for.
func (c *oauthBearer) Next(challenge []byte) ([]byte, error) {
	c.failed = &BearerError{}
	_ = json.Unmarshal(challenge, c.failed) // the details are a courtesy: the refusal stands without them
	return []byte{0x01}, nil
}

type xoauth2 struct {
	user, token string
	failed      *BearerError
}

func (c *xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + c.user + "\x01auth=Bearer " + c.token + "\x01\x01"), nil
}

// Next answers the error challenge with an empty response, as Google's
// and Microsoft's XOAUTH2 descriptions ask.
func (c *xoauth2) Next(challenge []byte) ([]byte, error) {
	c.failed = &BearerError{}
	_ = json.Unmarshal(challenge, c.failed) // the details are a courtesy: the refusal stands without them
	return []byte{}, nil
}

// saslName escapes ',' and '=' in an authorization identity (RFC 5801).
func saslName(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',':
			out = append(out, "=2C"...)
		case '=':
			out = append(out, "=3D"...)
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}

// LoginProblem explains a sign-in that did not succeed: the provider
// ended the sign-in, the server refused the password or token (said is
// its words), the server could not check it just now (said, not
// refused), or the connection failed.
func LoginProblem(role secrets.Role, srv Server, said string, refused bool, err error) *Problem {
	var p *Problem
	switch {
	case errors.Is(err, ErrNotProviderServer):
		return &Problem{Kind: ProblemNotProviderServer, Role: role, Server: srv, Err: err}
	case errors.As(err, &p) && !errors.Is(err, ErrSignInAgain):
		return p // explained already (a reconnection failed)
	case errors.Is(err, ErrSignInAgain):
		return &Problem{Kind: ProblemSignInAgain, Role: role, Server: srv, Said: said, Err: err}
	case refused:
		return AuthProblem(role, srv, said, err)
	case said != "":
		return &Problem{Role: role, Server: srv, Said: said, Err: err}
	}
	return NetProblem(role, srv, err)
}

// Usable refuses a user name or password that would let it inject
// protocol commands (tokens come from the provider and are checked by
// the SASL encoding).
func (l Login) Usable(user string) bool {
	return SafeCredential(user) && (l.Tokens != nil || SafeCredential(l.Password))
}
