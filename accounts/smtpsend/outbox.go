// Package smtpsend is the SMTP engine: it sends what waits in an
// account's Outbox through the submission server. Invariants: a message
// is sent at most once (a message whose fate is unknown after DATA is
// marked unsure and never sent again by itself), a refusal keeps the
// message in the Outbox with the server's reason, and a message larger
// than the server takes is held before it is sent.
package smtpsend

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/emersion/go-smtp"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Result says what SendOutbox did.
type Result struct {
	Sent, Waiting, Unsure int
	Held                  int // refused by the server: wait for the person
}

// serverLimit is the message size the server announces (SMTP SIZE), or
// -1 when it states none.
func serverLimit(c *smtp.Client) int64 {
	ok, v := c.Extension("SIZE")
	n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if !ok || n <= 0 {
		return -1
	}
	return n
}

// learnLimit asks the outgoing server once for its message size limit,
// so the compose window can warn before a message is too big. Failures
// are ignored: it is asked again at the next sync.
func (p *Sender) learnLimit(ctx context.Context, a accounts.Account) {
	login, err := signin.For(a, secrets.Outgoing, p.Secrets)
	if err != nil {
		return
	}
	c, err := dialSMTP(ctx, p.Net, a.Settings.Outgoing, login, a.Settings.TrustedCerts)
	if err != nil {
		return
	}
	a.Settings.SendLimit = serverLimit(c)
	c.Quit()
	c.Close()
	_ = accounts.SaveSettings(p.Store, a) // not saved: asked again at the next sync
}

// The reasons kept with a message in the Outbox (TooBig, Refused,
// MaybeSent, ErrNoOutgoing's) are in the person's language when they are
// kept: the Outbox shows them as they are.

// TooBig explains a message over the server's limit.
func TooBig(size, limit int64) string {
	return tr.L("This message is {{.Size}}, and the server takes at most {{.Limit}}. Remove an attachment (or share big files as a link), then send it again.",
		tr.M{"Size": accounts.SizeText(size), "Limit": accounts.SizeText(limit)})
}

// Refused explains a permanent refusal in plain words, with the server's
// own text.
func Refused(se *smtp.SMTPError) string {
	said := tr.M{"Said": se.Message}
	switch {
	case se.Code == 552 || se.EnhancedCode[1] == 3 && se.EnhancedCode[2] == 4:
		return tr.L("The server refused this message because it is too big. It said: “{{.Said}}”. Postie keeps it in the Outbox: change it or send it again.", said)
	case se.Code == 550 || se.Code == 553 || se.EnhancedCode[1] == 1:
		return tr.L("The server refused an address of this message (check the spelling of the recipients). It said: “{{.Said}}”. Postie keeps it in the Outbox: change it or send it again.", said)
	}
	return tr.L("The server refused this message. It said: “{{.Said}}”. Postie keeps it in the Outbox: change it or send it again.", said)
}

// FilesSentItself says whether the provider puts a copy of sent mail in
// the Sent folder by itself (Gmail): uploading one more would make two.
func FilesSentItself(s accounts.Settings) bool {
	h := strings.ToLower(strings.TrimSuffix(s.Outgoing.Host, "."))
	return s.Protocol == accounts.IMAP && (h == "smtp.gmail.com" || h == "smtp.googlemail.com")
}

// MaybeSent is the reason kept for a message that may have reached the
// server: Postie never sends it again by itself.
func MaybeSent() string {
	return tr.L("Postie could not tell whether the server accepted this message (the connection ended at the last moment, or Postie stopped). It is not sent again by itself: check with the recipient or in webmail, then send it again if needed.")
}

// SendOutbox sends an account's waiting messages. Each attempt is recorded
// before anything is sent and its outcome right after, so a crash or a
// dropped connection never leads to a message being sent twice.
func (p *Sender) SendOutbox(ctx context.Context, a accounts.Account) (Result, error) {
	var res Result
	out, err := p.Store.Outbox(a.ID)
	if err != nil {
		return res, err
	}
	queued, err := p.settleInterrupted(a, out, &res)
	if err != nil {
		return res, err
	}
	if len(queued) == 0 {
		if a.Settings.SendLimit == 0 && a.Settings.Outgoing.Host != "" {
			p.learnLimit(ctx, a)
		}
		return res, nil
	}
	if a.Settings.Outgoing.Host == "" {
		res.Waiting = len(queued)
		for _, o := range queued {
			if err := p.Store.SetOutState(o.ID, localstore.OutQueued, noOutgoing().Error()); err != nil {
				return res, err
			}
		}
		return res, noOutgoing()
	}
	login, err := signin.For(a, secrets.Outgoing, p.Secrets)
	if err != nil {
		res.Waiting = len(queued)
		return res, err
	}
	c, err := dialSMTP(ctx, p.Net, a.Settings.Outgoing, login, a.Settings.TrustedCerts)
	if err != nil {
		res.Waiting = len(queued)
		for _, o := range queued {
			if serr := p.Store.SetOutState(o.ID, localstore.OutQueued, accounts.Explain(err)); serr != nil {
				return res, errors.Join(err, serr)
			}
		}
		return res, err
	}
	defer c.Close()
	if limit := serverLimit(c); limit != a.Settings.SendLimit && limit != 0 {
		a.Settings.SendLimit = limit // shown when writing the next message
		// Not saved (a full disk): asked again next time; sending goes on.
		_ = accounts.SaveSettings(p.Store, a)
	}
	if err := p.sendQueued(c, a, queued, &res); err != nil {
		return res, err
	}
	c.Quit()
	return res, nil
}

