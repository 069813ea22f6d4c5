package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/mail"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// maxBodyIn bounds a message text read from standard input.
const maxBodyIn = 32 << 20

// sendJSON is postie send --json: where the message is now.
type sendJSON struct {
	OutboxID  int64  `json:"outbox_id"`
	MessageID string `json:"message_id"` // without angle brackets
	State     string `json:"state"`      // sent, queued (waits in the Outbox), held (refused: see reason), unsure
	Reason    string `json:"reason,omitempty"`
}

func parseSend(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("send", env)
	from := fs.String("from", "", tr.L("the account to send from (`name` or address; needed when there are several)"))
	var to, cc, bcc, attach listFlag
	fs.Var(&to, "to", tr.L("a recipient (`addresses`, separated by commas; may be repeated)"))
	fs.Var(&cc, "cc", tr.L("a copy to (`addresses`)"))
	fs.Var(&bcc, "bcc", tr.L("a hidden copy to (`addresses`)"))
	fs.Var(&attach, "attach", tr.L("attach this `file` (may be repeated)"))
	subject := fs.String("subject", "", tr.L("the subject"))
	bodyFile := fs.String("body-file", "", tr.L("the message text from this `file` (default: standard input)"))
	asJSON := fs.Bool("json", false, tr.L("print JSON for scripts: outbox_id, message_id, state, reason"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, usageError{tr.L("send takes its recipients with --to (not {{.Argument}})", tr.M{"Argument": strconv.Quote(rest[0])})}
	}
	d := compose.Draft{Subject: *subject}
	for _, l := range []struct {
		vals []string
		into *[]*gomail.Address
		name string
	}{{to, &d.To, "--to"}, {cc, &d.Cc, "--cc"}, {bcc, &d.Bcc, "--bcc"}} {
		for _, v := range l.vals {
			list, err := mail.ParseAddressList(v)
			if err != nil {
				return nil, usageError{tr.L("{{.Option}} {{.Value}} is not a list of email addresses (separate them with commas)", tr.M{"Option": l.name, "Value": strconv.Quote(v)})}
			}
			for _, a := range list {
				*l.into = append(*l.into, &gomail.Address{Name: a.Name, Address: a.Address})
			}
		}
	}
	if len(d.To)+len(d.Cc)+len(d.Bcc) == 0 {
		return nil, usageError{tr.L("send needs at least one recipient: --to ADDRESS")}
	}
	for _, f := range attach {
		file, err := readAttachment(env.absPath(f))
		if err != nil {
			return nil, err
		}
		d.Attachments = append(d.Attachments, file)
	}
	job := &mailJob{profile: *profile}
	body, err := readBody(env, *bodyFile, job)
	if err != nil {
		return nil, err
	}
	d.Body = body
	job.run = func(s *localstore.Store) error {
		acct, err := sendingAccount(s, *from)
		if err != nil {
			return err
		}
		d.From = &gomail.Address{Name: acct.Name, Address: acct.Email} // as the compose window writes it
		raw, msgID, rcpt, err := compose.Build(d, time.Now())
		if err != nil {
			return err
		}
		outID, err := s.QueueOutgoing(acct.ID, msgID, acct.Email, rcpt, raw, 0)
		if err != nil {
			return fmt.Errorf("%s: %w", tr.L("the message could not be put in the Outbox"), err)
		}
		res := sendJSON{OutboxID: outID, MessageID: msgID, State: string(localstore.OutQueued)}
		if env.inWindow {
			// The window's own sync sends it, now: the Outbox counts as a
			// change to push (PendingToPush), which wakes the window's
			// watchers. A second sender beside the window's could send it
			// twice. (A --json value: not translated.)
			res.Reason = "in the Outbox of the open Postie window, which sends it in a moment"
		} else {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			_, sendErr := (&mailsync.Syncer{Store: s, Secrets: mailSecrets(s)}).SendOutbox(ctx, acct)
			res.State, res.Reason = outState(s, outID)
			if res.State == string(localstore.OutQueued) && res.Reason == "" && sendErr != nil {
				res.Reason = accounts.Explain(sendErr)
			}
		}
		return reportSend(env, res, rcpt, *asJSON)
	}
	return job, nil
}

// readBody reads the message text from --body-file or standard input
// (kept in the job, to be handed to the window with the command).
func readBody(env *mailEnv, file string, job *mailJob) (string, error) {
	if file != "" {
		b, err := os.ReadFile(env.absPath(file))
		if err != nil {
			return "", fmt.Errorf("%s: %w", tr.L("cannot read the message text"), err)
		}
		return string(b), nil
	}
	if f, ok := env.stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprintln(env.stderr, tr.L("Type the message, then press Ctrl-D on a line of its own:"))
	}
	b, err := io.ReadAll(io.LimitReader(env.stdin, maxBodyIn+1))
	if err != nil {
		return "", fmt.Errorf("%s: %w", tr.L("cannot read the message text from standard input"), err)
	}
	if len(b) > maxBodyIn {
		return "", usageError{tr.L("the message text on standard input is over {{.Size}} MB: attach big files with --attach instead", tr.M{"Size": tr.Number(maxBodyIn >> 20)})}
	}
	job.stdin = b
	return string(b), nil
}

func readAttachment(path string) (compose.File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return compose.File{}, fmt.Errorf("%s: %w", tr.L("cannot attach {{.File}}", tr.M{"File": path}), err)
	}
	typ := mime.TypeByExtension(filepath.Ext(path))
	if typ == "" {
		typ = http.DetectContentType(data)
	}
	return compose.File{Name: filepath.Base(path), Type: typ, Data: data}, nil
}

