package localstore

import (
	"database/sql"
	"strings"
	"time"
)

// OutState is where an outgoing message is.
type OutState string

// The states of an outgoing message.
const (
	OutQueued  OutState = "queued"  // waiting: will be sent when possible
	OutSending OutState = "sending" // an attempt is under way (or was cut by a crash)
	OutUnsure  OutState = "unsure"  // the server may have taken it: never resent by itself
	OutHeld    OutState = "held"    // the server refused it for good: waits for the person
	OutSent    OutState = "sent"
)

// Outgoing is one message in the Outbox.
type Outgoing struct {
	ID        int64
	AccountID int64
	MessageID string
	Sender    string
	Rcpt      []string
	Raw       []byte
	State     OutState
	Attempts  int
	LastError string
	Created   time.Time
}

// QueueOutgoing puts a finished message in the Outbox. The draft it was
// written from (0: none) is removed in the same transaction, so the
// message is never both a draft and on its way.
func (s *Store) QueueOutgoing(accountID int64, messageID, sender string, rcpt []string, raw []byte, draft int64) (int64, error) {
	var id int64
	err := s.tx(func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO outbox (account_id, message_id, sender, rcpt, raw, created) VALUES (?, ?, ?, ?, ?, ?)`,
			accountID, messageID, sender, strings.Join(rcpt, " "), raw, time.Now().Unix())
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		return dropDraftTx(tx, draft)
	})
	if err == nil {
		s.notify(Change{Outbox: true})
	}
	return id, err
}

// AllOutgoing lists every account's messages that are not sent yet.
func (s *Store) AllOutgoing() ([]Outgoing, error) { return s.outbox(`state != 'sent'`) }

// RetryOutgoing lets a held or unsure message be sent again: the person
// has checked that it did not arrive, or changed what was wrong.
func (s *Store) RetryOutgoing(id int64) error {
	return s.outChange(`UPDATE outbox SET state = 'queued', last_error = '' WHERE id = ? AND state IN ('held','unsure','queued')`, id)
}

// DeleteOutgoing takes a message out of the Outbox without sending it.
func (s *Store) DeleteOutgoing(id int64) error {
	return s.outChange(`DELETE FROM outbox WHERE id = ? AND state != 'sending'`, id)
}

// outChange runs one change to one Outbox row; ErrNotFound when no row
// was in a state to take it.
func (s *Store) outChange(q string, args ...any) error {
	err := s.tx(func(tx *sql.Tx) error {
		res, err := tx.Exec(q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err == nil {
		s.notify(Change{Outbox: true})
	}
	return err
}

// Outbox lists an account's outgoing messages that are not sent yet.
func (s *Store) Outbox(accountID int64) ([]Outgoing, error) {
	return s.outbox(`account_id = ? AND state != 'sent'`, accountID)
}

func (s *Store) outbox(where string, args ...any) ([]Outgoing, error) {
	rows, err := s.r.Query(`SELECT id, account_id, message_id, sender, rcpt, raw, state, attempts, last_error, created
		FROM outbox WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Outgoing
	for rows.Next() {
		var o Outgoing
		var rcpt string
		var created int64
		if err := rows.Scan(&o.ID, &o.AccountID, &o.MessageID, &o.Sender, &rcpt, &o.Raw, &o.State, &o.Attempts, &o.LastError, &created); err != nil {
			return nil, err
		}
		o.Rcpt = strings.Fields(rcpt)
		o.Created = time.Unix(created, 0)
		out = append(out, o)
	}
	return out, rows.Err()
}

// SetOutState records a state change, committed before the caller goes on.
func (s *Store) SetOutState(id int64, st OutState, lastError string) error {
	q := `UPDATE outbox SET state = ?, last_error = ? WHERE id = ?`
	if st == OutSending {
		q = `UPDATE outbox SET state = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?`
	}
	return s.outChange(q, string(st), lastError, id)
}

// MarkSent records that the server accepted the message and files a copy
// in the account's Sent folder, in one transaction. For IMAP accounts the
// copy is queued for upload unless the provider files sent mail itself.
func (s *Store) MarkSent(id int64, uploadToSent bool) error {
	var folder int64
	err := s.tx(func(tx *sql.Tx) error {
		var o Outgoing
		var kind Kind
		if err := tx.QueryRow(`SELECT o.account_id, o.raw, a.kind FROM outbox o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?`, id).
			Scan(&o.AccountID, &o.Raw, &kind); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE outbox SET state = 'sent', last_error = '' WHERE id = ?`, id); err != nil {
			return err
		}
		var path string
		var err error
		if folder, path, err = roleFolder(tx, o.AccountID, RoleSent, "Sent"); err != nil {
			return err
		}
		added, err := addTx(tx, folder, readAll([]NewMessage{{Raw: o.Raw, Flags: Seen, Received: time.Now()}}))
		if err != nil {
			return err
		}
		if kind == KindIMAP && uploadToSent && !added[0].Duplicate {
			return enqueue(tx, msgPlace{id: added[0].ID, accountID: o.AccountID, path: path}, OpAppend, path)
		}
		return nil
	})
	if err == nil {
		s.notify(Change{Folders: []int64{folder}, Outbox: true})
	}
	return err
}

// InSent says whether a message with this Message-ID is in the account's
// Sent folder (after a crash: was it sent after all?).
func (s *Store) InSent(accountID int64, messageID string) (bool, error) {
	var n int
	err := s.r.QueryRow(`SELECT count(*) FROM messages m JOIN folders f ON f.id = m.folder_id
		WHERE f.account_id = ? AND f.role = 'sent' AND m.message_id = ?`, accountID, messageID).Scan(&n)
	return n > 0, err
}

// OutboxCounts says how many messages wait to be sent and how many need
// the person (held or unsure), across accounts.
func (s *Store) OutboxCounts() (waiting, needYou int, err error) {
	err = s.r.QueryRow(`SELECT count(*) FILTER (WHERE state IN ('queued','sending')), count(*) FILTER (WHERE state IN ('held','unsure'))
		FROM outbox WHERE state != 'sent'`).Scan(&waiting, &needYou)
	return
}
