// Package localstore is Postie's offline mail store: accounts, folders,
// messages with their raw bytes exactly as received, a full-text index and
// the queue of changes waiting for a server. The window reads only from
// here, so everything downloaded can be read with no network.
//
// Layout of a profile folder:
//
//	postie.db      SQLite (WAL): all tables, raw messages as BLOBs
//	postie.lock    held (flock/LockFileEx) by the one Postie using the profile
//
// Every change that touches several rows runs in one transaction, and the
// store is opened with synchronous=FULL: once a call returns, its change is
// on disk and survives a crash or power loss. One exception, for speed:
// message data an IMAP server keeps (AddRefetchable, CompleteAll) is
// committed without waiting for the disk; a crash of Postie loses none
// of it, a power cut may undo the last of it, which the next sync fetches
// again. The write-ahead log is copied into the database by a connection
// of its own (checkpoint.go), beside the writer.
package localstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"

	_ "modernc.org/sqlite" // SQLite with FTS5 built in, pure Go

	"github.com/postie-mail/postie/internal/tr"
)

// Store is an open profile. It is safe for concurrent use.
type Store struct {
	dir  string
	w    *sql.DB // the single writer connection
	r    *sql.DB // readers (WAL lets them run beside the writer)
	ck   *checkpointer
	lock *profileLock

	mu   sync.Mutex
	subs map[int]func(Change)
	next int
}

// ErrProfileInUse is returned by Open when another Postie has the profile.
var ErrProfileInUse = errors.New("another Postie is already running with this mail profile. Close the other Postie window first (or choose another profile with --profile)")

// Open opens (creating if needed) the store in dir and brings its schema up
// to date. Only one process may have a profile open; a second gets
// ErrProfileInUse and changes nothing.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("%s: %w", tr.L("cannot create the mail profile folder {{.Dir}}", tr.M{"Dir": dir}), err)
	}
	if err := makePrivate(dir); err != nil {
		return nil, fmt.Errorf("%s: %w", tr.L("cannot make the mail profile folder {{.Dir}} private", tr.M{"Dir": dir}), err)
	}
	lk, err := lockProfile(filepath.Join(dir, "postie.lock"))
	if err != nil {
		return nil, err
	}
	s, err := openDB(dir, SchemaVersion)
	if err != nil {
		lk.release()
		return nil, err
	}
	s.lock = lk
	return s, nil
}

