package accounts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"

	"github.com/postie-mail/postie/localstore"
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
		return nil, "", nil, errors.New("the message has no sender")
	}
	for _, l := range [][]*mail.Address{d.To, d.Cc, d.Bcc} {
		for _, a := range l {
			rcpt = append(rcpt, a.Address)
		}
	}
	if len(rcpt) == 0 {
		return nil, "", nil, errors.New("please add at least one recipient")
	}
	var h mail.Header
	h.SetDate(now)
	h.SetSubject(d.Subject)
	h.SetAddressList("From", []*mail.Address{d.From})
	if len(d.To) > 0 {
		h.SetAddressList("To", d.To)
	}
	if len(d.Cc) > 0 {
		h.SetAddressList("Cc", d.Cc)
	}
	host := "postie.invalid"
	if i := strings.LastIndex(d.From.Address, "@"); i >= 0 {
		host = d.From.Address[i+1:]
	}
	if err := h.GenerateMessageIDWithHostname(host); err != nil {
		return nil, "", nil, err
	}
	if d.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{d.InReplyTo})
	}
	if len(d.References) > 0 {
		h.SetMsgIDList("References", d.References)
	}
	messageID, _ = h.MessageID()
	var buf bytes.Buffer
	text := strings.ReplaceAll(strings.ReplaceAll(d.Body, "\r\n", "\n"), "\n", "\r\n")
	if !strings.HasSuffix(text, "\r\n") {
		text += "\r\n" // SMTP ends with a line break: keep sent and stored bytes equal
	}
	if len(d.Attachments) == 0 {
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
		w, err := mail.CreateSingleInlineWriter(&buf, h)
		if err != nil {
			return nil, "", nil, err
		}
		if _, err := w.Write([]byte(text)); err != nil {
			return nil, "", nil, err
		}
		if err := w.Close(); err != nil {
			return nil, "", nil, err
		}
		return buf.Bytes(), messageID, rcpt, nil
	}
	mw, err := mail.CreateWriter(&buf, h)
	if err != nil {
		return nil, "", nil, err
	}
	var th mail.InlineHeader
	th.Set("Content-Type", "text/plain; charset=utf-8")
	w, err := mw.CreateSingleInline(th)
	if err != nil {
		return nil, "", nil, err
	}
	w.Write([]byte(text))
	w.Close()
	for _, f := range d.Attachments {
		var ah mail.AttachmentHeader
		ct := f.Type
		if ct == "" {
			ct = "application/octet-stream"
		}
		ah.Set("Content-Type", ct)
		ah.SetFilename(f.Name)
		aw, err := mw.CreateAttachment(ah)
		if err != nil {
			return nil, "", nil, err
		}
		aw.Write(f.Data)
		aw.Close()
	}
	if err := mw.Close(); err != nil {
		return nil, "", nil, err
	}
	return buf.Bytes(), messageID, rcpt, nil
}

// SendResult says what SendOutbox did.
type SendResult struct {
	Sent, Waiting, Unsure int
}

// ErrMaybeSent is the reason kept for a message that may have reached the
// server: Postie never sends it again by itself.
const ErrMaybeSent = "Postie could not tell whether the server accepted this message (the connection ended at the last moment, or Postie stopped). It is not sent again by itself: check with the recipient or in webmail, then send it again if needed."

// SendOutbox sends an account's waiting messages. Each attempt is recorded
// before anything is sent and its outcome right after, so a crash or a
// dropped connection never leads to a message being sent twice.
func (p *Syncer) SendOutbox(ctx context.Context, a Account) (SendResult, error) {
	var res SendResult
	out, err := p.Store.Outbox(a.ID)
	if err != nil || len(out) == 0 {
		return res, err
	}
	// An attempt cut short by a crash: sent if the Sent folder has it,
	// otherwise unsure — never retried blindly.
	var queued []localstore.Outgoing
	for _, o := range out {
		switch o.State {
		case localstore.OutSending:
			if ok, _ := p.Store.InSent(a.ID, o.MessageID); ok {
				p.Store.SetOutState(o.ID, localstore.OutSent, "")
				res.Sent++
			} else {
				p.Store.SetOutState(o.ID, localstore.OutUnsure, ErrMaybeSent)
				res.Unsure++
			}
		case localstore.OutUnsure:
			res.Unsure++
		case localstore.OutQueued:
			queued = append(queued, o)
		}
	}
	if len(queued) == 0 {
		return res, nil
	}
	secrets := p.Secrets(a)
	password, err := secrets.Get(a.ID, "outgoing")
	if err != nil {
		if password, err = secrets.Get(a.ID, "incoming"); err != nil {
			res.Waiting = len(queued)
			return res, fmt.Errorf("no password is kept for %s: %w", a.Name, err)
		}
	}
	c, err := dialSMTP(ctx, p.Net, a.Settings.Outgoing, password, a.Settings.TrustedCerts)
	if err != nil {
		res.Waiting = len(queued)
		for _, o := range queued {
			p.Store.SetOutState(o.ID, localstore.OutQueued, err.Error())
		}
		return res, err
	}
	defer c.Close()
	for _, o := range queued {
		if err := p.Store.SetOutState(o.ID, localstore.OutSending, ""); err != nil {
			return res, err
		}
		err := sendOne(c, o)
		var se *smtp.SMTPError
		switch {
		case err == nil:
			if err := p.Store.MarkSent(o.ID, true); err != nil {
				return res, err
			}
			res.Sent++
		case errors.Is(err, errAfterData) && !errors.As(err, &se):
			p.Store.SetOutState(o.ID, localstore.OutUnsure, ErrMaybeSent)
			res.Unsure++
			return res, err // the connection is gone
		default:
			p.Store.SetOutState(o.ID, localstore.OutQueued, err.Error())
			res.Waiting++
			var ne net.Error
			if errors.As(err, &ne) || !errors.As(err, &se) {
				return res, err // the connection is gone: the rest waits too
			}
		}
	}
	c.Quit()
	return res, nil
}

var errAfterData = errors.New("the message was fully handed over")

func sendOne(c *smtp.Client, o localstore.Outgoing) error {
	if err := c.Mail(o.Sender, nil); err != nil {
		return err
	}
	for _, r := range o.Rcpt {
		if err := c.Rcpt(r, nil); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(o.Raw); err != nil {
		return err
	}
	// From here the server has every byte: a failure to hear its answer
	// leaves it unknown whether the message was accepted.
	if err := w.Close(); err != nil {
		return fmt.Errorf("%w: %w", errAfterData, err)
	}
	return nil
}
