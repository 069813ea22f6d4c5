package smtpsend

import (
	"context"
	"crypto/tls"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
)

// dialSMTP connects, upgrades to TLS as set and signs in. Failures come
// back as *netconf.Problem.
func dialSMTP(ctx context.Context, n netconf.Net, srv netconf.Server, login netconf.Login, trusted []string) (*smtp.Client, error) {
	if !login.Usable(srv.Username) {
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
	var said string
	refused, err := login.SignIn(ctx, srv, func(secret string) (bool, error) {
		err := cl.Auth(smtpSASL(cl, srv, login.IsOAuth(), secret))
		var se *smtp.SMTPError
		switch {
		case errors.As(err, &se):
			said = se.Message
			return se.Code == 535 || se.Code == 534 || se.Code == 530, err
		case err != nil && strings.Contains(err.Error(), "doesn't support AUTH"):
			said = tr.L("this server does not accept a sign-in (AUTH)") // Postie's words: the server said nothing
		}
		return false, err
	})
	if err != nil {
		cl.Close()
		return nil, netconf.LoginProblem(secrets.Outgoing, srv, said, refused, err)
	}
	return cl, nil
}

// smtpSASL is AUTH PLAIN (or LOGIN where the settings say so), or with a
// provider sign-in OAUTHBEARER or XOAUTH2.
func smtpSASL(cl *smtp.Client, srv netconf.Server, oauth bool, secret string) sasl.Client {
	switch {
	case oauth:
		_, mechs := cl.Extension("AUTH")
		offers := func(m string) bool { return slices.Contains(strings.Fields(strings.ToUpper(mechs)), m) }
		return netconf.BearerSASL(offers, srv.Username, secret, srv.Host, srv.Port)
	case strings.EqualFold(srv.Auth, "login"):
		return sasl.NewLoginClient(srv.Username, secret)
	}
	return sasl.NewPlainClient("", srv.Username, secret)
}

// Check signs in to the SMTP submission server and quits, sending
// nothing.
func Check(ctx context.Context, n netconf.Net, srv netconf.Server, login netconf.Login, trusted []string) error {
	cl, err := dialSMTP(ctx, n, srv, login, trusted)
	if err != nil {
		return err
	}
	cl.Quit()
	cl.Close()
	return nil
}
