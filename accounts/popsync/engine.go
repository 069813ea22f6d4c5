// Package popsync is the POP engine: it downloads new messages into the
// account's Inbox byte for byte and then applies the person's choice for
// the server copies. go-pop3 does the session; our own commands read
// listings and messages (go-pop3 mishandles dot-stuffing, long lines and
// malformed replies) under progress deadlines. Invariants: a server copy
// is removed only when the person chose that, and only after the local
// copy is committed to disk; with several messages of one UIDL, the
// message number decides.
package popsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Engine downloads a POP account's new messages into its Inbox and then
// applies its server-copy policy. The rules it never breaks:
//   - a message is new or not by its UIDL, recorded in the same transaction
//     as the message, so nothing is downloaded twice after a crash;
//   - DELE is sent only after every download of the session is committed
//     (synced to disk), and only for a message whose stored size equals
//     the size the server announced;
//   - if QUIT does not succeed, nothing is taken as removed.
type Engine struct {
	Store   *localstore.Store
	Secrets secrets.Secrets
	Net     netconf.Net
	Now     func() time.Time     // nil: time.Now
	OnEvent func(accounts.Event) // nil: no reports
}

// Downloads are committed this many at a time (or this many bytes), and
// at most popInFlightBytes are downloaded ahead of what is committed.
const (
	popBatch         = 200
	popBatchBytes    = 16 << 20
	popInFlightBytes = 32 << 20
	popPipeline      = 8 // RETR commands sent ahead where the server offers PIPELINING
)

// Result says what a sync did.
type Result struct {
	OnServer   int
	Downloaded int
	Removed    int
	NoUIDL     bool    // the server cannot name messages: duplicates possible
	NewIDs     []int64 // the messages downloaded
	TooBig     int     // messages over maxPOPMessage, left on the server
	// Unfetched are messages the server lists but could not send (#25).
	Unfetched []accounts.Unfetched
}

// Summary is one sentence for the status bar or the terminal (and the
// sentences the person must read after it), in the person's language.
func (r Result) Summary() string {
	// Counts in one sentence: each is a counted phrase of its own in a
	// sentence with places (a catalogue counts one number per sentence).
	d := tr.M{
		"Downloaded": tr.N("{{.Count}} new message downloaded", "{{.Count}} new messages downloaded", r.Downloaded),
		"Removed": tr.N("{{.Count}} removed from the server as chosen in the account's settings",
			"{{.Count}} removed from the server as chosen in the account's settings", r.Removed),
		"OnServer": tr.XN("summary.on-server", "{{.Count}} on the server", "{{.Count}} on the server", r.OnServer-r.Removed),
	}
	s := tr.L("{{.Downloaded}} ({{.OnServer}}).", d)
	if r.Removed > 0 {
		s = tr.L("{{.Downloaded}}, {{.Removed}} ({{.OnServer}}).", d)
	}
	if r.TooBig > 0 {
		s += " " + tr.N("{{.Count}} message larger than {{.Size}} was left on the server (Postie does not download messages that big; webmail can).",
			"{{.Count}} messages larger than {{.Size}} were left on the server (Postie does not download messages that big; webmail can).",
			r.TooBig, tr.M{"Size": tooBigSize()})
	}
	// Never "all is well" while one is missing: each is named, with why
	// (#25), as the IMAP engine does.
	for _, u := range r.Unfetched {
		s += " " + accounts.UnfetchedNote(u)
	}
	if r.NoUIDL {
		s += " " + tr.L("This server cannot name its messages (no UIDL), so Postie recognises them by their headers and size; now and then a message may be downloaded twice.")
	}
	return s
}

// tooBigSize is the size of the largest message Postie downloads, as
// the person writes it ("256 MB").
func tooBigSize() string {
	return tr.L("{{.Size}} MB", tr.M{"Size": tr.Number(maxPOPMessage >> 20)})
}

func (p *Engine) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Engine) report(e accounts.Event) {
	if p.OnEvent != nil {
		p.OnEvent(e)
	}
}

// Sync gets the account's new mail. One message the server cannot send
// never holds the rest back: a message it refuses (-ERR) is skipped and
// asked for once more alone at the end; when the connection breaks in
// the middle of a message, what came before is kept, the session starts
// again without that message, and the message is asked for alone in a
// session of its own once everything else is done. A message that failed
// alone twice is recorded as one the server cannot send, asked for again
// at every later sync, and reported in Result.Unfetched until it comes.
func (p *Engine) Sync(ctx context.Context, acct accounts.Account) (res Result, err error) {
	login, err := signin.For(acct, secrets.Incoming, p.Secrets)
	if err != nil {
		return res, err
	}
	inbox, err := p.Store.FolderByRole(acct.ID, localstore.RoleInbox)
	if errors.Is(err, localstore.ErrNotFound) {
		inbox, err = p.Store.CreateFolder(acct.ID, localstore.Folder{Name: "Inbox", Path: "INBOX", Role: localstore.RoleInbox})
	}
	if err != nil {
		return res, err
	}
	run := &syncRun{acct: acct, inbox: inbox, login: login, failed: map[string]bool{}}
	for i := 0; ; i++ {
		err := p.session(ctx, run, false, &res)
		if err == nil {
			break
		}
		var b *brokeAt
		if !errors.As(err, &b) {
			return res, err // a store failure is not the server's
		}
		if b.blamed && ctx.Err() == nil && i+1 < popSessions {
			continue // without that message, which waits for its own session
		}
		return res, p.fail(acct.Settings, b)
	}
	if run.later {
		// The messages that broke a connection before, each asked for
		// alone; whatever happens here, the rest is already done.
		err := p.session(ctx, run, true, &res)
		var prob *netconf.Problem
		var b *brokeAt
		if err != nil && !errors.As(err, &b) && !errors.As(err, &prob) {
			return res, err
		}
	}
	if res.Unfetched, err = p.unfetched(run); err != nil {
		return res, err
	}
	p.report(accounts.Event{AccountID: acct.ID, Text: res.Summary()})
	return res, nil
}

