package accounts

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
)

// Checker logs in to servers for real, to prove settings work before an
// account is saved.
type Checker struct {
	Net netconf.Net
}

// CheckIncoming logs in to the IMAP or POP server and out again.
func (c Checker) CheckIncoming(ctx context.Context, p Protocol, srv netconf.Server, password string, trusted []string) error {
	if p == POP {
		pc, err := dialPOP(ctx, c.Net, srv, password, trusted)
		if err != nil {
			return err
		}
		pc.Rset() // change nothing on the server
		pc.Quit()
		pc.Close()
		return nil
	}
	cl, err := dialIMAP(ctx, c.Net, srv, password, trusted, nil)
	if err != nil {
		return err
	}
	cl.Close()
	return nil
}

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

// CheckOutgoing logs in to the SMTP submission server and quits.
func (c Checker) CheckOutgoing(ctx context.Context, srv netconf.Server, password string, trusted []string) error {
	cl, err := dialSMTP(ctx, c.Net, srv, password, trusted)
	if err != nil {
		return err
	}
	cl.Quit()
	cl.Close()
	return nil
}

func dialSMTP(ctx context.Context, n netconf.Net, srv netconf.Server, password string, trusted []string) (*smtp.Client, error) {
	if !netconf.SafeCredential(srv.Username) || !netconf.SafeCredential(password) {
		return nil, &netconf.Problem{Kind: netconf.ProblemUnsafeCredentials, Role: secrets.Outgoing, Server: srv}
	}
	conn, err := n.Connect(ctx, srv.Addr())
	if err != nil {
		return nil, netconf.NetProblem(secrets.Outgoing, srv, err)
	}
	// go-smtp leaves the connection without a deadline while the message
	// itself is written: every read and write gets one of its own, so a
	// server that stops answering cannot hold the Outbox for ever.
	var raw net.Conn = netconf.WithDeadlines(conn, 3*n.AnswerTimeout())
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()
	raw.SetDeadline(time.Now().Add(3 * n.AnswerTimeout()))
	cfg := n.TLSConfig(srv.Host, trusted)
	var cl *smtp.Client
	switch srv.Security {
	case netconf.TLS:
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, netconf.NetProblem(secrets.Outgoing, srv, err)
		}
		cl = smtp.NewClient(tc)
	case netconf.StartTLS:
		cl, err = smtp.NewClientStartTLS(raw, cfg)
		if err != nil {
			raw.Close()
			if strings.Contains(err.Error(), "STARTTLS") {
				return nil, &netconf.Problem{Kind: netconf.ProblemNoEncryption, Role: secrets.Outgoing, Server: srv, Err: err}
			}
			return nil, netconf.NetProblem(secrets.Outgoing, srv, err)
		}
	default:
		cl = smtp.NewClient(raw)
	}
	cl.CommandTimeout = n.AnswerTimeout()
	if err := cl.Hello("localhost"); err != nil {
		cl.Close()
		return nil, netconf.NetProblem(secrets.Outgoing, srv, err)
	}
	var auth sasl.Client
	if strings.EqualFold(srv.Auth, "login") {
		auth = sasl.NewLoginClient(srv.Username, password)
	} else {
		auth = sasl.NewPlainClient("", srv.Username, password)
	}
	if err := cl.Auth(auth); err != nil {
		cl.Close()
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			if se.Code == 535 || se.Code == 534 || se.Code == 530 {
				return nil, netconf.AuthProblem(secrets.Outgoing, srv, se.Message, err)
			}
			return nil, &netconf.Problem{Role: secrets.Outgoing, Server: srv, Said: se.Message, Err: err}
		}
		if strings.Contains(err.Error(), "doesn't support AUTH") {
			return nil, &netconf.Problem{Role: secrets.Outgoing, Server: srv, Said: "this server does not accept a sign-in (AUTH)", Err: err}
		}
		return nil, netconf.NetProblem(secrets.Outgoing, srv, err)
	}
	return cl, nil
}

// CheckBoth checks incoming and outgoing at the same time and returns
// both results. An account with no outgoing server yet checks incoming
// only.
func (c Checker) CheckBoth(ctx context.Context, s Settings, password string) (incoming, outgoing error) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		incoming = c.CheckIncoming(ctx, s.Protocol, s.Incoming, password, s.TrustedCerts)
	}()
	go func() {
		defer wg.Done()
		if s.Outgoing.Host == "" {
			return // sending is set up later
		}
		outgoing = c.CheckOutgoing(ctx, s.Outgoing, password, s.TrustedCerts)
	}()
	wg.Wait()
	return
}
