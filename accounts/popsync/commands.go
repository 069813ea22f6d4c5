package popsync

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/internal/tr"
)

// Our own POP3 commands for what go-pop3 v1.0.0 gets wrong: it does not
// undo dot-stuffing, splits lines longer than 4096 bytes, can end a
// message early at such a split, and panics on malformed UIDL or LIST
// replies (each found by reading its source and by the tests in
// popfuzz_test.go). These read the same buffered connection go-pop3 uses.

// popError is a -ERR reply.
type popError struct{ text string }

func (e *popError) Error() string { return "the POP server answered: " + e.text }

// maxPOPLine bounds a status or listing line (not message lines).
const maxPOPLine = 64 << 10

func (c *popConn) readLine() (string, error) {
	var b []byte
	for {
		chunk, err := c.dialer.buf.br.ReadSlice('\n')
		b = append(b, chunk...)
		if err == nil {
			break
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return "", err
		}
		if len(b) > maxPOPLine {
			return "", errors.New("pop3: reply line too long")
		}
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// command sends one command line and reads the status line.
func (c *popConn) command(format string, args ...any) (string, error) {
	if err := c.writeLine(fmt.Sprintf(format, args...)); err != nil {
		return "", err
	}
	return c.status()
}

// status reads a status line: +OK's text, or -ERR as a *popError.
func (c *popConn) status() (string, error) {
	resp, err := c.readLine()
	if err != nil {
		return "", err
	}
	switch {
	case strings.HasPrefix(resp, "+OK"):
		return strings.TrimSpace(strings.TrimPrefix(resp, "+OK")), nil
	case strings.HasPrefix(resp, "-ERR"):
		return "", &popError{strings.TrimSpace(strings.TrimPrefix(resp, "-ERR"))}
	}
	return "", fmt.Errorf("pop3: unexpected reply %q", resp)
}

// maxListing bounds the lines of one listing (UIDL, LIST): far more
// messages than any mailbox holds, so a server cannot fill the memory.
const maxListing = 2_000_000

// listing reads a multi-line listing ("n value" lines up to ".").
func (c *popConn) listing() (map[int]string, error) {
	out := map[int]string{}
	for lines := 0; ; lines++ {
		if lines > maxListing {
			return nil, errors.New("pop3: the server's list of messages does not end")
		}
		line, err := c.readLine()
		if err != nil {
			return nil, err
		}
		if line == "." {
			return out, nil
		}
		f := strings.Fields(strings.TrimPrefix(line, "."))
		if len(f) < 2 {
			continue // malformed: skipped, never a panic
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 {
			continue
		}
		out[n] = f[1]
	}
}

// uidl returns message number → UIDL; ok is false when the server has no
// UIDL command.
func (c *popConn) uidl() (map[int]string, bool, error) {
	if _, err := c.command("UIDL"); err != nil {
		var pe *popError
		if errors.As(err, &pe) {
			return nil, false, nil
		}
		return nil, false, err
	}
	m, err := c.listing()
	return m, true, err
}

// sizes returns message number → size in octets, as the server counts it.
func (c *popConn) sizes() (map[int]int64, error) {
	if _, err := c.command("LIST"); err != nil {
		return nil, err
	}
	m, err := c.listing()
	if err != nil {
		return nil, err
	}
	out := make(map[int]int64, len(m))
	for n, v := range m {
		if sz, err := strconv.ParseInt(v, 10, 64); err == nil {
			out[n] = sz
		}
	}
	return out, nil
}

// retr downloads message n (or its header with TOP n 0) exactly: each line
// as sent, with one leading dot removed from dot-stuffed lines, however
// long the lines are and whatever bytes they hold.
func (c *popConn) retr(n int, top bool) ([]byte, error) {
	cmd := "RETR %d"
	if top {
		cmd = "TOP %d 0"
	}
	return c.multiline(maxPOPMessage, cmd, n)
}

// maxPOPMessage is the largest message Postie downloads over POP (about
// ten times what big providers accept); a larger one stays on the server.
const maxPOPMessage = 256 << 20

// errPOPTooBig: the server sent a message far larger than it announced, or
// larger than Postie takes.
var errPOPTooBig error = sentence(tr.Mark("the server sent a message far longer than it said it was, so Postie stopped reading it; nothing was removed from the server"))

// sentence is an error whose text is a sentence a person reads (through
// accounts.Explain): it is said in their language when it is read (the
// package's errors are made before the language is chosen).
type sentence string

func (s sentence) Error() string { return tr.L(string(s)) }

// retrBounded downloads message n, which the server announced as size
// octets: it may send somewhat more (line endings, dot-stuffing), but not
// without end.
func (c *popConn) retrBounded(n int, size int64) ([]byte, error) {
	if size > maxPOPMessage {
		return nil, errPOPTooBig
	}
	return c.multiline(retrLimit(size), "RETR %d", n)
}

// multiline sends a command and reads its multi-line answer, at most
// limit bytes of it.
func (c *popConn) multiline(limit int64, format string, args ...any) ([]byte, error) {
	if err := c.writeLine(fmt.Sprintf(format, args...)); err != nil {
		return nil, err
	}
	return c.answer(limit)
}

// answer reads a multi-line answer: its status line, then at most limit
// bytes up to the line holding only ".".
func (c *popConn) answer(limit int64) ([]byte, error) {
	if _, err := c.status(); err != nil {
		return nil, err
	}
	var msg bytes.Buffer
	br := c.dialer.buf.br
	start := true // at the start of a line
	for {
		chunk, err := br.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("%s: %w", tr.L("the connection ended in the middle of a message"), err)
		}
		if start && (bytes.Equal(chunk, []byte(".\r\n")) || bytes.Equal(chunk, []byte(".\n"))) {
			return msg.Bytes(), nil
		}
		if start && len(chunk) > 0 && chunk[0] == '.' {
			chunk = chunk[1:] // dot-stuffing
		}
		if int64(msg.Len()+len(chunk)) > limit {
			return nil, errPOPTooBig
		}
		msg.Write(chunk)
		start = err == nil // a full buffer is the middle of a long line
	}
}

// retrLimit is how much of message n, announced as size octets, is read
// at most: somewhat more may come (line endings, dot-stuffing), but not
// without end.
func retrLimit(size int64) int64 { return min(maxPOPMessage, 2*size+1<<20) }

// retrAll downloads the messages nums in order, handing each to each.
// With window > 1 (the server offers PIPELINING, RFC 2449) up to window
// RETR commands are sent ahead, so the next message is on its way while
// this one is read: one RETR at a time, waiting for each answer was most
// of a POP download's time. The bytes of every message asked for are
// taken from budget before its RETR is sent — ahead of the answers only
// when they fit at once, so it never waits with answers unread.
//
// A -ERR answer (the server refuses that message; the session goes on)
// is handed to each as refused; an answer that breaks off ends it all as
// a *brokeAt naming the message.
func (c *popConn) retrAll(ctx context.Context, nums []int, sizes map[int]int64, window int, budget *byteBudget, each func(n int, raw []byte, refused *popError) error) error {
	sent := 0
	for i, n := range nums {
		for sent < len(nums) && sent-i < max(window, 1) {
			next := nums[sent]
			if sent == i { // nothing in flight: waiting for room is safe
				if !budget.take(ctx, sizes[next]) {
					return ctx.Err()
				}
			} else if !budget.tryTake(sizes[next]) {
				break
			}
			sent++
			if err := c.writeLine(fmt.Sprintf("RETR %d", next)); err != nil {
				return err
			}
		}
		raw, err := c.answer(retrLimit(sizes[n]))
		var refused *popError
		if errors.As(err, &refused) {
			raw = nil
		} else if err != nil {
			return &brokeAt{n: n, err: err}
		}
		if err := each(n, raw, refused); err != nil {
			return err
		}
	}
	return nil
}

// capa reads the server's capabilities (CAPA): keyword (upper case) →
// its arguments; empty when the server has no CAPA.
func (c *popConn) capa() map[string][]string {
	caps := map[string][]string{}
	if _, err := c.command("CAPA"); err != nil {
		return caps
	}
	for {
		l, err := c.readLine()
		if err != nil || l == "." {
			return caps
		}
		if f := strings.Fields(l); len(f) > 0 {
			caps[strings.ToUpper(f[0])] = f[1:]
		}
	}
}

// enableUTF8 sends UTF8 (RFC 6856) once when the server offers it: its
// messages then come as they are. Without it a server may send a
// substitute for a message with raw UTF-8 in its header (Courier sends a
// "Cannot display Unicode content" notice). The RFC has it sent before
// signing in; Courier also takes it after, and some servers offer it
// only then. A refusal changes nothing.
func (c *popConn) enableUTF8(caps map[string][]string) {
	if _, ok := caps["UTF8"]; !ok || c.utf8 {
		return
	}
	if _, err := c.command("UTF8"); err == nil {
		c.utf8 = true
	}
}
