package mailview

import (
	"strings"
	"testing"
)

// One unreadable header line no longer hides every header: the Subject,
// From and Date still show (the message list showed them all along), the
// body too, and the reader says not all could be read.
func TestMalformedHeaderLineKeepsTheOthers(t *testing.T) {
	raw := "From: Kim <kim@example.org>\r\nSubject: hello there\r\nThis line is broken\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nTo : lee@example.org\r\n\r\nthe body\r\n"
	v := Parse([]byte(raw))
	if v.Subject != "hello there" || !strings.Contains(v.From, "kim@example.org") || v.Date.IsZero() || !strings.Contains(v.To, "lee@example.org") {
		t.Fatalf("headers lost: %q %q %v %q", v.Subject, v.From, v.Date, v.To)
	}
	if !strings.Contains(v.Text, "the body") || !v.Damaged {
		t.Fatalf("body %q damaged %v", v.Text, v.Damaged)
	}
}
