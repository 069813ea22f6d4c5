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
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/mailtext"
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
}

// Summary is one sentence for the status bar or the terminal.
func (r Result) Summary() string {
	s := fmt.Sprintf("%d new %s downloaded", r.Downloaded, mailtext.Plural(r.Downloaded, "message", "messages"))
	if r.Removed > 0 {
		s += fmt.Sprintf(", %d removed from the server as chosen in the account's settings", r.Removed)
	}
	s += fmt.Sprintf(" (%d on the server).", r.OnServer-r.Removed)
	if r.TooBig > 0 {
		s += fmt.Sprintf(" %d %s larger than 256 MB %s left on the server (Postie does not download messages that big; webmail can).",
			r.TooBig, mailtext.Plural(r.TooBig, "message", "messages"), mailtext.Plural(r.TooBig, "was", "were"))
	}
	if r.NoUIDL {
		s += " " + noUIDLNote
	}
	return s
}

const noUIDLNote = "This server cannot name its messages (no UIDL), so Postie recognises them by their headers and size; now and then a message may be downloaded twice."

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

// Sync runs one full POP session for the account.
func (p *Engine) Sync(ctx context.Context, acct accounts.Account) (res Result, err error) {
	st := acct.Settings
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
	p.report(accounts.Event{AccountID: acct.ID, Text: "Connecting to " + st.Incoming.Host + "…"})
	c, err := dialPOP(ctx, p.Net, st.Incoming, login, st.TrustedCerts)
	if err != nil {
		return res, err
	}
	defer c.Close() // without QUIT, the server removes nothing
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	srv, err := p.listServer(c)
	if err != nil {
		return res, p.fail(st, err)
	}
	sizes, keys, nums, byKey := srv.sizes, srv.keys, srv.nums, srv.byKey
	res.NoUIDL = srv.noUIDL
	res.OnServer = len(nums)
	seen, err := p.Store.SeenKeys(acct.ID)
	if err != nil {
		return res, err
	}

	// Download what is new, oldest first, one committed message at a time.
	var fresh []int
	for _, n := range nums {
		k := keys[n]
		s, ok := seen[k]
		if ok && s.Removed {
			// We removed this key from the server, yet it is listed again:
			// the server reused it for a new message.
			if err := p.Store.ReuseKey(acct.ID, k); err != nil {
				return res, err
			}
			ok = false
		}
		if !ok && byKey[k] == n {
			fresh = append(fresh, n)
		}
	}
	// Messages are committed in batches: nothing is removed from the server
	// before every download is committed, so a crash loses only a batch
	// that is still on the server.
	var batch []localstore.NewMessage
	batchBytes := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		added, err := p.Store.Add(inbox.ID, batch)
		if err != nil {
			return err
		}
		for _, a := range added {
			if !a.Duplicate {
				res.NewIDs = append(res.NewIDs, a.ID)
			}
		}
		res.Downloaded += len(batch)
		batch, batchBytes = batch[:0], 0
		return nil
	}
	// One goroutine downloads while this one commits: parsing and
	// indexing overlap with the network. What is downloaded but not yet
	// committed is bounded in bytes (by the sizes the server announced),
	// not only in messages.
	type got struct {
		n   int
		raw []byte
	}
	ch := make(chan got, 64)
	budget := newByteBudget(popInFlightBytes)
	var dlErr error
	tooBig := 0
	var todo []int
	for _, n := range fresh {
		if sizes[n] > maxPOPMessage {
			tooBig++ // stays on the server, never removed: it is not here
			continue
		}
		todo = append(todo, n)
	}
	window := 1
	if len(todo) > 1 {
		if _, ok := c.capa()["PIPELINING"]; ok {
			window = popPipeline
		}
	}
	go func() {
		defer close(ch)
		dlErr = c.retrAll(ctx, todo, sizes, window, budget, func(n int, raw []byte) error {
			select {
			case ch <- got{n, raw}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	i := 0
	var storeErr error
	for g := range ch {
		budget.give(sizes[g.n])
		if storeErr != nil {
			continue // drain, so the downloader ends
		}
		if i%25 == 0 {
			p.report(accounts.Event{AccountID: acct.ID, Text: fmt.Sprintf("Downloading %d new %s… %d done", len(fresh), mailtext.Plural(len(fresh), "message", "messages"), i), Done: i, Total: len(fresh)})
		}
		i++
		batch = append(batch, localstore.NewMessage{Raw: g.raw, ServerKey: keys[g.n], Received: p.now()})
		batchBytes += len(g.raw)
		if len(batch) >= popBatch || batchBytes >= popBatchBytes {
			storeErr = flush()
		}
	}
	res.TooBig = tooBig // the downloader has ended: ch is closed
	if storeErr != nil {
		return res, storeErr
	}
	if err := flush(); err != nil {
		return res, err
	}
	if dlErr != nil {
		return res, p.fail(st, dlErr)
	}

	// Server copies, by the person's policy.
	dele, deletedHere, err := p.toRemove(acct, nums, keys, sizes)
	if err != nil {
		return res, err
	}
	if len(dele) > 0 {
		p.report(accounts.Event{AccountID: acct.ID, Text: fmt.Sprintf("Removing %d %s from the server, as chosen in this account's settings…", len(dele), mailtext.Plural(len(dele), "message", "messages"))})
	}
	var removed []string
	for _, n := range dele {
		if _, err := c.command("DELE %d", n); err != nil {
			var pe *popError
			if errors.As(err, &pe) {
				continue // the server refused this one: it stays
			}
			return res, p.fail(st, err)
		}
		removed = append(removed, keys[n])
	}
	if _, err := c.command("QUIT"); err != nil {
		// Not confirmed: nothing counts as removed.
		return res, p.fail(st, fmt.Errorf("the server did not confirm the end of the session, so nothing is taken as removed: %w", err))
	}
	if err := p.Store.MarkRemoved(acct.ID, removed); err != nil {
		return res, err
	}
	res.Removed = len(removed)
	// Settle the deletions made here: done once removed, or when the
	// server no longer has the message, or when the policy keeps server
	// copies anyway. A refused DELE stays queued for the next session.
	wasRemoved := map[string]bool{}
	for _, k := range removed {
		wasRemoved[k] = true
	}
	for k, op := range deletedHere {
		_, listed := byKey[k]
		if wasRemoved[k] || !listed || st.ServerCopies.Mode != accounts.OnDelete {
			if err := p.Store.DonePending(op); err != nil {
				return res, err
			}
		}
	}
	// Forget keys that were removed and are no longer listed.
	var gone []string
	for k, s := range seen {
		if _, listed := byKey[k]; !listed && s.Removed {
			gone = append(gone, k)
		}
	}
	if err := p.Store.ForgetKeys(acct.ID, gone); err != nil {
		return res, err
	}
	p.report(accounts.Event{AccountID: acct.ID, Text: res.Summary()})
	return res, nil
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

// byteBudget bounds the bytes downloaded but not yet committed. One item
// larger than the whole budget still goes, alone.
type byteBudget struct {
	mu   sync.Mutex
	cond *sync.Cond
	used int64
	max  int64
}

func newByteBudget(max int64) *byteBudget {
	b := &byteBudget{max: max}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// take waits until n bytes fit; false if ctx ended meanwhile.
func (b *byteBudget) take(ctx context.Context, n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used > 0 && b.used+n > b.max && ctx.Err() == nil {
		b.cond.Wait()
	}
	b.used += n
	return ctx.Err() == nil
}

// tryTake takes n bytes if they fit now.
func (b *byteBudget) tryTake(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used > 0 && b.used+n > b.max {
		return false
	}
	b.used += n
	return true
}

func (b *byteBudget) give(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}

func (p *Engine) fail(st accounts.Settings, err error) error {
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

// toRemove lists the messages the policy removes now, and the messages
// deleted for ever here (server key → pending operation).
func (p *Engine) toRemove(acct accounts.Account, nums []int, keys map[int]string, sizes map[int]int64) ([]int, map[string]int64, error) {
	pol := acct.Settings.ServerCopies
	var dele []int
	pending, err := p.Store.Pending(acct.ID)
	if err != nil {
		return nil, nil, err
	}
	deletedHere := map[string]int64{}
	for _, o := range pending {
		if o.Kind == localstore.OpExpunge && o.ServerKey != "" {
			deletedHere[o.ServerKey] = o.ID
		} else {
			if err := p.Store.DonePending(o.ID); err != nil { // nothing else is the POP server's business
				return nil, nil, err
			}
		}
	}
	seen, err := p.Store.SeenKeys(acct.ID)
	if err != nil {
		return nil, nil, err
	}
	safe := func(n int) bool {
		// The local copy is committed and whole: same size as announced.
		m, err := p.Store.MessageByAccountKey(acct.ID, keys[n])
		if err != nil {
			return false
		}
		return m.Size == sizes[n]
	}
	for _, n := range nums {
		k := keys[n]
		switch pol.Mode {
		case accounts.AfterDownload:
			if safe(n) {
				dele = append(dele, n)
			}
		case accounts.AfterDays:
			s, ok := seen[k]
			if ok && !s.FirstSeen.After(p.now().AddDate(0, 0, -pol.Days)) && safe(n) {
				dele = append(dele, n)
			}
		case accounts.OnDelete:
			// Deleted for ever here (the local copy is gone on purpose),
			// and it was downloaded: it is in the seen record.
			if _, ok := deletedHere[k]; ok {
				if _, known := seen[k]; known {
					dele = append(dele, n)
				}
			}
		}
	}
	return dele, deletedHere, nil
}
