package testservers

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// POPMessage is one message on a FakePOP server.
type POPMessage struct {
	UIDL string
	Raw  []byte // exactly what the server holds (and sends, dot-stuffed)
}

// FakePOP is an in-process POP3 server (plain TCP, USER/PASS) for the
// faults a real server will not produce on demand.
type FakePOP struct {
	Port int

	mu       sync.Mutex
	msgs     []POPMessage
	user     string
	pass     string
	NoUIDL   bool
	FailRETR int           // drop the connection in the middle of RETR n (0: never)
	FailDELE bool          // drop the connection on DELE
	ErrDELE  bool          // answer -ERR to DELE
	QuitMode string        // "drop-before": drop without committing; "drop-after": commit, then drop
	Delay    time.Duration // before each RETR and DELE reply
	// Trickle: RETR sends the message one byte per Trickle (a server
	// holding the session with almost no progress).
	Trickle time.Duration
	// Endless: RETR sends the message and then text without end.
	Endless bool
	// ListSize: LIST announces these sizes (by message number) instead
	// of the real ones.
	ListSize map[int]int64
	Sessions int
	Commands []string
	// Pipelining: CAPA offers PIPELINING (RFC 2449). MaxAhead is the
	// most commands that were already waiting, sent ahead by the client,
	// when a RETR was answered.
	Pipelining bool
	MaxAhead   int
	// Server quirks (see popquirks.go): unreadable messages by UIDL are
	// answered -ERR ErrRETR; DropUIDL drops the connection in the middle
	// of RETR of that message; UTF8 offers UTF8 (RFC 6856) and, until a
	// session sends it, replaces a message with raw UTF-8 in its header
	// by a notice (WrapUnicode), as Courier does.
	unreadable  map[string]bool
	ErrRETR     string
	DropUIDL    string
	UTF8        bool
	WrapUnicode bool
}

// StartFakePOP serves msgs for one user until the test ends.
func StartFakePOP(t testing.TB, user, pass string, msgs []POPMessage) *FakePOP {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &FakePOP{Port: l.Addr().(*net.TCPAddr).Port, msgs: msgs, user: user, pass: pass}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

// Messages is what the server holds now.
func (f *FakePOP) Messages() []POPMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]POPMessage(nil), f.msgs...)
}

// Set replaces what the server holds.
func (f *FakePOP) Set(msgs []POPMessage) {
	f.mu.Lock()
	f.msgs = msgs
	f.mu.Unlock()
}

// Configure changes faults under the lock.
func (f *FakePOP) Configure(fn func(f *FakePOP)) {
	f.mu.Lock()
	fn(f)
	f.mu.Unlock()
}

