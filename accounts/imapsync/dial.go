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
func dialIMAP(ctx context.Context, n netconf.Net, srv netconf.Server, password string, trusted []string, h *imapclient.UnilateralDataHandler) (*imapSession, error) {
	if !netconf.SafeCredential(srv.Username) || !netconf.SafeCredential(password) {
		return nil, &netconf.Problem{Kind: netconf.ProblemUnsafeCredentials, Role: secrets.Incoming, Server: srv}
	}
	dialed, err := n.Connect(ctx, srv.Addr())
	if err != nil {
		return nil, netconf.NetProblem(secrets.Incoming, srv, err)
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
			return nil, netconf.NetProblem(secrets.Incoming, srv, err)
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
				return nil, &netconf.Problem{Kind: netconf.ProblemNoEncryption, Role: secrets.Incoming, Server: srv, Said: ie.Text, Err: err}
			}
			return nil, netconf.NetProblem(secrets.Incoming, srv, err)
		}
	default:
		cl = imapclient.New(raw, opts)
	}
	s := &imapSession{Client: cl, conn: raw}
	if err := netconf.Wait(ctx, n, raw, cl.WaitGreeting); err != nil {
		s.Close()
		return nil, netconf.NetProblem(secrets.Incoming, srv, err)
	}
	var caps imap.CapSet
	if err := netconf.Wait(ctx, n, raw, func() error { caps = cl.Caps(); return nil }); err != nil {
		s.Close()
		return nil, netconf.NetProblem(secrets.Incoming, srv, err)
	}
	if srv.Security == netconf.Plain && caps.Has(imap.CapLoginDisabled) {
		s.Close()
		return nil, &netconf.Problem{Kind: netconf.ProblemNoEncryption, Role: secrets.Incoming, Server: srv}
	}
	// LOGIN, or AUTHENTICATE PLAIN where the server has turned LOGIN off.
	login := func() error { return cl.Login(srv.Username, password).Wait() }
	if caps.Has(imap.CapLoginDisabled) && caps.Has(imap.Cap("AUTH=PLAIN")) {
		login = func() error { return cl.Authenticate(sasl.NewPlainClient("", srv.Username, password)) }
	}
	err = netconf.Wait(ctx, n, raw, login)
	if err != nil {
		s.Close()
		var ie *imap.Error
		if errors.As(err, &ie) {
			return nil, netconf.AuthProblem(secrets.Incoming, srv, ie.Text, err)
		}
		return nil, netconf.NetProblem(secrets.Incoming, srv, err)
	}
	return s, nil
}

// Check signs in to the IMAP server and out again, changing nothing: the
// setup wizard's proof that the settings work.
func Check(ctx context.Context, n netconf.Net, srv netconf.Server, password string, trusted []string) error {
	cl, err := dialIMAP(ctx, n, srv, password, trusted, nil)
	if err != nil {
		return err
	}
	cl.Close()
	return nil
}
