package mailview

import (
	"fmt"
	"strings"
	"testing"
)

func bigHTML() []byte {
	var b strings.Builder
	b.WriteString("From: a@example.com\r\nSubject: big\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>")
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "<h2>Section %d</h2><p>Some <b>bold</b> and <i>italic</i> text with a <a href=\"https://example.com/%d\">link</a>.</p><table><tr><td>a</td><td>b</td></tr></table><img src=\"https://t.example/%d.gif\">\n", i, i, i)
	}
	b.WriteString("</body></html>\r\n")
	return []byte(b.String())
}

func manyParts() []byte {
	var b strings.Builder
	b.WriteString("From: a@example.com\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=P\r\n\r\n")
	for i := 0; i < 1000; i++ {
		if i%2 == 0 {
			fmt.Fprintf(&b, "--P\r\nContent-Type: text/plain\r\n\r\nPart %d text.\r\n", i)
		} else {
			fmt.Fprintf(&b, "--P\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=f%d.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgc=\r\n", i)
		}
	}
	b.WriteString("--P--\r\n")
	return []byte(b.String())
}

// BenchmarkParse5MBHTML: MIME + HTML → blocks for a 5 MB HTML message.
func BenchmarkParse5MBHTML(b *testing.B) {
	raw := bigHTML()
	for b.Loop() {
		if v := Parse(raw); len(v.Blocks) == 0 {
			b.Fatal("no blocks")
		}
	}
}

// BenchmarkParse1000Parts: a multipart message with 1,000 parts.
func BenchmarkParse1000Parts(b *testing.B) {
	raw := manyParts()
	for b.Loop() {
		if v := Parse(raw); len(v.Attachments) != 500 {
			b.Fatalf("%d attachments", len(v.Attachments))
		}
	}
}
