package popsync

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"testing"
)

// scriptConn is a POP server that answers with fixed bytes, whatever is
// asked: what a broken or hostile server might send.
type scriptConn struct {
	net.Conn
	r io.Reader
}

func (c *scriptConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *scriptConn) Write(p []byte) (int, error) { return len(p), nil }
func (c *scriptConn) Close() error                { return nil }

func scriptedPOP(answer []byte) *popConn {
	sc := &scriptConn{r: bytes.NewReader(answer)}
	return &popConn{dialer: &popDialer{conn: sc, buf: &bufConn{Conn: sc, br: bufio.NewReaderSize(sc, 64<<10)}}}
}

// stuffed is how a server sends msg in answer to RETR.
func stuffed(msg []byte) []byte {
	var b bytes.Buffer
	b.WriteString("+OK\r\n")
	for _, line := range bytes.SplitAfter(msg, []byte("\n")) {
		if len(line) > 0 && line[0] == '.' {
			b.WriteByte('.')
		}
		b.Write(line)
	}
	b.WriteString(".\r\n")
	return b.Bytes()
}

// FuzzPOPRETR: any message whose lines end in LF, dot-stuffed as a server
// sends it, comes back exactly, however long its lines; and any bytes at
// all as an answer give a message or an error, never a panic.
func FuzzPOPRETR(f *testing.F) {
	f.Add([]byte("Subject: x\r\n\r\n.leading dot\r\n..two\r\n.\r\nafter\r\n"))
	f.Add(append(bytes.Repeat([]byte("b"), 4096), ".\r\n"...))
	f.Add([]byte("+OK\r\n.\r\n"))
	f.Add([]byte("-ERR no\r\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		if len(msg) > 0 && msg[len(msg)-1] == '\n' {
			got, err := scriptedPOP(stuffed(msg)).retrBounded(1, int64(len(msg)))
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("round trip: %q (%v), want %q", got, err, msg)
			}
		}
		scriptedPOP(msg).retrBounded(1, 100)
		scriptedPOP(msg).retr(1, true)
	})
}

// FuzzPOPListing: any answer to LIST or UIDL gives a listing or an error,
// never a panic, and only message numbers from 1 up.
func FuzzPOPListing(f *testing.F) {
	f.Add([]byte("+OK\r\n1 120\r\n2 340\r\n.\r\n"))
	f.Add([]byte("+OK\r\n1 abc\r\n1 def\r\n\r\n-1 x\r\n99999999999999999999 y\r\n.\r\n"))
	f.Add([]byte("+OK 2 messages\r\n.1 a\r\n"))
	f.Fuzz(func(t *testing.T, answer []byte) {
		sizes, _ := scriptedPOP(answer).sizes()
		keys, _, _ := scriptedPOP(answer).uidl()
		for n := range sizes {
			if n < 1 {
				t.Fatalf("message number %d", n)
			}
		}
		for n := range keys {
			if n < 1 {
				t.Fatalf("message number %d", n)
			}
		}
	})
}
