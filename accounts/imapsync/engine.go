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
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/mailtext"
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
}

// Result says what a sync did.
type Result struct {
	Folders, New, Removed, FlagChanges, Replayed int
	NewInInbox                                   []int64 // for "new mail" notifications
	// Dropped are changes made here that could not be aimed at their
	// message any more (its folder was renumbered on the server).
	Dropped []localstore.Op
}

// Summary is one sentence for the status bar or the terminal.
func (r Result) Summary() string {
	s := "No new messages"
	if r.New > 0 {
		s = fmt.Sprintf("%d new %s", r.New, mailtext.Plural(r.New, "message", "messages"))
	}
	if r.Replayed > 0 {
		s += fmt.Sprintf(", %d %s sent to the server", r.Replayed, mailtext.Plural(r.Replayed, "change", "changes"))
	}
	s += fmt.Sprintf(" in %d %s; up to date.", r.Folders, mailtext.Plural(r.Folders, "folder", "folders"))
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

type imapConn struct {
	*imapSession
	ctx  context.Context
	n    netconf.Net
	caps imap.CapSet
}

func (c *imapConn) wait(f func() error) error { return netconf.Wait(c.ctx, c.n, c.conn, f) }

func (p *Engine) report(e accounts.Event) {
	if p.OnEvent != nil {
		p.OnEvent(e)
	}
}

// Sync runs one full two-way sync of the account.
func (p *Engine) Sync(ctx context.Context, acct accounts.Account) (Result, error) {
	var res Result
	st := acct.Settings
	login, err := signin.For(acct, secrets.Incoming, p.Secrets)
	if err != nil {
		return res, err
	}
	p.report(accounts.Event{AccountID: acct.ID, Text: "Connecting to " + st.Incoming.Host + "…"})
	s, err := dialIMAP(ctx, p.Net, st.Incoming, login, st.TrustedCerts, nil)
	if err != nil {
		return res, err
	}
	defer s.Close()
	c := &imapConn{imapSession: s, ctx: ctx, n: p.Net}
	c.wait(func() error { c.caps = s.Caps(); return nil })

	kept, err := p.replay(c, acct, false)
	res.Replayed += kept.done
	res.Dropped = append(res.Dropped, kept.dropped...)
	if err != nil {
		return res, p.fail(st, err)
	}
	folders, err := p.syncFolderList(c, acct)
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
		p.report(accounts.Event{AccountID: acct.ID, Text: fmt.Sprintf("Checking %s (%d of %d folders)…", f.Name, i+1, len(folders)), Done: i, Total: len(folders)})
		if err := p.syncFolder(c, acct, f, &res); err != nil {
			return res, p.fail(st, err)
		}
		res.Folders++
	}
	// Every folder's list is complete: now the bodies, for reading offline.
	if err := p.downloadBodies(c, acct, folders); err != nil {
		return res, p.fail(st, err)
	}
	c.wait(func() error { return s.Logout().Wait() })
	p.report(accounts.Event{AccountID: acct.ID, Text: res.Summary()})
	return res, nil
}

func (p *Engine) fail(st accounts.Settings, err error) error {
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
		return "a minute or less"
	case left < time.Hour:
		return fmt.Sprintf("%d minutes", int(left.Minutes()+0.5))
	}
	return fmt.Sprintf("%.1f hours", left.Hours())
}

// roleFromServer reads SPECIAL-USE attributes, then the usual names.
func roleFromServer(name string, attrs []imap.MailboxAttr) localstore.Role {
	for _, a := range attrs {
		switch a {
		case imap.MailboxAttrSent:
			return localstore.RoleSent
		case imap.MailboxAttrDrafts:
			return localstore.RoleDrafts
		case imap.MailboxAttrTrash:
			return localstore.RoleTrash
		case imap.MailboxAttrJunk:
			return localstore.RoleJunk
		case imap.MailboxAttrArchive:
			return localstore.RoleArchive
		}
	}
	if strings.EqualFold(name, "INBOX") {
		return localstore.RoleInbox
	}
	last := name
	if i := strings.LastIndexAny(name, "/."); i >= 0 {
		last = name[i+1:]
	}
	switch strings.ToLower(last) {
	case "sent", "sent messages", "sent items", "sent mail":
		return localstore.RoleSent
	case "drafts":
		return localstore.RoleDrafts
	case "trash", "deleted items", "deleted messages", "bin":
		return localstore.RoleTrash
	case "junk", "spam", "junk e-mail", "bulk mail":
		return localstore.RoleJunk
	case "archive", "archives", "all mail":
		return localstore.RoleArchive
	}
	return localstore.RoleNone
}

