package mailsync

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/imapsync"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/smtpsend"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func TestFilesSentItself(t *testing.T) {
	gmail := accounts.Settings{Protocol: accounts.IMAP, Outgoing: netconf.Server{Host: "smtp.gmail.com"}}
	if !smtpsend.FilesSentItself(gmail) || smtpsend.FilesSentItself(accounts.Settings{Protocol: accounts.IMAP, Outgoing: netconf.Server{Host: "smtp.example.com"}}) {
		t.Fatal("wrong provider list")
	}
	gmail.Protocol = accounts.POP // POP keeps its own Sent folder here anyway
	if smtpsend.FilesSentItself(gmail) {
		t.Fatal("POP")
	}
}

// Drafts saved again and again end up as exactly one copy in the server's
// Drafts folder, byte for byte; sending it removes it there too.
func TestIMAPDraftsReachTheServerOnce(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := &secrets.Memory{}
	acct, _ := accounts.Create(s, sec, accounts.Account{Name: "Ann", Email: "ann@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"}, TrustedCerts: []string{d.CertSHA256}}}, "pw")
	sy := &imapsync.Engine{Store: s, Secrets: sec, Net: acctest.Net}
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	ph := acctest.NewPhone(t, d, "ann", "pw")
	save := func(id int64, text string) (int64, []byte) {
		raw, err := compose.BuildDraft(compose.Draft{From: &mail.Address{Address: "ann@example.com"}, Subject: "plan", Body: text}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		id, err = s.SaveDraft(acct.ID, id, raw)
		if err != nil {
			t.Fatal(err)
		}
		return id, raw
	}
	id, _ := save(0, "one")
	id, _ = save(id, "two") // offline: the first upload never happens
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	id, raw := save(id, "three") // replaces an uploaded version
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	box := ph.Box("Drafts")
	if len(box) != 1 || box["plan"] == nil || !bytes.Equal(box["plan"].BodySection[0].Bytes, raw) || !acctest.Has(box["plan"].Flags, "\\Draft") {
		t.Fatalf("server Drafts holds %d messages", len(box))
	}
	drafts, _ := s.FolderByRole(acct.ID, localstore.RoleDrafts)
	if msgs, _ := s.Messages(drafts.ID, nil, 10); len(msgs) != 1 || msgs[0].ID != id || msgs[0].ServerKey == "" {
		t.Fatalf("local Drafts after sync: %+v", msgs)
	}
	// Sent: gone from Drafts, here and on the server.
	if _, err := s.QueueOutgoing(acct.ID, "x@example.com", "ann@example.com", []string{"kim@example.org"}, raw, id); err != nil {
		t.Fatal(err)
	}
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	if box = ph.Box("Drafts"); len(box) != 0 {
		t.Fatalf("the sent draft is still on the server")
	}
}