// makePrivate makes the profile folder and the store's files readable by
// the person only (where the system has Unix permissions): the folder
// 0700, the files 0600. The database file is created here, empty, so
// that SQLite gives its WAL and SHM files the same mode.
func makePrivate(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // the profile lives under the user's own %APPDATA%
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "postie.db"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	for _, name := range []string{"postie.db", "postie.db-wal", "postie.db-shm", "postie.lock"} {
		if err := os.Chmod(filepath.Join(dir, name), 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// openDB opens the database files and migrates them to version target.
func openDB(dir string, target int) (*Store, error) {
	path := filepath.Join(dir, "postie.db")
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(67108864)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	ck, err := startCheckpointer(base)
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	s := &Store{dir: dir, w: w, r: r, ck: ck, subs: map[int]func(Change){}}
	if err := migrate(context.Background(), w, target); err != nil {
		_ = s.closeDB() // the migration's error is the one to report
		return nil, fmt.Errorf("%s: %w", tr.L("cannot open the mail store in {{.Dir}}", tr.M{"Dir": dir}), err)
	}
	return s, nil
}

func (s *Store) closeDB() error {
	err0 := s.ck.close()
	err1 := s.r.Close()
	err2 := s.w.Close()
	return errors.Join(err0, err1, err2)
}

// Dir is the profile folder.
func (s *Store) Dir() string { return s.dir }

// Close closes the database and releases the profile.
func (s *Store) Close() error {
	err := s.closeDB()
	if s.lock != nil {
		s.lock.release()
	}
	return err
}

// Change says which folders changed; the window refreshes what it shows.
type Change struct {
	Folders  []int64 // folders whose messages or counts changed
	Accounts bool    // accounts or the folder tree changed
	Outbox   bool    // the Outbox changed
}

// Subscribe calls fn after every committed change, on the goroutine that
// made the change. fn must not block; UI code hands it to its own thread.
func (s *Store) Subscribe(fn func(Change)) (cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.next
	s.next++
	s.subs[id] = fn
	return func() {
		s.mu.Lock()
		delete(s.subs, id)
		s.mu.Unlock()
	}
}

func (s *Store) notify(c Change) {
	s.mu.Lock()
	fns := make([]func(Change), 0, len(s.subs))
	for _, f := range s.subs {
		fns = append(fns, f)
	}
	s.mu.Unlock()
	for _, f := range fns {
		f(c)
	}
}

// tx runs fn in one write transaction and commits it. On an error, and
// on a panic inside fn, the transaction is rolled back, so the one writer
// connection is never left inside a transaction; a panic comes back as an
// error (the change is not made, nothing else is affected).
func (s *Store) tx(fn func(tx *sql.Tx) error) (err error) {
	return s.txOn(context.Background(), s.w, fn)
}

// refetchableTx is tx for a change that the server can give again, such
// as message bodies an IMAP server keeps: its commit does not wait for
// the disk (synchronous=NORMAL). A crash of Postie still loses nothing;
// a power cut may undo it — the store stays consistent, and the next
// sync fetches those messages again. Any later
// ordinary commit makes it durable too (the log is written in order).
func (s *Store) refetchableTx(fn func(tx *sql.Tx) error) error {
	ctx := context.Background()
	conn, err := s.w.Conn(ctx) // the one writer connection, held throughout
	if err != nil {
		return storeErr(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return storeErr(err)
	}
	err = s.txOn(ctx, conn, fn)
	if _, err2 := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err2 != nil {
		// The connection must not stay NORMAL for ordinary changes.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // returns ErrBadConn by design
		err = errors.Join(err, err2)
	}
	return err
}

// writer is the writer pool or its one connection taken from it.
type writer interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) txOn(ctx context.Context, db writer, fn func(tx *sql.Tx) error) (err error) {
	if err := s.ck.catchUp(ctx, db); err != nil {
		// The log stays longer; the change itself is not held back (it
		// reports its own failure, such as a full disk).
		log.Printf("postie: checkpoint: %v", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return storeErr(err)
	}
	done := false
	defer func() {
		if done {
			return
		}
		tx.Rollback()
		if r := recover(); r != nil {
			log.Printf("postie: a store change failed and was undone: %v\n%s", r, debug.Stack())
			err = fmt.Errorf("%w: %v", ErrInternal, r)
		}
	}()
	if err := fn(tx); err != nil {
		return storeErr(err)
	}
	done = true
	if err := tx.Commit(); err != nil {
		return storeErr(err)
	}
	s.ck.poke()
	return nil
}

// ErrInternal is a fault in Postie itself while changing the store: the
// change was undone and nothing else was touched.
var ErrInternal = errors.New("something went wrong inside Postie, so no change was made")

// ErrDiskFull is a change refused because the disk is full; the change
// was not made.
var ErrDiskFull = errors.New("the disk is full, so nothing was changed: free some space and try again")

// ErrDisk is a change that failed because this computer's disk did (an
// I/O error, a damaged or read-only file): a local failure, never the
// server's (#25).
var ErrDisk = errors.New("could not read or write the mail store on this computer's disk")

// storeErr marks the disk-full case (ErrDiskFull) and a failing disk
// (ErrDisk), keeping SQLite's error.
func storeErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if containsAny(msg, "SQLITE_FULL", "database or disk is full", "no space left") {
		return fmt.Errorf("%w (%w)", ErrDiskFull, err)
	}
	if IsDiskError(err) && !errors.Is(err, ErrDisk) {
		return fmt.Errorf("%w (%w)", ErrDisk, err)
	}
	return err
}

// IsDiskError says whether err is the store's disk failing (full, an I/O
// error, a damaged or read-only database), not anything a server did.
func IsDiskError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrDiskFull) || errors.Is(err, ErrDisk) {
		return true
	}
	return containsAny(err.Error(), "disk I/O error", "SQLITE_IOERR", "database disk image is malformed", "SQLITE_CORRUPT",
		"attempt to write a readonly database", "SQLITE_READONLY", "unable to open database file", "input/output error")
}

// IntegrityCheck runs SQLite's full consistency check.
func (s *Store) IntegrityCheck() (bool, error) {
	var res string
	if err := s.r.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		return false, err
	}
	return res == "ok", nil
}
