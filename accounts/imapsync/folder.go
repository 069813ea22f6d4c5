package imapsync

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

func toLocal(fs []imap.Flag) localstore.Flags {
	var out localstore.Flags
	for _, f := range fs {
		for _, m := range flagMap {
			if strings.EqualFold(string(f), string(m.imap)) {
				out |= m.local
			}
		}
	}
	return out
}

func toIMAP(f localstore.Flags) []imap.Flag {
	var out []imap.Flag
	for _, m := range flagMap {
		if f&m.local != 0 {
			out = append(out, m.imap)
		}
	}
	return out
}

func (p *Engine) syncFolder(c *imapConn, acct accounts.Account, f localstore.Folder, res *Result) error {
	sel, err := c.selectBox(f.Path, &imap.SelectOptions{CondStore: c.caps.Has(imap.CapCondStore)})
	if err != nil {
		return err
	}
	state, err := p.Store.SyncState(f.ID)
	if err != nil {
		return err
	}
	if state.UIDValidity != 0 && state.UIDValidity != sel.UIDValidity {
		// The server renumbered this folder: keep every message, forget the
		// old UIDs; identical server copies are adopted as they arrive,
		// and take the server's flags (localstore's findStored).
		if err := p.Store.ClearServerKeys(f.ID); err != nil {
			return err
		}
		if err := p.Store.ForgetFetchProblems(f.ID); err != nil {
			return err
		}
		state = localstore.SyncState{}
	}
	local, err := p.Store.ServerKeys(f.ID)
	if err != nil {
		return err
	}

	// Which UIDs the server has, as mail: a message marked \Deleted is on
	// its way out (deleted here or on another device, and not expunged,
	// as on servers without UIDPLUS), so it is not shown as normal mail.
	server, unseen, err := serverUIDs(c, sel)
	if err != nil {
		return err
	}
	onServer := make(map[string]bool, len(server))
	for _, u := range server {
		onServer[strconv.FormatUint(uint64(u), 10)] = true
	}
	var gone []string
	for k := range local {
		if !onServer[k] {
			gone = append(gone, k)
		}
	}
	if err := p.Store.RemoveByKeys(f.ID, gone); err != nil {
		return err
	}
	res.Removed += len(gone)

	// New messages, newest first (listNew).
	var fresh []imap.UID
	for _, u := range server {
		if _, ok := local[strconv.FormatUint(uint64(u), 10)]; !ok {
			fresh = append(fresh, u)
		}
	}
	sort.Slice(fresh, func(i, j int) bool { return fresh[i] > fresh[j] })
	normal, alone, err := p.splitFresh(f, fresh, onServer, res)
	if err != nil {
		return err
	}
	missed, _, err := p.listNew(c, acct, f, normal, res) // the broken ones are recorded
	if err != nil {
		return err
	}
	// What the server did not send in a chunk, or failed before: alone.
	for _, u := range append(alone, missed...) {
		if err := p.fetchAlone(c, acct, f, u, res); err != nil {
			return err
		}
	}

	// Header-only messages that matched nothing on the server (a move
	// here that the server refused) are only stubs: the message is still
	// on the server, in the folder it was in.
	if _, err := p.Store.RemoveStubs(f.ID); err != nil {
		return err
	}

	// Flag changes made elsewhere, for messages we already had (those
	// that came now came with the server's flags). HIGHESTMODSEQ is saved
	// only once the flags are in step.
	extra := readExtra(state.Extra)
	if len(local) > len(gone) {
		full, err := p.flagChanges(c, f, state, sel, extra, unseen, res)
		if err != nil {
			return err
		}
		if full {
			extra.FlagsChecked = p.clock().Unix()
		}
	} else {
		extra.FlagsChecked = p.clock().Unix()
	}
	return p.Store.SetSyncState(f.ID, localstore.SyncState{UIDValidity: sel.UIDValidity, UIDNext: uint32(sel.UIDNext), HighestModSeq: sel.HighestModSeq,
		Extra: extra.String()})
}

