// Package compose writes messages: drafts and their MIME form (built with
// go-message), replies and forwards with their quoting, and the simple
// formatting (bold, lists, links) a plain-text body may carry. It knows
// nothing about servers; sending is the engines' job.
package compose

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/internal/tr"
)

// Draft is a message being written.
type Draft struct {
	From        *mail.Address
	To, Cc, Bcc []*mail.Address
	Subject     string
	Body        string // plain text
	InReplyTo   string // Message-ID of the message answered, without <>
	References  []string
	Attachments []File
	// Typed keeps what was typed in "To", "Cc" or "Bcc" while it is not
	// yet a valid list of addresses: a draft keeps it as it is.
	Typed map[string]string
}

// File is an attachment of a draft.
type File struct {
	Name, Type string
	Data       []byte
}

// Build makes the finished message with go-message: MIME, RFC 2047
// headers, a Date and a Message-ID. It returns the bytes, the Message-ID
// and the envelope recipients (To, Cc and Bcc; Bcc is not in the header).
func Build(d Draft, now time.Time) (raw []byte, messageID string, rcpt []string, err error) {
	if d.From == nil {
		return nil, "", nil, errors.New(tr.L("the message has no sender"))
	}
	for _, l := range [][]*mail.Address{d.To, d.Cc, d.Bcc} {
		for _, a := range l {
			rcpt = append(rcpt, a.Address)
		}
	}
	if len(rcpt) == 0 {
		return nil, "", nil, errors.New(tr.L("please add at least one recipient"))
	}
	raw, messageID, err = build(d, now, false)
	return raw, messageID, rcpt, err
}

// BuildDraft makes a draft to keep: like Build, but Bcc stays in the
// header (so it is there when the draft is reopened) and recipients may
// still be missing.
func BuildDraft(d Draft, now time.Time) ([]byte, error) {
	if d.From == nil {
		return nil, errors.New(tr.L("the message has no sender"))
	}
	raw, _, err := build(d, now, true)
	return raw, err
}

func build(d Draft, now time.Time, draft bool) ([]byte, string, error) {
	h, err := header(d, now, draft)
	if err != nil {
		return nil, "", err
	}
	messageID, _ := h.MessageID()
	text := strings.ReplaceAll(strings.ReplaceAll(d.Body, "\r\n", "\n"), "\n", "\r\n")
	if !strings.HasSuffix(text, "\r\n") {
		text += "\r\n" // SMTP ends with a line break: keep sent and stored bytes equal
	}
	var buf bytes.Buffer
	if err := writeBody(&buf, h, text, HasFormatting(d.Body), d.Attachments); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), messageID, nil
}

// header is the message's header: date, subject, addresses (for a draft
// the recipients as typed, and Bcc), a new Message-ID, and the thread.
func header(d Draft, now time.Time, draft bool) (mail.Header, error) {
	var h mail.Header
	h.SetDate(now)
	h.SetSubject(d.Subject)
	h.SetAddressList("From", []*mail.Address{d.From})
	for _, f := range []struct {
		key  string
		list []*mail.Address
	}{{"To", d.To}, {"Cc", d.Cc}, {"Bcc", d.Bcc}} {
		switch {
		case draft && d.Typed[f.key] != "":
			h.SetText(f.key, d.Typed[f.key])
		case len(f.list) > 0 && (draft || f.key != "Bcc"):
			h.SetAddressList(f.key, f.list)
		}
	}
	host := "postie.invalid"
	if i := strings.LastIndex(d.From.Address, "@"); i >= 0 {
		host = d.From.Address[i+1:]
	}
	if err := h.GenerateMessageIDWithHostname(host); err != nil {
		return h, err
	}
	if d.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{d.InReplyTo})
	}
	if len(d.References) > 0 {
		h.SetMsgIDList("References", d.References)
	}
	return h, nil
}

// writeBody writes the whole message: plain text alone; text and its
// HTML form as alternatives when it has simple formatting; and with
// attachments, those after the text in multipart/mixed.
func writeBody(buf *bytes.Buffer, h mail.Header, text string, formatted bool, files []File) error {
	switch {
	case len(files) == 0 && !formatted:
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
		w, err := mail.CreateSingleInlineWriter(buf, h)
		if err != nil {
			return err
		}
		return writeAndClose(w, []byte(text))
	case len(files) == 0:
		iw, err := mail.CreateInlineWriter(buf, h)
		if err != nil {
			return err
		}
		return writeAlternatives(iw, text)
	}
	mw, err := mail.CreateWriter(buf, h)
	if err != nil {
		return err
	}
	if formatted {
		iw, err := mw.CreateInline()
		if err != nil {
			return err
		}
		if err := writeAlternatives(iw, text); err != nil {
			return err
		}
	} else {
		var th mail.InlineHeader
		th.Set("Content-Type", "text/plain; charset=utf-8")
		w, err := mw.CreateSingleInline(th)
		if err != nil {
			return err
		}
		if err := writeAndClose(w, []byte(text)); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := writeAttachment(mw, f); err != nil {
			return err
		}
	}
	return mw.Close()
}

func writeAttachment(mw *mail.Writer, f File) error {
	var ah mail.AttachmentHeader
	ct := f.Type
	if ct == "" {
		ct = "application/octet-stream"
	}
	ah.Set("Content-Type", ct)
	ah.SetFilename(f.Name)
	if strings.EqualFold(ct, "message/rfc822") {
		// A forwarded message goes in as it is (RFC 2046 allows no
		// base64 here), unless its lines could not survive that.
		ah.Set("Content-Transfer-Encoding", messageEncoding(f.Data))
	}
	aw, err := mw.CreateAttachment(ah)
	if err != nil {
		return err
	}
	return writeAndClose(aw, f.Data)
}

func writeAndClose(w io.WriteCloser, data []byte) error {
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// writeAlternatives writes the text as typed and its HTML rendering
// (simple formatting), plain first as multipart/alternative wants.
func writeAlternatives(iw *mail.InlineWriter, text string) error {
	for _, part := range []struct{ ctype, body string }{
		{"text/plain; charset=utf-8", text},
		{"text/html; charset=utf-8", TextToHTML(text)},
	} {
		var ph mail.InlineHeader
		ph.Set("Content-Type", part.ctype)
		w, err := iw.CreatePart(ph)
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	return iw.Close()
}

// messageEncoding is "7bit" or "8bit" for a message that can travel as
// it is (CRLF lines of at most 998 bytes, no NUL or bare CR/LF), else
// "base64", which every reader still understands.
func messageEncoding(b []byte) string {
	enc := "7bit"
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		line := b
		if i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if i >= 0 && (len(line) == 0 || line[len(line)-1] != '\r') {
			return "base64"
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > 998 || bytes.IndexByte(line, 0) >= 0 || bytes.IndexByte(line, '\r') >= 0 {
			return "base64"
		}
		for _, c := range line {
			if c >= 0x80 {
				enc = "8bit"
			}
		}
	}
	return enc
}
