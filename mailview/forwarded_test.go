package mailview

import (
	"strings"
	"testing"
)

// Attachments inside a forwarded message (message/rfc822) are listed and
// can be saved; a forwarded message whose body starts with an mbox From_
// line is still shown.
func TestAttachmentsInsideAForwardedMessage(t *testing.T) {
	inner := "From kim@example.org Mon Nov  2 10:00:00 2026\r\nFrom: Kim <kim@example.org>\r\nSubject: the report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--in\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Disposition: attachment; filename=report.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--in--\r\n"
	raw := "From: Lee <lee@example.org>\r\nSubject: Fwd: the report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\nhave a look\r\n--out\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--out--\r\n"
	v := Parse([]byte(raw))
	if !strings.Contains(v.Text, "see attached") || !strings.Contains(v.Text, "have a look") {
		t.Fatalf("forwarded text missing: %q", v.Text)
	}
	if len(v.Attachments) != 1 || v.Attachments[0].Name != "report.pdf" {
		t.Fatalf("attachments: %+v", v.Attachments)
	}
	data, err := AttachmentData([]byte(raw), v.Attachments[0])
	if err != nil || string(data) != "%PDF-1.4\n" {
		t.Fatalf("the forwarded attachment cannot be saved: %q %v", data, err)
	}
}

// A text part with a file name shown inline is also listed, and saves.
func TestNamedInlineTextIsListed(t *testing.T) {
	raw := "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Type: text/plain; name=minutes.txt\r\nContent-Disposition: inline; filename=minutes.txt\r\n\r\nthe minutes\r\n--b--\r\n"
	v := Parse([]byte(raw))
	if !strings.Contains(v.Text, "the minutes") || len(v.Attachments) != 1 || v.Attachments[0].Name != "minutes.txt" {
		t.Fatalf("text %q attachments %+v", v.Text, v.Attachments)
	}
	if data, err := AttachmentData([]byte(raw), v.Attachments[0]); err != nil || string(data) != "the minutes" {
		t.Fatalf("%q %v", data, err)
	}
}

// "Content-Type: text" (no subtype) is plain text, shown; a raw 8-bit
// file name keeps its letters; RFC 2231 boundaries and a boundary
// repeated by a nested part still show the body.
func TestOddContentTypes(t *testing.T) {
	v := Parse([]byte("From: a@b.c\r\nSubject: x\r\nContent-Type: text\r\n\r\nplain text body\r\n"))
	if !strings.Contains(v.Text, "plain text body") || len(v.Attachments) != 0 {
		t.Errorf("Content-Type: text: %q %+v", v.Text, v.Attachments)
	}
	v = Parse([]byte("From: a@b.c\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nbody\r\n--zz\r\nContent-Type: application/pdf; name=\"r\xe9sum\xe9.pdf\"\r\nContent-Disposition: attachment; filename=\"r\xe9sum\xe9.pdf\"\r\n\r\nxx\r\n--zz--\r\n"))
	if len(v.Attachments) != 1 || v.Attachments[0].Name != "résumé.pdf" {
		t.Errorf("8-bit name: %+v", v.Attachments)
	}
	v = Parse([]byte("From: a@b.c\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary*=us-ascii''zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nbody here\r\n--zz--\r\n"))
	if !strings.Contains(v.Text, "body here") {
		t.Errorf("boundary*=: %q", v.Text)
	}
	v = Parse([]byte("From: a@b.c\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: multipart/alternative; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--zz--\r\n--zz--\r\n"))
	if !strings.Contains(v.Text, "inner text") {
		t.Errorf("repeated boundary: %q", v.Text)
	}
}

// HTML nested deeper than the HTML parser goes (512 elements) still
// shows all its text.
func TestDeeplyNestedHTMLShowsItsText(t *testing.T) {
	for _, n := range []int{600, 5000} {
		html := "<p>before</p>" + strings.Repeat("<div>", n) + "deep text here" + strings.Repeat("</div>", n) + "<p>after</p>"
		v := Parse([]byte("From: a@b.c\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n" + html + "\r\n"))
		for _, want := range []string{"before", "deep text here", "after"} {
			if !strings.Contains(v.Text, want) {
				t.Errorf("%d deep: %q missing from %q", n, want, v.Text)
			}
		}
	}
}
