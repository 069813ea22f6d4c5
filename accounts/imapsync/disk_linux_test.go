package imapsync

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// failingDisk makes every write past the first byte of a file fail
// (RLIMIT_FSIZE, with SIGXFSZ ignored: write returns EFBIG), so SQLite
// reports what a failing disk gives it: "disk I/O error". The limit is
// the process's: nothing else may write files meanwhile. undo puts it
// back.
func failingDisk(t *testing.T) (undo func()) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 1, Max: old.Max}); err != nil {
		t.Skip(err)
	}
	done := false
	undo = func() {
		if !done {
			done = true
			syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
			signal.Reset(syscall.SIGXFSZ)
		}
	}
	t.Cleanup(undo)
	return undo
}

// A disk that fails while mail is stored is this computer's trouble, not
// the server's: the sync's error says so (it used to read "Could not
// talk to the incoming server …: disk I/O error"), and nothing stored
// before is lost (#25).
func TestIMAPSyncOnAFailingDisk(t *testing.T) {
	f := testservers.StartFakeIMAP(t, "zoe", "pw")
	for i := 0; i < 3; i++ {
		f.Append("INBOX", []byte(fmt.Sprintf("From: a@example.com\r\nSubject: first %d\r\n\r\nbody\r\n", i)))
	}
	s, e, acct := imapAccount(t, f.Port, "zoe")
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		f.Append("INBOX", []byte(fmt.Sprintf("From: a@example.com\r\nSubject: second %d\r\n\r\n%s\r\n", i, strings.Repeat("body ", 2000))))
	}
	undo := failingDisk(t)
	_, err := e.Sync(context.Background(), acct)
	undo()
	if err == nil {
		t.Fatal("no error on a failing disk")
	}
	var p *netconf.Problem
	if !localstore.IsDiskError(err) || errors.As(err, &p) {
		t.Fatalf("a disk error came back as %T: %v", err, err)
	}
	said := accounts.Explain(err)
	t.Logf("error %v; the person reads %q", err, said)
	if !strings.Contains(said, "this computer's disk") || strings.Contains(said, "Could not talk") {
		t.Fatalf("the person reads %q", said)
	}
	// The disk works again: the next sync stores the rest.
	res, err := e.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if in.Total != 43 {
		t.Fatalf("%d of 43 after the disk came back (%q)", in.Total, res.Summary())
	}
}
