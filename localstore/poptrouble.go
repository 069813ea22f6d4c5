package localstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"time"
)

// The POP history beside server_seen (issue #25): messages a POP server
// lists but could not send, so that one of them never holds the others
// back, and the size of what was stored, so that a server copy is removed
// only when the bytes here match the size the server lists.

// seenPOP records, in the transaction that stores the message, that key
// was downloaded with size bytes; whatever went wrong with it before is
// over.
func seenPOP(tx *stmtCache, accountID int64, key string, size, now int64) error {
	if _, err := tx.Exec(`INSERT OR IGNORE INTO server_seen (account_id, server_key, first_seen, size) VALUES (?, ?, ?, ?)`, accountID, key, now, size); err != nil {
		return err
	}
	_, err := tx.Exec(`DELETE FROM pop_trouble WHERE account_id = ? AND server_key = ?`, accountID, key)
	return err
}

// POPTrouble is what the store remembers of a message the POP server
// lists but did not send.
type POPTrouble struct {
	// Failures counts the times it failed among others (the connection
	// broke while it came, with more asked for); Alone the times it failed
	// asked for alone, or was refused outright (-ERR names the message).
	Failures, Alone int
	Reason          string // what happened last, in plain words
	Since           time.Time
}

// POPTroubles returns the account's messages the server did not send,
// by server key.
func (s *Store) POPTroubles(accountID int64) (map[string]POPTrouble, error) {
	rows, err := s.r.Query(`SELECT server_key, failures, alone, reason, since FROM pop_trouble WHERE account_id = ?`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]POPTrouble{}
	for rows.Next() {
		var k string
		var t POPTrouble
		var since int64
		if err := rows.Scan(&k, &t.Failures, &t.Alone, &t.Reason, &since); err != nil {
			return nil, err
		}
		t.Since = time.Unix(since, 0)
		out[k] = t
	}
	return out, rows.Err()
}

// NotePOPTrouble counts one more failure of the message key (alone: it
// was asked for alone, or refused by name) and returns its record.
func (s *Store) NotePOPTrouble(accountID int64, key string, alone bool, reason string) (POPTrouble, error) {
	a, f := 0, 1
	if alone {
		a, f = 1, 0
	}
	err := s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO pop_trouble (account_id, server_key, failures, alone, reason, since) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (account_id, server_key) DO UPDATE SET failures = failures + excluded.failures, alone = alone + excluded.alone, reason = excluded.reason`,
			accountID, key, f, a, reason, time.Now().Unix())
		return err
	})
	if err != nil {
		return POPTrouble{}, err
	}
	var t POPTrouble
	var since int64
	err = s.r.QueryRow(`SELECT failures, alone, reason, since FROM pop_trouble WHERE account_id = ? AND server_key = ?`, accountID, key).Scan(&t.Failures, &t.Alone, &t.Reason, &since)
	t.Since = time.Unix(since, 0)
	return t, err
}

// ForgetPOPTrouble drops the records of keys the server no longer lists.
func (s *Store) ForgetPOPTrouble(accountID int64, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return s.tx(func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(`DELETE FROM pop_trouble WHERE account_id = ? AND server_key = ?`, accountID, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// NotePOPRefetch counts one more download of key whose bytes again did
// not match the server's size.
func (s *Store) NotePOPRefetch(accountID int64, key string) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE server_seen SET refetches = refetches + 1 WHERE account_id = ? AND server_key = ?`, accountID, key)
		return err
	})
}

// ReplacePOP stores raw as the whole of the account's message key, which
// was stored before with bytes that did not match the server's size: the
// message keeps its folder, flags and identity; what is shown of it, its
// search entry and its recorded size follow the new bytes. It reports
// whether a local copy was there to replace (the size is recorded
// either way).
func (s *Store) ReplacePOP(accountID int64, key string, raw []byte) (bool, error) {
	p, sum := parseMessage(raw), sha256.Sum256(raw)
	var folderID int64
	err := s.tx(func(sqltx *sql.Tx) error {
		tx := newStmtCache(sqltx)
		defer tx.Close()
		if _, err := tx.Exec(`UPDATE server_seen SET size = ? WHERE account_id = ? AND server_key = ?`, len(raw), accountID, key); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRow(`SELECT m.id, m.folder_id FROM messages m JOIN folders f ON f.id = m.folder_id
			WHERE f.account_id = ? AND m.server_key = ? AND m.partial = 0 LIMIT 1`, accountID, key).Scan(&id, &folderID)
		if errors.Is(err, sql.ErrNoRows) {
			folderID = 0
			return nil
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE messages SET message_id = ?, in_reply_to = ?, refs = ?, date = CASE WHEN ? = 0 THEN date ELSE ? END,
			from_addr = ?, to_addr = ?, cc_addr = ?, subject = ?, size = ?, has_attach = ?, preview = ?, sha256 = ?, damaged = ? WHERE id = ?`,
			p.messageID, p.inReplyTo, p.refs, unixOrZero(p.date), unixOrZero(p.date), p.from, p.to, p.cc, p.subject,
			len(raw), p.hasAttach, p.preview, sum[:], p.damaged, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE raw SET bytes = ? WHERE message_id = ?`, raw, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM search WHERE rowid = ?`, id); err != nil {
			return err
		}
		return indexText(context.Background(), tx, id, p)
	})
	if err == nil && folderID != 0 {
		s.notify(Change{Folders: []int64{folderID}})
	}
	return folderID != 0, err
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
