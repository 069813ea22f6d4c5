package mailtext

import (
	"bytes"
	"encoding/base64"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/emersion/go-message/charset"
)

// Go's mime.WordDecoder gives up on an encoded word that real mail
// carries: raw 8-bit bytes inside it, a charset it does not know
// (=?NONE?…, =?unknown-8bit?…), UTF-7, RFC 2231's charset*language, a
// base64 word without its padding. The reader then showed the word as
// "=?iso-8859-1?Q?…?=". lenientWords decodes those the way mail programs
// do, leaving nothing encoded that can be read.

var encodedWord = regexp.MustCompile(`=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=`)

// lenientWords decodes every encoded word in s; whitespace between two
// encoded words is dropped, as RFC 2047 says.
func lenientWords(s string) string {
	var b strings.Builder
	last, prevEnd := 0, -1
	for _, m := range encodedWord.FindAllStringSubmatchIndex(s, -1) {
		between := s[last:m[0]]
		if prevEnd != last || strings.TrimSpace(between) != "" {
			b.WriteString(between)
		}
		b.WriteString(decodeWord(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]))
		last, prevEnd = m[1], m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func decodeWord(cs, enc, text string) string {
	var raw []byte
	if enc == "B" || enc == "b" {
		t := strings.TrimRight(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, text), "=")
		if len(t)%4 == 1 {
			t = t[:len(t)-1]
		}
		raw, _ = base64.RawStdEncoding.DecodeString(t)
	} else {
		raw = qDecode(text)
	}
	return decodeWordBytes(cs, raw)
}

// decodeWordBytes turns bytes in a named charset into UTF-8, leniently.
func decodeWordBytes(cs string, raw []byte) string {
	cs = strings.ToLower(cs)
	if i := strings.IndexByte(cs, '*'); i >= 0 { // RFC 2231: charset*language
		cs = cs[:i]
	}
	switch cs {
	case "utf-7", "utf7", "unicode-1-1-utf-7":
		return decodeUTF7(raw)
	case "utf-8", "us-ascii", "none", "unknown", "unknown-8bit", "x-unknown", "default", "":
		return ToUTF8(string(raw))
	}
	if r, err := charset.Reader(cs, bytes.NewReader(raw)); err == nil {
		if out, err := io.ReadAll(r); err == nil {
			return string(out)
		}
	}
	return ToUTF8(string(raw)) // an unknown charset: UTF-8 if it is, else Windows-1252
}

// qDecode is RFC 2047's Q encoding, keeping raw bytes and bad escapes as
// they stand.
func qDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(s):
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}

// decodeUTF7 reads RFC 2152 UTF-7: "+…-" runs of modified base64 of
// UTF-16, "+-" a plus sign.
func decodeUTF7(b []byte) string {
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] != '+' {
			out.WriteByte(b[i])
			continue
		}
		j := i + 1
		for j < len(b) && isB64(b[j]) {
			j++
		}
		seg := b[i+1 : j]
		if len(seg)%4 == 1 { // a stray sextet: no whole byte in it
			seg = seg[:len(seg)-1]
		}
		if j == i+1 {
			out.WriteByte('+')
		} else if raw, err := base64.RawStdEncoding.DecodeString(string(seg)); err == nil {
			units := make([]uint16, len(raw)/2)
			for k := range units {
				units[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
			}
			out.WriteString(string(utf16.Decode(units)))
		}
		if j < len(b) && b[j] == '-' {
			j++
		}
		i = j - 1
	}
	return ToUTF8(out.String())
}

func isB64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}
