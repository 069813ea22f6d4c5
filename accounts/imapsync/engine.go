// Package imapsync is the IMAP engine: it keeps an account's folders in
// the store and on the server in step both ways. Changes made here are
// queued in the store and replayed first (aimed again by Message-ID and
// size when the server renumbered a folder), then folders, flags and new
// headers come down, then bodies in chunks sized to the link. Invariants:
// nothing is marked read by downloading (BODY.PEEK), a message is never
// deleted on the server unless its copy was confirmed, every wait has a
// silence watchdog, and a dropped connection at any point loses and
// duplicates nothing (the next sync resumes from the store).
package imapsync

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Engine keeps an IMAP account and the store in step, both ways:
// changes made here (queued in the store) go to the server first, then
// every folder is brought up to date from the server. Downloads use
// BODY.PEEK[], so nothing is marked read by downloading, and every wait
// for the server has a watchdog (go-imap has no response timeouts).
type Engine struct {
	Store   *localstore.Store
	Secrets secrets.Secrets
	Net     netconf.Net
	OnEvent func(accounts.Event)
	now     func() time.Time // the clock (tests move it)
}

func (p *Engine) clock() time.Time {
	if p.now != nil {
		return p.now()
	}
	return time.Now()
}

// Result says what a sync did.
type Result struct {
	Folders, New, Removed, FlagChanges, Replayed int
	NewInInbox                                   []int64 // for "new mail" notifications
	// Dropped are changes made here that could not be aimed at their
	// message any more (its folder was renumbered on the server).
	Dropped []localstore.Op
	// Unfetched are messages the server lists but could not send (#25).
	Unfetched []accounts.Unfetched
	// Notes are sentences the person must read: a folder gone from the
	// server whose mail is kept here (#25).
	Notes []string
	later []laterFetch        // messages that failed alone twice, tried last
	held  map[heldKey]bool    // bytes not trusted as the message, this sync
	gone  []localstore.Folder // confirmed gone from the server: settleGone
}

// Summary is one sentence for the status bar or the terminal (and the
// sentences the person must read after it), in the person's language.
func (r Result) Summary() string {
	// Two or three counts in one sentence: each is a counted phrase of
	// its own in a sentence with places (a catalogue counts one number
	// per sentence).
	d := tr.M{
		"New":       tr.N("{{.Count}} new message", "{{.Count}} new messages", r.New),
		"Changes":   tr.N("{{.Count}} change sent to the server", "{{.Count}} changes sent to the server", r.Replayed),
		"InFolders": tr.XN("summary.in-folders", "in {{.Count}} folder", "in {{.Count}} folders", r.Folders),
	}
	var s string
	switch {
	case r.New > 0 && r.Replayed > 0:
		s = tr.L("{{.New}}, {{.Changes}} {{.InFolders}}", d)
	case r.New > 0:
		s = tr.L("{{.New}} {{.InFolders}}", d)
	case r.Replayed > 0:
		s = tr.L("No new messages, {{.Changes}} {{.InFolders}}", d)
	default:
		s = tr.L("No new messages {{.InFolders}}", d)
	}
	if len(r.Unfetched) == 0 {
		s = tr.L("{{.Summary}}; up to date.", tr.M{"Summary": s})
	} else {
		// Never "up to date" while a message is missing (#25).
		s = tr.L("{{.Summary}}.", tr.M{"Summary": s})
		for _, u := range r.Unfetched {
			s += " " + accounts.UnfetchedNote(u)
		}
	}
	for _, n := range r.Notes {
		s += " " + n
	}
	if len(r.Dropped) > 0 {
		s += " " + droppedNote(r.Dropped)
	}
	return s
}

const (
	headerChunk = 500 // messages per UID FETCH of headers
	bodyChunk   = 250 // at most so many messages per UID FETCH of bodies…
	// …and about so many bytes (at least one message): as much as the
	// link carries in chunkTime, so progress is reported every few
	// seconds on a slow link and chunks stay large on a fast one.
	minChunkBytes   = 256 << 10
	firstChunkBytes = 1 << 20
	maxChunkBytes   = 8 << 20
	chunkTime       = 5 * time.Second
)

