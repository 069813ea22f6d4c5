package localstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/postie-mail/postie/internal/tr"
)

// Flags are a message's standard IMAP flags.
type Flags uint16

// The standard flags.
const (
	Seen Flags = 1 << iota
	Answered
	Flagged
	Deleted
	Draft
)

// Summary is what the message list and reader header show of a message.
type Summary struct {
	ID            int64
	FolderID      int64
	ServerKey     string // IMAP UID or POP UIDL; "" when only local
	MessageID     string
	InReplyTo     string
	References    string
	Date          time.Time
	From, To, Cc  string
	Subject       string
	Flags         Flags
	Keywords      []string
	Size          int64
	HasAttachment bool
	Preview       string
	Partial       bool // only the header is here; the body is on the server
	Damaged       bool // Postie could not read all of it (the bytes are whole)
}

// Cursor marks a place in a folder's order, for keyset pagination: pass
// the last row's cursor to get the rows after it. Date and ID place a
// message in every order; Text or Num is the value of the order's key
// (see Order.Cursor).
type Cursor struct {
	Date int64 // Unix seconds
	ID   int64
	Text string // sender, recipients or subject, folded
	Num  int64  // size, unread (1) or flagged (1)
}

// Cursor returns the position just after m in the newest-first order.
func (m Summary) Cursor() *Cursor { return &Cursor{Date: m.Date.Unix(), ID: m.ID} }

// NewMessage is a message to store: its raw bytes exactly as received.
type NewMessage struct {
	Raw       []byte
	ServerKey string    // IMAP UID or POP UIDL; "" for a local message
	Flags     Flags     //
	Keywords  []string  //
	Received  time.Time // used when the message has no readable Date
	// Partial: Raw is only the header (IMAP BODY[HEADER]) and Size the
	// whole message's size on the server; Complete adds the rest later.
	Partial bool
	Size    int64
}

// Added reports what Add did with one message.
type Added struct {
	ID        int64
	Duplicate bool // already stored: same server key, or same bytes with no key
}

const summaryCols = `m.id, m.folder_id, coalesce(m.server_key, ''), m.message_id, m.in_reply_to, m.refs,
	m.date, m.from_addr, m.to_addr, m.cc_addr, m.subject, m.flags, m.keywords, m.size, m.has_attach, m.preview, m.partial, m.damaged`

func scanSummary(sc interface{ Scan(...any) error }) (Summary, error) {
	var m Summary
	var date int64
	var kw string
	err := sc.Scan(&m.ID, &m.FolderID, &m.ServerKey, &m.MessageID, &m.InReplyTo, &m.References,
		&date, &m.From, &m.To, &m.Cc, &m.Subject, &m.Flags, &kw, &m.Size, &m.HasAttachment, &m.Preview, &m.Partial, &m.Damaged)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	m.Date = time.Unix(date, 0)
	m.Keywords = strings.Fields(kw)
	return m, err
}

// Add stores messages in a folder, all in one transaction: either every
// message is stored whole, or none is. A message already in the folder
// (the same server key, or for local messages the same bytes) is not
// stored twice.
func (s *Store) Add(folderID int64, msgs []NewMessage) ([]Added, error) {
	// Read every message before the write transaction: the writer is held
	// only for the writes, and a message that cannot be read is stored
	// (marked damaged) instead of stopping the others.
	return s.addPrepared(folderID, PrepareNew(msgs), s.tx)
}

// PreparedNew are new messages read and hashed for AddRefetchable: the
// work that needs no database, done where it overlaps with the writer.
type PreparedNew struct{ msgs []readMessage }

// PrepareNew reads and hashes new messages, on every core.
func PrepareNew(msgs []NewMessage) *PreparedNew { return &PreparedNew{readAll(msgs)} }

