package localstore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

// parsed is what the store keeps beside the raw bytes: the fields the
// message list shows and the text the full-text index holds. It is always
// derived from the raw bytes, so it can be rebuilt at any time.
type parsed struct {
	messageID, inReplyTo, refs string
	date                       time.Time
	from, to, cc, subject      string
	hasAttach                  bool
	preview, body              string
}

const (
	maxIndexedBody = 64 << 10
	maxPreview     = 160
)

var wordDecoder = &mime.WordDecoder{CharsetReader: charset.Reader}

// splitHeader returns the header block and the body. A message without a
// blank line is all header; one that starts with a blank line has none.
func splitHeader(raw []byte) (hdr, body []byte) {
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 {
			return raw, nil
		}
		line := raw[i : i+j]
		if len(bytes.TrimRight(line, "\r")) == 0 {
			return raw[:i], raw[i+j+1:]
		}
		i += j + 1
	}
	return raw, nil
}

// headerFields parses a header block leniently: folded lines are joined,
// lines that are not "Name: value" (an mbox From_ line, garbage) are
// skipped instead of failing the whole message.
func headerFields(hdr []byte) [][2]string {
	var out [][2]string
	for _, line := range strings.Split(string(hdr), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			out[len(out)-1][1] += " " + strings.TrimSpace(line)
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			continue
		}
		out = append(out, [2]string{k, strings.TrimSpace(v)})
	}
	return out
}

// toUTF8 makes header text valid UTF-8: raw 8-bit bytes that are not UTF-8
// are taken as Windows-1252, the most common mistake in the wild.
func toUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	if d, err := charmap.Windows1252.NewDecoder().String(s); err == nil {
		return d
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// decodeText decodes RFC 2047 encoded words. When one word cannot be
// decoded, the others still are.
func decodeText(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		return toUTF8(d)
	}
	fields := strings.Fields(s)
	for i, f := range fields {
		if d, err := wordDecoder.Decode(f); err == nil {
			fields[i] = d
		}
	}
	return toUTF8(strings.Join(fields, " "))
}

var addrParser = &netmail.AddressParser{WordDecoder: wordDecoder}

// decodeAddresses returns "Name <addr>, ..." or, for an address list that
// net/mail refuses, the decoded text as it stands.
func decodeAddresses(s string) string {
	if s == "" {
		return ""
	}
	list, err := addrParser.ParseList(s)
	if err != nil {
		return decodeText(s)
	}
	parts := make([]string, 0, len(list))
	for _, a := range list {
		name := toUTF8(a.Name)
		if name == "" {
			parts = append(parts, a.Address)
		} else {
			parts = append(parts, name+" <"+a.Address+">")
		}
	}
	return strings.Join(parts, ", ")
}

func trimAngles(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "<"), ">")
}

// parseMessage never fails: whatever it cannot read stays empty.
func parseMessage(raw []byte) parsed {
	var p parsed
	hdr, _ := splitHeader(raw)
	fields := headerFields(hdr)
	var clean bytes.Buffer
	for _, f := range fields {
		v := f[1]
		switch strings.ToLower(f[0]) {
		case "message-id":
			p.messageID = trimAngles(v)
		case "in-reply-to":
			p.inReplyTo = trimAngles(strings.Fields(v + " ")[0])
		case "references":
			p.refs = v
		case "date":
			if t, err := netmail.ParseDate(v); err == nil {
				p.date = t
			}
		case "from":
			p.from = decodeAddresses(v)
		case "to":
			p.to = decodeAddresses(v)
		case "cc":
			p.cc = decodeAddresses(v)
		case "subject":
			p.subject = decodeText(v)
		}
		clean.WriteString(f[0] + ": " + f[1] + "\r\n")
	}
	clean.WriteString("\r\n")
	_, body := splitHeader(raw)
	clean.Write(body)
	p.body, p.hasAttach = bodyText(clean.Bytes())
	if len(p.body) > maxIndexedBody {
		p.body = strings.ToValidUTF8(p.body[:maxIndexedBody], "")
	}
	p.preview = preview(p.body)
	return p
}

func preview(body string) string {
	var b strings.Builder
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, ">") {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(line)
		if b.Len() >= maxPreview {
			break
		}
	}
	s := b.String()
	if len(s) > maxPreview {
		s = strings.ToValidUTF8(s[:maxPreview], "") + "…"
	}
	return s
}

// bodyText returns the readable text of a message for the index and the
// preview (text/plain preferred, else text/html without markup) and whether
// it carries attachments. Broken MIME yields whatever could be read.
func bodyText(raw []byte) (string, bool) {
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		_ = err
		return "", false
	}
	var plain, htm string
	attach := false
	_ = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil || part == nil {
			return nil
		}
		ct, params, _ := part.Header.ContentType()
		disp, dparams, _ := part.Header.ContentDisposition()
		if strings.HasPrefix(ct, "multipart/") {
			return nil
		}
		if disp == "attachment" || dparams["filename"] != "" || params["name"] != "" && !strings.HasPrefix(ct, "text/") {
			attach = true
			return nil
		}
		switch {
		case ct == "text/plain" || ct == "":
			if plain == "" {
				plain = readText(part.Body)
			}
		case ct == "text/html":
			if htm == "" {
				htm = htmlText(readText(part.Body))
			}
		case strings.HasPrefix(ct, "text/") || ct == "message/rfc822":
		default:
			attach = true
		}
		return nil
	})
	if plain != "" {
		return plain, attach
	}
	return htm, attach
}

func readText(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 4*maxIndexedBody))
	return strings.ReplaceAll(toUTF8(string(b)), "\r\n", "\n")
}

// htmlText extracts the words of an HTML document, leaving out scripts and
// styles; block elements become line breaks.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				skip++
			case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote":
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if skip > 0 {
					skip--
				}
			}
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
				b.WriteByte(' ')
			}
		}
	}
}

// ErrNotMail says a file or message is not an email message.
var ErrNotMail = errors.New("this is not an email message")

// CheckMessage says whether raw looks like an email message: it must start
// with header lines ("Name: value") and carry at least one of the headers
// every message has. It lets importers refuse binary files, empty files
// and text that is not mail, with a reason a person understands.
func CheckMessage(raw []byte) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return fmt.Errorf("%w: it is empty", ErrNotMail)
	}
	hdr, _ := splitHeader(raw)
	if len(hdr) == 0 {
		return fmt.Errorf("%w: it has no header lines (From, To, Subject…)", ErrNotMail)
	}
	if bytes.IndexByte(hdr, 0) >= 0 {
		return fmt.Errorf("%w: it contains binary data", ErrNotMail)
	}
	first, _, _ := bytes.Cut(hdr, []byte("\n"))
	if k, _, ok := bytes.Cut(first, []byte(":")); !ok || len(k) == 0 || bytes.ContainsAny(k, " \t") {
		return fmt.Errorf("%w: it does not start with a header line", ErrNotMail)
	}
	for _, f := range headerFields(hdr) {
		switch strings.ToLower(f[0]) {
		case "from", "to", "subject", "date", "message-id", "received", "return-path", "delivered-to", "sender", "cc":
			return nil
		}
	}
	return fmt.Errorf("%w: it has none of the usual headers (From, To, Subject, Date)", ErrNotMail)
}
