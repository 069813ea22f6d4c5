package imapsync

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
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
	server, err := serverUIDs(c, sel)
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

	// Flag changes made elsewhere, for messages we already had.
	if len(local) > len(gone) {
		if err := p.flagChanges(c, f, state, sel, res); err != nil {
			return err
		}
	}
	return p.Store.SetSyncState(f.ID, localstore.SyncState{UIDValidity: sel.UIDValidity, UIDNext: uint32(sel.UIDNext), HighestModSeq: sel.HighestModSeq})
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
func serverUIDs(c *imapConn, sel *imap.SelectData) ([]imap.UID, error) {
	var server []imap.UID
	if sel.NumMessages > 0 {
		err := c.wait(func() error {
			data, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
			if err == nil {
				server = data.AllUIDs()
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return server, nil
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
		p.report(accounts.Event{AccountID: acct.ID, Text: fmt.Sprintf("Listing %s: %d of %d new messages…", f.Name, start+len(chunk), len(fresh)),
			Done: start + len(chunk), Total: len(fresh)})
	}
	return missed, broken, nil
}

// flagChanges applies flags changed elsewhere (with CONDSTORE only those
// changed since the last sync; nothing at all when nothing changed).
func (p *Engine) flagChanges(c *imapConn, f localstore.Folder, state localstore.SyncState, sel *imap.SelectData, res *Result) error {
	opts := &imap.FetchOptions{UID: true, Flags: true}
	// A HIGHESTMODSEQ lower than the one saved (a rebuilt folder: Cyrus's
	// reconstruct resets flags and counters) says nothing: all flags.
	if c.caps.Has(imap.CapCondStore) && state.HighestModSeq > 0 && sel.HighestModSeq >= state.HighestModSeq {
		if sel.HighestModSeq == state.HighestModSeq {
			opts = nil // nothing changed since the last sync
		} else {
			opts.ChangedSince = state.HighestModSeq
		}
	}
	if opts == nil {
		return nil
	}
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