// nextChunkBytes sizes the next body chunk from how fast the last one
// came: n bytes in d.
func nextChunkBytes(n int64, d time.Duration) int64 {
	if d <= 0 {
		return maxChunkBytes
	}
	want := int64(float64(n) / d.Seconds() * chunkTime.Seconds())
	return max(minChunkBytes, min(maxChunkBytes, want))
}

// upToBytes keeps the first messages of list up to about max bytes.
func upToBytes(list []localstore.Summary, max int64) []localstore.Summary {
	var sum int64
	for i, m := range list {
		sum += m.Size
		if sum > max && i > 0 {
			return list[:i]
		}
	}
	return list
}

func (p *Engine) report(e accounts.Event) {
	if p.OnEvent != nil {
		p.OnEvent(e)
	}
}

// Sync runs one full two-way sync of the account.
func (p *Engine) Sync(ctx context.Context, acct accounts.Account) (Result, error) {
	var res Result
	st := acct.Settings
	p.report(accounts.Event{AccountID: acct.ID, Text: tr.L("Connecting to {{.Host}}…", tr.M{"Host": st.Incoming.Host})})
	c, err := p.connect(ctx, acct)
	if err != nil {
		return res, err
	}
	defer func() { c.Close() }() // the connection of the moment: it may have been made again

	kept, err := p.replay(c, acct, false)
	res.Replayed += kept.done
	res.Dropped = append(res.Dropped, kept.dropped...)
	if err != nil {
		return res, p.fail(st, err)
	}
	folders, err := p.syncFolderList(c, acct, &res)
	if err != nil {
		return res, p.fail(st, err)
	}
	if kept.missing > 0 {
		// Changes to a folder that was not there: it may have been renamed
		// on another device (now followed). Try once more; what still
		// fails is a real conflict.
		again, err := p.replay(c, acct, true)
		res.Replayed += again.done
		res.Dropped = append(res.Dropped, again.dropped...)
		if err != nil {
			return res, p.fail(st, err)
		}
	}
	for i, f := range folders {
		p.report(accounts.Event{AccountID: acct.ID, Text: tr.N("Checking {{.Folder}} ({{.Done}} of {{.Count}} folder)…", "Checking {{.Folder}} ({{.Done}} of {{.Count}} folders)…",
			len(folders), tr.M{"Folder": accounts.FolderName(f), "Done": tr.Number(i + 1)}), Done: i, Total: len(folders)})
		if err := p.syncFolder(c, acct, f, &res); err != nil {
			return res, p.fail(st, err)
		}
		res.Folders++
	}
	// Every folder's list is complete: now the bodies still to fetch for
	// reading offline (an account that keeps only recent mail lists
	// headers first; listWhole leaves none).
	if err := p.downloadBodies(c, acct, folders); err != nil {
		return res, p.fail(st, err)
	}
	// Messages that failed alone twice, now that nothing waits for them;
	// those that came as headers get their bodies now, not a sync later.
	came, err := p.retryLater(c, acct, &res)
	if err != nil {
		return res, p.fail(st, err)
	}
	if len(came) > 0 && acct.Settings.KeepDays > 0 {
		if err := p.downloadBodies(c, acct, came); err != nil {
			return res, p.fail(st, err)
		}
	}
	if err := p.settleGone(&res); err != nil {
		return res, p.fail(st, err)
	}
	if err := p.reportUnfetched(folders, &res); err != nil {
		return res, p.fail(st, err)
	}
	_ = c.wait(func() error { return c.Logout().Wait() }) // everything is stored; a failed goodbye changes nothing
	p.report(accounts.Event{AccountID: acct.ID, Text: res.Summary()})
	return res, nil
}