var flagMap = []struct {
	local localstore.Flags
	imap  imap.Flag
}{
	{localstore.Seen, imap.FlagSeen}, {localstore.Answered, imap.FlagAnswered}, {localstore.Flagged, imap.FlagFlagged},
	{localstore.Deleted, imap.FlagDeleted}, {localstore.Draft, imap.FlagDraft},
}

// serverUIDs lists the UIDs the server has as mail: a message marked
// \Deleted is on its way out (deleted here or on another device, and not
// expunged, as on servers without UIDPLUS), so it is not normal mail.
// With CONDSTORE it also counts the unread ones (-1 otherwise), asked in
// the same round trip: flagChanges compares that count with its own.
func serverUIDs(c *imapConn, sel *imap.SelectData) ([]imap.UID, int, error) {
	var server []imap.UID
	unseen := -1
	if sel.NumMessages == 0 {
		if c.caps.Has(imap.CapCondStore) {
			unseen = 0
		}
		return nil, unseen, nil
	}
	// With ESEARCH the answers carry their command's tag, so both go at
	// once; plain SEARCH answers are told apart only by their order.
	esearch := c.caps.Has(imap.CapESearch) || c.caps.Has(imap.CapIMAP4rev2)
	countUnread := func() *imapclient.SearchCommand {
		var opts *imap.SearchOptions
		if esearch {
			opts = &imap.SearchOptions{ReturnCount: true}
		}
		return c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen, imap.FlagDeleted}}, opts)
	}
	err := c.wait(func() error {
		all := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}, nil)
		var unread *imapclient.SearchCommand
		if c.caps.Has(imap.CapCondStore) && esearch {
			unread = countUnread()
		}
		data, err := all.Wait()
		if err != nil {
			return err
		}
		server = data.AllUIDs()
		if c.caps.Has(imap.CapCondStore) && !esearch {
			unread = countUnread()
		}
		if unread != nil {
			d, uerr := unread.Wait()
			switch {
			case uerr != nil:
				// not known: the other checks decide
			case esearch:
				unseen = int(d.Count)
			default:
				unseen = len(d.AllUIDs())
			}
		}
		return nil
	})
	if err != nil {
		return nil, -1, err
	}
	return server, unseen, nil
}

// listNew stores new messages, newest first. An account that keeps all
// its mail offline gets them whole at once (listWhole); one that keeps
// only recent mail gets the headers, flags and sizes of all, so the list
// is complete within seconds, and downloadBodies fetches the bodies of
// the recent ones once every folder is listed (BODY.PEEK marks nothing
// read).
func (p *Engine) listNew(c *imapConn, acct accounts.Account, f localstore.Folder, fresh []imap.UID, res *Result) (missed, broken []imap.UID, err error) {
	if acct.Settings.KeepDays == 0 {
		return p.listWhole(c, acct, f, fresh, res)
	}
	for start := 0; start < len(fresh); start += headerChunk {
		chunk := fresh[start:min(start+headerChunk, len(fresh))]
		msgs, lost, err := p.fetchNarrowed(c, f, chunk, &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{{Specifier: imap.PartSpecifierHeader, Peek: true}}})
		broken = append(broken, lost...)
		var ie *imap.Error
		if errors.As(err, &ie) {
			missed = append(missed, chunk...)
			continue
		} else if err != nil {
			return missed, broken, p.suspect(f, without(chunk, lost), err)
		}
		batch, held := newMessages(msgs, true)
		added, err := p.Store.Add(f.ID, batch)
		if err != nil {
			return missed, broken, err
		}
		if err := p.hold(f, held, res); err != nil {
			return missed, broken, err
		}
		missed = append(missed, without(unanswered(chunk, msgs), append(lost, heldUIDs(held)...))...)
		countNew(f, added, res)
		p.report(accounts.Event{AccountID: acct.ID, Text: tr.N("Listing {{.Folder}}: {{.Done}} of {{.Count}} new message…", "Listing {{.Folder}}: {{.Done}} of {{.Count}} new messages…", len(fresh),
			tr.M{"Folder": accounts.FolderName(f), "Done": tr.Number(start + len(chunk))}),
			Done: start + len(chunk), Total: len(fresh)})
	}
	return missed, broken, nil
}

