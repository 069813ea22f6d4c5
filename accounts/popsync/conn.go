package popsync

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/knadh/go-pop3"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
)

// go-pop3 v1.0.0 has no deadlines, no STLS and no way to give it our own
// TLS settings. It does take a Dialer, so the connection it gets is ours:
// netconf.WithDeadlines bounds every read and write, and for STLS the
// dialer does the upgrade before go-pop3 sees the connection.

// replayConn hands out a saved greeting before reading on: go-pop3 reads
// the greeting itself, but for STLS we have already read it.
type replayConn struct {
	net.Conn
	pending []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// bufConn reads through one buffered reader that both go-pop3 (via Read)
// and our own commands (via br) use, so neither loses the other's bytes.
// go-pop3 never pipelines, so nothing is left buffered between commands.
type bufConn struct {
	net.Conn
	br *bufio.Reader
}

func (c *bufConn) Read(p []byte) (int, error) { return c.br.Read(p) }

// popDialer implements go-pop3's Dialer with our connection handling.
type popDialer struct {
	ctx     context.Context
	n       netconf.Net
	srv     netconf.Server
	trusted []string
	conn    net.Conn // kept so we can always close it (go-pop3 may not)
	buf     *bufConn // what go-pop3 reads from; our commands use it too
}

func (d *popDialer) wrap(c net.Conn) net.Conn {
	d.buf = &bufConn{Conn: c, br: bufio.NewReaderSize(c, 64<<10)}
	return d.buf
}

func (d *popDialer) Dial(_, _ string) (net.Conn, error) {
	raw, err := d.n.Connect(d.ctx, d.srv.Addr())
	if err != nil {
		return nil, err
	}
	d.conn = raw
	conn := net.Conn(netconf.WithDeadlines(raw, d.n.AnswerTimeout()))
	switch d.srv.Security {
	case netconf.TLS:
		tc := tls.Client(conn, d.n.TLSConfig(d.srv.Host, d.trusted))
		if err := tc.HandshakeContext(d.ctx); err != nil {
			raw.Close()
			return nil, err
		}
		return d.wrap(tc), nil
	case netconf.StartTLS:
		// Read the greeting, ask for STLS, and upgrade.
		br := bufio.NewReader(conn)
		greeting, err := br.ReadBytes('\n')
		if err != nil {
			raw.Close()
			return nil, err
		}
		if !bytes.HasPrefix(greeting, []byte("+OK")) {
			raw.Close()
			return nil, fmt.Errorf("pop3: greeting %q", bytes.TrimSpace(greeting))
		}
		if _, err := conn.Write([]byte("STLS\r\n")); err != nil {
			raw.Close()
			return nil, err
		}
		resp, err := br.ReadBytes('\n')
		if err != nil {
			raw.Close()
			return nil, err
		}
		if !bytes.HasPrefix(resp, []byte("+OK")) {
			raw.Close()
			return nil, errNoSTLS
		}
		if br.Buffered() > 0 {
			// Bytes after +OK before the handshake would be an injection.
			raw.Close()
			return nil, errors.New("pop3: the server sent data before the TLS handshake")
		}
		tc := tls.Client(conn, d.n.TLSConfig(d.srv.Host, d.trusted))
		if err := tc.HandshakeContext(d.ctx); err != nil {
			raw.Close()
			return nil, err
		}
		return d.wrap(&replayConn{Conn: tc, pending: greeting}), nil
	}
	return d.wrap(conn), nil
}

var errNoSTLS = errors.New("pop3: the server does not offer STLS")

// popConn is an open, authenticated POP3 session.
type popConn struct {
	*pop3.Conn
	dialer *popDialer
	utf8   bool // the server took UTF8 (RFC 6856)
}

// Close ends the session without QUIT (nothing is committed).
func (c *popConn) Close() error {
	if c.dialer.conn != nil {
		return c.dialer.conn.Close()
	}
	return nil
}

// dialPOP connects and logs in. Failures come back as *Problem.
func dialPOP(ctx context.Context, n netconf.Net, srv netconf.Server, login netconf.Login, trusted []string) (pc *popConn, err error) {
	if !login.Usable(srv.Username) {
		return nil, &netconf.Problem{Kind: netconf.ProblemUnsafeCredentials, Role: secrets.Incoming, Server: srv}
	}
	d := &popDialer{ctx: ctx, n: n, srv: srv, trusted: trusted}
	defer func() {
		if r := recover(); r != nil { // go-pop3 panics on some malformed replies
			if d.conn != nil {
				d.conn.Close()
			}
			pc, err = nil, &netconf.Problem{Role: secrets.Incoming, Server: srv, Err: fmt.Errorf("%s: %v", tr.L("the server sent a reply Postie cannot read"), r)}
		}
	}()
	c := pop3.New(pop3.Opt{Host: srv.Host, Port: srv.Port, Dialer: d, DialTimeout: n.AnswerTimeout()})
	conn, err := c.NewConn()
	if err != nil {
		if d.conn != nil {
			d.conn.Close()
		}
		if errors.Is(err, errNoSTLS) {
			return nil, &netconf.Problem{Kind: netconf.ProblemNoEncryption, Role: secrets.Incoming, Server: srv, Err: err}
		}
		return nil, netconf.NetProblem(secrets.Incoming, srv, err)
	}
	pc = &popConn{Conn: conn, dialer: d}
	pc.enableUTF8(pc.capa())
	var said string
	refused, err := login.SignIn(ctx, srv, func(secret string) (bool, error) {
		err := pc.signIn(srv, login.IsOAuth(), secret)
		var ne net.Error
		if err == nil || errors.As(err, &ne) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) {
			return false, err
		}
		said = err.Error()
		var pe *popError
		if errors.As(err, &pe) {
			said = pe.text
		}
		// [SYS/TEMP] (RFC 3206): the server could not check just now.
		return !strings.Contains(said, "[SYS/TEMP]"), err
	})
	if err != nil {
		pc.Close()
		return nil, netconf.LoginProblem(secrets.Incoming, srv, said, refused, err)
	}
	return pc, nil
}

// Check signs in to the POP server and out again, changing nothing (RSET
// before QUIT): the setup wizard's proof that the settings work.
func Check(ctx context.Context, n netconf.Net, srv netconf.Server, login netconf.Login, trusted []string) error {
	pc, err := dialPOP(ctx, n, srv, login, trusted)
	if err != nil {
		return err
	}
	pc.Rset()
	pc.Quit()
	pc.Close()
	return nil
}
