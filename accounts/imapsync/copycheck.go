package imapsync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"strconv"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// A check fetches at most so many messages, or about so many bytes, per
// UID FETCH; each chunk's answer is handed on (and recorded) before the
// next, so an interrupted check loses at most one chunk of work.
const (
	checkChunk      = 250
	checkChunkBytes = 16 << 20
)

// CheckCopies compares every stored message of the account with the
// server's copy, for "Keep a permanent copy": a second, independent
// download of each message (BODY.PEEK[], so nothing is marked read),
// hashed while it streams, against the SHA-256 and the size of the
// stored bytes. Messages already
// checked in the run are skipped. found is called with each chunk's
// results, in order, before the next chunk is fetched; an error from it
// ends the check.
func (p *Engine) CheckCopies(ctx context.Context, acct accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (accounts.CheckPass, error) {
	var pass accounts.CheckPass
	st := acct.Settings
	c, err := p.connect(ctx, acct)
	if err != nil {
		return pass, err
	}
	defer c.Close()

	var boxes []*imap.ListData
	if err := c.wait(func() error {
		var err error
		boxes, err = c.List("", "*", nil).Collect()
		return err
	}); err != nil {
		return pass, p.fail(st, err)
	}
	onServer := map[string]bool{}
	for _, b := range boxes {
		selectable := true
		for _, a := range b.Attrs {
			if a == imap.MailboxAttrNoSelect || a == imap.MailboxAttrNonExistent {
				selectable = false
			}
		}
		if selectable {
			onServer[b.Mailbox] = true
		}
	}
	onServer["INBOX"] = true
	folders, err := p.Store.Folders(acct.ID)
	if err != nil {
		return pass, err
	}
	here := map[string]bool{}
	for _, f := range folders {
		if f.NotOffline {
			continue // switched off for this computer: reported below, never called checked
		}
		here[f.Path] = true
		items, err := p.Store.CopyItems(f.ID, run)
		if err != nil {
			return pass, err
		}
		if !onServer[f.Path] {
			if err := onlyHere(items, found); err != nil {
				return pass, err
			}
			continue
		}
		n, err := p.checkFolder(c, f, items, found)
		pass.NotHere += n
		if err != nil {
			return pass, p.fail(st, err)
		}
	}
	// Folders on the server Postie does not keep (switched off in the
	// folder's settings, or new on the server since the sync).
	for box := range onServer {
		if here[box] {
			continue
		}
		var sd *imap.StatusData
		if err := c.wait(func() error {
			var err error
			sd, err = c.Status(box, &imap.StatusOptions{NumMessages: true}).Wait()
			return err
		}); err != nil {
			return pass, p.fail(st, err)
		}
		if sd.NumMessages != nil && *sd.NumMessages > 0 {
			n := int(*sd.NumMessages)
			pass.Problems = append(pass.Problems, tr.N("The folder {{.Folder}} on the server holds {{.Count}} message that Postie does not keep on this computer (the folder is switched off in its settings, or new on the server): switch it on in the folder's settings, then try again.",
				"The folder {{.Folder}} on the server holds {{.Count}} messages that Postie does not keep on this computer (the folder is switched off in its settings, or new on the server): switch it on in the folder's settings, then try again.",
				n, tr.M{"Folder": strconv.Quote(box)}))
		}
	}
	_ = c.wait(func() error { return c.Logout().Wait() }) // the check is done; a failed goodbye changes nothing
	return pass, nil
}

// onlyHere reports messages of a folder the server does not have.
func onlyHere(items []localstore.CopyItem, found func([]accounts.Checked) error) error {
	var out []accounts.Checked
	for _, it := range items {
		out = append(out, accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.OnlyHere})
	}
	if len(out) == 0 {
		return nil
	}
	return found(out)
}

// checkFolder compares one folder's messages not yet checked; it returns
// how many messages the server has that are not stored here.
func (p *Engine) checkFolder(c *imapConn, f localstore.Folder, items []localstore.CopyItem, found func([]accounts.Checked) error) (int, error) {
	if err := c.wait(func() error { _, err := c.Select(f.Path, &imap.SelectOptions{ReadOnly: true}).Wait(); return err }); err != nil {
		return 0, err
	}
	var serverUIDs []imap.UID
	if err := c.wait(func() error {
		data, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
		if err == nil {
			serverUIDs = data.AllUIDs()
		}
		return err
	}); err != nil {
		return 0, err
	}
	listed := map[string]bool{}
	for _, u := range serverUIDs {
		listed[strconv.FormatUint(uint64(u), 10)] = true
	}
	var todo []localstore.CopyItem
	var other []accounts.Checked
	stored := 0
	for _, it := range items {
		if listed[it.ServerKey] {
			stored++
		}
		switch {
		case it.Checked:
		case it.ServerKey == "":
			other = append(other, accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.OnlyHere})
		case !listed[it.ServerKey]:
			other = append(other, accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.GoneFromServer})
		case it.Partial:
			other = append(other, accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.NotDownloaded})
		default:
			todo = append(todo, it)
		}
	}
	if len(other) > 0 {
		if err := found(other); err != nil {
			return 0, err
		}
	}
	for len(todo) > 0 {
		n, size := 0, int64(0)
		for n < len(todo) && n < checkChunk && (n == 0 || size+todo[n].Size <= checkChunkBytes) {
			size += todo[n].Size
			n++
		}
		res, err := p.checkChunk(c, todo[:n])
		if err != nil {
			return 0, err
		}
		if err := found(res); err != nil {
			return 0, err
		}
		todo = todo[n:]
	}
	err := c.wait(func() error { return c.Unselect().Wait() })
	return len(serverUIDs) - stored, err
}

// served is what the server sent for one message of a check.
type served struct {
	got int64
	sum []byte
}

// checkChunk fetches one chunk again, hashing each message as it streams
// (no message is held whole in memory), and compares.
func (p *Engine) checkChunk(c *imapConn, items []localstore.CopyItem) ([]accounts.Checked, error) {
	uids := make([]imap.UID, 0, len(items))
	for _, it := range items {
		u, _ := strconv.ParseUint(it.ServerKey, 10, 32)
		uids = append(uids, imap.UID(u))
	}
	answers := map[imap.UID]served{}
	err := c.wait(func() error {
		cmd := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			var uid imap.UID
			var sv served
			for item := msg.Next(); item != nil; item = msg.Next() {
				switch item := item.(type) {
				case imapclient.FetchItemDataUID:
					uid = item.UID
				case imapclient.FetchItemDataBodySection:
					h := sha256.New()
					n, err := io.Copy(h, item.Literal)
					if err != nil {
						_ = cmd.Close() // the read's own error is the one to report
						return err
					}
					sv.got, sv.sum = n, h.Sum(nil)
				}
			}
			if uid != 0 && sv.sum != nil {
				answers[uid] = sv
			}
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, err
	}
	out := make([]accounts.Checked, len(items))
	for i, it := range items {
		out[i] = accounts.Checked{MessageID: it.ID, Size: it.Size, Outcome: accounts.Same}
		sv, ok := answers[uids[i]]
		switch {
		case !ok:
			out[i].Outcome = accounts.GoneFromServer // expunged meanwhile
		case sv.got != it.Size || !bytes.Equal(sv.sum, it.SHA256):
			// The bytes decide: some servers (Exchange) announce an
			// RFC822.SIZE that is only near the real one.
			out[i].Outcome = accounts.Differs
		}
	}
	return out, nil
}
