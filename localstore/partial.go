package localstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"time"
)

// ToDownload lists up to limit messages of a folder whose body is still
// on the server, newest first, dated after since (zero: all).
func (s *Store) ToDownload(folderID int64, since time.Time, limit int) ([]Summary, error) {
	rows, err := s.r.Query(`SELECT `+summaryCols+` FROM messages m WHERE m.folder_id = ? AND m.partial = 1 AND m.date >= ?
		AND m.server_key IS NOT NULL ORDER BY m.date DESC, m.id DESC LIMIT ?`, folderID, since.Unix(), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

// PartialCount says how many messages of a folder have only their header
// here.
func (s *Store) PartialCount(folderID int64) (int, error) {
	var n int
	err := s.r.QueryRow(`SELECT count(*) FROM messages WHERE folder_id = ? AND partial = 1`, folderID).Scan(&n)
	return n, err
}

// Body is the whole of a message known by its server key.
type Body struct {
	Key string
	Raw []byte
}

// Complete stores the whole message for one whose header only was here,
// found by folder and server key: the bytes, what is shown of it and its
// search entry, in one transaction. It reports whether it did (the
// message may be gone, or complete already).
func (s *Store) Complete(folderID int64, key string, raw []byte) (bool, error) {
	n, err := s.CompleteAll(folderID, []Body{{key, raw}})
	return n == 1, err
}

// CompleteAll is Complete for many messages of a folder in one
// transaction; it returns how many it completed.
func (s *Store) CompleteAll(folderID int64, bodies []Body) (int, error) {
	return s.CompletePrepared(folderID, PrepareBodies(bodies))
}

// PreparedBodies are whole messages read and hashed for CompletePrepared:
// the work that needs no database, done where it overlaps with the
// writer (an engine prepares the next chunk while the store writes the
// last one).
type PreparedBodies struct {
	bodies []Body
	ready  []parsed
	sums   [][32]byte
}

// PrepareBodies reads and hashes bodies, on every core.
func PrepareBodies(bodies []Body) *PreparedBodies {
	p := &PreparedBodies{bodies: bodies, ready: make([]parsed, len(bodies)), sums: make([][32]byte, len(bodies))}
	eachParallel(len(bodies), func(i int) {
		p.ready[i], p.sums[i] = parseMessage(bodies[i].Raw), sha256.Sum256(bodies[i].Raw)
	})
	return p
}

// CompletePrepared is CompleteAll for bodies already prepared.
func (s *Store) CompletePrepared(folderID int64, prep *PreparedBodies) (int, error) {
	done := 0
	bodies, ready, sums := prep.bodies, prep.ready, prep.sums
	err := s.refetchableTx(func(sqltx *sql.Tx) error {
		tx := newStmtCache(sqltx)
		defer tx.Close()
		done = 0
		for i, b := range bodies {
			var id int64
			err := tx.QueryRow(`SELECT id FROM messages WHERE folder_id = ? AND server_key = ? AND partial = 1`, folderID, b.Key).Scan(&id)
			if err == sql.ErrNoRows {
				continue
			} else if err != nil {
				return err
			}
			p, sum := ready[i], sums[i]
			if _, err := tx.Exec(`UPDATE messages SET partial = 0, size = ?, has_attach = ?, preview = ?, sha256 = ?, damaged = ? WHERE id = ?`,
				len(b.Raw), p.hasAttach, p.preview, sum[:], p.damaged, id); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE raw SET bytes = ? WHERE message_id = ?`, b.Raw, id); err != nil {
				return err
			}
			if _, err := tx.Exec(`DELETE FROM search WHERE rowid = ?`, id); err != nil {
				return err
			}
			if err := indexText(context.Background(), tx, id, p); err != nil {
				return err
			}
			done++
		}
		return nil
	})
	if err == nil && done > 0 {
		s.notify(Change{Folders: []int64{folderID}})
	}
	return done, err
}

// DropBodies keeps only the header of a folder's messages dated before
// cutoff, for an account that keeps only recent mail offline. Only
// messages the server holds (they have a server key) with no change of
// theirs waiting for the server are touched: their body is on the
// server, and is fetched again when one is opened. Flagged messages and
// drafts keep their body, and so does the preview in the list. It returns
// how many it dropped.
func (s *Store) DropBodies(folderID int64, cutoff time.Time) (int, error) {
	n := 0
	err := s.tx(func(tx *sql.Tx) error {
		// IMAP only: a POP server may already have removed its copy.
		rows, err := tx.Query(`SELECT m.id, r.bytes FROM messages m JOIN raw r ON r.message_id = m.id
			JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id
			WHERE m.folder_id = ? AND a.kind = 'imap' AND m.partial = 0 AND m.date < ? AND m.server_key IS NOT NULL AND m.flags & ? = 0
			AND NOT EXISTS (SELECT 1 FROM pending_ops o WHERE o.message_id = m.id)`, folderID, cutoff.Unix(), Flagged|Draft)
		if err != nil {
			return err
		}
		type item struct {
			id  int64
			hdr []byte
		}
		var items []item
		for rows.Next() {
			var it item
			var raw []byte
			if err := rows.Scan(&it.id, &raw); err != nil {
				rows.Close()
				return err
			}
			_, body := splitHeader(raw)
			it.hdr = raw[:len(raw)-len(body)]
			items = append(items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, it := range items {
			sum := sha256.Sum256(it.hdr)
			// size stays: it is the size of the whole message on the server
			if _, err := tx.Exec(`UPDATE messages SET partial = 1, sha256 = ? WHERE id = ?`, sum[:], it.id); err != nil {
				return err
			}
			// The search entry stays: the words of the body can still be
			// found, and opening the message fetches it again.
			if _, err := tx.Exec(`UPDATE raw SET bytes = ? WHERE message_id = ?`, it.hdr, it.id); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err == nil && n > 0 {
		s.notify(Change{Folders: []int64{folderID}})
	}
	return n, err
}

// RemoveStubs removes a folder's header-only messages that no longer
// name a server copy (their key was cleared by a move or a UIDVALIDITY
// change that the server has not confirmed) and have no change waiting:
// the engine calls it after listing the folder, when every such message
// still on the server has been matched again. The whole message is
// still on the server, wherever it is; only the header was here.
func (s *Store) RemoveStubs(folderID int64) (int, error) {
	n := 0
	err := s.tx(func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT id FROM messages WHERE folder_id = ? AND partial = 1 AND server_key IS NULL
			AND NOT EXISTS (SELECT 1 FROM pending_ops o WHERE o.message_id = messages.id)`, folderID)
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
		for _, id := range ids {
			if err := removeTx(tx, id); err != nil {
				return err
			}
		}
		n = len(ids)
		return rows.Err()
	})
	if err == nil && n > 0 {
		s.notify(Change{Folders: []int64{folderID}})
	}
	return n, err
}

// Keys are the server keys of the prepared bodies.
func (p *PreparedBodies) Keys() []string {
	out := make([]string, len(p.bodies))
	for i, b := range p.bodies {
		out[i] = b.Key
	}
	return out
}
