package localstore

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A header with an empty In-Reply-To line crashed the store's header
// parsing, so the message was never stored and every sync fetched it
// again and crashed again.
func TestEmptyInReplyToIsStored(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	for _, hdr := range []string{"In-Reply-To:", "In-Reply-To: ", "In-Reply-To:\t", "In-Reply-To:\r\n "} {
		raw := []byte("From: a@example.com\r\nSubject: empty reply " + fmt.Sprintf("%q", hdr) + "\r\n" + hdr + "\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n")
		added, err := s.Add(in.ID, []NewMessage{{Raw: raw}})
		if err != nil {
			t.Fatalf("%q: %v", hdr, err)
		}
		got, err := s.Raw(added[0].ID)
		if err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("%q: stored bytes differ: %v", hdr, err)
		}
		m, _ := s.Message(added[0].ID)
		if m.InReplyTo != "" || !strings.HasPrefix(m.Subject, "empty reply") || m.Damaged {
			t.Fatalf("%q: %+v", hdr, m)
		}
	}
}

// A fault while reading one message (here a panic injected into reading
// its body) stores it byte for byte, marked damaged, with the header's
// fields, and the other messages of the batch go in normally.
func TestPanicWhileReadingStoresTheMessageDamaged(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	bad := []byte("From: Kim <kim@example.com>\r\nSubject: the bad one\r\n\r\ntrigger-panic\r\n")
	good := genMessage(1, time.Now(), "the good one", "fine")
	bodyHook = func(raw []byte) {
		if bytes.Contains(raw, []byte("trigger-panic")) {
			panic("a bug in reading the body")
		}
	}
	defer func() { bodyHook = nil }()
	added, err := s.Add(in.ID, []NewMessage{{Raw: bad}, {Raw: good}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message(added[0].ID)
	if !m.Damaged || m.Subject != "the bad one" || m.From != "Kim <kim@example.com>" {
		t.Fatalf("damaged message: %+v", m)
	}
	if raw, _ := s.Raw(added[0].ID); !bytes.Equal(raw, bad) {
		t.Fatal("the damaged message's bytes differ")
	}
	if m, _ := s.Message(added[1].ID); m.Damaged || m.Subject != "the good one" {
		t.Fatalf("good message: %+v", m)
	}
}

// A panic inside a write transaction rolls it back and comes back as an
// error; the one writer connection is free for the next change.
func TestTransactionRollsBackOnPanic(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	err := s.tx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE folders SET name = 'changed' WHERE id = ?`, in.ID); err != nil {
			return err
		}
		panic("a bug")
	})
	if !errors.Is(err, ErrInternal) {
		t.Fatalf("err = %v", err)
	}
	f, _ := s.Folder(in.ID)
	if f.Name == "changed" {
		t.Fatal("the change inside the panicking transaction was kept")
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.Add(in.ID, []NewMessage{{Raw: genMessage(2, time.Now(), "after", "x")}})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the store is stuck after a panic in a transaction")
	}
}

// The database and its WAL and SHM files are readable by the owner only,
// also in an existing folder that others can read.
func TestProfileFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	localInbox(t, s) // writes, so the WAL and SHM files exist
	for _, name := range []string{"postie.db", "postie.db-wal", "postie.db-shm", "postie.lock"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v: others can read the mail", name, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("the profile folder has mode %v", fi.Mode().Perm())
	}
}

// An existing profile whose files were created readable by others is
// made private when it is opened.
func TestExistingProfileIsMadePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	localInbox(t, s)
	s.Close()
	for _, name := range []string{"postie.db", "postie.db-wal", "postie.db-shm"} {
		os.Chmod(filepath.Join(dir, name), 0o644)
	}
	os.Chmod(dir, 0o755)
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	localInbox(t, s)
	for _, name := range []string{"postie.db", "postie.db-wal", "postie.db-shm"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s still has mode %v", name, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("the profile folder still has mode %v", fi.Mode().Perm())
	}
}

// Archive moves messages to the account's Archive folder, making one
// (and, for IMAP, queueing it for the server) where there is none.
func TestArchiveMakesTheFolderWhereNeeded(t *testing.T) {
	s := testStore(t)
	a, err := s.CreateAccount(Account{Name: "Work", Email: "w@example.com", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(a.ID, RoleInbox)
	added, _ := s.Add(in.ID, []NewMessage{{Raw: genMessage(1, time.Now(), "keep this", "x"), ServerKey: "5"}})
	if err := s.Archive([]int64{added[0].ID}); err != nil {
		t.Fatal(err)
	}
	arch, err := s.FolderByRole(a.ID, RoleArchive)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(added[0].ID); m.FolderID != arch.ID {
		t.Fatal("not archived")
	}
	ops, _ := s.Pending(a.ID)
	if len(ops) != 2 || ops[0].Kind != OpCreateFolder || ops[1].Kind != OpMove || ops[1].Dest != "Archive" {
		t.Fatalf("queued %+v", ops)
	}
}
