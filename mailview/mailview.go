// Package mailview turns a raw MIME message into what the reader shows:
// decoded headers and the body as readable text. It never fails: whatever
// cannot be decoded is shown as well as it can be, never as an error.
// It has no UI code; app/ draws what it returns.
package mailview

import (
	"bytes"
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

// View is a message ready to show.
type View struct {
	From, To, Cc, Subject string
	Date                  time.Time
	Text                  string // the body as plain text, "\n" line breaks
}

// maxBody caps what the reader shows; the raw message stays whole.
const maxBody = 2 << 20

var dec = &mime.WordDecoder{CharsetReader: charset.Reader}

// Parse reads a raw message.
func Parse(raw []byte) View {
	var v View
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		// The header cannot be read at all: show what is there as text.
		_, body, ok := bytes.Cut(raw, []byte("\n\n"))
		if !ok {
			_, body, ok = bytes.Cut(raw, []byte("\r\n\r\n"))
		}
		if !ok {
			body = raw
		}
		v.Text = clean(string(body))
		_ = err
		return v
	}
	h := e.Header
	v.Subject = header(h.Get("Subject"))
	v.From = addresses(h.Get("From"))
	v.To = addresses(h.Get("To"))
	v.Cc = addresses(h.Get("Cc"))
	if t, err := netmail.ParseDate(h.Get("Date")); err == nil {
		v.Date = t
	}
	v.Text = body(e)
	return v
}

func toUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	if d, err := charmap.Windows1252.NewDecoder().String(s); err == nil {
		return d
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func header(s string) string {
	if d, err := dec.DecodeHeader(s); err == nil {
		return toUTF8(d)
	}
	return toUTF8(s)
}

func addresses(s string) string {
	if s == "" {
		return ""
	}
	list, err := (&netmail.AddressParser{WordDecoder: dec}).ParseList(s)
	if err != nil {
		return header(s)
	}
	out := make([]string, 0, len(list))
	for _, a := range list {
		if a.Name == "" {
			out = append(out, a.Address)
		} else {
			out = append(out, toUTF8(a.Name)+" <"+a.Address+">")
		}
	}
	return strings.Join(out, ", ")
}

// body picks text/plain, else text/html as text, from the whole tree.
func body(e *message.Entity) string {
	var plain, htm string
	_ = e.Walk(func(_ []int, p *message.Entity, err error) error {
		if p == nil {
			return nil
		}
		ct, _, _ := p.Header.ContentType()
		disp, _, _ := p.Header.ContentDisposition()
		if disp == "attachment" {
			return nil
		}
		switch ct {
		case "text/plain", "":
			if plain == "" && !strings.HasPrefix(ct, "multipart/") {
				plain = read(p.Body)
			}
		case "text/html":
			if htm == "" {
				htm = htmlToText(read(p.Body))
			}
		}
		return nil
	})
	if plain != "" {
		return plain
	}
	return htm
}

func read(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, maxBody))
	return clean(string(b))
}

func clean(s string) string {
	s = toUTF8(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.StartTagToken, html.SelfClosingTagToken:
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
			case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6":
				b.WriteByte('\n')
			}
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
				b.WriteByte(' ')
			}
		}
	}
}
