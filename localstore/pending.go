package localstore

import (
	"database/sql"
	"strconv"
	"time"
)

// OpKind is what a pending operation asks of the server.
type OpKind string

// The kinds of pending operation: on a message…
const (
	OpFlags   OpKind = "flags"   // set (Set) or clear Flags
	OpMove    OpKind = "move"    // to the folder Dest (same account)
	OpExpunge OpKind = "expunge" // remove from the server for ever
	OpAppend  OpKind = "append"  // upload the local message to the folder Dest
)

// …and on a folder (Folder is its path).
const (
	OpCreateFolder OpKind = "create-folder"
	OpRenameFolder OpKind = "rename-folder" // to the path Dest
	OpDeleteFolder OpKind = "delete-folder"
)

// Op is one change made here that the server has not confirmed yet. It
// stays queued until the engine calls DonePending.
type Op struct {
	ID        int64
	AccountID int64
	Kind      OpKind
	MessageID int64  // 0 when the message is no longer stored here
	Folder    string // the server folder the message was in when queued
	ServerKey string // its IMAP UID or POP UIDL then
	// UIDValidity is the folder's UIDVALIDITY when the change was made:
	// ServerKey names that message only while the server's is the same.
	UIDValidity uint32
	// HeaderID and Size (its Message-ID and size then) recognise the
	// message again when the folder was renumbered.
	HeaderID string
	Size     int64
	// Dest is the destination folder's path (OpMove, OpAppend) or the
	// folder's new path (OpRenameFolder).
	Dest string
	// Flags are set (Set true) or cleared (OpFlags).
	Flags     Flags
	Set       bool
	Created   time.Time
	Attempts  int
	LastError string
}

// flagChange is how an OpFlags change is kept in the queue's arg column:
// "+N" sets, "-N" clears the Flags bits N.
func flagChange(f Flags, set bool) string {
	if set {
		return "+" + strconv.Itoa(int(f))
	}
	return "-" + strconv.Itoa(int(f))
}

// readArg fills in what the arg column holds for o's kind. Only Postie
// writes the queue; a flags change it cannot read any more changes no
// flags (the engine then drops it, as a change with nothing to do).
func (o *Op) readArg(arg string) {
	switch o.Kind {
	case OpFlags:
		if len(arg) > 1 {
			if n, err := strconv.Atoi(arg[1:]); err == nil && n > 0 {
				o.Flags, o.Set = Flags(n), arg[0] == '+'
			}
		}
	case OpMove, OpAppend, OpRenameFolder:
		o.Dest = arg
	}
}

func enqueue(tx *sql.Tx, p msgPlace, kind OpKind, arg string) error {
	_, err := tx.Exec(`INSERT INTO pending_ops (account_id, kind, message_id, folder, server_key, arg, created, uidvalidity, msg_header_id, msg_size)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.accountID, string(kind), p.id, p.path, p.key, arg, time.Now().Unix(), p.uidValidity, p.headerID, p.size)
	return err
}

// Pending lists an account's queued operations, oldest first.
func (s *Store) Pending(accountID int64) ([]Op, error) {
	rows, err := s.r.Query(`SELECT id, account_id, kind, coalesce(message_id, 0), folder, server_key, arg, created, attempts, last_error,
		uidvalidity, msg_header_id, msg_size
		FROM pending_ops WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Op
	for rows.Next() {
		var o Op
		var created int64
		var arg string
		if err := rows.Scan(&o.ID, &o.AccountID, &o.Kind, &o.MessageID, &o.Folder, &o.ServerKey, &arg, &created, &o.Attempts, &o.LastError,
			&o.UIDValidity, &o.HeaderID, &o.Size); err != nil {
			return nil, err
		}
		o.readArg(arg)
		o.Created = time.Unix(created, 0)
		out = append(out, o)
	}
	return out, rows.Err()
}

// PendingCount counts queued operations: of one account, or of all when
// accountID is 0.
func (s *Store) PendingCount(accountID int64) (int, error) {
	var n int
	err := s.r.QueryRow(`SELECT count(*) FROM pending_ops WHERE ? = 0 OR account_id = ?`, accountID, accountID).Scan(&n)
	return n, err
}

// PendingToPush counts queued operations worth syncing for at once:
// all but the uploads of drafts being written (they go at the next
// regular sync, or when the compose window closes), so saving a draft
// every few seconds does not keep the server busy; and the messages in
// the Outbox waiting to be sent, so one put there (postie send handed to
// the window, #30) goes out now rather than at the next timed check. A
// message being sent counts as waiting, so a failed attempt that puts
// it back does not count as new (no retry every few seconds).
func (s *Store) PendingToPush() (int, error) {
	var n int
	err := s.r.QueryRow(`SELECT (SELECT count(*) FROM pending_ops o WHERE NOT (o.kind = 'append' AND EXISTS
		(SELECT 1 FROM folders f WHERE f.account_id = o.account_id AND f.path = o.arg AND f.role = 'drafts')))
		+ (SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending'))`).Scan(&n)
	return n, err
}

// DonePending removes an operation the server has confirmed.
func (s *Store) DonePending(id int64) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM pending_ops WHERE id = ?`, id)
		return err
	})
}

// FailPending records a failed attempt; the operation stays queued.
func (s *Store) FailPending(id int64, reason string) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE pending_ops SET attempts = attempts + 1, last_error = ? WHERE id = ?`, reason, id)
		return err
	})
}

// PendingSince counts every queued operation and says when the oldest
// was made (zero time when none waits).
func (s *Store) PendingSince() (int, time.Time, error) {
	var n int
	var oldest sql.NullInt64
	err := s.r.QueryRow(`SELECT count(*), min(created) FROM pending_ops`).Scan(&n, &oldest)
	if err != nil || !oldest.Valid {
		return n, time.Time{}, err
	}
	return n, time.Unix(oldest.Int64, 0), nil
}
