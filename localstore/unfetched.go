package localstore

import (
	"database/sql"
	"fmt"
	"strconv"
)

// Folders that come and go on the server, and messages the server could
// not send (issue #25). Nothing here ever deletes a stored message.

// SetFolderOffline switches a folder on (kept on this computer and
// synced, the default) or off (left alone by every sync).
func (s *Store) SetFolderOffline(folderID int64, on bool) error {
	err := s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE folders SET offline = ? WHERE id = ?`, on, folderID)
		return err
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

// FolderListed notes that the server listed the folder again.
func (s *Store) FolderListed(folderID int64) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE folders SET missing = 0 WHERE id = ? AND missing != 0`, folderID)
		return err
	})
}

// FolderMissing notes that a listing did not name the folder and says
// how many listings in a row have not.
func (s *Store) FolderMissing(folderID int64) (int, error) {
	var n int
	err := s.tx(func(tx *sql.Tx) error {
		return tx.QueryRow(`UPDATE folders SET missing = missing + 1 WHERE id = ? RETURNING missing`, folderID).Scan(&n)
	})
	return n, err
}

// FolderGoneFromServer is told that the server confirmed it no longer has
// the folder. An empty one goes; one with mail stays, renamed "NAME (no
// longer on the server)", no longer synced, its messages untouched (they
// lose their server keys: nothing can be done to them there). It
// returns how many messages it kept (0: the folder went).
func (s *Store) FolderGoneFromServer(folderID int64) (Folder, int, error) {
	f, err := s.Folder(folderID)
	if err != nil {
		return f, 0, err
	}
	if f.Total == 0 {
		return f, 0, s.DeleteFolder(folderID)
	}
	err = s.tx(func(tx *sql.Tx) error {
		name := f.Name + " (no longer on the server)"
		for i := 2; ; i++ {
			var taken int
			if err := tx.QueryRow(`SELECT count(*) FROM folders WHERE account_id = ? AND name = ? AND id != ?`, f.AccountID, name, f.ID).Scan(&taken); err != nil {
				return err
			}
			if taken == 0 {
				break
			}
			name = fmt.Sprintf("%s (no longer on the server, %d)", f.Name, i)
		}
		// A server name cannot hold NUL: this path never meets a real one.
		path := "\x00gone:" + strconv.FormatInt(f.ID, 10)
		if _, err := tx.Exec(`UPDATE folders SET name = ?, path = ?, gone = 1, role = '', uidvalidity = 0, uidnext = 0, highestmodseq = 0, missing = 0 WHERE id = ?`,
			name, path, f.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE messages SET server_key = NULL WHERE folder_id = ?`, f.ID); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM unfetched WHERE folder_id = ?`, f.ID)
		return err
	})
	if err != nil {
		return f, 0, err
	}
	s.notify(Change{Accounts: true, Folders: []int64{f.ID}})
	g, err := s.Folder(folderID)
	return g, f.Total, err
}

// DropCopiesElsewhere removes, from a folder the server no longer has,
// the messages the account also holds in another of its folders — the
// same Message-ID and size (or, without a Message-ID, the same bytes) —
// where this copy adds nothing: it is header-only, or the other is
// whole. A server that gives a renamed folder a new UIDVALIDITY
// (Courier) has its messages downloaded again under the new name; the
// old copy must not stay behind as a second copy of every message
// (#25). A message never on the server, or with a change waiting, is
// kept. It returns how many it removed.
func (s *Store) DropCopiesElsewhere(folderID int64) (int, error) {
	var ids []int64
	err := s.tx(func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id
			WHERE m.folder_id = ? AND m.server_key IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM pending_ops p WHERE p.message_id = m.id)
			AND EXISTS (SELECT 1 FROM messages o JOIN folders g ON g.id = o.folder_id
				WHERE g.account_id = f.account_id AND g.id != f.id AND g.gone = 0 AND o.size = m.size
				AND (m.message_id != '' AND o.message_id = m.message_id AND (m.partial = 1 OR o.partial = 0)
					OR m.message_id = '' AND o.sha256 = m.sha256 AND m.partial = 0 AND o.partial = 0))`, folderID)
		if err != nil {
			return err
		}
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
		for _, id := range ids {
			if err := removeTx(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && len(ids) > 0 {
		s.notify(Change{Folders: []int64{folderID}})
	}
	return len(ids), err
}

// FetchProblem is a message the server lists but did not send whole.
type FetchProblem struct {
	Tries  int    // failed alone so many times (0: suspect, in a chunk that failed)
	Reason string // plain words
}

// Reasons a message is recorded as not fetched.
const (
	ReasonServerFailed = "the server failed while sending it"
	ReasonIncomplete   = "the server sent only part of it"
	ReasonStandIn      = "the server sent a notice in its place"
)

// FetchProblems are a folder's messages the server could not send, by
// server key.
func (s *Store) FetchProblems(folderID int64) (map[string]FetchProblem, error) {
	rows, err := s.r.Query(`SELECT server_key, tries, reason FROM unfetched WHERE folder_id = ?`, folderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]FetchProblem{}
	for rows.Next() {
		var k string
		var p FetchProblem
		if err := rows.Scan(&k, &p.Tries, &p.Reason); err != nil {
			return nil, err
		}
		out[k] = p
	}
	return out, rows.Err()
}

// FetchSuspect records messages of a chunk that failed as a whole: the
// next attempt fetches each alone.
func (s *Store) FetchSuspect(folderID int64, keys []string) error {
	return s.tx(func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(`INSERT OR IGNORE INTO unfetched (folder_id, server_key) VALUES (?, ?)`, folderID, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// FetchFailed records that one message failed alone and says how many
// times it has.
func (s *Store) FetchFailed(folderID int64, key, reason string) (int, error) {
	var n int
	err := s.tx(func(tx *sql.Tx) error {
		return tx.QueryRow(`INSERT INTO unfetched (folder_id, server_key, tries, reason) VALUES (?, ?, 1, ?)
			ON CONFLICT (folder_id, server_key) DO UPDATE SET tries = tries + 1, reason = excluded.reason RETURNING tries`,
			folderID, key, reason).Scan(&n)
	})
	return n, err
}

// FetchDone forgets problems of messages now stored whole, or no longer
// on the server.
func (s *Store) FetchDone(folderID int64, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return s.tx(func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(`DELETE FROM unfetched WHERE folder_id = ? AND server_key = ?`, folderID, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// ForgetFetchProblems drops every problem of a folder (renumbered).
func (s *Store) ForgetFetchProblems(folderID int64) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM unfetched WHERE folder_id = ?`, folderID)
		return err
	})
}

// KeyedSample is one stored message known by its server key: what a
// rename is recognised by.
type KeyedSample struct {
	Key       string
	MessageID string
	Size      int64
}

// SampleByKey is up to n of a folder's messages with server keys, spread
// over the folder (every k-th by key).
func (s *Store) SampleByKey(folderID int64, n int) ([]KeyedSample, error) {
	rows, err := s.r.Query(`SELECT server_key, message_id, size FROM messages WHERE folder_id = ? AND server_key IS NOT NULL ORDER BY CAST(server_key AS INTEGER)`, folderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []KeyedSample
	for rows.Next() {
		var k KeyedSample
		if err := rows.Scan(&k.Key, &k.MessageID, &k.Size); err != nil {
			return nil, err
		}
		all = append(all, k)
	}
	if err := rows.Err(); err != nil || len(all) <= n {
		return all, err
	}
	if n < 2 {
		return all[:n], nil
	}
	out := make([]KeyedSample, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, all[i*(len(all)-1)/(n-1)])
	}
	return out, nil
}