func (p *Engine) fail(st accounts.Settings, err error) error {
	if localstore.IsDiskError(err) {
		return err // this computer's disk, not the server (#25)
	}
	var prob *netconf.Problem
	if errors.As(err, &prob) {
		return err
	}
	var ie *imap.Error
	if errors.As(err, &ie) {
		return &netconf.Problem{Role: secrets.Incoming, Server: st.Incoming, Said: ie.Text, Err: err}
	}
	return netconf.NetProblem(secrets.Incoming, st.Incoming, err)
}

// timeLeft estimates the rest of a download from its pace so far, in
// words ("" until there is enough to go on).
func timeLeft(began time.Time, done, total int) string {
	spent := time.Since(began)
	if done == 0 || done >= total || spent < 2*time.Second {
		return ""
	}
	left := time.Duration(float64(spent) / float64(done) * float64(total-done))
	switch {
	case left < time.Minute:
		return tr.L("a minute or less")
	case left < 2*time.Hour:
		return tr.N("{{.Count}} minute", "{{.Count}} minutes", int(left.Minutes()+0.5))
	}
	// From two hours on, with a decimal: a number every language Postie
	// speaks counts with the same form ("other").
	return tr.X("time.hours-decimal", "{{.Hours}} hours", tr.M{"Hours": tr.Decimal(left.Hours(), 1)})
}

// FetchBody downloads the whole of one message whose header only is here
// (opened by the person, or older than the account keeps offline), on a
// connection of its own so it does not wait for a running sync.
func (p *Engine) FetchBody(ctx context.Context, acct accounts.Account, m localstore.Summary) error {
	f, err := p.Store.Folder(m.FolderID)
	if err != nil {
		return err
	}
	if m.ServerKey == "" {
		return ErrNotOnServerYet
	}
	c, err := p.connect(ctx, acct)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.wait(func() error { _, err := c.Select(f.Path, &imap.SelectOptions{ReadOnly: true}).Wait(); return err }); err != nil {
		return p.fail(acct.Settings, err)
	}
	u, _ := strconv.ParseUint(m.ServerKey, 10, 32)
	var msgs []*imapclient.FetchMessageBuffer
	if err := c.wait(func() error {
		var err error
		msgs, err = c.Fetch(imap.UIDSetNum(imap.UID(u)), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
		return err
	}); err != nil {
		return p.fail(acct.Settings, err)
	}
	_ = c.wait(func() error { return c.Logout().Wait() }) // the body is stored; a failed goodbye changes nothing
	// Only the answer for the UID asked for: an unsolicited FETCH for
	// another message must not attach its body to this one (#25).
	for _, got := range msgs {
		if uint64(got.UID) != u || len(got.BodySection) == 0 || got.BodySection[0].Bytes == nil {
			continue
		}
		// The same rule as the sync's: sizes may be estimates
		// (Exchange), a stand-in is never the message.
		if raw := got.BodySection[0].Bytes; clearlyShort(len(raw), m.Size) || standIn(raw) {
			return ErrIncomplete
		}
		_, err = p.Store.Complete(f.ID, m.ServerKey, got.BodySection[0].Bytes)
		return err
	}
	return ErrGoneFromServer
}

// ErrIncomplete says the server sent other bytes than the message's size
// (a stand-in for a message it cannot read): nothing was stored.
var ErrIncomplete error = sentence(tr.Mark("the server sent only part of this message (it may be damaged there), so it was not stored: try again later, or look at it in webmail"))

// ErrNotOnServerYet says a header-only message just moved here has no server
// reference until the next sync.
var ErrNotOnServerYet error = sentence(tr.Mark("this message was just moved and can be downloaded after the next check for mail"))

// ErrGoneFromServer says the message was deleted on the server (on another
// device) before its body was downloaded.
var ErrGoneFromServer error = sentence(tr.Mark("this message is no longer on the server (it was deleted on another device), so it cannot be downloaded"))

// sentence is an error whose text is a sentence a person reads (through
// accounts.Explain): it is said in their language when it is read (the
// package's errors are made before the language is chosen).
type sentence string

func (s sentence) Error() string { return tr.L(string(s)) }