// settleInterrupted settles attempts cut short by a crash — sent if the
// Sent folder has the message, otherwise unsure, never retried blindly —
// counts what waits for the person, and returns what is queued to send.
func (p *Sender) settleInterrupted(a accounts.Account, out []localstore.Outgoing, res *Result) ([]localstore.Outgoing, error) {
	var queued []localstore.Outgoing
	for _, o := range out {
		switch o.State {
		case localstore.OutSending:
			state, why := localstore.OutUnsure, MaybeSent()
			if ok, _ := p.Store.InSent(a.ID, o.MessageID); ok {
				state, why = localstore.OutSent, ""
			}
			if err := p.Store.SetOutState(o.ID, state, why); err != nil {
				return nil, err
			}
			if state == localstore.OutSent {
				res.Sent++
			} else {
				res.Unsure++
			}
		case localstore.OutUnsure:
			res.Unsure++
		case localstore.OutHeld:
			res.Held++
		case localstore.OutQueued:
			queued = append(queued, o)
		}
	}
	return queued, nil
}

// sendQueued sends the queued messages over one connection, recording
// each attempt before it and its outcome right after.
func (p *Sender) sendQueued(c *smtp.Client, a accounts.Account, queued []localstore.Outgoing, res *Result) error {
	for i, o := range queued {
		if lim := a.Settings.SendLimit; lim > 0 && int64(len(o.Raw)) > lim {
			if err := p.Store.SetOutState(o.ID, localstore.OutHeld, TooBig(int64(len(o.Raw)), lim)); err != nil {
				return err
			}
			res.Held++
			continue
		}
		if err := p.Store.SetOutState(o.ID, localstore.OutSending, ""); err != nil {
			return err
		}
		err := sendOne(c, o)
		var se *smtp.SMTPError
		switch {
		case err == nil:
			if err := p.Store.MarkSent(o.ID, !FilesSentItself(a.Settings)); err != nil {
				return err
			}
			res.Sent++
			continue
		case errors.As(err, &se) && se.Code >= 500:
			// Refused for good (an address that does not exist, a message
			// too big, content rejected): trying again would fail again.
			if err := p.Store.SetOutState(o.ID, localstore.OutHeld, Refused(se)); err != nil {
				return err
			}
			res.Held++
		case errors.Is(err, errAfterData) && !errors.As(err, &se):
			if err := p.Store.SetOutState(o.ID, localstore.OutUnsure, MaybeSent()); err != nil {
				return err
			}
			res.Unsure++
			return err // the connection is gone
		default:
			if err := p.Store.SetOutState(o.ID, localstore.OutQueued, accounts.Explain(err)); err != nil {
				return err
			}
			res.Waiting++
			var ne net.Error
			if errors.As(err, &ne) || !errors.As(err, &se) {
				return err // the connection is gone: the rest waits too
			}
		}
		// The server refused a step of this message's transaction: end it
		// with RSET before the next, so the next message can never carry
		// this one's sender or recipients. No RSET, no next message.
		if err := c.Reset(); err != nil {
			res.Waiting += len(queued) - i - 1 // they wait for the next attempt
			return err
		}
	}
	return nil
}

var errAfterData = errors.New("the message was fully handed over")

// ErrNoOutgoing says the account has no outgoing (SMTP) server yet. It is
// what programs look for (errors.Is); SendOutbox returns it wrapped in
// the same sentence in the person's language.
var ErrNoOutgoing = errors.New("sending is not set up for this account yet: messages wait in the Outbox until the outgoing (SMTP) server is added in the account's settings")

// noOutgoing is ErrNoOutgoing in the person's language.
func noOutgoing() error {
	return sentence{tr.L("sending is not set up for this account yet: messages wait in the Outbox until the outgoing (SMTP) server is added in the account's settings"), ErrNoOutgoing}
}

// sentence is an error whose words are a sentence a person reads, in
// their language, wrapping the error programs look for.
type sentence struct {
	text string
	err  error
}

func (e sentence) Error() string { return e.text }
func (e sentence) Unwrap() error { return e.err }

func sendOne(c *smtp.Client, o localstore.Outgoing) error {
	if err := c.Mail(o.Sender, &smtp.MailOptions{Size: int64(len(o.Raw))}); err != nil {
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

// Sender sends what waits in an account's Outbox through its outgoing
// (SMTP submission) server.
type Sender struct {
	Store   *localstore.Store
	Secrets secrets.Secrets // where the account's password is
	Net     netconf.Net
}
