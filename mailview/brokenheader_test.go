package mailview

import (
	"strings"
	"testing"
)

// A line that is no "Name: value" field ends the header: it and what
// follows are the body, shown whole (as Python's email package and most
// mail programs read it); the fields before it still show. A field
// written "To : x" (obsolete syntax, RFC 5322 §4.5) is a field.
func TestMalformedHeaderLineStartsTheBody(t *testing.T) {
	raw := "From: Kim <kim@example.org>\r\nSubject: hello there\r\nTo : lee@example.org\r\nThis line is broken\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nthe body\r\n"
	v := Parse([]byte(raw))
	if v.Subject != "hello there" || !strings.Contains(v.From, "kim@example.org") || !strings.Contains(v.To, "lee@example.org") {
		t.Fatalf("headers lost: %q %q %q", v.Subject, v.From, v.To)
	}
	if !strings.Contains(v.Text, "This line is broken") || !strings.Contains(v.Text, "the body") || v.Damaged {
		t.Fatalf("body %q damaged %v", v.Text, v.Damaged)
	}
}
