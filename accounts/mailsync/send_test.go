package mailsync

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/smtpsend"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func TestBuildMessage(t *testing.T) {
	raw, id, rcpt, err := compose.Build(compose.Draft{From: &mail.Address{Name: "Jörg", Address: "j@example.de"},
		To: []*mail.Address{{Address: "a@example.com"}}, Bcc: []*mail.Address{{Address: "secret@example.com"}},
		Subject: "Grüße", Body: "Hallo\nWelt", InReplyTo: "orig@example.com", References: []string{"orig@example.com"},
		Attachments: []compose.File{{Name: "Bericht Ä.pdf", Type: "application/pdf", Data: []byte("%PDF")}}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	for _, want := range []string{"Subject: =?utf-8?", "In-Reply-To: <orig@example.com>", "Message-Id: <" + id + ">", "multipart/mixed", "Hallo\r\nWelt"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q missing in:\n%s", want, s)
		}
	}
	if strings.Contains(s, "secret@example.com") || len(rcpt) != 2 {
		t.Fatalf("Bcc leaked into the header, or recipients wrong: %v", rcpt)
	}
}

func outboxAccount(t *testing.T, smtpPort int) (*localstore.Store, *Syncer, accounts.Account) {
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{Protocol: accounts.POP,
		Outgoing: netconf.Server{Host: "127.0.0.1", Port: smtpPort, Security: netconf.Plain, Username: "sam"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	return s, &Syncer{Store: s, Net: acctest.Net, Secrets: func(accounts.Account) secrets.Secrets { return sec }}, acct
}

func queue(t *testing.T, s *localstore.Store, acct accounts.Account, subject string) []byte {
	raw, id, rcpt, err := compose.Build(compose.Draft{From: &mail.Address{Address: "sam@example.com"}, To: []*mail.Address{{Address: "kim@example.org"}}, Subject: subject, Body: "hi"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueOutgoing(acct.ID, id, "sam@example.com", rcpt, raw, 0); err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestOutboxSendsOnceWhenTheServerReturns(t *testing.T) {
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	s, sy, acct := outboxAccount(t, sub.Port)
	down := acct
	down.Settings.Outgoing.Port = 1 // nothing listens: offline
	raw := queue(t, s, acct, "written offline")
	res, err := sy.SendOutbox(context.Background(), down)
	if err == nil || res.Waiting != 1 {
		t.Fatalf("offline: %+v %v", res, err)
	}
	out, _ := s.Outbox(acct.ID)
	if len(out) != 1 || out[0].State != localstore.OutQueued || out[0].LastError == "" {
		t.Fatalf("outbox after a failure: %+v", out)
	}
	if res, err = sy.SendOutbox(context.Background(), acct); err != nil || res.Sent != 1 {
		t.Fatalf("back online: %+v %v", res, err)
	}
	sy.SendOutbox(context.Background(), acct) // nothing left
	got := sub.Messages()
	if len(got) != 1 || !bytes.Equal(got[0].Data, raw) || got[0].To[0] != "<kim@example.org>" {
		t.Fatalf("server received %d messages", len(got))
	}
	if ok, _ := s.InSent(acct.ID, out[0].MessageID); !ok {
		t.Fatal("no copy in the Sent folder")
	}
}

func TestOutboxNeverSendsTwice(t *testing.T) {
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	sub.SetDropAfterData(true) // the server takes it, the answer is lost
	s, sy, acct := outboxAccount(t, sub.Port)
	queue(t, s, acct, "maybe sent")
	res, _ := sy.SendOutbox(context.Background(), acct)
	if res.Unsure != 1 {
		t.Fatalf("%+v", res)
	}
	sub.SetDropAfterData(false)
	for i := 0; i < 3; i++ {
		sy.SendOutbox(context.Background(), acct)
	}
	if n := len(sub.Messages()); n != 1 {
		t.Fatalf("the server received it %d times", n)
	}
	out, _ := s.Outbox(acct.ID)
	if len(out) != 1 || out[0].State != localstore.OutUnsure || !strings.Contains(out[0].LastError, "not sent again") {
		t.Fatalf("outbox: %+v", out)
	}

	// A crash right after the server accepted (state left at "sending"):
	// the copy in Sent shows it went out, so it is not sent again.
	queue(t, s, acct, "crash after accept")
	out, _ = s.Outbox(acct.ID)
	crashed := out[len(out)-1]
	s.SetOutState(crashed.ID, localstore.OutSending, "")
	in, _ := s.FolderByRole(acct.ID, localstore.RoleSent)
	s.Add(in.ID, []localstore.NewMessage{{Raw: crashed.Raw}})
	before := len(sub.Messages())
	res, _ = sy.SendOutbox(context.Background(), acct)
	if len(sub.Messages()) != before || res.Sent != 1 {
		t.Fatalf("after the crash: %+v, server got %d more", res, len(sub.Messages())-before)
	}
}

func TestReplyAndForwardDrafts(t *testing.T) {
	if got := compose.ReplySubject("Re: RE: Aw: Picnic"); got != "Re: Picnic" {
		t.Errorf("ReplySubject = %q", got)
	}
	if got := compose.ForwardSubject("Fwd: FW: Picnic"); got != "Fwd: Picnic" {
		t.Errorf("ForwardSubject = %q", got)
	}
	o := compose.Original{MessageID: "b@x", References: "<a@x>", From: "Anna <anna@example.com>", To: "me@example.org, Bob <bob@example.org>",
		Cc: "carol@example.org", Subject: "Re: Picnic", Date: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC), Text: "Shall we?\n> earlier"}
	me := &mail.Address{Address: "me@example.org"}
	r := compose.Reply(o, me, false)
	if r.Subject != "Re: Picnic" || len(r.To) != 1 || r.To[0].Address != "anna@example.com" || len(r.Cc) != 0 ||
		r.InReplyTo != "b@x" || strings.Join(r.References, " ") != "a@x b@x" {
		t.Fatalf("reply %+v", r)
	}
	if !strings.Contains(r.Body, "Anna wrote:\n> Shall we?\n>> earlier") {
		t.Fatalf("quote %q", r.Body)
	}
	ra := compose.Reply(o, me, true)
	if len(ra.Cc) != 2 || ra.Cc[0].Address != "bob@example.org" || ra.Cc[1].Address != "carol@example.org" {
		t.Fatalf("reply all Cc %+v (must not include me)", ra.Cc)
	}
	f := compose.Forward(o, me)
	if f.Subject != "Fwd: Re: Picnic" || !strings.Contains(f.Body, "Forwarded message") || len(f.To) != 0 {
		t.Fatalf("forward %+v", f)
	}
}

// An account whose sending is set up later keeps what is written in the
// Outbox, with a reason in plain words.
func TestOutboxWaitsWhenSendingIsNotSetUp(t *testing.T) {
	s, sy, acct := outboxAccount(t, 1)
	acct.Settings.Outgoing = netconf.Server{}
	queue(t, s, acct, "written before sending was set up")
	res, err := sy.SendOutbox(context.Background(), acct)
	if !errors.Is(err, smtpsend.ErrNoOutgoing) || res.Waiting != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	out, _ := s.Outbox(acct.ID)
	if len(out) != 1 || out[0].State != localstore.OutQueued || !strings.Contains(out[0].LastError, "not set up") {
		t.Fatalf("outbox %+v", out)
	}
}
