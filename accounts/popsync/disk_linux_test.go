package popsync

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// failingDisk makes every write past the first byte of a file fail
// (RLIMIT_FSIZE, SIGXFSZ ignored), so SQLite reports "disk I/O error",
// until undo.
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

// A disk that fails while POP mail is stored is reported as the disk's
// trouble, never wrapped as a network problem with the server (#25);
// nothing is removed from the server, and the next sync goes on.
func TestPOPSyncOnAFailingDisk(t *testing.T) {
	var msgs []testservers.POPMessage
	for i := 1; i <= 20; i++ {
		msgs = append(msgs, testservers.POPMessage{UIDL: fmt.Sprintf("id%d", i), Raw: []byte(fmt.Sprintf("From: x@example.com\r\nSubject: m%d\r\n\r\n%s\r\n", i, strings.Repeat("body ", 2000)))})
	}
	f := testservers.StartFakePOP(t, "me", "pw", msgs)
	s, sec, acct := popAccount(t, plainServer(f.Port), accounts.ServerCopies{Mode: accounts.AfterDownload})
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	undo := failingDisk(t)
	_, err := p.Sync(context.Background(), acct)
	undo()
	var prob *netconf.Problem
	if err == nil || !localstore.IsDiskError(err) || errors.As(err, &prob) {
		t.Fatalf("a disk error came back as %T: %v", err, err)
	}
	if said := accounts.Explain(err); !strings.Contains(said, "this computer's disk") || strings.Contains(said, "server 127.0.0.1") {
		t.Fatalf("the person reads %q", said)
	}
	if n := len(f.Messages()); n != 20 {
		t.Fatalf("%d of 20 left on the server after a failed store", n)
	}
	res, err := p.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 20 {
		t.Fatalf("after the disk came back: %+v %v", res, err)
	}
}
