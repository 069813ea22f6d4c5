package localstore

import (
	"database/sql"
	"errors"
	"time"
)

// CopyRun is one "Keep a permanent copy" of an account: where the copy is
// written, in which format, and when it began. Messages checked against
// the server during a run stay checked until the run finishes, so a run
// interrupted (closed, killed, offline) resumes where it stopped.
type CopyRun struct {
	AccountID int64
	Started   time.Time
	Format    string
	Dir       string
	Finished  time.Time // zero while it runs
}

// run is how a run is told apart in copy_checked.
func (r CopyRun) run() int64 { return r.Started.UnixNano() }

// CopyRunOf returns the account's latest run, or ErrNotFound.
func (s *Store) CopyRunOf(accountID int64) (CopyRun, error) {
	var started, finished int64
	r := CopyRun{AccountID: accountID}
	err := s.r.QueryRow(`SELECT started, format, dir, finished FROM copy_runs WHERE account_id = ?`, accountID).Scan(&started, &r.Format, &r.Dir, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	} else if err != nil {
		return r, err
	}
	r.Started = time.Unix(0, started)
	if finished != 0 {
		r.Finished = time.Unix(0, finished)
	}
	return r, nil
}

// StartCopyRun begins a new run for the account (forgetting what an
// earlier one checked).
func (s *Store) StartCopyRun(accountID int64, format, dir string, now time.Time) (CopyRun, error) {
	r := CopyRun{AccountID: accountID, Started: now, Format: format, Dir: dir}
	err := s.tx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM copy_checked WHERE message_id IN (SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.account_id = ?)`, accountID); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO copy_runs (account_id, started, format, dir, finished) VALUES (?, ?, ?, ?, 0)`,
			accountID, r.run(), format, dir)
		return err
	})
	return r, storeErr(err)
}

// FinishCopyRun records that the run ended with its report written.
func (s *Store) FinishCopyRun(r CopyRun, now time.Time) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE copy_runs SET finished = ? WHERE account_id = ? AND started = ?`, now.UnixNano(), r.AccountID, r.run())
		return err
	})
}

// MarkChecked records messages found equal to the server's copy during
// the run, in one transaction.
func (s *Store) MarkChecked(r CopyRun, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.tx(func(sqltx *sql.Tx) error {
		tx := newStmtCache(sqltx)
		defer tx.Close()
		for _, id := range ids {
			if _, err := tx.Exec(`INSERT OR REPLACE INTO copy_checked (message_id, run) VALUES (?, ?)`, id, r.run()); err != nil {
				return err
			}
		}
		return nil
	})
}

// CopyItem is what a check needs of one stored message.
type CopyItem struct {
	ID        int64
	ServerKey string // "" when the message is only here
	Size      int64
	SHA256    []byte // of the stored bytes
	Partial   bool   // only its header is here
	Checked   bool   // found equal to the server's copy in this run
	Subject   string
	Date      time.Time
}

// CopyItems lists a folder's messages, oldest first, with whether each
// was checked in the run.
func (s *Store) CopyItems(folderID int64, r CopyRun) ([]CopyItem, error) {
	rows, err := s.r.Query(`SELECT m.id, coalesce(m.server_key, ''), m.size, m.sha256, m.partial, c.run IS NOT NULL AND c.run = ?, m.subject, m.date
		FROM messages m LEFT JOIN copy_checked c ON c.message_id = m.id WHERE m.folder_id = ? ORDER BY m.date, m.id`, r.run(), folderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CopyItem
	for rows.Next() {
		var it CopyItem
		var date int64
		if err := rows.Scan(&it.ID, &it.ServerKey, &it.Size, &it.SHA256, &it.Partial, &it.Checked, &it.Subject, &date); err != nil {
			return nil, err
		}
		it.Date = time.Unix(date, 0)
		out = append(out, it)
	}
	return out, rows.Err()
}
