package mailsync

import (
	"context"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/localstore"
)

// lenientBackend is a go-smtp server whose sessions collect the envelope
// until RSET (as some servers do): a client that starts the next message
// without RSET after a failed one sends it to both messages' recipients.
type lenientBackend struct {
	failAt string // "mail", "rcpt" (on the second recipient) or "data"
	mu     sync.Mutex
	got    []delivered
}

type delivered struct {
	from string
	to   []string
	data string
}

type lenientSession struct {
	b    *lenientBackend
	from string
	to   []string
}

func (b *lenientBackend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &lenientSession{b: b}, nil
}

var tempFail = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}

func (s *lenientSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *lenientSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, _, _ string) error { return nil }), nil
}
func (s *lenientSession) Reset()        { s.from, s.to = "", nil }
func (s *lenientSession) Logout() error { return nil }
func (s *lenientSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.failAt == "mail" && strings.HasPrefix(from, "a-") {
		return tempFail
	}
	s.from = from
	return nil
}
func (s *lenientSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.b.failAt == "rcpt" && to == "a2@example.org" {
		return tempFail
	}
	s.to = append(s.to, to)
	return nil
}
func (s *lenientSession) Data(r io.Reader) error {
	b, _ := io.ReadAll(r)
	if s.b.failAt == "data" && strings.Contains(string(b), "Subject: A") {
		return tempFail
	}
	s.b.mu.Lock()
	s.b.got = append(s.b.got, delivered{s.from, slices.Clone(s.to), string(b)})
	s.b.mu.Unlock()
	return nil
}

func startLenient(t *testing.T, failAt string) (*lenientBackend, int) {
	be := &lenientBackend{failAt: failAt}
	srv := smtp.NewServer(be)
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return be, l.Addr().(*net.TCPAddr).Port
}

// After a temporary failure of message A at any step, message B on the
// same connection reaches exactly B's recipients, and A waits in the
// Outbox for the next attempt.
func TestTemporaryFailureNeverLeaksRecipients(t *testing.T) {
	for _, step := range []string{"mail", "rcpt", "data"} {
		t.Run(step, func(t *testing.T) {
			be, port := startLenient(t, step)
			s, sy, acct := outboxAccount(t, port)
			for _, m := range []struct {
				from, subject string
				to            []string
			}{
				{"a-sam@example.com", "A", []string{"a1@example.org", "a2@example.org"}},
				{"b-sam@example.com", "B", []string{"b1@example.org"}},
			} {
				var to []*mail.Address
				for _, a := range m.to {
					to = append(to, &mail.Address{Address: a})
				}
				raw, id, rcpt, err := compose.Build(compose.Draft{From: &mail.Address{Address: m.from}, To: to, Subject: m.subject, Body: "hi"}, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.QueueOutgoing(acct.ID, id, m.from, rcpt, raw, 0); err != nil {
					t.Fatal(err)
				}
			}
			res, err := sy.SendOutbox(context.Background(), acct)
			if err != nil {
				t.Fatal(err)
			}
			if res.Sent != 1 || res.Waiting != 1 {
				t.Fatalf("result %+v", res)
			}
			be.mu.Lock()
			got := be.got
			be.mu.Unlock()
			if len(got) != 1 || got[0].from != "b-sam@example.com" || !slices.Equal(got[0].to, []string{"b1@example.org"}) ||
				!strings.Contains(got[0].data, "Subject: B") {
				t.Fatalf("delivered %+v", got)
			}
			out, _ := s.Outbox(acct.ID)
			waiting := 0
			for _, o := range out {
				if o.State == localstore.OutQueued {
					waiting++
				}
			}
			if waiting != 1 {
				t.Fatalf("outbox %+v", out)
			}
		})
	}
}
