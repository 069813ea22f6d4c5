package imapsync

import (
	"errors"
	"sort"
	"strings"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts"
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