// AddRefetchable is Add for messages a server keeps and can give again
// (IMAP): like CompleteAll, its commit does not wait for the disk — a
// crash of Postie loses nothing, a power cut may undo it, and the next
// sync finds those messages new again.
func (s *Store) AddRefetchable(folderID int64, p *PreparedNew) ([]Added, error) {
	return s.addPrepared(folderID, p, s.refetchableTx)
}

func (s *Store) addPrepared(folderID int64, p *PreparedNew, inTx func(func(*sql.Tx) error) error) ([]Added, error) {
	var out []Added
	err := inTx(func(tx *sql.Tx) error {
		var err error
		out, err = addTx(tx, folderID, p.msgs)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.notify(Change{Folders: []int64{folderID}})
	return out, nil
}

// readMessage is a message to store with what was read from it.
type readMessage struct {
	NewMessage
	p    parsed
	sum  [32]byte
	keys sortKeys
}

func readAll(msgs []NewMessage) []readMessage {
	out := make([]readMessage, len(msgs))
	eachParallel(len(msgs), func(i int) {
		p := parseMessage(msgs[i].Raw)
		out[i] = readMessage{NewMessage: msgs[i], p: p, sum: sha256.Sum256(msgs[i].Raw), keys: keysOf(p)}
	})
	return out
}

func addTx(sqltx *sql.Tx, folderID int64, msgs []readMessage) ([]Added, error) {
	tx := newStmtCache(sqltx)
	defer tx.Close()
	out := make([]Added, len(msgs))
	ins, err := sqltx.Prepare(`INSERT INTO messages (folder_id, server_key, message_id, in_reply_to, refs, date,
		from_addr, to_addr, cc_addr, subject, flags, keywords, size, has_attach, preview, sha256, partial, damaged,
		sort_from, sort_to, sort_subject)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	raw, err := sqltx.Prepare(`INSERT INTO raw (message_id, bytes) VALUES (?, ?)`)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	var accountID int64
	var kind Kind
	var role Role
	if err := tx.QueryRow(`SELECT f.account_id, a.kind, f.role FROM folders f JOIN accounts a ON a.id = f.account_id WHERE f.id = ?`, folderID).Scan(&accountID, &kind, &role); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("%s: %w", tr.L("the folder to store into is gone"), err)
		}
		return nil, storeErr(err) // the disk, not a missing folder (#25)
	}
	now := time.Now().Unix()
	// The search entries are written after all the rows: a statement with
	// triggers (the folder counts) opens a savepoint, and at each one
	// SQLite's full-text index writes out what it holds in memory — once
	// per message, interleaved, it made storing 50% slower.
	type entry struct {
		id int64
		p  parsed
	}
	index := make([]entry, 0, len(msgs))
	for i, nm := range msgs {
		sum := nm.sum
		existing, err := findStored(tx, folderID, role, kind == KindIMAP, nm)
		if err == nil {
			out[i] = Added{ID: existing, Duplicate: true}
			continue
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		p := nm.p
		date := p.date
		if date.IsZero() {
			date = nm.Received
		}
		if date.IsZero() {
			date = time.Now()
		}
		var key any
		if nm.ServerKey != "" {
			key = nm.ServerKey
		}
		size := int64(len(nm.Raw))
		if nm.Partial {
			size = nm.Size
		}
		res, err := ins.Exec(folderID, key, p.messageID, p.inReplyTo, p.refs, date.Unix(),
			p.from, p.to, p.cc, p.subject, nm.Flags, strings.Join(nm.Keywords, " "), size, p.hasAttach, p.preview, sum[:], nm.Partial, p.damaged,
			nm.keys.from, nm.keys.to, nm.keys.subject)
		if err != nil {
			return nil, err
		}
		id, _ := res.LastInsertId()
		if _, err := raw.Exec(id, nm.Raw); err != nil {
			return nil, err
		}
		index = append(index, entry{id, p})
		if kind == KindPOP && nm.ServerKey != "" {
			if err := seenPOP(tx, accountID, nm.ServerKey, size, now); err != nil {
				return nil, err
			}
		}
		out[i] = Added{ID: id}
	}
	for _, e := range index {
		if err := indexText(context.Background(), tx, e.id, e.p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findStored finds a new message already in the folder: by its server
// key, or — not yet known by that key — the same bytes (or, for a
// header, the message it begins) kept without one, which then takes the
// key; in Sent and Drafts also our own copy of it. sql.ErrNoRows: none.
func findStored(tx *stmtCache, folderID int64, role Role, imapFlags bool, nm readMessage) (int64, error) {
	sum := nm.sum
	var existing int64
	if nm.ServerKey == "" {
		err := tx.QueryRow(`SELECT id FROM messages WHERE folder_id = ? AND sha256 = ? LIMIT 1`, folderID, sum[:]).Scan(&existing)
		return existing, err
	}
	err := tx.QueryRow(`SELECT id FROM messages WHERE folder_id = ? AND server_key = ?`, folderID, nm.ServerKey).Scan(&existing)
	if !errors.Is(err, sql.ErrNoRows) {
		return existing, err
	}
	// The same bytes already here without a key (moved here, or kept
	// across a UIDVALIDITY change): adopt it, no duplicate.
	switch {
	case nm.Partial && len(bytes.TrimSpace(nm.Raw)) == 0:
		err = sql.ErrNoRows // no header to recognise it by
	case nm.Partial:
		// Only the header came: the same message is the one of the same
		// size whose bytes begin with it.
		err = tx.QueryRow(`SELECT m.id FROM messages m JOIN raw r ON r.message_id = m.id WHERE m.folder_id = ? AND m.server_key IS NULL
			AND m.size = ? AND substr(r.bytes, 1, ?) = ? LIMIT 1`, folderID, nm.Size, len(nm.Raw), nm.Raw).Scan(&existing)
	default:
		err = tx.QueryRow(`SELECT id FROM messages WHERE folder_id = ? AND sha256 = ? AND server_key IS NULL LIMIT 1`, folderID, sum[:]).Scan(&existing)
	}
	if err == nil && imapFlags {
		// A copy kept across a UIDVALIDITY change takes the server's
		// flags: they may have changed with the renumbering (#25).
		_, err = tx.Exec(`UPDATE messages SET server_key = ?, flags = ? WHERE id = ?`, nm.ServerKey, nm.Flags, existing)
		return existing, err
	}
	if err == nil {
		_, err = tx.Exec(`UPDATE messages SET server_key = ? WHERE id = ?`, nm.ServerKey, existing)
		return existing, err
	}
	if errors.Is(err, sql.ErrNoRows) && nm.Partial && (role == RoleSent || role == RoleDrafts) {
		return adoptOwnCopy(tx, folderID, nm)
	}
	return existing, err
}

// adoptOwnCopy handles a provider that files sent mail itself (Gmail):
// its copy in Sent differs from the bytes Postie sent and keeps here, so
// nothing else matches. In a Sent or Drafts folder, a keyless message of
// ours with the same Message-ID is that message: it takes the server's
// key and header and becomes header-only, so the server's own bytes
// replace it at the next download — one copy, as the server holds it.
// Only called for Sent and Drafts folders (it cost 70% of a first
// sync's header pass when asked for every message of every folder).
func adoptOwnCopy(tx *stmtCache, folderID int64, nm readMessage) (int64, error) {
	p := nm.p
	if p.messageID == "" {
		return 0, sql.ErrNoRows
	}
	var id int64
	err := tx.QueryRow(`SELECT m.id FROM messages m WHERE m.folder_id = ?
		AND m.server_key IS NULL AND m.message_id = ? AND NOT EXISTS (SELECT 1 FROM pending_ops o WHERE o.message_id = m.id) LIMIT 1`,
		folderID, p.messageID).Scan(&id)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(`UPDATE messages SET server_key = ?, partial = 1, size = ?, sha256 = ? WHERE id = ?`, nm.ServerKey, nm.Size, nm.sum[:], id); err != nil {
		return 0, err
	}
	_, err = tx.Exec(`UPDATE raw SET bytes = ? WHERE message_id = ?`, nm.Raw, id)
	return id, err
}

// Messages returns up to limit messages of a folder, newest first, starting
// after the cursor (nil: from the newest). It never uses OFFSET, so every
// page costs the same however deep into the folder it is. MessagesIn
// gives the other orders.
func (s *Store) Messages(folderID int64, after *Cursor, limit int) ([]Summary, error) {
	return s.MessagesIn(folderID, NewestFirst, after, limit)
}

func collect(rows *sql.Rows) ([]Summary, error) {
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		m, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Message returns one message's summary.
func (s *Store) Message(id int64) (Summary, error) {
	return scanSummary(s.r.QueryRow(`SELECT `+summaryCols+` FROM messages m WHERE m.id = ?`, id))
}

// MessageByAccountKey finds a message by its server key anywhere in an
// account (POP UIDLs name messages account-wide).
func (s *Store) MessageByAccountKey(accountID int64, key string) (Summary, error) {
	return scanSummary(s.r.QueryRow(`SELECT `+summaryCols+` FROM messages m JOIN folders f ON f.id = m.folder_id
		WHERE f.account_id = ? AND m.server_key = ? LIMIT 1`, accountID, key))
}

// MessageByMessageID finds a message received by an account by its
// Message-ID (not a copy in Sent or Drafts).
func (s *Store) MessageByMessageID(accountID int64, messageID string) (Summary, error) {
	return scanSummary(s.r.QueryRow(`SELECT `+summaryCols+` FROM messages m JOIN folders f ON f.id = m.folder_id
		WHERE m.message_id = ? AND f.account_id = ? AND f.role NOT IN ('sent', 'drafts') LIMIT 1`, messageID, accountID))
}

// ErrNotDownloaded means only the message's header is here: its body is
// still on the server (Raw returns the header with it).
var ErrNotDownloaded = errors.New("this message has not been downloaded yet")

// Raw returns a message's bytes exactly as they were received. For a
// message not downloaded yet it returns its header and ErrNotDownloaded.
func (s *Store) Raw(id int64) ([]byte, error) {
	var b []byte
	var partial bool
	err := s.r.QueryRow(`SELECT r.bytes, m.partial FROM raw r JOIN messages m ON m.id = r.message_id WHERE r.message_id = ?`, id).Scan(&b, &partial)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err == nil && partial {
		err = ErrNotDownloaded
	}
	return b, err
}

// EachRaw calls fn with every message of a folder, oldest first, for
// exports. It stops at the first error fn returns. Messages whose body is
// still only on the server are left out (see PartialCount).
func (s *Store) EachRaw(folderID int64, fn func(Summary, []byte) error) error {
	var after *Cursor
	for {
		// Walk newest-first pages, then emit each page reversed would
		// not be oldest-first overall; instead page oldest-first here.
		var rows *sql.Rows
		var err error
		if after == nil {
			rows, err = s.r.Query(`SELECT `+summaryCols+`, r.bytes FROM messages m JOIN raw r ON r.message_id = m.id
				WHERE m.folder_id = ? AND m.partial = 0 ORDER BY m.date, m.id LIMIT 200`, folderID)
		} else {
			rows, err = s.r.Query(`SELECT `+summaryCols+`, r.bytes FROM messages m JOIN raw r ON r.message_id = m.id
				WHERE m.folder_id = ? AND m.partial = 0 AND (m.date, m.id) > (?, ?) ORDER BY m.date, m.id LIMIT 200`, folderID, after.Date, after.ID)
		}
		if err != nil {
			return err
		}
		type item struct {
			m   Summary
			raw []byte
		}
		var page []item
		for rows.Next() {
			var it item
			var date int64
			var kw string
			m := &it.m
			if err := rows.Scan(&m.ID, &m.FolderID, &m.ServerKey, &m.MessageID, &m.InReplyTo, &m.References,
				&date, &m.From, &m.To, &m.Cc, &m.Subject, &m.Flags, &kw, &m.Size, &m.HasAttachment, &m.Preview, &m.Partial, &m.Damaged, &it.raw); err != nil {
				rows.Close()
				return err
			}
			m.Date = time.Unix(date, 0)
			m.Keywords = strings.Fields(kw)
			page = append(page, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, it := range page {
			if err := fn(it.m, it.raw); err != nil {
				return err
			}
		}
		if len(page) < 200 {
			return nil
		}
		after = page[len(page)-1].m.Cursor()
	}
}

// forPlaces calls fn for each message that still exists, with where it
// lives; messages already gone are skipped.
func forPlaces(tx *sql.Tx, ids []int64, fn func(msgPlace) error) error {
	for _, id := range ids {
		p, err := placeOf(tx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// msgPlace is where a message lives: folder, account and server key.
type msgPlace struct {
	id, folderID, accountID int64
	kind                    Kind
	path, key               string
	role                    Role
	partial                 bool
	uidValidity             uint32 // of the folder, when the key is an IMAP UID
	headerID                string // the message's Message-ID
	size                    int64
}

func placeOf(tx *sql.Tx, id int64) (msgPlace, error) {
	var p msgPlace
	err := tx.QueryRow(`SELECT m.id, m.folder_id, f.account_id, a.kind, f.path, coalesce(m.server_key, ''), f.role, m.partial,
		f.uidvalidity, m.message_id, m.size
		FROM messages m JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id WHERE m.id = ?`, id).
		Scan(&p.id, &p.folderID, &p.accountID, &p.kind, &p.path, &p.key, &p.role, &p.partial, &p.uidValidity, &p.headerID, &p.size)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return p, err
}

// SetFlags sets (on) or clears flags on messages. For server accounts each
// change is also queued for the server, in the same transaction.
func (s *Store) SetFlags(ids []int64, f Flags, on bool) error {
	var folders []int64
	err := s.tx(func(tx *sql.Tx) error {
		return forPlaces(tx, ids, func(p msgPlace) error {
			q := `UPDATE messages SET flags = flags | ? WHERE id = ? AND flags & ? != ?`
			if !on {
				q = `UPDATE messages SET flags = flags & ~? WHERE id = ? AND flags & ? != 0`
			}
			args := []any{f, p.id, f}
			if on {
				args = append(args, f)
			}
			res, err := tx.Exec(q, args...)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			folders = append(folders, p.folderID)
			if p.kind == KindIMAP && p.key != "" { // POP has no flags on the server
				if err := enqueue(tx, p, OpFlags, flagChange(f, on)); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err == nil && len(folders) > 0 {
		s.notify(Change{Folders: uniq(folders)})
	}
	return err
}

// Move moves messages to another folder. For server accounts the move is
// queued for the server; the message's server key is cleared because the
// destination gives it a new one.
func (s *Store) Move(ids []int64, destFolder int64) error {
	var folders []int64
	err := s.tx(func(tx *sql.Tx) error {
		var dest msgPlace
		if err := tx.QueryRow(`SELECT f.id, f.account_id, a.kind, f.path FROM folders f JOIN accounts a ON a.id = f.account_id WHERE f.id = ?`, destFolder).
			Scan(&dest.folderID, &dest.accountID, &dest.kind, &dest.path); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", tr.L("the folder to move to is gone"), ErrNotFound)
		} else if err != nil {
			return err // the disk's or the database's own words, not "gone" (#25)
		}
		folders = append(folders, destFolder)
		return forPlaces(tx, ids, func(p msgPlace) error {
			if p.folderID == destFolder {
				return nil
			}
			folders = append(folders, p.folderID)
			if err := moveTx(tx, p, dest); err != nil {
				return err
			}
			return nil
		})
	})
	if err == nil {
		s.notify(Change{Folders: uniq(folders)})
	}
	return err
}

// ErrPartialMove refuses to move a message whose body is only on its
// server to another account: the server copy would be removed and only
// the header would remain.
var ErrPartialMove = errors.New("a message that has not been downloaded yet cannot go to another account: open it once while online, then move it")

func moveTx(tx *sql.Tx, p, dest msgPlace) error {
	if p.partial && p.accountID != dest.accountID {
		return ErrPartialMove
	}
	// An IMAP UID belongs to one folder: the destination gives a new one.
	// A POP UIDL names the message in the whole account: it stays.
	q := `UPDATE messages SET folder_id = ?, server_key = NULL WHERE id = ?`
	if p.kind == KindPOP && p.accountID == dest.accountID {
		q = `UPDATE messages SET folder_id = ? WHERE id = ?`
	}
	if _, err := tx.Exec(q, dest.folderID, p.id); err != nil {
		return err
	}
	sameServer := p.accountID == dest.accountID && p.kind == KindIMAP
	switch {
	case sameServer && p.key != "":
		return enqueue(tx, p, OpMove, dest.path)
	default:
		if p.kind == KindIMAP && p.key != "" {
			if err := enqueue(tx, p, OpExpunge, ""); err != nil {
				return err
			}
		}
		if dest.kind == KindIMAP {
			d := p
			d.accountID, d.path, d.key = dest.accountID, dest.path, ""
			return enqueue(tx, d, OpAppend, dest.path)
		}
	}
	return nil
}

// Delete moves messages to their account's Trash (creating it if the
// account has none); messages already in the Trash are deleted for ever.
// All of it happens in one transaction.
func (s *Store) Delete(ids []int64) error {
	var folders []int64
	trash := map[int64]msgPlace{}
	err := s.tx(func(tx *sql.Tx) error {
		return forPlaces(tx, ids, func(p msgPlace) error {
			folders = append(folders, p.folderID)
			if p.role == RoleTrash {
				if err := deleteForeverTx(tx, p); err != nil {
					return err
				}
				return nil
			}
			t, ok := trash[p.accountID]
			if !ok {
				t = msgPlace{accountID: p.accountID, kind: p.kind}
				var err error
				if t.folderID, t.path, err = roleFolder(tx, p.accountID, RoleTrash, "Trash"); err != nil {
					return err
				}
				trash[p.accountID] = t
			}
			folders = append(folders, t.folderID)
			if err := moveTx(tx, p, t); err != nil {
				return err
			}
			return nil
		})
	})
	if err == nil {
		s.notify(Change{Folders: uniq(folders)})
	}
	return err
}

// DeleteForever removes messages from the store. For server accounts the
// removal is queued for the server (the engines decide, by the account's
// policy, what that means on the server).
func (s *Store) DeleteForever(ids []int64) error {
	var folders []int64
	err := s.tx(func(tx *sql.Tx) error {
		return forPlaces(tx, ids, func(p msgPlace) error {
			folders = append(folders, p.folderID)
			if err := deleteForeverTx(tx, p); err != nil {
				return err
			}
			return nil
		})
	})
	if err == nil {
		s.notify(Change{Folders: uniq(folders)})
	}
	return err
}

func deleteForeverTx(tx *sql.Tx, p msgPlace) error {
	if p.kind != KindLocal && p.key != "" {
		if err := enqueue(tx, p, OpExpunge, ""); err != nil {
			return err
		}
	}
	return removeTx(tx, p.id)
}

// removeTx drops a message, its raw bytes and its index entry. Pending
// operations that name it keep their server key and folder, so they still
// reach the server.
func removeTx(tx *sql.Tx, id int64) error {
	if _, err := tx.Exec(`DELETE FROM search WHERE rowid = ?`, id); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE pending_ops SET message_id = NULL WHERE message_id = ?`, id); err != nil {
		return err
	}
	_, err := tx.Exec(`DELETE FROM messages WHERE id = ?`, id)
	return err
}

func uniq(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
