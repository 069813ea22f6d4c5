package localstore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/tr"
)

// parsed is what the store keeps beside the raw bytes: the fields the
// message list shows and the text the full-text index holds. It is always
// derived from the raw bytes, so it can be rebuilt at any time.
type parsed struct {
	messageID, inReplyTo, refs string
	date                       time.Time
	from, to, cc, subject      string
	seen                       map[string]bool // header fields already kept
	hasAttach                  bool
	preview, body              string
	// damaged: reading part of the message failed (Postie's fault or the
	// message's); what could be read is here, the raw bytes are whole.
	damaged bool
}

const (
	maxIndexedBody = 64 << 10
	maxPreview     = 160
)

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

func trimAngles(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "<"), ">")
}

// parseMessage never fails and never panics: whatever it cannot read
// stays empty and the message is marked damaged. Each stage is guarded on
// its own, so a fault in the body still leaves the header's fields.
func parseMessage(raw []byte) parsed {
	var p parsed
	guard(&p, "header", func() {
		hdr, _ := mailtext.CutHeader(raw) // the header as the reader reads it
		for _, f := range headerFields(hdr) {
			headerField(&p, f[0], f[1])
		}
	})
	guard(&p, "body", func() {
		if bodyHook != nil {
			bodyHook(raw)
		}
		p.body, p.hasAttach = bodyText(raw)
		if len(p.body) > maxIndexedBody {
			p.body = strings.ToValidUTF8(p.body[:maxIndexedBody], "")
		}
		p.preview = preview(p.body)
	})
	return p
}

// bodyHook lets tests make reading a body fail as a bug would.
var bodyHook func(raw []byte)

// guard runs one stage of reading a message; a panic in it marks the
// message damaged instead of ending the sync (or the program).
func guard(p *parsed, stage string, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			p.damaged = true
			log.Printf("postie: reading a message's %s failed (it is stored whole, marked damaged): %v\n%s", stage, r, debug.Stack())
		}
	}()
	fn()
}

