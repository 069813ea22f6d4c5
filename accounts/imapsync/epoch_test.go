package imapsync

import (
	"context"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// A change queued here names its message by UID, and a UID means that
// message only within one UIDVALIDITY. When the folder is re-created on
// the server meanwhile, the old UIDs name other messages: a queued delete
// must not destroy them, and a queued flag must reach the same message
// (found again by Message-ID and size) or nothing.
func TestIMAPQueuedChangesNeverHitAnotherMessage(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	s, sy, acct := dovecotAccount(t, d, 0)
	ph := acctest.NewPhone(t, d, "ann", "pw")
	if err := ph.C.Create("Work", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	ph.C.Subscribe("Work").Wait()
	msg := func(name string) []byte {
		return []byte("From: x@example.com\nSubject: " + name + "\nMessage-ID: <" + name + "@example.com>\n\nbody of " + name + "\n")
	}
	d.Deliver("ann", "Work", msg("alpha")) // UID 1
	d.Deliver("ann", "Work", msg("bravo")) // UID 2
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	work, _ := s.FolderByPath(acct.ID, "Work")
	by := map[string]localstore.Summary{}
	page, _ := s.Messages(work.ID, nil, 10)
	for _, m := range page {
		by[m.Subject] = m
	}
	// Offline: delete alpha for ever, flag bravo.
	if err := s.DeleteForever([]int64{by["alpha"].ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFlags([]int64{by["bravo"].ID}, localstore.Flagged, true); err != nil {
		t.Fatal(err)
	}
	// Meanwhile on the phone: Work is deleted and made again; two new
	// messages take UIDs 1 and 2, bravo comes back as UID 3, alpha not.
	before := ph.Box("Work")
	ph.C.Unselect().Wait() // Dovecot disconnects a client whose selected mailbox is deleted
	if err := ph.C.Delete("Work").Wait(); err != nil {
		t.Fatal(err)
	}
	if err := ph.C.Create("Work", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	d.Deliver("ann", "Work", msg("charlie"))
	d.Deliver("ann", "Work", msg("delta"))
	d.Deliver("ann", "Work", msg("bravo"))
	after := ph.Box("Work")
	if after["charlie"].UID != before["alpha"].UID || after["delta"].UID != before["bravo"].UID {
		t.Fatalf("the test needs the old UIDs reused: before %v/%v, after %v/%v",
			before["alpha"].UID, before["bravo"].UID, after["charlie"].UID, after["delta"].UID)
	}

	res, err := sy.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	server := ph.Box("Work")
	for _, name := range []string{"charlie", "delta", "bravo"} {
		m, ok := server[name]
		if !ok {
			t.Fatalf("%s was destroyed on the server by a change queued for another message", name)
		}
		if acctest.Has(m.Flags, imap.FlagDeleted) {
			t.Fatalf("%s was marked deleted by a change queued for another message", name)
		}
		if flagged := acctest.Has(m.Flags, imap.FlagFlagged); flagged != (name == "bravo") {
			t.Fatalf("%s flagged = %v", name, flagged)
		}
	}
	if len(res.Dropped) != 1 || !strings.Contains(res.Summary(), "could not be sent") {
		t.Fatalf("the change for alpha should be dropped with a note: %+v / %s", res.Dropped, res.Summary())
	}
	if n, _ := s.PendingCount(acct.ID); n != 0 {
		t.Fatalf("%d changes still queued", n)
	}
}
