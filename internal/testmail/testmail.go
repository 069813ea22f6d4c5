// Package testmail makes hostile and unusual messages for tests and
// benchmarks in every package: the faults real servers and old archives
// deliver, reproduced deterministically. Only tests import it.
package testmail

import (
	"bytes"
	"fmt"
)

// Nested is a message of depth multiparts nested in one another, with
// one line of text at the bottom (20,000 levels make about 1.4 MB).
func Nested(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("From: Nester <nest@example.com>\r\nTo: me@example.org\r\nSubject: nested parts\r\nMessage-ID: <nested@example.com>\r\n" +
		"Date: Mon, 2 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
	for i := 1; i < depth; i++ {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i-1, i)
	}
	fmt.Fprintf(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\ndeep down\r\n--b%d--\r\n", depth-1, depth-1)
	for i := depth - 2; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return b.Bytes()
}

// NestedOfSize is Nested with as many levels as fit in about size bytes.
func NestedOfSize(size int) []byte {
	per := len(Nested(2)) - len(Nested(1))
	return Nested(max(1, size/per))
}

// EmptyInReplyTo is a message whose In-Reply-To header is empty.
func EmptyInReplyTo() []byte {
	return []byte("From: Kim <kim@example.com>\r\nTo: me@example.org\r\nSubject: a reply with nothing in In-Reply-To\r\n" +
		"Message-ID: <empty-irt@example.com>\r\nIn-Reply-To:\r\nDate: Mon, 2 Nov 2026 11:00:00 +0000\r\n\r\nHello\r\n")
}