// popSessions is how many sessions one sync starts at most before the
// messages after a broken connection wait for the next sync.
const popSessions = 3

// syncRun is what the sessions of one sync share.
type syncRun struct {
	acct   accounts.Account
	inbox  localstore.Folder
	login  netconf.Login
	listed bool            // the first listing is in the Result
	srv    serverList      // the latest listing
	failed map[string]bool // failed alone in this sync: not asked for again in it
	later  bool            // messages wait to be asked for alone, in a session of their own
}

// session runs one POP session: list, download (retry: only the messages
// that broke a connection before, one at a time), apply the server-copy
// policy and QUIT.
func (p *Engine) session(ctx context.Context, run *syncRun, retry bool, res *Result) error {
	st := run.acct.Settings
	p.report(accounts.Event{AccountID: run.acct.ID, Text: tr.L("Connecting to {{.Host}}…", tr.M{"Host": st.Incoming.Host})})
	c, err := dialPOP(ctx, p.Net, st.Incoming, run.login, st.TrustedCerts)
	if err != nil {
		return err
	}
	defer c.Close() // without QUIT, the server removes nothing
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	caps := c.capa()
	c.enableUTF8(caps)
	srv, err := p.listServer(c)
	if err != nil {
		return p.fail(st, err)
	}
	if !run.listed {
		res.NoUIDL, res.OnServer, run.listed = srv.noUIDL, len(srv.nums), true
	}
	run.srv = srv
	seen, err := p.Store.SeenKeys(run.acct.ID)
	if err != nil {
		return err
	}
	fresh, err := p.fresh(run.acct, srv, seen)
	if err != nil {
		return err
	}
	pl, err := p.plan(run, srv, seen, fresh, retry, res)
	if err != nil {
		return err
	}
	window := 1
	if _, ok := caps["PIPELINING"]; ok && len(pl.normal) > 1 {
		window = popPipeline
	}
	refused, err := p.download(ctx, c, run, srv, seen, pl.normal, window, false, res)
	if err != nil {
		return err
	}
	if _, err := p.download(ctx, c, run, srv, seen, sortedUnion(pl.alone, refused), 1, true, res); err != nil {
		return err
	}
	return p.removeAsChosen(c, run.acct, srv, seen, res)
}

// serverList is what a POP server holds: message number → size and →
// key (UIDL, or a fingerprint when the server has none), and the numbers
// that name a key, lowest first.
type serverList struct {
	sizes  map[int]int64
	keys   map[int]string
	nums   []int
	byKey  map[string]int
	noUIDL bool
}

func (p *Engine) listServer(c *popConn) (serverList, error) {
	var l serverList
	var err error
	if l.sizes, err = c.sizes(); err != nil {
		return l, err
	}
	hasUIDL := true
	if l.keys, hasUIDL, err = c.uidl(); err != nil {
		return l, err
	}
	if !hasUIDL {
		l.noUIDL = true
		if l.keys, err = p.fingerprints(c, l.sizes); err != nil {
			return l, err
		}
	}
	// A broken server may list one key for two messages: the lower message
	// number is that key's message, decided by number (never by map
	// order); the other is neither downloaded nor ever removed.
	listed := make([]int, 0, len(l.keys))
	for n := range l.keys {
		listed = append(listed, n)
	}
	sort.Ints(listed)
	l.byKey = map[string]int{}
	for _, n := range listed {
		k := l.keys[n]
		if _, dup := l.byKey[k]; dup {
			continue
		}
		l.byKey[k] = n
		l.nums = append(l.nums, n)
	}
	return l, nil
}

func (p *Engine) fail(st accounts.Settings, err error) error {
	if localstore.IsDiskError(err) {
		return err // this computer's disk, not the server (#25)
	}
	var prob *netconf.Problem
	if errors.As(err, &prob) {
		return err
	}
	return netconf.NetProblem(secrets.Incoming, st.Incoming, err)
}

// fingerprints names messages by a hash of their header and size, for
// servers without UIDL.
func (p *Engine) fingerprints(c *popConn, sizes map[int]int64) (map[int]string, error) {
	out := map[int]string{}
	for n, size := range sizes {
		hdr, err := c.retr(n, true)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(append(hdr, []byte(strconv.FormatInt(size, 10))...))
		out[n] = "fp:" + hex.EncodeToString(sum[:16])
	}
	return out, nil
}
