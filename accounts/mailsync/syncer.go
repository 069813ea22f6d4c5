// Package mailsync is what the window and `postie sync` call: one sync of
// any account with the right engine (receiving, then the Outbox either
// way), fetching one body on demand, and waiting for news (IMAP IDLE).
// A fault inside one sync ends that sync, never the program.
package mailsync

import (
	"context"
	"errors"
	"log"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/imapsync"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/popsync"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/smtpsend"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Syncer runs one sync of any account with the right engine. The window's
// "Get mail" and `postie sync` both use it.
type Syncer struct {
	Store   *localstore.Store
	Secrets func(accounts.Account) secrets.Secrets // where each account's password is
	Net     netconf.Net
	OnEvent func(accounts.Event)
}

// Outcome is what one sync did, for the status bar and notifications.
type Outcome struct {
	Summary    string
	NewInInbox []int64 // new messages in the Inbox (IMAP) or downloaded (POP)
	// Unfetched are messages the server lists but could not send (#25):
	// never "up to date" while there are any.
	Unfetched []accounts.Unfetched
	// Notes are sentences the person must read, said once: a folder gone
	// from the server whose mail is kept here (#25). The window keeps
	// them until the person has seen them.
	Notes []string
}

// Sync syncs one account. A fault inside Postie during the sync (a bug
// a strange message or server ran into) ends this sync with an error
// instead of ending the program: everything committed so far stays, and
// the next sync starts over from the store.
func (s *Syncer) Sync(ctx context.Context, a accounts.Account) (out Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("postie: the sync of %s stopped at a fault: %v\n%s", a.Name, r, debug.Stack())
			name := a.Name
			err = internalFault(func() string {
				return tr.L("something went wrong inside Postie (getting mail for {{.Account}} stopped; everything already downloaded is kept, and the next check starts again)", tr.M{"Account": name})
			})
		}
	}()
	if a.Settings.Protocol != accounts.POP {
		var res imapsync.Result
		if res, err = s.imap(a).Sync(ctx, a); err == nil {
			out = Outcome{Summary: res.Summary(), NewInInbox: res.NewInInbox, Unfetched: res.Unfetched, Notes: res.Notes}
		}
	} else {
		p := &popsync.Engine{Store: s.Store, Secrets: s.Secrets(a), Net: s.Net, OnEvent: s.OnEvent}
		var res popsync.Result
		if res, err = p.Sync(ctx, a); err == nil {
			out = Outcome{Summary: res.Summary(), NewInInbox: res.NewIDs, Unfetched: res.Unfetched}
		}
	}
	// Sending does not depend on receiving: the Outbox is tried either way.
	out, sendErr := s.withOutbox(ctx, a, out)
	if err != nil {
		return out, err
	}
	return out, sendErr
}

// withOutbox sends what waits in the Outbox after getting mail.
func (s *Syncer) withOutbox(ctx context.Context, a accounts.Account, out Outcome) (Outcome, error) {
	res, err := s.SendOutbox(ctx, a)
	if res.Sent > 0 {
		out.Summary += " " + tr.N("{{.Count}} message sent.", "{{.Count}} messages sent.", res.Sent)
	}
	if res.Waiting > 0 {
		// The status bar's words for it (with a full stop here).
		out.Summary += " " + tr.L("{{.Summary}}.", tr.M{"Summary": tr.N("{{.Count}} message waiting in the Outbox", "{{.Count}} messages waiting in the Outbox", res.Waiting)})
	}
	if res.Unsure > 0 {
		out.Summary += " " + tr.N("{{.Count}} message may or may not have been sent: see the Outbox.", "{{.Count}} messages may or may not have been sent: see the Outbox.", res.Unsure)
	}
	if res.Held > 0 {
		out.Summary += " " + tr.N("{{.Count}} message refused by the server and kept in the Outbox (see why there).",
			"{{.Count}} messages refused by the server and kept in the Outbox (see why there).", res.Held)
	}
	if err != nil && res.Waiting+res.Unsure == 0 {
		return out, err
	}
	return out, nil
}

func (s *Syncer) imap(a accounts.Account) *imapsync.Engine {
	return &imapsync.Engine{Store: s.Store, Secrets: s.Secrets(a), Net: s.Net, OnEvent: s.OnEvent}
}

// ErrInternal is a fault inside Postie itself, not a server's or the
// network's.
var ErrInternal = errors.New("something went wrong inside Postie")

// fault is ErrInternal with the sentence a person reads: what stopped,
// said in their language when it is read (accounts.Explain).
type fault struct{ say func() string }

func internalFault(say func() string) error { return &fault{say} }

func (f *fault) Error() string { return f.say() }
func (f *fault) Unwrap() error { return ErrInternal }

// WaitForNews waits for the server to announce news (IMAP IDLE) or for
// max to pass (POP, or a server without IDLE, just waits).
func (s *Syncer) WaitForNews(ctx context.Context, a accounts.Account, max time.Duration) error {
	if a.Settings.Protocol == accounts.IMAP {
		err := s.imap(a).WaitForNews(ctx, a, max)
		if !errors.Is(err, imapsync.ErrNoIdle) {
			return err
		}
	}
	select {
	case <-time.After(max):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// IsOffline says whether a failure looks like no network at all (rather
// than a problem with the account): the name cannot be looked up, the
// network is unreachable, or nothing answers.
func IsOffline(err error) bool {
	var p *netconf.Problem
	if !errors.As(err, &p) {
		return false
	}
	switch p.Kind {
	case netconf.ProblemNoSuchServer, netconf.ProblemTimeout:
		return true
	}
	return errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETDOWN)
}

// FetchBody downloads the whole of a message that has only its header
// here (an IMAP account keeping only recent mail offline, or a first
// sync still under way).
func (s *Syncer) FetchBody(ctx context.Context, a accounts.Account, m localstore.Summary) error {
	if a.Settings.Protocol != accounts.IMAP {
		return localstore.ErrNotDownloaded
	}
	return s.imap(a).FetchBody(ctx, a, m)
}

// SendOutbox sends what waits in the account's Outbox.
func (s *Syncer) SendOutbox(ctx context.Context, a accounts.Account) (smtpsend.Result, error) {
	return s.sender(a).SendOutbox(ctx, a)
}

func (s *Syncer) sender(a accounts.Account) *smtpsend.Sender {
	return &smtpsend.Sender{Store: s.Store, Secrets: s.Secrets(a), Net: s.Net}
}

// CheckCopies compares every stored message of the account with the
// server's copy, with the account's engine (for "Keep a permanent copy";
// see keepcopy). A fault inside it ends the check, not the program.
func (s *Syncer) CheckCopies(ctx context.Context, a accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (pass accounts.CheckPass, err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("postie: checking the copies of %s stopped at a fault: %v\n%s", a.Name, r, debug.Stack())
			name := a.Name
			err = internalFault(func() string {
				return tr.L("something went wrong inside Postie (checking the messages of {{.Account}} stopped; run it again to go on)", tr.M{"Account": name})
			})
		}
	}()
	if a.Settings.Protocol == accounts.POP {
		p := &popsync.Engine{Store: s.Store, Secrets: s.Secrets(a), Net: s.Net, OnEvent: s.OnEvent}
		return p.CheckCopies(ctx, a, run, found)
	}
	return s.imap(a).CheckCopies(ctx, a, run, found)
}
