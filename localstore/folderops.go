package localstore

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/postie-mail/postie/internal/tr"
)

// Folder changes made here. For IMAP accounts each is also queued for the
// server, in the same transaction; for the others they are local only.

func folderAccount(tx *sql.Tx, folderID int64) (Folder, Kind, error) {
	var f Folder
	var k Kind
	err := tx.QueryRow(`SELECT f.id, f.account_id, f.name, f.path, f.role, a.kind FROM folders f JOIN accounts a ON a.id = f.account_id WHERE f.id = ?`, folderID).
		Scan(&f.ID, &f.AccountID, &f.Name, &f.Path, &f.Role, &k)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return f, k, err
}

func queueFolderOp(tx *sql.Tx, accountID int64, kind OpKind, path, arg string) error {
	_, err := tx.Exec(`INSERT INTO pending_ops (account_id, kind, folder, arg, created) VALUES (?, ?, ?, ?, strftime('%s','now'))`,
		accountID, string(kind), path, arg)
	return err
}

func checkFolderName(name string) error {
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, "/\r\n\x00*%") {
		return errors.New(tr.L("a folder name cannot be empty or contain / * % or line breaks"))
	}
	return nil
}

// NewFolder creates a folder in an account (at the top level).
func (s *Store) NewFolder(accountID int64, name string) (Folder, error) {
	name = strings.TrimSpace(name)
	if err := checkFolderName(name); err != nil {
		return Folder{}, err
	}
	var id int64
	err := s.tx(func(tx *sql.Tx) error {
		var kind Kind
		if err := tx.QueryRow(`SELECT kind FROM accounts WHERE id = ?`, accountID).Scan(&kind); err != nil {
			return err
		}
		var err error
		if id, err = createFolder(tx, accountID, Folder{Name: name, Path: name}); err != nil {
			return err
		}
		if kind == KindIMAP {
			return queueFolderOp(tx, accountID, OpCreateFolder, name, "")
		}
		return nil
	})
	if err != nil {
		return Folder{}, err
	}
	s.notify(Change{Accounts: true})
	return s.Folder(id)
}

