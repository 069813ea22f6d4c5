package imapsync

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
)

// loginDisabledProxy is an IMAP over TLS front for Dovecot (with
// Dovecot's own certificate, so the fingerprint the account trusts is
// the same) that adds LOGINDISABLED to the capabilities the server
// announces before sign-in — a server that allows only AUTHENTICATE. It
// records the commands the client sends before signing in.
func loginDisabledProxy(t *testing.T, d *testservers.Server, sent *commands) int {
	cert, err := tls.LoadX509KeyPair(filepath.Join(d.Dir, "cert.pem"), filepath.Join(d.Dir, "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	loggedIn := regexp.MustCompile(`^\S+ OK `)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(d.IMAP))
			if err != nil {
				c.Close()
				continue
			}
			go func() { // client → server, noting the commands before sign-in
				defer s.Close()
				br := bufio.NewReader(c)
				for i := 0; i < 20; i++ {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					sent.add(strings.TrimSpace(line))
					s.Write([]byte(line))
				}
				io.Copy(s, br)
			}()
			go func() { // server → client, capabilities rewritten until signed in
				defer c.Close()
				br := bufio.NewReader(s)
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					if strings.Contains(line, "CAPABILITY") {
						line = strings.Replace(line, "IMAP4rev1 ", "IMAP4rev1 LOGINDISABLED ", 1)
					}
					c.Write([]byte(line))
					if loggedIn.MatchString(line) && !strings.HasPrefix(line, "* ") {
						break
					}
				}
				io.Copy(c, br)
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// commands is what a client sent, safe to read from the test.
type commands struct {
	mu    sync.Mutex
	lines []string
}

func (c *commands) add(l string) {
	c.mu.Lock()
	c.lines = append(c.lines, l)
	c.mu.Unlock()
}

func (c *commands) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

// A server that turns LOGIN off gets AUTHENTICATE PLAIN, and real Dovecot
// accepts it; a wrong password is still "wrong password".
func TestIMAPAuthenticatePlainWhenLoginIsDisabled(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	var sent commands
	port := loginDisabledProxy(t, d, &sent)
	srv := netconf.Server{Host: "127.0.0.1", Port: port, Security: netconf.TLS, Username: "ann"}
	if err := Check(context.Background(), acctest.Net, srv, netconf.PasswordLogin("pw"), []string{d.CertSHA256}); err != nil {
		t.Fatalf("sign-in with AUTHENTICATE PLAIN: %v", err)
	}
	joined := sent.String()
	if !strings.Contains(joined, "AUTHENTICATE PLAIN") || strings.Contains(joined, " LOGIN ") {
		t.Fatalf("commands sent:\n%s", joined)
	}
	err := Check(context.Background(), acctest.Net, srv, netconf.PasswordLogin("wrong"), []string{d.CertSHA256})
	var p *netconf.Problem
	if !errors.As(err, &p) || p.Kind != netconf.ProblemWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
}
