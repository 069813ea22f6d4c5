package imapsync

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

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

// syncFolderList mirrors every folder the server has, subscribed or not
// (as Apple Mail and Geary do: Cyrus subscribes nothing it creates, and
// drops the subscription on RENAME, #25). A folder missing from the
// listing is kept until the server confirms it is gone (a STATUS of its
// name fails), then its mail that is nowhere else here is kept, and the
// person told (settleGone). A folder the person switched off is left out
// of the sync.
func (p *Engine) syncFolderList(c *imapConn, acct accounts.Account, res *Result) ([]localstore.Folder, error) {
	var boxes []*imap.ListData
	opts := &imap.ListOptions{}
	if c.caps.Has(imap.CapSpecialUse) && (c.caps.Has(imap.CapListExtended) || c.caps.Has(imap.CapIMAP4rev2)) {
		opts.ReturnSpecialUse = true
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
		} else if err := p.Store.FolderListed(f.ID); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	// INBOX always exists, even when it is not listed.
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
		if onServer[f.Path] || f.Gone {
			continue
		}
		still, err := p.missingFolder(c, f, res)
		if err != nil {
			return nil, err
		}
		if still {
			out = append(out, f)
		}
	}
	kept := out[:0]
	for _, f := range out {
		if !f.NotOffline {
			kept = append(kept, f)
		}
	}
	out = kept
	// The Inbox first, then by role and name, as the tree shows them.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Role == localstore.RoleInbox && out[j].Role != localstore.RoleInbox })
	return out, nil
}

// missingFolder handles a folder the listing did not name: it says
// whether the server still has it (STATUS answers: it is synced as
// before). A STATUS answered NO (NONEXISTENT, or no code), or refused in
// two syncs in a row, confirms it is gone: an empty folder goes; one with
// mail is settled once every folder is synced (settleGone): what is not
// held elsewhere stays here, renamed, and the person is told. Never a
// silent deletion.
func (p *Engine) missingFolder(c *imapConn, f localstore.Folder, res *Result) (bool, error) {
	err := c.wait(func() error {
		_, err := c.Status(f.Path, &imap.StatusOptions{UIDValidity: true}).Wait()
		return err
	})
	var ie *imap.Error
	if err == nil {
		return true, p.Store.FolderListed(f.ID)
	} else if !errors.As(err, &ie) {
		return false, err
	}
	if n, err := p.Store.LocalOnly(f.ID); err == nil && n == 0 && f.Total == 0 {
		return false, p.Store.DeleteFolder(f.ID)
	}
	missing, err := p.Store.FolderMissing(f.ID)
	if err != nil {
		return false, err
	}
	// A plain NO (Cyrus: "Mailbox does not exist") or NONEXISTENT is the
	// server's word; a NO with another code (UNAVAILABLE, INUSE…) may
	// pass: then only a second sync in a row confirms it.
	said := ie.Type == imap.StatusResponseTypeNo && (ie.Code == "" || ie.Code == imap.ResponseCodeNonExistent)
	if !said && missing < 2 {
		return false, nil // not synced this time; asked again at the next sync
	}
	res.gone = append(res.gone, f) // settled once every folder is synced (settleGone)
	return false, nil
}