// RenameFolderTo renames a folder that is not a standard one.
func (s *Store) RenameFolderTo(folderID int64, name string) error {
	name = strings.TrimSpace(name)
	if err := checkFolderName(name); err != nil {
		return err
	}
	err := s.tx(func(tx *sql.Tx) error {
		f, kind, err := folderAccount(tx, folderID)
		if err != nil {
			return err
		}
		if f.Role != RoleNone {
			return errors.New(tr.L("{{.Folder}} is a standard folder and keeps its name", tr.M{"Folder": f.Name}))
		}
		if _, err := tx.Exec(`UPDATE folders SET name = ?, path = ? WHERE id = ?`, name, name, folderID); err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return errors.New(tr.L("there is already a folder called “{{.Folder}}”", tr.M{"Folder": name}))
			}
			return err
		}
		// Changes still queued for messages in it now name the new path.
		if _, err := tx.Exec(`UPDATE pending_ops SET folder = ? WHERE account_id = ? AND folder = ? AND kind NOT IN ('create-folder','rename-folder','delete-folder')`, name, f.AccountID, f.Path); err != nil {
			return err
		}
		if kind == KindIMAP {
			return queueFolderOp(tx, f.AccountID, OpRenameFolder, f.Path, name)
		}
		return nil
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

// RemoveFolder deletes a folder that is not a standard one: its messages
// go to the account's Trash first (so nothing is lost), then the folder.
func (s *Store) RemoveFolder(folderID int64) error {
	err := s.tx(func(tx *sql.Tx) error {
		f, kind, err := folderAccount(tx, folderID)
		if err != nil {
			return err
		}
		if f.Role != RoleNone {
			return errors.New(tr.L("{{.Folder}} is a standard folder and cannot be deleted", tr.M{"Folder": f.Name}))
		}
		var trash msgPlace
		err = tx.QueryRow(`SELECT id, path FROM folders WHERE account_id = ? AND role = 'trash' ORDER BY id LIMIT 1`, f.AccountID).Scan(&trash.folderID, &trash.path)
		if errors.Is(err, sql.ErrNoRows) {
			trash.path = "Trash"
			trash.folderID, err = createFolder(tx, f.AccountID, Folder{Name: "Trash", Path: "Trash", Role: RoleTrash})
		}
		if err != nil {
			return err
		}
		trash.accountID, trash.kind = f.AccountID, kind
		rows, err := tx.Query(`SELECT id FROM messages WHERE folder_id = ?`, folderID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := forPlaces(tx, ids, func(p msgPlace) error { return moveTx(tx, p, trash) }); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM folders WHERE id = ?`, folderID); err != nil {
			return err
		}
		if kind == KindIMAP {
			return queueFolderOp(tx, f.AccountID, OpDeleteFolder, f.Path, "")
		}
		return nil
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

// EmptyTrash deletes for ever every message in an account's Trash (queued
// for the server as for any deletion for ever).
func (s *Store) EmptyTrash(accountID int64) (int, error) {
	trash, err := s.FolderByRole(accountID, RoleTrash)
	if err != nil {
		return 0, err
	}
	var ids []int64
	rows, err := s.r.Query(`SELECT id FROM messages WHERE folder_id = ?`, trash.ID)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return len(ids), s.DeleteForever(ids)
}

// FolderRenamedOnServer follows a rename made on another device: the
// folder keeps its messages, their server keys and its sync state, and
// changes still queued for it name the new path. Nothing is queued.
func (s *Store) FolderRenamedOnServer(folderID int64, path, name string) error {
	err := s.tx(func(tx *sql.Tx) error {
		f, _, err := folderAccount(tx, folderID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE folders SET name = ?, path = ? WHERE id = ?`, name, path, folderID); err != nil {
			return err
		}
		if _, err = tx.Exec(`UPDATE pending_ops SET folder = ? WHERE account_id = ? AND folder = ? AND kind NOT IN ('create-folder','rename-folder','delete-folder')`,
			path, f.AccountID, f.Path); err != nil {
			return err
		}
		// Moves and uploads into it, too.
		_, err = tx.Exec(`UPDATE pending_ops SET arg = ? WHERE account_id = ? AND arg = ? AND kind IN ('move','append')`, path, f.AccountID, f.Path)
		return err
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

// Archive moves messages to their account's Archive folder, creating it
// where the account has none (for IMAP accounts on the server too), in
// one transaction. Messages already there stay.
func (s *Store) Archive(ids []int64) error {
	var folders []int64
	archive := map[int64]msgPlace{}
	err := s.tx(func(tx *sql.Tx) error {
		return forPlaces(tx, ids, func(p msgPlace) error {
			if p.role == RoleArchive {
				return nil
			}
			dest, ok := archive[p.accountID]
			if !ok {
				dest = msgPlace{accountID: p.accountID, kind: p.kind}
				err := tx.QueryRow(`SELECT id, path FROM folders WHERE account_id = ? AND role = ? ORDER BY id LIMIT 1`, p.accountID, string(RoleArchive)).
					Scan(&dest.folderID, &dest.path)
				if errors.Is(err, sql.ErrNoRows) {
					dest.path = "Archive"
					if dest.folderID, err = createFolder(tx, p.accountID, Folder{Name: "Archive", Path: dest.path, Role: RoleArchive}); err == nil && p.kind == KindIMAP {
						err = queueFolderOp(tx, p.accountID, OpCreateFolder, dest.path, "")
					}
				}
				if err != nil {
					return err
				}
				archive[p.accountID] = dest
			}
			folders = append(folders, p.folderID, dest.folderID)
			return moveTx(tx, p, dest)
		})
	})
	if err == nil && len(folders) > 0 {
		s.notify(Change{Folders: uniq(folders), Accounts: true})
	}
	return err
}