// sendingAccount is the account --from names, or the only one.
func sendingAccount(s *localstore.Store, from string) (accounts.Account, error) {
	list, err := accounts.List(s)
	if err != nil {
		return accounts.Account{}, err
	}
	if len(list) == 0 {
		return accounts.Account{}, errors.New(tr.L("there is no email account to send from: add one with postie account add"))
	}
	if from == "" {
		if len(list) == 1 {
			return list[0], nil
		}
		return accounts.Account{}, usageError{tr.L("send needs --from ACCOUNT: there are several accounts (postie account list shows them)")}
	}
	for _, a := range list {
		if strings.EqualFold(a.Name, from) || strings.EqualFold(a.Email, from) {
			return a, nil
		}
	}
	return accounts.Account{}, noAccount(from)
}

// outState is where an outgoing message is now, with the reason kept.
func outState(s *localstore.Store, id int64) (string, string) {
	out, err := s.AllOutgoing()
	if err != nil {
		return string(localstore.OutQueued), accounts.Explain(err)
	}
	for _, o := range out {
		if o.ID == id {
			return string(o.State), o.LastError
		}
	}
	return string(localstore.OutSent), "" // no longer waiting: sent
}

// reportSend says what became of the message. Waiting for the network is
// no failure (exit code 0); refused or unsure needs the person (1).
func reportSend(env *mailEnv, res sendJSON, rcpt []string, asJSON bool) error {
	if asJSON {
		if err := writeJSON(env.stdout, res); err != nil {
			return err
		}
	} else {
		switch localstore.OutState(res.State) {
		case localstore.OutSent:
			fmt.Fprintln(env.stdout, tr.L("Sent to {{.Recipients}}.", tr.M{"Recipients": strings.Join(rcpt, ", ")}))
		case localstore.OutQueued:
			switch {
			case env.inWindow:
				fmt.Fprintln(env.stdout, tr.L("The message is in the Outbox of the open Postie window, which sends it in a moment (or as soon as it can reach the server)."))
			case res.Reason != "":
				fmt.Fprintln(env.stdout, tr.L("The message waits in the Outbox ({{.Reason}}). It goes out at the next postie sync, or as soon as the window can reach the server.", tr.M{"Reason": res.Reason}))
			default:
				fmt.Fprintln(env.stdout, tr.L("The message waits in the Outbox. It goes out at the next postie sync, or as soon as the window can reach the server."))
			}
		}
	}
	switch localstore.OutState(res.State) {
	case localstore.OutHeld:
		return errors.New(tr.L("the server refused the message; it is kept in the Outbox (postie outbox): {{.Reason}}", tr.M{"Reason": res.Reason}))
	case localstore.OutUnsure:
		return errors.New(tr.L("it is not known whether the server took the message; it is kept in the Outbox and not sent again by itself (postie outbox): {{.Reason}}", tr.M{"Reason": res.Reason}))
	}
	return nil
}

// outboxJSON is one message of postie outbox --json.
type outboxJSON struct {
	ID        int64     `json:"id"` // the Outbox's own id (not a message id)
	Account   string    `json:"account"`
	MessageID string    `json:"message_id"`
	State     string    `json:"state"` // queued, sending, unsure, held
	To        []string  `json:"to"`    // every envelope recipient (Bcc too)
	Subject   string    `json:"subject"`
	Attempts  int       `json:"attempts"`
	Reason    string    `json:"reason"` // why it waits (the last error), "" when none
	Created   time.Time `json:"created"`
}

// stateWords say in words where an outgoing message is (translated
// where shown).
var stateWords = map[localstore.OutState]string{
	localstore.OutQueued:  tr.Mark("waiting to be sent"),
	localstore.OutSending: tr.Mark("being sent (or cut off by a crash: the next sync checks)"),
	localstore.OutUnsure:  tr.Mark("may or may not have been sent: not sent again by itself"),
	localstore.OutHeld:    tr.Mark("refused by the server: change it or send it again"),
}

// stateWord is an outgoing message's state in the person's words.
func stateWord(state string) string {
	if w, ok := stateWords[localstore.OutState(state)]; ok {
		return tr.L(w)
	}
	return state
}

func parseOutbox(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("outbox", env)
	asJSON := fs.Bool("json", false, tr.L("print JSON (an array) for scripts"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, usageError{tr.L("outbox takes no arguments")}
	}
	return &mailJob{profile: *profile, run: func(s *localstore.Store) error {
		out, err := s.AllOutgoing()
		if err != nil {
			return err
		}
		names := map[int64]string{}
		list := make([]outboxJSON, len(out))
		for i, o := range out {
			if _, ok := names[o.AccountID]; !ok {
				a, _ := s.Account(o.AccountID)
				names[o.AccountID] = a.Name
			}
			list[i] = outboxJSON{ID: o.ID, Account: names[o.AccountID], MessageID: o.MessageID, State: string(o.State), To: o.Rcpt,
				Subject: oneLine(mailview.Parse(o.Raw).Subject), Attempts: o.Attempts, Reason: o.LastError, Created: o.Created}
		}
		if *asJSON {
			return writeJSON(env.stdout, list)
		}
		if len(list) == 0 {
			_, err := fmt.Fprintln(env.stdout, tr.L("The Outbox is empty: everything was sent."))
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join([]string{tr.X("column.id", "ID"), tr.X("column.account", "ACCOUNT"), tr.X("column.to", "TO"),
			tr.X("column.subject", "SUBJECT"), tr.X("column.state", "STATE")}, "\t"))
		for _, o := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", o.ID, o.Account, clipText(strings.Join(o.To, ", "), 40), clipText(o.Subject, 50), stateWord(o.State))
			if o.Reason != "" {
				fmt.Fprintf(tw, "\t\t\t  %s\t\n", tr.L("why: {{.Reason}}", tr.M{"Reason": o.Reason}))
			}
		}
		return tw.Flush()
	}}, nil
}
