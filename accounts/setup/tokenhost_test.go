package setup

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
)

// recorder is a fake mail server on 127.0.0.1 that offers every
// sign-in mechanism, says yes to everything and keeps what it was sent.
type recorder struct {
	mu   sync.Mutex
	got  strings.Builder
	port int
}

func startRecorder(t *testing.T, proto string) *recorder {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	r := &recorder{port: ln.Addr().(*net.TCPAddr).Port}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c, proto)
		}
	}()
	return r
}

func (r *recorder) serve(c net.Conn, proto string) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	caps := "IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER SASL-IR"
	switch proto {
	case "imap":
		c.Write([]byte("* OK [CAPABILITY " + caps + "] ready\r\n"))
	case "pop":
		c.Write([]byte("+OK ready\r\n"))
	case "smtp":
		c.Write([]byte("220 ready\r\n"))
	}
	br := bufio.NewReader(c)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		r.mu.Lock()
		r.got.WriteString(line)
		r.mu.Unlock()
		tag, _, _ := strings.Cut(line, " ")
		up := strings.ToUpper(line)
		switch {
		case proto == "imap" && strings.Contains(up, "CAPABILITY"):
			c.Write([]byte("* CAPABILITY " + caps + "\r\n" + tag + " OK done\r\n"))
		case proto == "imap":
			c.Write([]byte(tag + " OK done\r\n"))
		case proto == "pop" && strings.HasPrefix(up, "CAPA"):
			c.Write([]byte("+OK\r\nUSER\r\nSASL PLAIN XOAUTH2 OAUTHBEARER\r\n.\r\n"))
		case proto == "pop":
			c.Write([]byte("+OK\r\n"))
		case proto == "smtp" && strings.HasPrefix(up, "EHLO"):
			c.Write([]byte("250-hello\r\n250 AUTH PLAIN XOAUTH2 OAUTHBEARER\r\n"))
		case proto == "smtp":
			c.Write([]byte("235 ok\r\n"))
		}
	}
}

func (r *recorder) received() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got.String()
}

// A provider's token goes only to the provider's own servers, checked
// on each connection (#26). The review's case: a custom-domain address
// whose outgoing server is the provider's and whose incoming server is
// elsewhere (from SRV, MX autoconfig or a forged HTTP answer) — the old
// code picked the provider and sent the token to both. Here the servers
// elsewhere are fakes on 127.0.0.1 that accept any sign-in: they must
// receive no token, neither raw nor in a SASL exchange. On the old code
// each of them received "auth=Bearer at-SECRET-token".
func TestTokenGoesOnlyToTheProvidersServers(t *testing.T) {
	p := oauth.Provider{ID: "testmail", Name: "Testmail", Hosts: []string{"imap.example.net", "smtp.example.net"}}
	if p.Serves("127.0.0.1") || !p.Serves("IMAP.example.net.") {
		t.Fatal("Serves")
	}
	login := netconf.Login{Tokens: oauth.NewFresh(p, &oauth2.Token{AccessToken: "at-SECRET-token", RefreshToken: "rt-SECRET", Expiry: time.Now().Add(time.Hour)})}
	c := Checker{Net: acctest.Net}
	ctx := context.Background()
	for _, proto := range []string{"imap", "pop", "smtp"} {
		t.Run(proto, func(t *testing.T) {
			r := startRecorder(t, proto)
			srv := netconf.Server{Host: "127.0.0.1", Port: r.port, Security: netconf.Plain, Username: "kim@custom.example"}
			var err error
			switch proto {
			case "imap":
				err = c.CheckIncoming(ctx, accounts.IMAP, srv, login, nil)
			case "pop":
				err = c.CheckIncoming(ctx, accounts.POP, srv, login, nil)
			case "smtp":
				err = c.CheckOutgoing(ctx, srv, login, nil)
			}
			var pr *netconf.Problem
			if !errors.As(err, &pr) || pr.Kind != netconf.ProblemNotProviderServer {
				t.Fatalf("err = %v", err)
			}
			got := r.received()
			for _, leak := range []string{"at-SECRET", "rt-SECRET", base64.StdEncoding.EncodeToString([]byte("auth=Bearer"))[:12], "AUTH"} {
				if strings.Contains(strings.ToUpper(got), strings.ToUpper(leak)) {
					t.Fatalf("the server elsewhere received %q:\n%s", leak, got)
				}
			}
			if s := accounts.Explain(err); !strings.Contains(s, "not one of your provider's own servers") {
				t.Fatalf("explained as %q", s)
			}
		})
	}
	// The provider is chosen by servers only when all of them are its own.
	t.Setenv(oauth.ProvidersEnv, "")
	if g, ok := oauth.For("kim@custom.example", "127.0.0.1", "smtp.gmail.com"); ok {
		t.Fatalf("For picked %s for a pair with a server elsewhere", g.ID)
	}
	if g, ok := oauth.For("kim@custom.example", "imap.gmail.com", "smtp.gmail.com"); !ok || g.ID != "google" {
		t.Fatal("both of Google's servers: Google")
	}
}
