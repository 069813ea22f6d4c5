package mailtext

import (
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
)

var wordDecoder = &mime.WordDecoder{CharsetReader: charset.Reader}

// ToUTF8 makes text valid UTF-8: raw 8-bit bytes that are not UTF-8 are
// taken as Windows-1252, the most common mistake in the wild.
func ToUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	if d, err := charmap.Windows1252.NewDecoder().String(s); err == nil {
		return d
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// DecodeHeader decodes RFC 2047 encoded words in a header's value. When
// one word cannot be decoded, the others still are.
func DecodeHeader(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil && !encodedWord.MatchString(d) {
		return ToUTF8(d)
	}
	return ToUTF8(lenientWords(s))
}

// ForwardedHeading starts a forwarded message (a message/rfc822 part)
// where the reader shows it inline.
const ForwardedHeading = "Forwarded message"

// ForwardedFields are the header lines the reader shows of a forwarded
// message ("From: …", "Date: …", "Subject: …", "To: …"), decoded; the
// search index holds them too.
func ForwardedFields(get func(string) string) []string {
	var lines []string
	for _, k := range []string{"From", "Date", "Subject", "To"} {
		if val := get(k); strings.TrimSpace(val) != "" {
			if k == "From" || k == "To" {
				val = Addresses(val)
			} else {
				val = DecodeHeader(val)
			}
			lines = append(lines, k+": "+strings.Join(strings.Fields(val), " "))
		}
	}
	return lines
}