// headerField keeps one header field's value in p, if it is one the
// store shows or indexes. A field given twice keeps its first value, as
// the reader (and Python's email package) show it.
func headerField(p *parsed, name, v string) {
	name = strings.ToLower(name)
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if p.seen[name] {
		return
	}
	p.seen[name] = true
	switch name {
	case "message-id":
		p.messageID = trimAngles(v)
	case "in-reply-to":
		if f := strings.Fields(v); len(f) > 0 {
			p.inReplyTo = trimAngles(f[0])
		}
	case "references":
		p.refs = v
	case "date":
		if t, ok := mailtext.ParseDate(v); ok {
			p.date = t
		}
	case "from":
		p.from = mailtext.Addresses(v)
	case "to":
		p.to = mailtext.Addresses(v)
	case "cc":
		p.cc = mailtext.Addresses(v)
	case "subject":
		p.subject = mailtext.DecodeHeader(v)
	}
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
// preview — every text the reader shows, with either view ("prefer plain
// text" or not): every version of a multipart/alternative, every text/*
// part shown inline (HTML without markup, text/enriched and other text
// as it stands), the heading and header lines of forwarded messages and
// their text — and whether it carries attachments. Broken MIME yields
// whatever could be read. Reading stops once the index's share is full
// (maxIndexedBody); the walk goes on, to find attachments.
func bodyText(raw []byte) (string, bool) {
	e, _, _ := mailtext.Read(bytes.NewReader(raw))
	if e == nil {
		return "", false
	}
	var b strings.Builder
	attach := collectText(e, &b, 0)
	return b.String(), attach
}

// add appends one part's text, up to what the index keeps.
func add(b *strings.Builder, s string) {
	if full(b) || strings.TrimSpace(s) == "" {
		return
	}
	if b.Len() > 0 {
		b.WriteString("\n\n")
	}
	b.WriteString(s)
}

// full says the index's share of a message's text is read.
func full(b *strings.Builder) bool { return b.Len() >= maxIndexedBody }

// collectText adds an entity's readable text to b, going into forwarded
// messages as deep as the reader shows them, and says whether it has
// attachments (what the reader lists to save).
func collectText(e *message.Entity, b *strings.Builder, depth int) bool {
	attach := false
	complete := mailtext.Walk(e, func(part mailtext.Part) bool {
		if part.Opaque {
			return true
		}
		ct, params, _ := part.Entity.Header.ContentType()
		if mailtext.ReportTypes[ct] {
			ct = "text/plain" // shown as text by the reader
		}
		disp, dparams, _ := part.Entity.Header.ContentDisposition()
		named := dparams["filename"] != "" || params["name"] != ""
		text := ct == "" || strings.HasPrefix(ct, "text/")
		switch {
		case ct == "message/rfc822":
			// Shown inline as a message, and listed to save as .eml.
			attach = true
			if depth >= mailtext.MaxForwarded {
				return true
			}
			if inner, _, _ := mailtext.Read(part.Entity.Body); inner != nil {
				fields := mailtext.ForwardedFields(inner.Header.Get)
				add(b, strings.Join(append([]string{mailtext.ForwardedHeading}, fields...), "\n"))
				attach = collectText(inner, b, depth+1) || attach
			}
		case disp == "attachment" || !text:
			attach = true
		case full(b):
			attach = attach || named
		case ct == "text/html":
			attach = attach || named // a named HTML part is listed too
			add(b, mailtext.HTMLIndexText(readText(part.Entity.Body), maxIndexedBody-b.Len()))
		default: // text/plain, text/enriched and any other text: shown as it stands
			attach = attach || named // a text file shown inline: listed, and its text found
			s := readText(part.Entity.Body)
			if uu := mailtext.UUBlocks([]byte(s)); len(uu) > 0 {
				attach = true // uuencoded files: listed, not shown as text
				for k := len(uu) - 1; k >= 0; k-- {
					s = s[:uu[k].Start] + s[uu[k].End:]
				}
			}
			add(b, mailtext.Unflowed(strings.ReplaceAll(s, "\r", "\n"), params)) // format=flowed joined, as shown
		}
		return true
	})
	return attach || !complete // the rest is kept as parts not read
}

func readText(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 4*maxIndexedBody)) // HTML's markup does not count
	return strings.ReplaceAll(mailtext.ToUTF8(string(b)), "\r\n", "\n")
}

// ErrNotMail says a file or message is not an email message. CheckMessage's
// errors wrap it, with why in English (for logs); NotMailReason says why
// in the person's language.
var ErrNotMail = errors.New("this is not an email message")

var (
	errEmpty  = fmt.Errorf("%w: it is empty", ErrNotMail)
	errBinary = fmt.Errorf("%w: it contains binary data (a picture, a program or an archive, not text mail)", ErrNotMail)
)

// NotMailReason is why CheckMessage refused a message, in the person's
// language ("it is empty"), or "" for another error.
func NotMailReason(err error) string {
	switch {
	case errors.Is(err, errEmpty):
		return tr.L("it is empty")
	case errors.Is(err, errBinary):
		return tr.L("it contains binary data (a picture, a program or an archive, not text mail)")
	case errors.Is(err, ErrNotMail):
		return tr.L("this is not an email message")
	}
	return ""
}

// CheckMessage says whether raw can be kept as a message. A file someone
// brings as mail (an .eml, a Maildir file, a piece of an mbox) is mail,
// whatever its headers look like — old syntax, only MIME headers, none at
// all: it is kept byte for byte. Only an empty file and binary data
// (a NUL byte near the start, or mostly control characters: a picture,
// a program, a zip) are refused, with a reason a person understands.
func CheckMessage(raw []byte) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return errEmpty
	}
	if looksBinary(raw) {
		return errBinary
	}
	return nil
}

// looksBinary: a NUL byte in the first KB, or more than one byte in ten
// of the first 8 KB a control character no text uses.
func looksBinary(raw []byte) bool {
	if bytes.IndexByte(raw[:min(len(raw), 1024)], 0) >= 0 {
		return true
	}
	head := raw[:min(len(raw), 8192)]
	odd := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != 0x1b || c == 0x7f {
			odd++
		}
	}
	return odd*10 > len(head)
}
