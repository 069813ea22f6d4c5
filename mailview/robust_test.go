package mailview

import (
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/testmail"
)

// A message nested 20,000 levels deep is shown at once: its header, and
// what lies past the nesting limit as one attachment that can be saved.
func TestDeeplyNestedMessageIsShown(t *testing.T) {
	raw := testmail.Nested(20000)
	v := Parse(raw)
	if v.Subject != "nested parts" || v.From != "Nester <nest@example.com>" || !v.Damaged {
		t.Fatalf("view %+v", v)
	}
	if len(v.Attachments) != 1 || v.Attachments[0].Name != furtherParts() {
		t.Fatalf("attachments %+v", v.Attachments)
	}
	data, err := AttachmentData(raw, v.Attachments[0])
	if err != nil || !strings.Contains(string(data), "deep down") {
		t.Fatalf("the further parts cannot be saved: %v (%d bytes)", err, len(data))
	}
}

func TestEmptyInReplyToIsShown(t *testing.T) {
	v := Parse(testmail.EmptyInReplyTo())
	if v.Subject == "" || v.Damaged || !strings.Contains(v.Text, "Hello") {
		t.Fatalf("view %+v", v)
	}
}

func BenchmarkParseNested2MB(b *testing.B) {
	raw := testmail.NestedOfSize(2 << 20)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		Parse(raw)
	}
}

// Damaged base64 shows everything that can be decoded, before and after
// the damage, and says part of the message is damaged (it showed the
// first line and silently dropped the rest).
func TestDamagedBase64ShowsTheRest(t *testing.T) {
	raw := "From: Kim <kim@example.com>\r\nSubject: Our trip\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"RGVhciBTYW0sCg==\r\n" + // "Dear Sam,\n"
		"*** line damaged in transit ***\r\n" +
		"dGhlIHRyYWluIGxlYXZlcyBhdCA5Lgo=\r\n" // "the train leaves at 9.\n"
	v := Parse([]byte(raw))
	if !strings.Contains(v.Text, "Dear Sam,") || !strings.Contains(v.Text, "the train leaves at 9.") || !v.Damaged {
		t.Fatalf("text %q damaged=%v", v.Text, v.Damaged)
	}
}