func (f *FakePOP) serve(c net.Conn) {
	defer c.Close()
	f.mu.Lock()
	f.Sessions++
	f.mu.Unlock()
	br := bufio.NewReader(c)
	w := bufio.NewWriter(c)
	say := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
	say("+OK fake POP3 ready")
	authed, user, utf8 := false, "", false
	deleted := map[int]bool{}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		f.mu.Lock()
		f.Commands = append(f.Commands, line)
		msgs := f.msgs
		f.mu.Unlock()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			say("-ERR empty")
			continue
		}
		arg := func() (int, bool) {
			if len(fields) < 2 {
				return 0, false
			}
			n, err := strconv.Atoi(fields[1])
			return n, err == nil && n >= 1 && n <= len(msgs) && !deleted[n]
		}
		switch strings.ToUpper(fields[0]) {
		case "CAPA":
			f.mu.Lock()
			capa := "+OK\r\nUSER\r\nUIDL\r\n"
			if f.Pipelining {
				capa += "PIPELINING\r\n"
			}
			if f.UTF8 {
				capa += "UTF8 USER\r\n"
			}
			f.mu.Unlock()
			say(capa + ".")
		case "UTF8":
			f.mu.Lock()
			offered := f.UTF8
			f.mu.Unlock()
			if !offered {
				say("-ERR unknown command")
				continue
			}
			utf8 = true
			say("+OK UTF8 enabled")
		case "USER":
			user = strings.TrimPrefix(line, fields[0]+" ")
			say("+OK")
		case "PASS":
			if user == f.user && strings.TrimPrefix(line, fields[0]+" ") == f.pass {
				authed = true
				say("+OK logged in")
			} else {
				say("-ERR [AUTH] Authentication failed.")
			}
		case "NOOP":
			say("+OK")
		case "STAT":
			n, size := 0, 0
			for i, m := range msgs {
				if !deleted[i+1] {
					n++
					size += len(m.Raw)
				}
			}
			say(fmt.Sprintf("+OK %d %d", n, size))
		case "LIST", "UIDL":
			if !authed {
				say("-ERR not logged in")
				continue
			}
			if strings.ToUpper(fields[0]) == "UIDL" && f.NoUIDL {
				say("-ERR no UIDL here")
				continue
			}
			var b strings.Builder
			b.WriteString("+OK\r\n")
			for i, m := range msgs {
				if deleted[i+1] {
					continue
				}
				v := strconv.Itoa(len(m.Raw))
				if sz, ok := f.ListSize[i+1]; ok {
					v = strconv.FormatInt(sz, 10)
				}
				if strings.ToUpper(fields[0]) == "UIDL" {
					v = m.UIDL
				}
				fmt.Fprintf(&b, "%d %s\r\n", i+1, v)
			}
			b.WriteString(".")
			say(b.String())
		case "RETR", "TOP":
			n, ok := arg()
			if !ok || !authed {
				say("-ERR no such message")
				continue
			}
			f.mu.Lock()
			delay, fail, trickle, endless := f.Delay, f.FailRETR, f.Trickle, f.Endless
			f.mu.Unlock()
			time.Sleep(delay)
			if br.Buffered() > 0 {
				waiting, _ := br.Peek(br.Buffered())
				f.mu.Lock()
				f.MaxAhead = max(f.MaxAhead, bytes.Count(waiting, []byte("\n")))
				f.mu.Unlock()
			}
			f.mu.Lock()
			unreadable, errText, drop, wrap := f.unreadable[msgs[n-1].UIDL], f.ErrRETR, f.DropUIDL == msgs[n-1].UIDL, f.WrapUnicode && !utf8
			f.mu.Unlock()
			if unreadable {
				say("-ERR " + errText)
				continue
			}
			raw := msgs[n-1].Raw
			if wrap && rawUTF8Header(raw) {
				raw = unicodeNotice(raw)
			}
			if drop {
				fail = n
			}
			if strings.ToUpper(fields[0]) == "TOP" {
				if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
					raw = raw[:i+2]
				}
			}
			w.WriteString("+OK\r\n")
			body := stuff(raw)
			if fail == n {
				w.Write(body[:len(body)/2])
				w.Flush()
				return
			}
			if trickle > 0 {
				w.Flush()
				for _, b := range body {
					time.Sleep(trickle)
					if _, err := c.Write([]byte{b}); err != nil {
						return
					}
				}
				say(".")
				continue
			}
			if endless {
				w.Write(body)
				line := bytes.Repeat([]byte("endless text "), 6)
				line = append(line, "\r\n"...)
				for {
					if _, err := w.Write(line); err != nil {
						return
					}
				}
			}
			w.Write(body)
			w.WriteString(".\r\n")
			w.Flush()
		case "DELE":
			n, ok := arg()
			f.mu.Lock()
			failD, errD, delay := f.FailDELE, f.ErrDELE, f.Delay
			f.mu.Unlock()
			time.Sleep(delay)
			if failD {
				return
			}
			if !ok || errD {
				say("-ERR cannot delete that")
				continue
			}
			deleted[n] = true
			say("+OK deleted")
		case "RSET":
			deleted = map[int]bool{}
			say("+OK")
		case "QUIT":
			f.mu.Lock()
			mode := f.QuitMode
			f.mu.Unlock()
			if mode == "drop-before" {
				return
			}
			f.mu.Lock()
			var keep []POPMessage
			for i, m := range f.msgs {
				if !deleted[i+1] {
					keep = append(keep, m)
				}
			}
			f.msgs = keep
			f.mu.Unlock()
			if mode == "drop-after" {
				return
			}
			say("+OK bye")
			return
		default:
			say("-ERR unknown command")
		}
	}
}

// stuff dot-stuffs a message for sending and ends it with CRLF.
func stuff(raw []byte) []byte {
	var b bytes.Buffer
	for len(raw) > 0 {
		i := bytes.IndexByte(raw, '\n')
		line := raw
		if i >= 0 {
			line = raw[:i+1]
		}
		raw = raw[len(line):]
		if line[0] == '.' {
			b.WriteByte('.')
		}
		b.Write(line)
	}
	if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes()
}
