package accounts

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func TestDraftRoundTrip(t *testing.T) {
	in := Draft{From: &mail.Address{Name: "Sam", Address: "sam@example.com"},
		To:  []*mail.Address{{Name: "Zoë Brandt", Address: "zoe@example.net"}},
		Bcc: []*mail.Address{{Address: "boss@example.com"}}, Subject: "Über den Plan",
		Body: "Line one\n\nLine three — ünïcode\n", InReplyTo: "a@b", References: []string{"z@b", "a@b"},
		Attachments: []File{{Name: "plan.pdf", Type: "application/pdf", Data: []byte("%PDF-1\x00\xff")}},
		Typed:       map[string]string{"Cc": "kim@"}} // still being typed
	raw, err := BuildDraft(in, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseDraft(raw)
	if err != nil {
		t.Fatal(err)
	}
	if out.From.Address != "sam@example.com" || len(out.To) != 1 || out.To[0].Name != "Zoë Brandt" || len(out.Bcc) != 1 ||
		out.Subject != in.Subject || out.Body != in.Body || out.InReplyTo != "a@b" || len(out.References) != 2 ||
		out.Typed["Cc"] != "kim@" || len(out.Attachments) != 1 || out.Attachments[0].Name != "plan.pdf" ||
		!bytes.Equal(out.Attachments[0].Data, in.Attachments[0].Data) {
		t.Fatalf("round trip lost something:\n%+v\n%s", out, raw)
	}
	// A draft is not a finished message: Build still refuses it without
	// recipients, and never puts Bcc in the header.
	if _, _, _, err := Build(Draft{From: in.From}, time.Now()); err == nil {
		t.Fatal("Build accepted a message without recipients")
	}
	sent, _, rcpt, _ := Build(in, time.Now())
	if bytes.Contains(sent, []byte("boss@")) || len(rcpt) != 2 {
		t.Fatalf("Bcc in the header, or recipients %v", rcpt)
	}
}

func TestDraftFromOutgoingFindsBcc(t *testing.T) {
	raw, id, rcpt, _ := Build(Draft{From: &mail.Address{Address: "sam@example.com"}, To: []*mail.Address{{Address: "kim@example.org"}},
		Bcc: []*mail.Address{{Address: "boss@example.com"}}, Subject: "x", Body: "y"}, time.Now())
	d, err := DraftFromOutgoing(localstore.Outgoing{MessageID: id, Raw: raw, Rcpt: rcpt})
	if err != nil || len(d.Bcc) != 1 || d.Bcc[0].Address != "boss@example.com" || len(d.To) != 1 {
		t.Fatalf("%+v %v", d, err)
	}
}

func TestForwardAsAttachment(t *testing.T) {
	orig := []byte("From: a@example.com\r\nSubject: Grüße\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHällo\r\n")
	d := ForwardAttached(Original{Subject: "Grüße / Plan"}, orig, &mail.Address{Address: "sam@example.com"})
	d.To = []*mail.Address{{Address: "kim@example.org"}}
	raw, _, _, err := Build(d, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	if !strings.Contains(s, "Content-Type: message/rfc822") || !strings.Contains(s, "Content-Transfer-Encoding: 8bit") ||
		!strings.Contains(s, string(orig)) || d.Subject != "Fwd: Grüße / Plan" || d.Attachments[0].Name != "Grüße _ Plan.eml" {
		t.Fatalf("forwarded as attachment:\n%s", s)
	}
	for in, want := range map[string]string{"a\r\nb\r\n": "7bit", "ä\r\n": "8bit", "a\nb\n": "base64", strings.Repeat("x", 999) + "\r\n": "base64", "a\x00\r\n": "base64"} {
		if got := messageEncoding([]byte(in)); got != want {
			t.Errorf("messageEncoding(%.20q) = %s, want %s", in, got, want)
		}
	}
}

func TestFilesSentItself(t *testing.T) {
	gmail := Settings{Protocol: IMAP, Outgoing: Server{Host: "smtp.gmail.com"}}
	if !FilesSentItself(gmail) || FilesSentItself(Settings{Protocol: IMAP, Outgoing: Server{Host: "smtp.example.com"}}) {
		t.Fatal("wrong provider list")
	}
	gmail.Protocol = POP // POP keeps its own Sent folder here anyway
	if FilesSentItself(gmail) {
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
	acct, _ := Create(s, sec, Account{Name: "Ann", Email: "ann@example.com", Settings: Settings{Protocol: IMAP,
		Incoming: Server{Host: "127.0.0.1", Port: d.IMAPS, Security: TLS, Username: "ann"}, TrustedCerts: []string{d.CertSHA256}}}, "pw")
	sy := &IMAPSync{Store: s, Secrets: sec, Net: testNet}
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	ph := newPhone(t, d, "ann", "pw")
	save := func(id int64, text string) (int64, []byte) {
		raw, err := BuildDraft(Draft{From: &mail.Address{Address: "ann@example.com"}, Subject: "plan", Body: text}, time.Now())
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
	box := ph.box("Drafts")
	if len(box) != 1 || box["plan"] == nil || !bytes.Equal(box["plan"].BodySection[0].Bytes, raw) || !has(box["plan"].Flags, "\\Draft") {
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
	if box = ph.box("Drafts"); len(box) != 0 {
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
	acct, _ := Create(s, sec, Account{Name: "Sam", Email: "sam@example.com", Settings: Settings{Protocol: POP,
		Outgoing: Server{Host: "127.0.0.1", Port: d.Submission, Security: StartTLS, Username: "sam"}, TrustedCerts: []string{d.CertSHA256}}}, "pw")
	sy := &Syncer{Store: s, Net: testNet, Secrets: func(Account) secrets.Secrets { return sec }}
	// Nothing to send yet: the server's limit is learnt anyway, once.
	if _, err := sy.SendOutbox(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	if a, _ := Load(s, acct.ID); a.Settings.SendLimit != 10<<20 {
		t.Fatalf("limit not learnt before the first message: %d", a.Settings.SendLimit)
	}
	raw := queueDraft(t, s, acct, Draft{Subject: "Grüße über SMTP", Body: "Hallo\n.\n.leading dot\n",
		Cc: []*mail.Address{{Address: "lee@example.org"}}, Bcc: []*mail.Address{{Address: "boss@example.com"}},
		Attachments: []File{{Name: "a.bin", Data: bytes.Repeat([]byte{0, 1, 2, 0xff}, 5000)}}})
	res, err := sy.SendOutbox(context.Background(), acct)
	if err != nil || res.Sent != 1 {
		out, _ := s.Outbox(acct.ID)
		t.Fatalf("%+v %v %+v\n%s", res, err, out[0].LastError, d.Log())
	}
	got := relay.Messages()
	if len(got) != 1 || len(got[0].To) != 3 || !bytes.HasSuffix(got[0].Data, raw) {
		t.Fatalf("relay got %d messages: %+v", len(got), got)
	}
	if acct, _ = Load(s, acct.ID); acct.Settings.SendLimit != 10<<20 {
		t.Fatalf("the server's size limit was not learned: %d", acct.Settings.SendLimit)
	}

	acct.Settings.Outgoing.Port, acct.Settings.Outgoing.Security = d.Submissions, TLS
	queueDraft(t, s, acct, Draft{Subject: "big", Body: "see attached",
		Attachments: []File{{Name: "film.bin", Data: bytes.Repeat([]byte("x"), 11<<20)}}})
	queueDraft(t, s, acct, Draft{Subject: "small over TLS", Body: "hi"})
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
	queueDraft(t, s, acct, Draft{Subject: "typo", Body: "x", To: []*mail.Address{{Address: "nobody@example.org"}}})
	queueDraft(t, s, acct, Draft{Subject: "fine", Body: "x"})
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

func queueDraft(t *testing.T, s *localstore.Store, acct Account, d Draft) []byte {
	t.Helper()
	d.From = &mail.Address{Address: acct.Email}
	if d.To == nil {
		d.To = []*mail.Address{{Address: "kim@example.org"}}
	}
	raw, id, rcpt, err := Build(d, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueOutgoing(acct.ID, id, acct.Email, rcpt, raw, 0); err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestQuoteOfAHugeMessageIsCut(t *testing.T) {
	long := strings.Repeat("a line of a very long newsletter\n", 10000)
	q := Quote(Original{From: "a@example.com", Text: long})
	if n := strings.Count(q, "\n"); n > maxQuotedLines+5 || !strings.HasSuffix(q, "> […]\n") {
		t.Fatalf("%d lines, ends %q", n, q[len(q)-20:])
	}
	f := Forward(Original{Text: strings.Repeat("ü", 200<<10)}, &mail.Address{Address: "me@example.com"})
	if len(f.Body) > maxQuotedBytes+1000 || !strings.Contains(f.Body, "use Forward as attachment") || !utf8.ValidString(f.Body) {
		t.Fatalf("forward body of %d bytes", len(f.Body))
	}
	if q := Quote(Original{Text: "short\n"}); strings.Contains(q, "[…]") {
		t.Fatal("a short message was marked as cut")
	}
}

// A draft written as HTML only (by webmail or another program) reopens
// as readable text, not as an attachment called "part".
func TestHTMLOnlyDraftReopensAsText(t *testing.T) {
	raw := []byte("From: sam@example.com\r\nTo: kim@example.org\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		"<html><head><style>p{color:red}</style></head><body><p>Hello &amp; welcome,</p><p>Line two<br>Line three</p></body></html>\r\n")
	d, err := ParseDraft(raw)
	if err != nil || d.Body != "Hello & welcome,\nLine two\nLine three\n" || len(d.Attachments) != 0 {
		t.Fatalf("%q %+v %v", d.Body, d.Attachments, err)
	}
}
