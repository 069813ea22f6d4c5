package localstore

import (
	"database/sql"
)

// What the sync engines learn from a server is applied with these: none
// of them queues anything for the server (it already knows).

// ServerKeys maps a folder's server keys to message IDs.
func (s *Store) ServerKeys(folderID int64) (map[string]int64, error) {
	rows, err := s.r.Query(`SELECT server_key, id FROM messages WHERE folder_id = ? AND server_key IS NOT NULL`, folderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[k] = id
	}
	return out, rows.Err()
}

// ServerFlags maps a folder's server keys to their flags and keywords.
func (s *Store) ServerFlags(folderID int64) (map[string]Flags, error) {
	rows, err := s.r.Query(`SELECT server_key, flags FROM messages WHERE folder_id = ? AND server_key IS NOT NULL`, folderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Flags{}
	for rows.Next() {
		var k string
		var f Flags
		if err := rows.Scan(&k, &f); err != nil {
			return nil, err
		}
		out[k] = f
	}
	return out, rows.Err()
}

// RemoveByKeys drops messages the server no longer has.
func (s *Store) RemoveByKeys(folderID int64, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	err := s.tx(func(tx *sql.Tx) error {
		for _, k := range keys {
			var id int64
			if err := tx.QueryRow(`SELECT id FROM messages WHERE folder_id = ? AND server_key = ?`, folderID, k).Scan(&id); err != nil {
				continue
			}
			if err := removeTx(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		s.notify(Change{Folders: []int64{folderID}})
	}
	return err
}

// ApplyServerFlags sets the flags the server reports, by server key.
func (s *Store) ApplyServerFlags(folderID int64, flags map[string]Flags) error {
	changed := false
	err := s.tx(func(tx *sql.Tx) error {
		for k, f := range flags {
			res, err := tx.Exec(`UPDATE messages SET flags = ? WHERE folder_id = ? AND server_key = ? AND flags != ?`, f, folderID, k, f)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				changed = true
			}
		}
		return nil
	})
	if err == nil && changed {
		s.notify(Change{Folders: []int64{folderID}})
	}
	return err
}

// ClearServerKeys forgets a folder's server keys (its UIDVALIDITY
// changed): the messages stay, and are adopted again as the server's
// copies arrive.
func (s *Store) ClearServerKeys(folderID int64) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE messages SET server_key = NULL WHERE folder_id = ?`, folderID)
		return err
	})
}

// LocalOnly counts a folder's messages the server does not have (yet).
func (s *Store) LocalOnly(folderID int64) (int, error) {
	var n int
	err := s.r.QueryRow(`SELECT count(*) FROM messages WHERE folder_id = ? AND server_key IS NULL`, folderID).Scan(&n)
	return n, err
}
