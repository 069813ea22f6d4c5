package compose

import (
	"bufio"
	"bytes"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
)

// FuzzMailto: any mailto: link a web page can hand Postie becomes a draft
// without a panic, and the message built from it carries only the fields
// Postie writes — a link cannot add a header (no CR/LF injection, no
// attach=, no other field), and Bcc never shows in the sent bytes (#26).
func FuzzMailto(f *testing.F) {
	for _, s := range []string{
		"mailto:bob@example.org?subject=Hi&body=Hello%0D%0Athere",
		"mailto:a@x.test,b@y.test?cc=c@z.test&bcc=d@w.test",
		"mailto:x@y.test?subject=a%0D%0ABcc:%20evil@attacker.test",
		"mailto:?to=%22Bob%22%20%3Cbob@example.org%3E&attach=/etc/passwd",
		"mailto:x@y.test?In-Reply-To=%3Cfoo@bar%3E&X-Evil=1",
		"mailto:%ZZ", "mailto:",
	} {
		f.Add(s)
	}
	allowed := map[string]bool{"Date": true, "Subject": true, "From": true, "To": true, "Cc": true,
		"Message-Id": true, "Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true,
		"User-Agent": true, "X-Mailer": true}
	f.Fuzz(func(t *testing.T, link string) {
		d, err := FromMailto(link)
		if err != nil {
			return
		}
		if strings.ContainsAny(d.Subject, "\r\n") {
			t.Fatalf("a line break in the subject: %q", d.Subject)
		}
		d.From = &mail.Address{Name: "Kim", Address: "kim@example.org"}
		raw, _, rcpt, err := Build(d, time.Unix(0, 0))
		if err != nil {
			return
		}
		hdr, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw))).ReadMIMEHeader()
		if err != nil {
			t.Fatalf("the built message's header does not read: %v\n%q", err, raw)
		}
		for name := range hdr {
			if !allowed[name] {
				t.Fatalf("field %q in a message built from %q", name, link)
			}
		}
		for _, b := range d.Bcc {
			if bytes.Contains(raw[:bytes.Index(raw, []byte("\r\n\r\n"))+1], []byte(b.Address)) && !inVisible(d, b.Address) {
				t.Fatalf("the Bcc address %q is in the sent header", b.Address)
			}
		}
		if len(rcpt) < len(d.Bcc) {
			t.Fatalf("Bcc recipients dropped: %v for %+v", rcpt, d.Bcc)
		}
	})
}

// inVisible says whether an address is also in To or Cc (then it may be
// in the header).
func inVisible(d Draft, addr string) bool {
	for _, a := range append(append([]*mail.Address{}, d.To...), d.Cc...) {
		if strings.Contains(a.String(), addr) || a.Address == addr {
			return true
		}
	}
	return strings.Contains(d.Subject, addr) || strings.Contains(d.From.String(), addr)
}
