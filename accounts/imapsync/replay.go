package imapsync

import (
	"errors"
	"strconv"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// replay sends the changes made here, oldest first. A change whose
// message or folder is gone on the server is dropped (the message itself
// is never lost: it is still here, or its server copy is untouched).
func (p *Engine) replay(c *imapConn, acct accounts.Account, final bool) (replayResult, error) {
	ops, err := p.Store.Pending(acct.ID)
	if err != nil {
		return replayResult{}, err
	}
	rp := &replayer{p: p, c: c, final: final, missing: map[string]bool{}, reaimed: map[int64]imap.UID{}}
	for _, o := range ops {
		if rp.missing[o.Folder] && !final && o.Kind != localstore.OpAppend && o.Kind != localstore.OpCreateFolder {
			rp.r.missing++ // kept for the second round, in order
			continue
		}
		if err := rp.settle(o, rp.apply(o)); err != nil {
			return rp.r, err
		}
	}
	if rp.selected != "" {
		_ = c.wait(func() error { return c.Unselect().Wait() }) // a broken connection shows in the next command
	}
	return rp.r, nil
}

// replayer sends one sync's queued changes over one connection.
type replayer struct {
	p        *Engine
	c        *imapConn
	final    bool
	r        replayResult
	selected string             // the folder selected now
	validity uint32             // its UIDVALIDITY
	missing  map[string]bool    // folders that could not be selected
	reaimed  map[int64]imap.UID // ops whose UID was of another epoch
}

// errDropped: the change's message is not on the server any more.
var errDropped = errors.New("the message of this change is gone")

func (rp *replayer) sel(path string) error {
	if path == rp.selected {
		return nil
	}
	err := rp.c.wait(func() error {
		d, err := rp.c.Select(path, nil).Wait()
		if err == nil {
			rp.validity = d.UIDValidity
		}
		return err
	})
	if err == nil {
		rp.selected = path
	} else if errors.As(err, new(*imap.Error)) {
		rp.missing[path] = true
	}
	return err
}

// unselect leaves a folder about to be renamed or deleted.
func (rp *replayer) unselect(path string) {
	if rp.selected == path {
		_ = rp.c.wait(func() error { return rp.c.Unselect().Wait() }) // a broken connection shows in the next command
		rp.selected = ""
	}
}

// target selects the op's folder and says which UID its change is for
// now: a UID names a message only within one UIDVALIDITY, so after the
// folder was re-created (or renumbered) the same message is found again
// by its Message-ID and size, or the change is dropped — never sent to
// whichever message now has the old number.
func (rp *replayer) target(o localstore.Op) (imap.UID, error) {
	if err := rp.sel(o.Folder); err != nil {
		return 0, err
	}
	uid64, _ := strconv.ParseUint(o.ServerKey, 10, 32)
	if o.UIDValidity != 0 && o.UIDValidity == rp.validity {
		return imap.UID(uid64), nil
	}
	if u, ok := rp.reaimed[o.ID]; ok {
		return u, nil
	}
	u, err := rp.p.findAgain(rp.c, o)
	if err == nil {
		rp.reaimed[o.ID] = u
	}
	return u, err
}

// apply sends one change.
func (rp *replayer) apply(o localstore.Op) error {
	p, c := rp.p, rp.c
	var uids imap.UIDSet
	switch o.Kind {
	case localstore.OpFlags, localstore.OpMove, localstore.OpExpunge:
		uid, err := rp.target(o)
		if err != nil {
			return err
		}
		if uid == 0 {
			return errDropped
		}
		uids = imap.UIDSetNum(uid)
	}
	switch o.Kind {
	case localstore.OpFlags:
		if o.Flags == 0 {
			return nil
		}
		op := imap.StoreFlagsDel
		if o.Set {
			op = imap.StoreFlagsAdd
		}
		return c.wait(func() error {
			return c.Store(uids, &imap.StoreFlags{Op: op, Silent: true, Flags: toIMAP(o.Flags)}, nil).Close()
		})
	case localstore.OpMove:
		return p.move(c, uids, o.Dest)
	case localstore.OpExpunge:
		return p.expunge(c, uids)
	case localstore.OpAppend:
		uid, validity, err := p.appendMsg(c, o)
		if err == nil && uid != 0 {
			// Record the server's UID at once, so a draft replaced or a
			// message deleted before the next sync is found on the
			// server. Removed here meanwhile: remove the upload too.
			key := strconv.FormatUint(uint64(uid), 10)
			if p.Store.SetServerKey(o.MessageID, o.Dest, validity, key) == localstore.ErrNotFound {
				if err = rp.sel(o.Dest); err == nil {
					err = p.expunge(c, imap.UIDSetNum(uid))
				}
			}
		}
		return err
	case localstore.OpCreateFolder:
		return c.wait(func() error {
			if err := c.Create(o.Folder, nil).Wait(); err != nil {
				return err
			}
			return c.Subscribe(o.Folder).Wait()
		})
	case localstore.OpRenameFolder:
		rp.unselect(o.Folder)
		return c.wait(func() error {
			if err := c.Rename(o.Folder, o.Dest, nil).Wait(); err != nil {
				return err
			}
			return c.Subscribe(o.Dest).Wait()
		})
	case localstore.OpDeleteFolder:
		rp.unselect(o.Folder)
		return c.wait(func() error { return c.Delete(o.Folder).Wait() })
	}
	return nil
}

// settle records how a change went: done, dropped (its message is gone),
// refused by the server (a conflict, dropped: nothing is lost), kept for
// the second round (its folder may have been renamed elsewhere), or kept
// for the next sync (the connection failed: the error is returned).
func (rp *replayer) settle(o localstore.Op, err error) error {
	p := rp.p
	var ie *imap.Error
	switch {
	case errors.Is(err, errDropped):
		rp.r.dropped = append(rp.r.dropped, o)
		return p.Store.DonePending(o.ID)
	case err == nil:
	case errors.As(err, &ie) && !rp.final && (rp.missing[o.Folder] || ie.Code == imap.ResponseCodeTryCreate):
		if err := p.Store.FailPending(o.ID, ie.Text); err != nil {
			return err
		}
		rp.r.missing++
		return nil // once more after the folder list
	case errors.As(err, &ie):
		if err := p.Store.FailPending(o.ID, ie.Text); err != nil {
			return err
		}
	default:
		return err
	}
	if err := p.Store.DonePending(o.ID); err != nil {
		return err
	}
	rp.r.done++
	return nil
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
	return tr.N("{{.Count}} change made here could not be sent: the server renumbered the folder {{.Folder}} and the message could not be found again there. Nothing on the server was touched.",
		"{{.Count}} changes made here could not be sent: the server renumbered the folder {{.Folder}} and the messages could not be found again there. Nothing on the server was touched.",
		len(ops), tr.M{"Folder": strconv.Quote(ops[0].Folder)})
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
