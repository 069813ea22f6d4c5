package localstore

import (
	"database/sql"
	"time"
)

// SeenKey is what the store remembers of a server key (a POP UIDL) of an
// account: when it was first downloaded and whether it was removed from
// the server. It outlives the message here, so a message deleted here is
// never downloaded again.
type SeenKey struct {
	FirstSeen time.Time
	Removed   bool
	// Size is the size of the bytes stored when it was downloaded (-1:
	// not known, downloaded before Postie kept it); Refetches how often
	// it was fetched again because that did not match the server's size.
	Size      int64
	Refetches int
}

// SeenKeys returns every server key the account ever downloaded. (Keys are
// recorded by Add, in the same transaction as the message.)
func (s *Store) SeenKeys(accountID int64) (map[string]SeenKey, error) {
	rows, err := s.r.Query(`SELECT server_key, first_seen, removed, coalesce(size, -1), refetches FROM server_seen WHERE account_id = ?`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]SeenKey{}
	for rows.Next() {
		var k string
		var t int64
		var sk SeenKey
		if err := rows.Scan(&k, &t, &sk.Removed, &sk.Size, &sk.Refetches); err != nil {
			return nil, err
		}
		sk.FirstSeen = time.Unix(t, 0)
		out[k] = sk
	}
	return out, rows.Err()
}

// MarkRemoved records that keys were removed from the server (after the
// server confirmed it).
func (s *Store) MarkRemoved(accountID int64, keys []string) error {
	return s.tx(func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(`UPDATE server_seen SET removed = 1 WHERE account_id = ? AND server_key = ?`, accountID, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// ForgetKeys drops keys the server no longer lists.
func (s *Store) ForgetKeys(accountID int64, keys []string) error {
	return s.tx(func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(`DELETE FROM server_seen WHERE account_id = ? AND server_key = ?`, accountID, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReuseKey prepares for a server that gave a removed message's key to a
// new message: the old local copy keeps its bytes but lets go of the key,
// and the key's record starts again as not yet downloaded.
func (s *Store) ReuseKey(accountID int64, key string) error {
	return s.tx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE messages SET server_key = NULL WHERE server_key = ? AND folder_id IN (SELECT id FROM folders WHERE account_id = ?)`, key, accountID); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM server_seen WHERE account_id = ? AND server_key = ?`, accountID, key)
		return err
	})
}
