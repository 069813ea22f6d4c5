package compose

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // drafts written elsewhere may use any charset
	"github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
)

// ParseDraft reads a saved draft (or an Outbox message) back into a
// Draft to go on writing: addresses, subject, the first plain-text part,
// the thread it answers and its attachments. Parts it cannot read are
// kept as attachments rather than dropped.
func ParseDraft(raw []byte) (Draft, error) {
	var d Draft
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return d, err
	}
	h := r.Header
	if l, err := h.AddressList("From"); err == nil && len(l) > 0 {
		d.From = l[0]
	}
	for _, f := range []struct {
		key  string
		list *[]*mail.Address
	}{{"To", &d.To}, {"Cc", &d.Cc}, {"Bcc", &d.Bcc}} {
		var err error
		if *f.list, err = h.AddressList(f.key); err != nil {
			if d.Typed == nil {
				d.Typed = map[string]string{}
			}
			d.Typed[f.key], _ = h.Text(f.key)
		}
	}
	d.Subject, _ = h.Subject()
	if ids, err := h.MsgIDList("In-Reply-To"); err == nil && len(ids) > 0 {
		d.InReplyTo = ids[0]
	}
	d.References, _ = h.MsgIDList("References")
	haveText := false
	htmlText := ""
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return d, err
		}
		body, _ := io.ReadAll(p.Body)
		switch ph := p.Header.(type) {
		case *mail.InlineHeader:
			ct, _, _ := ph.ContentType()
			if ct == "text/plain" && !haveText {
				d.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
				haveText = true
				continue
			}
			if strings.HasPrefix(ct, "multipart/") {
				continue
			}
			if ct == "text/html" {
				if htmlText == "" {
					htmlText = string(body) // the twin of the text, or the only text
				}
				continue
			}
			name := "part"
			if _, params, err := ph.ContentType(); err == nil && params["name"] != "" {
				name = params["name"]
			}
			d.Attachments = append(d.Attachments, File{Name: name, Type: ct, Data: body})
		case *mail.AttachmentHeader:
			ct, _, _ := ph.ContentType()
			name, _ := ph.Filename()
			if name == "" {
				name = "attachment"
			}
			d.Attachments = append(d.Attachments, File{Name: name, Type: ct, Data: body})
		}
	}
	if !haveText && htmlText != "" { // a draft written as HTML elsewhere
		d.Body = mailtext.HTMLText(htmlText) + "\n"
	}
	return d, nil
}

// ForwardAttached prepares o forwarded as an attachment: the original
// goes along whole (message/rfc822), with its own attachments.
func ForwardAttached(o Original, raw []byte, me *mail.Address) Draft {
	name := "message"
	if strings.TrimSpace(o.Subject) != "" {
		name = mailtext.FileName(o.Subject, "message")
	}
	if r := []rune(name); len(r) > 60 {
		name = string(r[:60])
	}
	return Draft{From: me, Subject: ForwardSubject(o.Subject),
		Attachments: []File{{Name: name + ".eml", Type: "message/rfc822", Data: raw}}}
}

// DraftFromOutgoing turns a message waiting in the Outbox back into a
// draft to change. Its Bcc recipients are not in its header (they are
// only in the envelope): they are found again from the envelope.
func DraftFromOutgoing(o localstore.Outgoing) (Draft, error) {
	d, err := ParseDraft(o.Raw)
	if err != nil {
		return d, err
	}
	shown := map[string]bool{}
	for _, a := range append(append([]*mail.Address{}, d.To...), d.Cc...) {
		shown[strings.ToLower(a.Address)] = true
	}
	for _, r := range o.Rcpt {
		if !shown[strings.ToLower(r)] {
			shown[strings.ToLower(r)] = true
			d.Bcc = append(d.Bcc, &mail.Address{Address: r})
		}
	}
	return d, nil
}
