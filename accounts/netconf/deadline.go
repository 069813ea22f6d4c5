package netconf

import (
	"net"
	"sync"
	"time"
)

// deadlineConn bounds every wait for a server, by progress rather than
// by time alone: after each command written, the answer must bring at
// least minProgress bytes within d (or end sooner), and again for every
// further minProgress bytes. A silent server fails after d, and so does
// one that trickles a byte at a time to hold the session for ever; a big
// message on a slow link goes on as long as it moves.
type deadlineConn struct {
	net.Conn
	d time.Duration

	mu          sync.Mutex
	windowStart time.Time
	windowBytes int
}

// minProgress is how much an answer must bring per timeout period.
const minProgress = 512

func (c *deadlineConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if c.windowStart.IsZero() {
		c.windowStart = time.Now()
	}
	c.Conn.SetReadDeadline(c.windowStart.Add(c.d))
	c.mu.Unlock()
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.windowBytes += n
	if c.windowBytes >= minProgress {
		c.windowStart, c.windowBytes = time.Now(), 0
	}
	c.mu.Unlock()
	return n, err
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	now := time.Now()
	c.mu.Lock()
	c.windowStart, c.windowBytes = now, 0 // a new command: its answer gets a full period
	c.mu.Unlock()
	c.Conn.SetWriteDeadline(now.Add(c.d))
	return c.Conn.Write(p)
}

// WithDeadlines gives every read and write on conn the progress rule
// above, with d per period.
func WithDeadlines(conn net.Conn, d time.Duration) net.Conn {
	return &deadlineConn{Conn: conn, d: d}
}
