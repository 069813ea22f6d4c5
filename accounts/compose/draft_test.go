package compose

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message/mail"

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
