package localstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The write-ahead log is copied into the database beside the writer:
// with SQLite's own checkpoints turned off, it must still not grow with
// everything ever written, and a store reopened after many commits has
// all of them.
func TestCheckpointsKeepTheLogSmall(t *testing.T) {
	defer func(n int64) { maxLogFrames = n }(maxLogFrames)
	maxLogFrames = 256 // 1 MB
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}})
	in, _ := s.FolderByPath(acct.ID, "INBOX")
	filler := bytes.Repeat([]byte("Runner beans and purple sprouting broccoli. "), 2000) // 88 KB
	const n = 400                                                                        // 35 MB in all
	for i := 0; i < n; i++ {
		raw := fmt.Appendf(nil, "Subject: note %d\r\nMessage-ID: <%d@example.org>\r\n\r\n%s\r\n", i, i, filler)
		if _, err := s.Add(in.ID, []NewMessage{{Raw: raw, ServerKey: fmt.Sprint(i + 1)}}); err != nil {
			t.Fatal(err)
		}
	}
	// The checkpointer runs after each commit; a reader may keep it from
	// copying the last frames for a moment, so wait for it a little.
	wal := filepath.Join(dir, "postie.db-wal")
	var size int64
	for wait := 0; wait < 100; wait++ {
		st, err := os.Stat(wal)
		if err != nil {
			t.Fatal(err)
		}
		if size = st.Size(); size < 20<<20 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if size >= 20<<20 {
		t.Fatalf("the write-ahead log holds %d MB after writing 35 MB: nothing copies it into the database", size>>20)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Messages(in.ID, nil, n+10); len(got) != n {
		t.Fatalf("reopened: %d messages, want %d", len(got), n)
	}
}

// Bodies an IMAP server keeps are committed without waiting for the disk;
// the writer connection must be back to waiting for it afterwards, for
// every other change — also when the commit failed.
func TestRefetchableBodiesLeaveTheWriterDurable(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}})
	in, _ := s.FolderByPath(acct.ID, "INBOX")
	full := []byte("Subject: Beans\r\n\r\nPurple runner beans.\r\n")
	if _, err := s.Add(in.ID, []NewMessage{{Raw: full[:18], ServerKey: "5", Partial: true, Size: int64(len(full))}}); err != nil {
		t.Fatal(err)
	}
	syncMode := func() int {
		var v int
		if err := s.w.QueryRowContext(context.Background(), `PRAGMA synchronous`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := syncMode(); v != 2 {
		t.Fatalf("synchronous = %d before, want 2 (FULL)", v)
	}
	if ok, err := s.Complete(in.ID, "5", full); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if v := syncMode(); v != 2 {
		t.Fatalf("synchronous = %d after a body was stored, want 2 (FULL)", v)
	}
	// A failing body transaction (a panic inside it) leaves it FULL too.
	err := s.refetchableTx(func(*sql.Tx) error { panic("boom") })
	if err == nil {
		t.Fatal("a panic inside the transaction was not reported")
	}
	if v := syncMode(); v != 2 {
		t.Fatalf("synchronous = %d after a failed body transaction, want 2 (FULL)", v)
	}
}