// Postie against Dovecot's real SMTP submission service (which relays to
// a capturing server): sign-in over STARTTLS and over TLS, the message
// arrives with its headers and bytes, and one over the server's
// announced size limit is held with a plain reason instead of retried.
func TestSendThroughDovecotSubmission(t *testing.T) {
	relay := testservers.StartSubmission(t, "", "", "")
	d := testservers.StartWithRelay(t, testservers.Users{"sam": "pw"}, relay.Port, "")
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := &secrets.Memory{}
	acct, _ := accounts.Create(s, sec, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{Protocol: accounts.POP,
		Outgoing: netconf.Server{Host: "127.0.0.1", Port: d.Submission, Security: netconf.StartTLS, Username: "sam"}, TrustedCerts: []string{d.CertSHA256}}}, "pw")
	sy := &Syncer{Store: s, Net: acctest.Net, Secrets: func(accounts.Account) secrets.Secrets { return sec }}
	// Nothing to send yet: the server's limit is learnt anyway, once.
	if _, err := sy.SendOutbox(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	if a, _ := accounts.Load(s, acct.ID); a.Settings.SendLimit != 10<<20 {
		t.Fatalf("limit not learnt before the first message: %d", a.Settings.SendLimit)
	}
	raw := queueDraft(t, s, acct, compose.Draft{Subject: "Grüße über SMTP", Body: "Hallo\n.\n.leading dot\n",
		Cc: []*mail.Address{{Address: "lee@example.org"}}, Bcc: []*mail.Address{{Address: "boss@example.com"}},
		Attachments: []compose.File{{Name: "a.bin", Data: bytes.Repeat([]byte{0, 1, 2, 0xff}, 5000)}}})
	res, err := sy.SendOutbox(context.Background(), acct)
	if err != nil || res.Sent != 1 {
		out, _ := s.Outbox(acct.ID)
		t.Fatalf("%+v %v %+v\n%s", res, err, out[0].LastError, d.Log())
	}
	got := relay.Messages()
	if len(got) != 1 || len(got[0].To) != 3 || !bytes.HasSuffix(got[0].Data, raw) {
		t.Fatalf("relay got %d messages: %+v", len(got), got)
	}
	if acct, _ = accounts.Load(s, acct.ID); acct.Settings.SendLimit != 10<<20 {
		t.Fatalf("the server's size limit was not learned: %d", acct.Settings.SendLimit)
	}

	acct.Settings.Outgoing.Port, acct.Settings.Outgoing.Security = d.Submissions, netconf.TLS
	queueDraft(t, s, acct, compose.Draft{Subject: "big", Body: "see attached",
		Attachments: []compose.File{{Name: "film.bin", Data: bytes.Repeat([]byte("x"), 11<<20)}}})
	queueDraft(t, s, acct, compose.Draft{Subject: "small over TLS", Body: "hi"})
	res, err = sy.SendOutbox(context.Background(), acct)
	if err != nil || res.Sent != 1 || res.Held != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	out, _ := s.Outbox(acct.ID)
	if len(out) != 1 || out[0].State != localstore.OutHeld || !strings.Contains(out[0].LastError, "the server takes at most 10.0 MB") {
		t.Fatalf("%+v", out)
	}
	if res, _ = sy.SendOutbox(context.Background(), acct); res.Sent != 0 || res.Held != 1 || len(relay.Messages()) != 2 {
		t.Fatalf("a held message was retried: %+v", res)
	}
}

// A permanent refusal (here: an address the server will not take) holds
// the message instead of retrying it at every check.
func TestRefusedMessageIsHeld(t *testing.T) {
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	sub.RefuseRcpt("nobody@example.org")
	s, sy, acct := outboxAccount(t, sub.Port)
	queueDraft(t, s, acct, compose.Draft{Subject: "typo", Body: "x", To: []*mail.Address{{Address: "nobody@example.org"}}})
	queueDraft(t, s, acct, compose.Draft{Subject: "fine", Body: "x"})
	res, err := sy.SendOutbox(context.Background(), acct)
	if err != nil || res.Held != 1 || res.Sent != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	out, _ := s.Outbox(acct.ID)
	if len(out) != 1 || out[0].State != localstore.OutHeld || !strings.Contains(out[0].LastError, "check the spelling of the recipients") {
		t.Fatalf("%+v", out)
	}
	if err := s.RetryOutgoing(out[0].ID); err != nil {
		t.Fatal(err)
	}
	if out, _ = s.Outbox(acct.ID); out[0].State != localstore.OutQueued {
		t.Fatal("Send again did not queue it")
	}
}

func queueDraft(t *testing.T, s *localstore.Store, acct accounts.Account, d compose.Draft) []byte {
	t.Helper()
	d.From = &mail.Address{Address: acct.Email}
	if d.To == nil {
		d.To = []*mail.Address{{Address: "kim@example.org"}}
	}
	raw, id, rcpt, err := compose.Build(d, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueOutgoing(acct.ID, id, acct.Email, rcpt, raw, 0); err != nil {
		t.Fatal(err)
	}
	return raw
}
