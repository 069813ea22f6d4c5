package localstore

import (
	"database/sql"
	"errors"
	"strings"
)

// Undo is what is needed to take back one move of messages (Move,
// Archive, or Delete to the Trash): where each message was, and which
// server changes the move queued. Store.Undo puts them back.
type Undo struct {
	items []undoItem
}

type undoItem struct {
	id       int64
	folderID int64  // where the message was
	key      string // its server key there
	validity uint32 // that folder's UIDVALIDITY then
	ops      []int64
}

// Len is how many messages the move concerned.
func (u *Undo) Len() int {
	if u == nil {
		return 0
	}
	return len(u.items)
}

// Undoable runs move (a Move, Archive or Delete of ids) and returns
// what Undo needs to take it back.
func (s *Store) Undoable(ids []int64, move func() error) (*Undo, error) {
	u := &Undo{}
	var lastOp int64
	err := s.tx(func(tx *sql.Tx) error {
		if err := tx.QueryRow(`SELECT coalesce(max(id), 0) FROM pending_ops`).Scan(&lastOp); err != nil {
			return err
		}
		return forPlaces(tx, ids, func(p msgPlace) error {
			u.items = append(u.items, undoItem{id: p.id, folderID: p.folderID, key: p.key, validity: p.uidValidity})
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if err := move(); err != nil {
		return nil, err
	}
	err = s.tx(func(tx *sql.Tx) error {
		for i := range u.items {
			it := &u.items[i]
			rows, err := tx.Query(`SELECT id FROM pending_ops WHERE message_id = ? AND id > ? AND kind IN ('move', 'expunge', 'append') ORDER BY id`, it.id, lastOp)
			if err != nil {
				return err
			}
			for rows.Next() {
				var op int64
				if err := rows.Scan(&op); err != nil {
					rows.Close()
					return err
				}
				it.ops = append(it.ops, op)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return u, err
}

// Undo puts the messages of u back where they were. A move the server
// has not heard of yet is simply forgotten: its queued changes are
// removed and the server never sees them. A move already sent queues
// the move back. Messages deleted for ever since stay gone.
func (s *Store) Undo(u *Undo) error {
	if u.Len() == 0 {
		return nil
	}
	var folders []int64
	err := s.tx(func(tx *sql.Tx) error {
		for _, it := range u.items {
			p, err := placeOf(tx, it.id)
			if errors.Is(err, ErrNotFound) {
				continue // deleted for ever meanwhile
			} else if err != nil {
				return err
			}
			if p.folderID == it.folderID {
				continue
			}
			var orig msgPlace
			if err := tx.QueryRow(`SELECT f.id, f.account_id, a.kind, f.path, f.uidvalidity FROM folders f JOIN accounts a ON a.id = f.account_id WHERE f.id = ?`, it.folderID).
				Scan(&orig.folderID, &orig.accountID, &orig.kind, &orig.path, &orig.uidValidity); errors.Is(err, sql.ErrNoRows) {
				continue // its folder was deleted meanwhile: it stays where it is
			} else if err != nil {
				return err
			}
			folders = append(folders, p.folderID, it.folderID)
			queued, err := stillQueued(tx, it.ops)
			if err != nil {
				return err
			}
			if queued {
				err = forgetMove(tx, it, orig)
			} else {
				err = moveBack(tx, it, p, orig)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && len(folders) > 0 {
		s.notify(Change{Folders: uniq(folders), Accounts: true})
	}
	return err
}

// stillQueued says whether every server change a move queued is still
// waiting (none was sent).
func stillQueued(tx *sql.Tx, ops []int64) (bool, error) {
	if len(ops) == 0 {
		return true, nil
	}
	args := make([]any, len(ops))
	for i, o := range ops {
		args[i] = o
	}
	var n int
	err := tx.QueryRow(`SELECT count(*) FROM pending_ops WHERE id IN (?`+strings.Repeat(", ?", len(ops)-1)+`)`, args...).Scan(&n)
	return n == len(ops), err
}

// forgetMove takes back a move the server never heard of: the queued
// changes go, and the message is back in its folder under its old key.
func forgetMove(tx *sql.Tx, it undoItem, orig msgPlace) error {
	for _, o := range it.ops {
		if _, err := tx.Exec(`DELETE FROM pending_ops WHERE id = ?`, o); err != nil {
			return err
		}
	}
	var key any
	if it.key != "" && it.validity == orig.uidValidity {
		key = it.key // still names it: the folder was not renumbered
	}
	_, err := tx.Exec(`UPDATE messages SET folder_id = ?, server_key = ? WHERE id = ?`, orig.folderID, key, it.id)
	return err
}

// moveBack takes back a move the server has had (all or part of it):
// what is still queued goes, and the way back is queued like any move.
// A message moved within one IMAP account whose new server key is not
// known yet is found on the server again by its Message-ID and size.
func moveBack(tx *sql.Tx, it undoItem, p, orig msgPlace) error {
	origKept := false // between accounts: the original's removal was not sent
	for _, o := range it.ops {
		var kind string
		var acct int64
		err := tx.QueryRow(`SELECT kind, account_id FROM pending_ops WHERE id = ?`, o).Scan(&kind, &acct)
		if errors.Is(err, sql.ErrNoRows) {
			continue // sent
		} else if err != nil {
			return err
		}
		origKept = origKept || OpKind(kind) == OpExpunge && acct == orig.accountID && p.accountID != orig.accountID
		if _, err := tx.Exec(`DELETE FROM pending_ops WHERE id = ?`, o); err != nil {
			return err
		}
	}
	if origKept { // the copy uploaded to the other account goes; the original is still on its server
		if p.kind == KindIMAP && p.key != "" {
			if err := enqueue(tx, p, OpExpunge, ""); err != nil {
				return err
			}
		}
		return forgetMove(tx, undoItem{id: it.id, key: it.key, validity: it.validity}, orig)
	}
	if p.kind == KindIMAP && p.accountID == orig.accountID && p.key == "" {
		if _, err := tx.Exec(`UPDATE messages SET folder_id = ? WHERE id = ?`, orig.folderID, p.id); err != nil {
			return err
		}
		p.uidValidity = 0 // no key to check: find it by Message-ID and size
		return enqueue(tx, p, OpMove, orig.path)
	}
	return moveTx(tx, p, orig)
}
