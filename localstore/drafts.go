package localstore

import (
	"database/sql"
	"errors"
	"time"
)

// roleFolder is the account's folder with this role, created (named
// name) when the account has none.
func roleFolder(tx *sql.Tx, accountID int64, role Role, name string) (id int64, path string, err error) {
	err = tx.QueryRow(`SELECT id, path FROM folders WHERE account_id = ? AND role = ? ORDER BY id LIMIT 1`, accountID, string(role)).Scan(&id, &path)
	if errors.Is(err, sql.ErrNoRows) {
		path = name
		id, err = createFolder(tx, accountID, Folder{Name: name, Path: path, Role: role})
	}
	return id, path, err
}

// SaveDraft keeps raw as a draft in the account's Drafts folder and
// removes the version it replaces (0: none), in one transaction. For an
// IMAP account the new version is queued for upload to the server's
// Drafts folder and the old one's server copy for removal; an upload of
// the old version that has not happened yet is simply dropped, so saving
// every few seconds offline does not pile up work for the server.
func (s *Store) SaveDraft(accountID, replaces int64, raw []byte) (int64, error) {
	var id, folder int64
	err := s.tx(func(tx *sql.Tx) error {
		var kind Kind
		if err := tx.QueryRow(`SELECT kind FROM accounts WHERE id = ?`, accountID).Scan(&kind); err != nil {
			return err
		}
		var path string
		var err error
		if folder, path, err = roleFolder(tx, accountID, RoleDrafts, "Drafts"); err != nil {
			return err
		}
		if err := dropDraftTx(tx, replaces); err != nil {
			return err
		}
		added, err := addTx(tx, folder, readAll([]NewMessage{{Raw: raw, Flags: Seen | Draft, Received: time.Now()}}))
		if err != nil {
			return err
		}
		id = added[0].ID
		if kind == KindIMAP && !added[0].Duplicate {
			return enqueue(tx, msgPlace{id: id, accountID: accountID, path: path}, OpAppend, path)
		}
		return nil
	})
	if err == nil {
		s.notify(Change{Folders: []int64{folder}})
	}
	return id, err
}

// DiscardDraft removes a draft here and, for IMAP, from the server.
func (s *Store) DiscardDraft(id int64) error {
	return s.tx(func(tx *sql.Tx) error { return dropDraftTx(tx, id) })
}

// dropDraftTx removes an earlier version of a draft: its upload if still
// queued, its server copy if it has one.
func dropDraftTx(tx *sql.Tx, id int64) error {
	if id == 0 {
		return nil
	}
	p, err := placeOf(tx, id)
	if errors.Is(err, ErrNotFound) {
		return nil // already gone (deleted by hand, or by another device)
	} else if err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM pending_ops WHERE message_id = ? AND kind = ?`, id, string(OpAppend)); err != nil {
		return err
	}
	return deleteForeverTx(tx, p)
}

// SetServerKey records the key the server gave a message just uploaded
// (IMAP APPENDUID), when the folder's UIDVALIDITY is the one given. It
// reports ErrNotFound when the message was removed here meanwhile, so
// the caller can remove the server copy too.
func (s *Store) SetServerKey(id int64, path string, uidValidity uint32, key string) error {
	return s.tx(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE OR IGNORE messages SET server_key = ? WHERE id = ? AND server_key IS NULL AND folder_id IN
			(SELECT f.id FROM folders f WHERE f.path = ? AND f.uidvalidity = ? AND f.account_id = (SELECT g.account_id FROM messages n JOIN folders g ON g.id = n.folder_id WHERE n.id = ?))`,
			key, id, path, uidValidity, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if err := tx.QueryRow(`SELECT count(*) FROM messages WHERE id = ?`, id).Scan(&exists); err != nil {
				return err
			} else if exists == 0 {
				return ErrNotFound
			}
		}
		return nil
	})
}
