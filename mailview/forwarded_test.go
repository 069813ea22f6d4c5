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
