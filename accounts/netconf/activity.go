package netconf

import (
	"context"
	"net"
	"sync/atomic"
	"time"
)

// Wait waits for f (a command's Wait) but closes the connection when
// the server goes silent: no byte in either direction for the timeout, or
// the context ends. Silence, not length, is what counts: a big download
// on a slow link goes on as long as bytes keep arriving.
func Wait(ctx context.Context, n Net, conn net.Conn, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	limit := n.AnswerTimeout()
	began := time.Now()
	tick := time.NewTicker(min(limit/4, time.Second))
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			conn.Close()
			<-done
			return ctx.Err()
		case now := <-tick.C:
			if now.Sub(lastActivity(conn, began)) < limit {
				continue
			}
			conn.Close()
			<-done
			return &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}
		}
	}
}

// activityConn notes when bytes last moved on a connection, for the
// watchdog.
type activityConn struct {
	net.Conn
	last atomic.Int64 // UnixNano
}

func (c *activityConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.last.Store(time.Now().UnixNano())
	}
	return n, err
}

func (c *activityConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// lastActivity is when bytes last moved on conn, or since when the wait
// began if that is later (or conn does not tell).
func lastActivity(conn net.Conn, since time.Time) time.Time {
	if ac, ok := conn.(*activityConn); ok {
		if t := time.Unix(0, ac.last.Load()); t.After(since) {
			return t
		}
	}
	return since
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "the server did not answer in time" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// Watched notes when bytes move on conn, so Wait can tell silence from a
// slow but moving transfer.
func Watched(conn net.Conn) net.Conn { return &activityConn{Conn: conn} }