// settleGone keeps, of each folder the server confirmed gone, the mail
// that is nowhere else here, in "NAME (no longer on the server)", and
// tells the person. It runs after every folder was synced: a folder
// renamed on a server that gave it a new UIDVALIDITY (Courier) came
// again under its new name, and its old copies are not kept twice.
func (p *Engine) settleGone(res *Result) error {
	for _, f := range res.gone {
		if _, err := p.Store.DropCopiesElsewhere(f.ID); err != nil {
			return err
		}
		g, n, err := p.Store.FolderGoneFromServer(f.ID)
		if err != nil {
			return err
		}
		if n == 0 {
			continue // everything it held is in other folders: it went
		}
		// g.Name is the folder's new name as stored ("Jobs (no longer on
		// the server)", written once by the store, in English): the
		// sentence names it as the folder list shows it.
		res.Notes = append(res.Notes, tr.N("The folder '{{.Folder}}' is no longer on the server. Its {{.Count}} message is still here in '{{.KeptIn}}'.",
			"The folder '{{.Folder}}' is no longer on the server. Its {{.Count}} messages are still here in '{{.KeptIn}}'.", n,
			tr.M{"Folder": f.Name, "KeptIn": g.Name}))
	}
	return nil
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
// from the list whose UIDVALIDITY is that of exactly one new mailbox,
// holding the same messages (a sample, by UID, Message-ID and size), was
// renamed (the server keeps a mailbox's UIDVALIDITY and UIDs across
// RENAME). It is renamed here too, keeping its messages. Anything less
// is a new folder, never a guess: a server that gives every folder the
// same UIDVALIDITY must not make "A deleted, B created" a rename (#25).
func (p *Engine) followRenames(c *imapConn, existing []localstore.Folder, listed []*imap.ListData, byPath map[string]localstore.Folder, onServer map[string]bool) error {
	gone := map[uint32][]localstore.Folder{}
	for _, f := range existing {
		if onServer[f.Path] || f.Gone {
			continue
		}
		if st, err := p.Store.SyncState(f.ID); err == nil && st.UIDValidity != 0 {
			gone[st.UIDValidity] = append(gone[st.UIDValidity], f)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	type fresh struct {
		b  *imap.ListData
		uv uint32
	}
	var news []fresh
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
		news = append(news, fresh{b, st.UIDValidity})
	}
	// Every pair with the same UIDVALIDITY is compared: servers give
	// several folders the same one (Cyrus, for folders made in the same
	// second; some servers always 1). Only a one-to-one match counts.
	match := map[int64]map[string]bool{}
	for _, n := range news {
		for _, g := range gone[n.uv] {
			same, err := p.sameMessages(c, g, n.b.Mailbox)
			if err != nil {
				return err
			}
			if match[g.ID] == nil {
				match[g.ID] = map[string]bool{}
			}
			match[g.ID][n.b.Mailbox] = same
		}
	}
	renames := renamePairs(match)
	for _, n := range news {
		for _, g := range gone[n.uv] {
			if renames[g.ID] != n.b.Mailbox {
				continue
			}
			if err := p.Store.FolderRenamedOnServer(g.ID, n.b.Mailbox, folderName(n.b)); err != nil {
				return err
			}
			onServer[g.Path] = true // not "deleted elsewhere": it lives on under the new name
			g.Path, g.Name = n.b.Mailbox, folderName(n.b)
			byPath[n.b.Mailbox] = g
		}
	}
	return nil
}

// renamePairs is the rename decision: match[old][new] says whether the
// old folder's messages were found in the new mailbox. A pair counts
// only when each has no other match; anything else is no rename.
func renamePairs(match map[int64]map[string]bool) map[int64]string {
	perNew := map[string]int{}
	for _, news := range match {
		for n, ok := range news {
			if ok {
				perNew[n]++
			}
		}
	}
	out := map[int64]string{}
	for old, news := range match {
		var only string
		count := 0
		for n, ok := range news {
			if ok {
				only, count = n, count+1
			}
		}
		if count == 1 && perNew[only] == 1 {
			out[old] = only
		}
	}
	return out
}

// renameSample is how many of a folder's messages are compared.
const renameSample = 8

// sameMessages says whether mailbox on the server holds the stored
// folder's messages: a sample of them, under the same UIDs.
func (p *Engine) sameMessages(c *imapConn, f localstore.Folder, mailbox string) (bool, error) {
	local, err := p.Store.SampleByKey(f.ID, renameSample)
	if err != nil || len(local) == 0 {
		return false, err
	}
	uids := make([]imap.UID, 0, len(local))
	for _, m := range local {
		u, _ := strconv.ParseUint(m.Key, 10, 32)
		uids = append(uids, imap.UID(u))
	}
	var msgs []*imapclient.FetchMessageBuffer
	err = c.wait(func() error {
		if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return err
		}
		var err error
		msgs, err = c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true, Envelope: true}).Collect()
		return err
	})
	var ie *imap.Error
	if errors.As(err, &ie) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	server := map[string]localstore.KeyedSample{}
	for _, m := range msgs {
		k := localstore.KeyedSample{Key: strconv.FormatUint(uint64(m.UID), 10), Size: m.RFC822Size}
		if m.Envelope != nil {
			k.MessageID = m.Envelope.MessageID
		}
		server[k.Key] = k
	}
	return renamed(local, server), nil
}

// renamed is the decision: every sampled message is on the server under
// its UID with the same Message-ID and size (and there is a sample).
func renamed(local []localstore.KeyedSample, server map[string]localstore.KeyedSample) bool {
	if len(local) == 0 {
		return false
	}
	for _, m := range local {
		s, ok := server[m.Key]
		if !ok || s.Size != m.Size || strings.Trim(s.MessageID, "<>") != m.MessageID {
			return false
		}
	}
	return true
}
