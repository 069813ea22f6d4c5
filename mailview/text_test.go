package mailview

import (
	"strings"
	"testing"
	"time"
)

// mixed builds a multipart/mixed message of the given parts (each its
// header lines, a blank line and its body).
func mixed(parts ...string) []byte {
	var b strings.Builder
	b.WriteString("From: a@example.org\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=mix\r\n\r\n")
	for _, p := range parts {
		b.WriteString("--mix\r\n" + p + "\r\n")
	}
	b.WriteString("--mix--\r\n")
	return []byte(b.String())
}

// View.Text (postie show, a reply's quote) puts a paragraph break between
// the parts it joins, whatever they are and however they end: no part's
// last word is glued to the next one's first.
func TestTextKeepsPartsApart(t *testing.T) {
	alt := "Content-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\nContent-Type: text/plain\r\n\r\nbody\r\n--alt\r\nContent-Type: text/html\r\n\r\n<p>body</p>\r\n--alt--"
	for _, c := range []struct {
		name  string
		raw   []byte
		plain bool
		want  string
	}{
		{"plain then HTML", mixed("Content-Type: text/plain\r\n\r\nintro", "Content-Type: text/html\r\n\r\n<p>beta</p><p>gamma</p>"), false, "intro\n\nbeta\n\ngamma"},
		{"HTML then plain", mixed("Content-Type: text/html\r\n\r\n<p>one</p>", "Content-Type: text/plain\r\n\r\ntwo"), false, "one\n\ntwo"},
		{"alternative then plain", mixed(alt, "Content-Type: text/plain\r\n\r\npage"), false, "body\n\npage"},
		{"alternative (plain preferred) then plain", mixed(alt, "Content-Type: text/plain\r\n\r\npage"), true, "body\n\npage"},
		{"plain ending in a line break then plain", mixed("Content-Type: text/plain\r\n\r\nfirst\r\n", "Content-Type: text/plain\r\n\r\nsecond"), false, "first\n\nsecond"},
		{"plain then alternative", mixed("Content-Type: text/plain\r\n\r\nlead", alt), false, "lead\n\nbody"},
	} {
		v := ParseWith(c.raw, Options{PreferPlain: c.plain})
		if v.Text != c.want {
			t.Errorf("%s: text %q, want %q", c.name, v.Text, c.want)
		}
	}
}

// A forwarded message's heading and its From, Date, Subject and To are in
// the text as they are on screen, each on its line, apart from the text
// around them.
func TestTextHasTheForwardedHeader(t *testing.T) {
	inner := "From: Kim <kim@example.org>\r\nTo: Lee <lee@example.org>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\nSubject: =?utf-8?q?the_r=C3=A9port?=\r\n\r\nsee attached"
	v := Parse(mixed("Content-Type: text/plain\r\n\r\nhave a look", "Content-Type: message/rfc822\r\n\r\n"+inner))
	want := "have a look\n\nForwarded message\nFrom: Kim <kim@example.org>\nDate: Mon, 2 Nov 2026 10:00:00 +0100\nSubject: the réport\nTo: Lee <lee@example.org>\n\nsee attached"
	if v.Text != want {
		t.Errorf("text\n%q\nwant\n%q", v.Text, want)
	}
}

// A Date whose zone cannot be read is shown as UTC and said to be so; a
// zone name Postie knows is read (#27).
func TestDateZone(t *testing.T) {
	for _, c := range []struct {
		date, want string
		unknown    bool
	}{
		{"Tue, 21 Apr 2020 15:40:22 CEST", "2020-04-21T13:40:22Z", false},
		{"Mon, 1 Jan 2024 10:00:00 +05:30", "2024-01-01T04:30:00Z", false},
		{"Tue, 21 Apr 2020 15:40:22 IST", "2020-04-21T15:40:22Z", true},
		{"Wed, 15 Feb 1995 09:38:18", "1995-02-15T09:38:18Z", true},
	} {
		v := Parse([]byte("From: a@example.org\r\nDate: " + c.date + "\r\n\r\nbody\r\n"))
		if got := v.Date.UTC().Format(time.RFC3339); got != c.want || v.DateZoneUnknown != c.unknown {
			t.Errorf("%q: %s unknown %v, want %s %v", c.date, got, v.DateZoneUnknown, c.want, c.unknown)
		}
	}
}