// flagsEvery is how often every flag of a folder is compared with the
// server's even when CONDSTORE says nothing changed: Cyrus' reconstruct
// resets flags and keeps UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ (and each
// message's MODSEQ), so nothing else would ever show it (#25). A full
// comparison is about 50 bytes a message (5 MB for 100,000), once a day.
const flagsEvery = 24 * time.Hour

// flagChanges applies flags changed elsewhere and says whether it
// compared them all. Without CONDSTORE, all are compared; with it, those
// changed since the last sync (none when HIGHESTMODSEQ did not grow),
// and all when the folder's HIGHESTMODSEQ went down, when the last full
// comparison is a day old, or when the server's count of unread mail
// (unseen, asked with the list of UIDs) differs from the count here
// afterwards — a reset of read marks shows there at once.
func (p *Engine) flagChanges(c *imapConn, f localstore.Folder, state localstore.SyncState, sel *imap.SelectData, extra imapExtra, unseen int, res *Result) (bool, error) {
	due := p.clock().Sub(time.Unix(extra.FlagsChecked, 0)) >= flagsEvery
	if !c.caps.Has(imap.CapCondStore) || state.HighestModSeq == 0 || sel.HighestModSeq < state.HighestModSeq || due {
		return true, p.compareFlags(c, f, &imap.FetchOptions{UID: true, Flags: true}, res)
	}
	if sel.HighestModSeq > state.HighestModSeq {
		if err := p.compareFlags(c, f, &imap.FetchOptions{UID: true, Flags: true, ChangedSince: state.HighestModSeq}, res); err != nil {
			return false, err
		}
	}
	if unseen < 0 {
		return false, nil
	}
	known, err := p.Store.ServerFlags(f.ID)
	if err != nil {
		return false, err
	}
	here := 0
	for _, fl := range known {
		if fl&(localstore.Seen|localstore.Deleted) == 0 {
			here++
		}
	}
	if here == unseen {
		return false, nil
	}
	return true, p.compareFlags(c, f, &imap.FetchOptions{UID: true, Flags: true}, res)
}

// compareFlags fetches flags (all, or those changed since) and takes the
// server's where they differ.
func (p *Engine) compareFlags(c *imapConn, f localstore.Folder, opts *imap.FetchOptions, res *Result) error {
	var msgs []*imapclient.FetchMessageBuffer
	err := c.wait(func() error {
		var err error
		msgs, err = c.Fetch(imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}, opts).Collect()
		return err
	})
	if err != nil {
		return err
	}
	known, err := p.Store.ServerFlags(f.ID)
	if err != nil {
		return err
	}
	changes := map[string]localstore.Flags{}
	for _, m := range msgs {
		k := strconv.FormatUint(uint64(m.UID), 10)
		if old, ok := known[k]; ok && old != toLocal(m.Flags) {
			changes[k] = toLocal(m.Flags)
		}
	}
	if err := p.Store.ApplyServerFlags(f.ID, changes); err != nil {
		return err
	}
	res.FlagChanges += len(changes)
	return nil
}

// imapExtra is the engine's own bookkeeping for a folder
// (SyncState.Extra, JSON).
type imapExtra struct {
	// FlagsChecked: when every flag was last compared (Unix seconds).
	FlagsChecked int64 `json:"flagsChecked,omitempty"`
}

func readExtra(s string) imapExtra {
	var e imapExtra
	_ = json.Unmarshal([]byte(s), &e) // empty or unreadable: nothing known, everything is compared
	return e
}

func (e imapExtra) String() string {
	b, _ := json.Marshal(e) // cannot fail: plain fields
	return string(b)
}
