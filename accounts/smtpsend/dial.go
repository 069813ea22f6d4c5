package smtpsend

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
)

// dialSMTP connects, upgrades to TLS as set and signs in. Failures come
// back as *netconf.Problem.
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
	raw := netconf.WithDeadlines(conn, 3*n.AnswerTimeout())
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

// Check signs in to the SMTP submission server and quits, sending
// nothing.
func Check(ctx context.Context, n netconf.Net, srv netconf.Server, password string, trusted []string) error {
	cl, err := dialSMTP(ctx, n, srv, password, trusted)
	if err != nil {
		return err
	}
	cl.Quit()
	cl.Close()
	return nil
}
