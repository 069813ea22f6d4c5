package mailview

import (
	"fmt"
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
	if len(v.Attachments) != 2 || v.Attachments[0].Name != "the report.eml" || v.Attachments[1].Name != "report.pdf" {
		t.Fatalf("attachments: %+v", v.Attachments)
	}
	data, err := AttachmentData([]byte(raw), v.Attachments[1])
	if err != nil || string(data) != "%PDF-1.4\n" {
		t.Fatalf("the forwarded attachment cannot be saved: %q %v", data, err)
	}
}

// forwardAsAttachment is a message forwarded as Postie's "Forward as
// attachment" writes it: the original as a message/rfc822 part with
// Content-Disposition: attachment, holding a text and a PDF.
func forwardAsAttachment(disposition string) (raw, inner string) {
	inner = "From: Kim <kim@example.org>\r\nTo: Lee <lee@example.org>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\nSubject: Quarterly report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n--in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe figures are in the attached summary.\r\n--in\r\nContent-Type: application/pdf; name=summary.pdf\r\nContent-Disposition: attachment; filename=summary.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--in--\r\n"
	raw = "From: Lee <lee@example.org>\r\nTo: Ann <ann@example.org>\r\nSubject: Fwd: Quarterly report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\nFYI\r\n--out\r\nContent-Type: message/rfc822; name=forwarded.eml\r\n" + disposition + "\r\n" + inner + "\r\n--out--\r\n"
	return raw, inner
}

// A message forwarded as an attachment (issue #29 item 5) is shown as a
// message: its heading and header lines, its text, its own attachments
// each listed and saveable; the whole of it is also listed, to save as
// the .eml it was sent as.
func TestForwardedAsAttachmentIsShown(t *testing.T) {
	for _, disp := range []string{"Content-Disposition: attachment; filename=forwarded.eml\r\n", "Content-Disposition: inline\r\n", ""} {
		raw, inner := forwardAsAttachment(disp)
		v := Parse([]byte(raw))
		for _, want := range []string{"FYI", "Forwarded message", "From: Kim <kim@example.org>", "Subject: Quarterly report", "The figures are in the attached summary."} {
			if !strings.Contains(v.Text, want) || !strings.Contains(allText(v), want) {
				t.Errorf("%q: %q not shown:\n%s", disp, want, allText(v))
			}
		}
		if len(v.Attachments) != 2 || v.Attachments[0].Name != "forwarded.eml" || v.Attachments[0].Type != "message/rfc822" || v.Attachments[1].Name != "summary.pdf" {
			t.Fatalf("%q: attachments %+v", disp, v.Attachments)
		}
		eml, err := AttachmentData([]byte(raw), v.Attachments[0])
		if err != nil || string(eml) != inner || v.Attachments[0].Size != int64(len(inner)) {
			t.Errorf("%q: the .eml saves %d bytes (listed as %d), want the %d sent: %v", disp, len(eml), v.Attachments[0].Size, len(inner), err)
		}
		pdf, err := AttachmentData([]byte(raw), v.Attachments[1])
		if err != nil || string(pdf) != "%PDF-1.4\n" {
			t.Errorf("%q: the inner attachment saves %q: %v", disp, pdf, err)
		}
	}
}

// A forwarded message with no name is listed under its subject; one
// nested deeper than the reader shows is still listed whole, once.
func TestForwardedNamesAndNesting(t *testing.T) {
	msg := "From: a@example.org\r\nSubject: level 0\r\n\r\ninnermost text\r\n"
	for i := 1; i <= 7; i++ {
		msg = fmt.Sprintf("From: a@example.org\r\nSubject: level %d\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n", i) + msg
	}
	v := Parse([]byte(msg))
	var names []string
	for _, a := range v.Attachments {
		names = append(names, a.Name)
	}
	// Levels 6 to 2 are shown (five forwarded messages deep); level 1
	// is only listed.
	want := "level 6.eml|level 5.eml|level 4.eml|level 3.eml|level 2.eml|forwarded message.eml"
	if strings.Join(names, "|") != want {
		t.Errorf("listed %q, want %q", strings.Join(names, "|"), want)
	}
	if strings.Contains(v.Text, "innermost text") || !strings.Contains(v.Text, "Subject: level 2") {
		t.Errorf("text shown past the nesting bound:\n%s", v.Text)
	}
	for _, a := range v.Attachments {
		if _, err := AttachmentData([]byte(msg), a); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
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

// The parts of a multipart/digest are messages unless they say otherwise
// (RFC 2046 §5.1.5): a part with no Content-Type is shown as a forwarded
// message and saves as the message it is.
func TestDigestPartsAreMessages(t *testing.T) {
	raw := "From: list@example.org\r\nSubject: digest\r\nMIME-Version: 1.0\r\nContent-Type: multipart/digest; boundary=d\r\n\r\n" +
		"--d\r\n\r\nFrom: kim@example.org\r\nSubject: first post\r\n\r\nhello list\r\n" +
		"--d\r\nContent-Type: text/plain\r\n\r\na note\r\n--d--\r\n"
	v := Parse([]byte(raw))
	if len(v.Attachments) != 1 || v.Attachments[0].Name != "first post.eml" || !strings.Contains(v.Text, "Subject: first post\n\nhello list") {
		t.Fatalf("attachments %+v, text %q", v.Attachments, v.Text)
	}
	if b, err := AttachmentData([]byte(raw), v.Attachments[0]); err != nil || string(b) != "From: kim@example.org\r\nSubject: first post\r\n\r\nhello list" {
		t.Fatalf("saved %q: %v", b, err)
	}
}
