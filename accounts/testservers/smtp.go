package testservers

import (
	"bufio"
	"encoding/base64"
	"net"
	"strings"
	"sync"
	"testing"
)

// FakeSMTP is a minimal submission server for login checks: EHLO, AUTH
// PLAIN (one user), QUIT. Plain TCP; say answers AUTH failures with text.
func FakeSMTP(t testing.TB, user, pass, failText string) int {
	return StartSubmission(t, user, pass, failText).Port
}

// Submission is a fake SMTP submission server that keeps what it receives.
type Submission struct {
	Port int
	mu   sync.Mutex
	got  []Received
	// DropAfterData: read the message, then drop the connection without
	// answering (the client cannot know whether it was accepted).
	DropAfterData bool
	refuse        map[string]bool
}

// RefuseRcpt makes the server refuse this recipient for good (550).
func (s *Submission) RefuseRcpt(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refuse == nil {
		s.refuse = map[string]bool{}
	}
	s.refuse["<"+addr+">"] = true
}

// Received is one accepted message.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Messages is what the server accepted so far.
func (s *Submission) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.got...)
}

// SetDropAfterData switches the fault on or off.
func (s *Submission) SetDropAfterData(on bool) {
	s.mu.Lock()
	s.DropAfterData = on
	s.mu.Unlock()
}

// StartSubmission runs a Submission server until the test ends.
func StartSubmission(t testing.TB, user, pass, failText string) *Submission {
	sub := &Submission{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	sub.Port = l.Addr().(*net.TCPAddr).Port
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				c.Write([]byte("220 fake ESMTP\r\n"))
				var cur Received
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.Fields(line + " x")[0])
					switch cmd {
					case "EHLO", "HELO":
						c.Write([]byte("250-fake\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN\r\n"))
					case "AUTH":
						f := strings.Fields(line)
						var resp string
						if len(f) >= 3 {
							resp = f[2]
						} else {
							c.Write([]byte("334 \r\n"))
							resp, _ = br.ReadString('\n')
						}
						b, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(resp))
						parts := strings.Split(string(b), "\x00")
						if len(parts) == 3 && parts[1] == user && parts[2] == pass {
							c.Write([]byte("235 2.7.0 Authentication successful\r\n"))
						} else {
							c.Write([]byte("535 5.7.8 " + failText + "\r\n"))
						}
					case "MAIL":
						cur = Received{From: strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line[10:]), ""))}
						c.Write([]byte("250 ok\r\n"))
					case "RCPT":
						to := strings.Fields(strings.TrimSpace(line[8:]))[0]
						sub.mu.Lock()
						refused := sub.refuse[to]
						sub.mu.Unlock()
						if refused {
							c.Write([]byte("550 5.1.1 No such user here\r\n"))
							continue
						}
						cur.To = append(cur.To, to)
						c.Write([]byte("250 ok\r\n"))
					case "DATA":
						c.Write([]byte("354 go ahead\r\n"))
						var data []byte
						for {
							l, err := br.ReadString('\n')
							if err != nil {
								return
							}
							if l == ".\r\n" {
								break
							}
							l = strings.TrimPrefix(l, ".") // dot-unstuffing
							data = append(data, l...)
						}
						cur.Data = data
						sub.mu.Lock()
						sub.got = append(sub.got, cur)
						drop := sub.DropAfterData
						sub.mu.Unlock()
						if drop {
							return
						}
						c.Write([]byte("250 2.0.0 queued\r\n"))
					case "QUIT":
						c.Write([]byte("221 bye\r\n"))
						return
					default:
						c.Write([]byte("250 ok\r\n"))
					}
				}
			}()
		}
	}()
	return sub
}
