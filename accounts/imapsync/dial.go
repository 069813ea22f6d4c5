package imapsync

import (
	"context"
	"crypto/tls"
	"errors"
	"net"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
)

// imapSession is a logged-in IMAP client with the watchdog that closes it
// when the server stops answering (go-imap has no response timeouts).
type imapSession struct {
	*imapclient.Client
	conn net.Conn
}

func (s *imapSession) Close() error {
	s.Client.Close()
	return s.conn.Close()
}

// dialIMAP connects and logs in. Failures come back as *Problem.
func dialIMAP(ctx context.Context, n netconf.Net, srv netconf.Server, login netconf.Login, trusted []string, h *imapclient.UnilateralDataHandler) (*imapSession, error) {
	if !login.Usable(srv.Username) {
		return nil, &netconf.Problem{Kind: netconf.ProblemUnsafeCredentials, Role: secrets.Incoming, Server: srv}
	}
	s, caps, err := openIMAP(ctx, n, srv, trusted, h)
	if err != nil {
		return nil, err
	}
	var said string
	refused, err := login.SignIn(ctx, srv, func(secret string) (bool, error) {
		if s == nil { // the last attempt had to give up its connection
			var err error
			if s, caps, err = openIMAP(ctx, n, srv, trusted, h); err != nil {
				return false, err
			}
		}
		err := netconf.Wait(ctx, n, s.conn, func() error { return imapSignIn(s.Client, caps, srv, login.IsOAuth(), secret) })
		if errors.Is(err, errTokenRefused) {
			s.Close()
			s = nil
			return true, err
		}
		var ie *imap.Error
		if !errors.As(err, &ie) {
			return false, err
		}
		said = ie.Text
		return ie.Code != imap.ResponseCodeUnavailable, err
	})
	if err != nil {
		if s != nil {
			s.Close()
		}
		return nil, netconf.LoginProblem(secrets.Incoming, srv, said, refused, err)
	}
	return s, nil
}

// openIMAP connects, protects the connection as set and reads the
// greeting and capabilities.
func openIMAP(ctx context.Context, n netconf.Net, srv netconf.Server, trusted []string, h *imapclient.UnilateralDataHandler) (*imapSession, imap.CapSet, error) {
	dialed, err := n.Connect(ctx, srv.Addr())
	if err != nil {
		return nil, nil, netconf.NetProblem(secrets.Incoming, srv, err)
	}
	raw := netconf.Watched(dialed)
	opts := &imapclient.Options{TLSConfig: n.TLSConfig(srv.Host, trusted), UnilateralDataHandler: h}
	var cl *imapclient.Client
	switch srv.Security {
	case netconf.TLS:
		tc := tls.Client(raw, opts.TLSConfig)
		hctx, cancel := context.WithTimeout(ctx, n.AnswerTimeout())
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			raw.Close()
			return nil, nil, netconf.NetProblem(secrets.Incoming, srv, err)
		}
		cl = imapclient.New(tc, opts)
	case netconf.StartTLS:
		err := netconf.Wait(ctx, n, raw, func() error {
			var err error
			cl, err = imapclient.NewStartTLS(raw, opts)
			return err
		})
		if err != nil {
			raw.Close()
			var ie *imap.Error
			if errors.As(err, &ie) {
				return nil, nil, &netconf.Problem{Kind: netconf.ProblemNoEncryption, Role: secrets.Incoming, Server: srv, Said: ie.Text, Err: err}
			}
			return nil, nil, netconf.NetProblem(secrets.Incoming, srv, err)
		}
	default:
		cl = imapclient.New(raw, opts)
	}
	s := &imapSession{Client: cl, conn: raw}
	if err := netconf.Wait(ctx, n, raw, cl.WaitGreeting); err != nil {
		s.Close()
		return nil, nil, netconf.NetProblem(secrets.Incoming, srv, err)
	}
	var caps imap.CapSet
	if err := netconf.Wait(ctx, n, raw, func() error { caps = cl.Caps(); return nil }); err != nil {
		s.Close()
		return nil, nil, netconf.NetProblem(secrets.Incoming, srv, err)
	}
	if srv.Security == netconf.Plain && caps.Has(imap.CapLoginDisabled) {
		s.Close()
		return nil, nil, &netconf.Problem{Kind: netconf.ProblemNoEncryption, Role: secrets.Incoming, Server: srv}
	}
	return s, caps, nil
}

// imapSignIn is LOGIN, or AUTHENTICATE PLAIN where the server has turned
// LOGIN off, or with a provider sign-in AUTHENTICATE OAUTHBEARER or
// XOAUTH2.
func imapSignIn(cl *imapclient.Client, caps imap.CapSet, srv netconf.Server, oauth bool, secret string) error {
	switch {
	case oauth:
		offers := func(mech string) bool { return caps.Has(imap.Cap("AUTH=" + mech)) }
		return cl.Authenticate(imapBearer{netconf.BearerSASL(offers, srv.Username, secret, srv.Host, srv.Port)})
	case caps.Has(imap.CapLoginDisabled) && caps.Has(imap.Cap("AUTH=PLAIN")):
		return cl.Authenticate(sasl.NewPlainClient("", srv.Username, secret))
	}
	return cl.Login(srv.Username, secret).Wait()
}

// Check signs in to the IMAP server and out again, changing nothing: the
// setup wizard's proof that the settings work.
func Check(ctx context.Context, n netconf.Net, srv netconf.Server, login netconf.Login, trusted []string) error {
	cl, err := dialIMAP(ctx, n, srv, login, trusted, nil)
	if err != nil {
		return err
	}
	cl.Close()
	return nil
}

// errTokenRefused: the server refused the token with an XOAUTH2 error
// challenge, and the connection was given up rather than answered.
var errTokenRefused = errors.New("the server refused the sign-in token")

// imapBearer works around go-imap v2.0.0-beta.8 sending an empty SASL
// continuation as "=" (emersion/go-imap#760; Dovecot answers "Invalid
// base64 data in continued response"). XOAUTH2's error challenge must be
// answered with an empty response, which go-imap cannot send: the
// exchange is abandoned instead and the connection closed, and the
// renewed token is tried on a new one. OAUTHBEARER answers with %x01,
// which go-imap encodes correctly.
type imapBearer struct{ sasl.Client }

func (b imapBearer) Next(challenge []byte) ([]byte, error) {
	resp, err := b.Client.Next(challenge)
	if err == nil && len(resp) == 0 {
		return nil, errTokenRefused
	}
	return resp, err
}
