package mailtext

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// partsOf reads a multipart message part by part: each part's type,
// decoded body and whether it was damaged, as "type "body"[!]".
func partsOf(t *testing.T, raw string) []string {
	t.Helper()
	e, _, err := Read(bytes.NewReader([]byte(raw)))
	if e == nil {
		t.Fatalf("not read: %v", err)
	}
	pr := NewPartReader(e)
	if pr == nil {
		return nil
	}
	var out []string
	for {
		p, d, _ := pr.Next()
		if p == nil {
			return out
		}
		ct, _, _ := p.Header.ContentType()
		b, _ := io.ReadAll(p.Body)
		s := fmt.Sprintf("%s %q", ct, b)
		if d.Found() {
			s += "!"
		}
		out = append(out, s)
	}
}

// Multiparts are cut at their boundary lines as RFC 2046 §5.1.1 defines
// them, and nothing after a part that cannot be read is lost: a boundary
// repeated by a nested part, an empty part, a boundary longer than the 70
// characters allowed (go-message: "bufio: buffer full"), a part with no
// header (a returned message in a delivery report), no closing boundary.
func TestMultipartParts(t *testing.T) {
	long := strings.Repeat("x", 200)
	mp := func(boundary, body string) string {
		return "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" + body
	}
	for _, c := range []struct {
		name, raw string
		want      []string
	}{
		{"preamble and epilogue left out", mp("b", "preamble\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepilogue\r\n"),
			[]string{`text/plain "one"`, `text/plain "two"`}},
		{"empty part", mp("b", "--b\r\n--b\r\nContent-Type: text/plain\r\n\r\nafter empty\r\n--b--\r\n"),
			[]string{`text/plain ""`, `text/plain "after empty"`}},
		{"no closing boundary", mp("b", "--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\nContent-Type: text/plain\r\n\r\nno end\r\n"),
			[]string{`text/plain "one"`, `text/plain "no end\r\n"!`}},
		{"boundary of 200 characters", mp(long, "--"+long+"\r\nContent-Type: text/plain\r\n\r\nlong one\r\n--"+long+"--\r\n"),
			[]string{`text/plain "long one"`}},
		{"part with no header", mp("b", "--b\r\nThis is the returned message, no header\r\nSecond line\r\n--b--\r\n"),
			[]string{`text/plain "This is the returned message, no header\r\nSecond line"`}},
		{"boundary repeated by a nested part", mp("b", "--b\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ninner\r\n--b--\r\n--b--\r\n"),
			[]string{`multipart/alternative ""`, `text/plain "inner"`}},
		{"boundary that starts another", mp("b", "--b\r\nContent-Type: multipart/alternative; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain\r\n\r\ninner\r\n--b2--\r\n--b\r\nContent-Type: text/plain\r\n\r\nouter\r\n--b--\r\n"),
			[]string{`multipart/alternative "--b2\r\nContent-Type: text/plain\r\n\r\ninner\r\n--b2--"`, `text/plain "outer"`}},
		{"blanks after a delimiter; a longer line is none", mp("b", "--b   \r\nContent-Type: text/plain\r\n\r\npadded\r\n--bxyz\r\nstill\r\n--b--  \r\n"),
			[]string{`text/plain "padded\r\n--bxyz\r\nstill"`}},
		{"LF line ends", "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nLF only\n--b--\n",
			[]string{`text/plain "LF only"`}},
		{"base64 part", mp("b", "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b--\r\n"),
			[]string{`text/plain "hello"`}},
		{"no boundary line at all: the body as text", mp("b", "no boundary at all\r\n"),
			[]string{`text/plain "no boundary at all\r\n"!`}},
		{"no boundary parameter", "Content-Type: multipart/mixed\r\n\r\n--b\r\n\r\nno param\r\n--b--\r\n",
			[]string{`text/plain "--b\r\n\r\nno param\r\n--b--\r\n"!`}},
		{"empty multipart", mp("b", ""), nil},
		{"digest: parts are messages", "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nFrom: a@b.c\r\n\r\nhi\r\n--d\r\nContent-Type: text/plain\r\n\r\nnote\r\n--d--\r\n",
			[]string{`message/rfc822 "From: a@b.c\r\n\r\nhi"`, `text/plain "note"`}},
	} {
		if got := partsOf(t, c.raw); strings.Join(got, " | ") != strings.Join(c.want, " | ") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