// syncFolderList mirrors the server's subscribed folders: new ones appear,
// ones deleted elsewhere go (unless they hold mail that is only here).
func (p *Engine) syncFolderList(c *imapConn, acct accounts.Account) ([]localstore.Folder, error) {
	var boxes []*imap.ListData
	opts := &imap.ListOptions{}
	if c.caps.Has(imap.CapSpecialUse) && (c.caps.Has(imap.CapListExtended) || c.caps.Has(imap.CapIMAP4rev2)) {
		opts.ReturnSpecialUse = true
		opts.SelectSubscribed = true
	}
	err := c.wait(func() error {
		var err error
		boxes, err = c.List("", "*", opts).Collect()
		return err
	})
	if err != nil {
		return nil, err
	}
	existing, err := p.Store.Folders(acct.ID)
	if err != nil {
		return nil, err
	}
	byPath := map[string]localstore.Folder{}
	for _, f := range existing {
		byPath[f.Path] = f
	}
	onServer := map[string]bool{"INBOX": true}
	var listed []*imap.ListData
	for _, b := range boxes {
		noSelect := false
		for _, a := range b.Attrs {
			if a == imap.MailboxAttrNoSelect || a == imap.MailboxAttrNonExistent {
				noSelect = true
			}
		}
		if !noSelect {
			onServer[b.Mailbox] = true
			listed = append(listed, b)
		}
	}
	if err := p.followRenames(c, existing, listed, byPath, onServer); err != nil {
		return nil, err
	}
	var out []localstore.Folder
	for _, b := range listed {
		f, ok := byPath[b.Mailbox]
		if !ok {
			if f, err = p.Store.CreateFolder(acct.ID, localstore.Folder{Name: folderName(b), Path: b.Mailbox, Role: roleFromServer(b.Mailbox, b.Attrs)}); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	// INBOX always exists, even when it is not listed as subscribed.
	hasInbox := false
	for _, f := range out {
		hasInbox = hasInbox || strings.EqualFold(f.Path, "INBOX")
	}
	if !hasInbox {
		f, ok := byPath["INBOX"]
		if !ok {
			if f, err = p.Store.CreateFolder(acct.ID, localstore.Folder{Name: "Inbox", Path: "INBOX", Role: localstore.RoleInbox}); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	for _, f := range existing {
		if onServer[f.Path] {
			continue
		}
		if n, err := p.Store.LocalOnly(f.ID); err == nil && n == 0 {
			// Deleted on the server, nothing only-here in it.
			if err := p.Store.DeleteFolder(f.ID); err != nil {
				return nil, err
			}
		}
	}
	// The Inbox first, then by role and name, as the tree shows them.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Role == localstore.RoleInbox && out[j].Role != localstore.RoleInbox })
	return out, nil
}

var flagMap = []struct {
	local localstore.Flags
	imap  imap.Flag
}{
	{localstore.Seen, imap.FlagSeen}, {localstore.Answered, imap.FlagAnswered}, {localstore.Flagged, imap.FlagFlagged},
	{localstore.Deleted, imap.FlagDeleted}, {localstore.Draft, imap.FlagDraft},
}

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
	var sel *imap.SelectData
	condstore := c.caps.Has(imap.CapCondStore)
	err := c.wait(func() error {
		var err error
		sel, err = c.Select(f.Path, &imap.SelectOptions{CondStore: condstore}).Wait()
		return err
	})
	if err != nil {
		return err
	}
	state, err := p.Store.SyncState(f.ID)
	if err != nil {
		return err
	}
	if state.UIDValidity != 0 && state.UIDValidity != sel.UIDValidity {
		// The server renumbered this folder: keep every message, forget the
		// old UIDs; identical server copies are adopted as they arrive.
		if err := p.Store.ClearServerKeys(f.ID); err != nil {
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
	var server []imap.UID
	if sel.NumMessages > 0 {
		err = c.wait(func() error {
			data, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
			if err == nil {
				server = data.AllUIDs()
			}
			return err
		})
		if err != nil {
			return err
		}
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

	// New messages, newest first: first their headers, flags and sizes, so
	// the list is complete within seconds; downloadBodies fetches the rest
	// once every folder is listed (BODY.PEEK marks nothing read).
	var fresh []imap.UID
	for _, u := range server {
		if _, ok := local[strconv.FormatUint(uint64(u), 10)]; !ok {
			fresh = append(fresh, u)
		}
	}
	sort.Slice(fresh, func(i, j int) bool { return fresh[i] > fresh[j] })
	for start := 0; start < len(fresh); start += headerChunk {
		chunk := fresh[start:min(start+headerChunk, len(fresh))]
		var msgs []*imapclient.FetchMessageBuffer
		err := c.wait(func() error {
			var err error
			msgs, err = c.Fetch(imap.UIDSetNum(chunk...), &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, RFC822Size: true,
				BodySection: []*imap.FetchItemBodySection{{Specifier: imap.PartSpecifierHeader, Peek: true}}}).Collect()
			return err
		})
		if err != nil {
			return err
		}
		var batch []localstore.NewMessage
		for _, m := range msgs {
			if m.UID == 0 || len(m.BodySection) == 0 {
				continue
			}
			batch = append(batch, localstore.NewMessage{Raw: m.BodySection[0].Bytes, ServerKey: strconv.FormatUint(uint64(m.UID), 10),
				Flags: toLocal(m.Flags), Received: m.InternalDate, Partial: true, Size: m.RFC822Size})
		}
		added, err := p.Store.Add(f.ID, batch)
		if err != nil {
			return err
		}
		for _, a := range added {
			if a.Duplicate {
				continue // already here (moved here, or kept across a UIDVALIDITY change)
			}
			res.New++
			if f.Role == localstore.RoleInbox {
				res.NewInInbox = append(res.NewInInbox, a.ID)
			}
		}
		p.report(accounts.Event{AccountID: acct.ID, Text: fmt.Sprintf("Listing %s: %d of %d new messages…", f.Name, start+len(chunk), len(fresh)),
			Done: start + len(chunk), Total: len(fresh)})
	}

	// Header-only messages that matched nothing on the server (a move
	// here that the server refused) are only stubs: the message is still
	// on the server, in the folder it was in.
	if _, err := p.Store.RemoveStubs(f.ID); err != nil {
		return err
	}

	// Flag changes made elsewhere, for messages we already had.
	if len(local) > len(gone) {
		opts := &imap.FetchOptions{UID: true, Flags: true}
		if condstore && state.HighestModSeq > 0 && sel.HighestModSeq > 0 {
			if sel.HighestModSeq == state.HighestModSeq {
				opts = nil // nothing changed since the last sync
			} else {
				opts.ChangedSince = state.HighestModSeq
			}
		}
		if opts != nil {
			var msgs []*imapclient.FetchMessageBuffer
			err := c.wait(func() error {
				var err error
				msgs, err = c.Fetch(imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}, opts).Collect()
				return err
			})
			if err != nil {
				return err
			}
			known, _ := p.Store.ServerFlags(f.ID)
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
		}
	}
	return p.Store.SetSyncState(f.ID, localstore.SyncState{UIDValidity: sel.UIDValidity, UIDNext: uint32(sel.UIDNext), HighestModSeq: sel.HighestModSeq})
}

func folderName(b *imap.ListData) string {
	name := b.Mailbox
	if b.Delim != 0 {
		name = strings.ReplaceAll(name, string(b.Delim), " › ")
	}
	if strings.EqualFold(b.Mailbox, "INBOX") {
		name = "Inbox"
	}
	return name
}

// followRenames finds folders renamed on another device: a folder gone
// from the list whose UIDVALIDITY is that of exactly one new mailbox
// was renamed (the server keeps a mailbox's UIDVALIDITY and UIDs across
// RENAME). It is renamed here too, keeping its messages — instead of
// deleting the old folder and downloading everything again.
func (p *Engine) followRenames(c *imapConn, existing []localstore.Folder, listed []*imap.ListData, byPath map[string]localstore.Folder, onServer map[string]bool) error {
	gone := map[uint32][]localstore.Folder{}
	for _, f := range existing {
		if onServer[f.Path] {
			continue
		}
		if st, err := p.Store.SyncState(f.ID); err == nil && st.UIDValidity != 0 {
			gone[st.UIDValidity] = append(gone[st.UIDValidity], f)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	for _, b := range listed {
		if _, known := byPath[b.Mailbox]; known {
			continue
		}
		var st *imap.StatusData
		err := c.wait(func() error {
			var err error
			st, err = c.Status(b.Mailbox, &imap.StatusOptions{UIDValidity: true}).Wait()
			return err
		})
		var ie *imap.Error
		if errors.As(err, &ie) {
			continue // cannot be asked about: treat it as new
		} else if err != nil {
			return err
		}
		old := gone[st.UIDValidity]
		if len(old) != 1 {
			continue
		}
		if err := p.Store.FolderRenamedOnServer(old[0].ID, b.Mailbox, folderName(b)); err != nil {
			return err
		}
		f := old[0]
		onServer[f.Path] = true // not "deleted elsewhere": it lives on under the new name
		f.Path, f.Name = b.Mailbox, folderName(b)
		byPath[b.Mailbox] = f
		delete(gone, st.UIDValidity)
	}
	return nil
}

// replay sends the changes made here, oldest first. A change whose
// message or folder is gone on the server is dropped (the message itself
// is never lost: it is still here, or its server copy is untouched).
func (p *Engine) replay(c *imapConn, acct accounts.Account, final bool) (replayResult, error) {
	var r replayResult
	ops, err := p.Store.Pending(acct.ID)
	if err != nil {
		return r, err
	}
	selected := ""
	var validity uint32             // the selected folder's UIDVALIDITY
	missing := map[string]bool{}    // folders that could not be selected
	reaimed := map[int64]imap.UID{} // ops whose UID was of another epoch
	sel := func(path string) error {
		if path == selected {
			return nil
		}
		err := c.wait(func() error {
			d, err := c.Select(path, nil).Wait()
			if err == nil {
				validity = d.UIDValidity
			}
			return err
		})
		if err == nil {
			selected = path
		} else if errors.As(err, new(*imap.Error)) {
			missing[path] = true
		}
		return err
	}
	// target selects the op's folder and says which UID its change is for
	// now: a UID names a message only within one UIDVALIDITY, so after the
	// folder was re-created (or renumbered) the same message is found
	// again by its Message-ID and size, or the change is dropped — never
	// sent to whichever message now has the old number.
	target := func(o localstore.Op) (imap.UID, error) {
		if err := sel(o.Folder); err != nil {
			return 0, err
		}
		uid64, _ := strconv.ParseUint(o.ServerKey, 10, 32)
		if o.UIDValidity != 0 && o.UIDValidity == validity {
			return imap.UID(uid64), nil
		}
		if u, ok := reaimed[o.ID]; ok {
			return u, nil
		}
		u, err := p.findAgain(c, o)
		if err == nil {
			reaimed[o.ID] = u
		}
		return u, err
	}
	for _, o := range ops {
		var err error
		if missing[o.Folder] && !final && o.Kind != localstore.OpAppend && o.Kind != localstore.OpCreateFolder {
			r.missing++ // kept for the second round, in order
			continue
		}
		var uid imap.UID
		switch o.Kind {
		case localstore.OpFlags, localstore.OpMove, localstore.OpExpunge:
			uid, err = target(o)
			if err == nil && uid == 0 {
				r.dropped = append(r.dropped, o)
				if err := p.Store.DonePending(o.ID); err != nil {
					return r, err
				}
				continue
			}
		}
		uids := imap.UIDSetNum(uid)
		switch o.Kind {
		case localstore.OpFlags:
			if err == nil && o.Flags != 0 {
				op := imap.StoreFlagsDel
				if o.Set {
					op = imap.StoreFlagsAdd
				}
				err = c.wait(func() error {
					return c.Store(uids, &imap.StoreFlags{Op: op, Silent: true, Flags: toIMAP(o.Flags)}, nil).Close()
				})
			}
		case localstore.OpMove:
			if err == nil {
				err = p.move(c, uids, o.Dest)
			}
		case localstore.OpExpunge:
			if err == nil {
				err = p.expunge(c, uids)
			}
		case localstore.OpAppend:
			var uid imap.UID
			var validity uint32
			uid, validity, err = p.appendMsg(c, o)
			if err == nil && uid != 0 {
				// Record the server's UID at once, so a draft replaced or a
				// message deleted before the next sync is found on the
				// server. Removed here meanwhile: remove the upload too.
				key := strconv.FormatUint(uint64(uid), 10)
				if p.Store.SetServerKey(o.MessageID, o.Dest, validity, key) == localstore.ErrNotFound {
					if err = sel(o.Dest); err == nil {
						err = p.expunge(c, imap.UIDSetNum(uid))
					}
				}
			}
		case localstore.OpCreateFolder:
			err = c.wait(func() error {
				if err := c.Create(o.Folder, nil).Wait(); err != nil {
					return err
				}
				return c.Subscribe(o.Folder).Wait()
			})
		case localstore.OpRenameFolder:
			if selected == o.Folder {
				c.wait(func() error { return c.Unselect().Wait() })
				selected = ""
			}
			err = c.wait(func() error {
				if err := c.Rename(o.Folder, o.Dest, nil).Wait(); err != nil {
					return err
				}
				return c.Subscribe(o.Dest).Wait()
			})
		case localstore.OpDeleteFolder:
			if selected == o.Folder {
				c.wait(func() error { return c.Unselect().Wait() })
				selected = ""
			}
			err = c.wait(func() error { return c.Delete(o.Folder).Wait() })
		}
		var ie *imap.Error
		switch {
		case err == nil:
		case errors.As(err, &ie) && !final && (missing[o.Folder] || ie.Code == imap.ResponseCodeTryCreate):
			if err := p.Store.FailPending(o.ID, ie.Text); err != nil {
				return r, err
			}
			r.missing++
			continue // its folder may have been renamed elsewhere: once more after the folder list
		case errors.As(err, &ie):
			// The server refused (message or folder gone): a conflict that
			// cannot be replayed. Nothing is lost by dropping it.
			if err := p.Store.FailPending(o.ID, ie.Text); err != nil {
				return r, err
			}
		default:
			return r, err // the connection failed: keep it for next time
		}
		if err := p.Store.DonePending(o.ID); err != nil {
			return r, err
		}
		r.done++
	}
	if selected != "" {
		c.wait(func() error { return c.Unselect().Wait() })
	}
	return r, nil
}

// replayResult counts replayed changes, and changes kept because their
// folder could not be selected; dropped are changes whose message could
// not be recognised any more in a renumbered folder.
type replayResult struct {
	done, missing int
	dropped       []localstore.Op
}

// findAgain looks for an op's message in the selected folder, which was
// renumbered since the change was made: the one message with the same
// Message-ID and size. 0 means it is not there (or not told apart).
func (p *Engine) findAgain(c *imapConn, o localstore.Op) (imap.UID, error) {
	if o.HeaderID == "" || o.Size <= 0 {
		return 0, nil
	}
	var found []imap.UID
	err := c.wait(func() error {
		data, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: o.HeaderID}}}, nil).Wait()
		if err == nil {
			found = data.AllUIDs()
		}
		return err
	})
	if err != nil || len(found) == 0 {
		return 0, err
	}
	var msgs []*imapclient.FetchMessageBuffer
	err = c.wait(func() error {
		var err error
		msgs, err = c.Fetch(imap.UIDSetNum(found...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
		return err
	})
	if err != nil {
		return 0, err
	}
	var match imap.UID
	for _, m := range msgs {
		if m.RFC822Size == o.Size {
			if match != 0 {
				return 0, nil // two alike: neither is touched
			}
			match = m.UID
		}
	}
	return match, nil
}

// droppedNote tells the person, in plain words, about changes that could
// not be made because the server renumbered a folder and the message was
// not found again.
func droppedNote(ops []localstore.Op) string {
	n := len(ops)
	return fmt.Sprintf("%d %s made here could not be sent: the server renumbered the folder %q and the %s could not be found again there. Nothing on the server was touched.",
		n, mailtext.Plural(n, "change", "changes"), ops[0].Folder, mailtext.Plural(n, "message", "messages"))
}

// move uses MOVE where offered; otherwise COPY, and only when the copy
// succeeded, \Deleted and UID EXPUNGE of that one message. (go-imap's own
// fallback deletes even after a failed COPY, and its plain EXPUNGE would
// remove other clients' \Deleted messages.)
func (p *Engine) move(c *imapConn, uids imap.UIDSet, dest string) error {
	if c.caps.Has(imap.CapMove) {
		return c.wait(func() error { _, err := c.Move(uids, dest).Wait(); return err })
	}
	if err := c.wait(func() error { _, err := c.Copy(uids, dest).Wait(); return err }); err != nil {
		return err
	}
	return p.expunge(c, uids)
}

// expunge removes exactly these messages: \Deleted, then UID EXPUNGE when
// the server has UIDPLUS. Without it the flag stays set (a plain EXPUNGE
// could remove other messages).
func (p *Engine) expunge(c *imapConn, uids imap.UIDSet) error {
	err := c.wait(func() error {
		return c.Store(uids, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close()
	})
	if err != nil || !c.caps.Has(imap.CapUIDPlus) {
		return err
	}
	return c.wait(func() error { return c.UIDExpunge(uids).Close() })
}

func (p *Engine) appendMsg(c *imapConn, o localstore.Op) (imap.UID, uint32, error) {
	if o.MessageID == 0 {
		return 0, 0, nil // deleted here before it could be uploaded
	}
	raw, err := p.Store.Raw(o.MessageID)
	if errors.Is(err, localstore.ErrNotFound) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	m, _ := p.Store.Message(o.MessageID)
	var data *imap.AppendData
	err = c.wait(func() error {
		cmd := c.Append(o.Dest, int64(len(raw)), &imap.AppendOptions{Flags: toIMAP(m.Flags &^ localstore.Deleted), Time: m.Date})
		if _, err := cmd.Write(raw); err != nil {
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		var err error
		data, err = cmd.Wait()
		return err
	})
	if err != nil || data == nil {
		return 0, 0, err
	}
	return data.UID, data.UIDValidity, nil
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
	login, err := signin.For(acct, secrets.Incoming, p.Secrets)
	if err != nil {
		return err
	}
	s, err := dialIMAP(ctx, p.Net, acct.Settings.Incoming, login, acct.Settings.TrustedCerts, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	c := &imapConn{imapSession: s, ctx: ctx, n: p.Net}
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
	c.wait(func() error { return s.Logout().Wait() })
	if len(msgs) == 0 || len(msgs[0].BodySection) == 0 {
		return ErrGoneFromServer
	}
	_, err = p.Store.Complete(f.ID, m.ServerKey, msgs[0].BodySection[0].Bytes)
	return err
}

// ErrNotOnServerYet says a header-only message just moved here has no server
// reference until the next sync.
var ErrNotOnServerYet = errors.New("this message was just moved and can be downloaded after the next check for mail")

// ErrGoneFromServer says the message was deleted on the server (on another
// device) before its body was downloaded.
var ErrGoneFromServer = errors.New("this message is no longer on the server (it was deleted on another device), so it cannot be downloaded")
