package imapsync

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// An account that keeps all its mail offline (the default) gets new
// messages whole in one pass: Inbox first, newest first, in chunks; at
// every step what is in the list can be read and found (nothing is
// header-only), and every message is byte for byte the server's.
func TestIMAPFirstSyncStoresWholeMessagesNewestFirst(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	big := strings.Repeat("Runner beans climb the poles in June. ", 3000) // ~110 KB: several chunks
	for i := 0; i < 100; i++ {
		d.Deliver("ann", "INBOX", fmt.Appendf(nil, "From: x@example.com\nSubject: in %03d\n\n%s\n", i, big))
	}
	for i := 0; i < 10; i++ {
		d.Deliver("ann", "Archive", fmt.Appendf(nil, "From: y@example.com\nSubject: old %d\n\nkept\n", i))
	}
	s, sy, acct := dovecotAccount(t, d, 0)
	inbox, _ := s.FolderByPath(acct.ID, "INBOX")
	archive, _ := s.FolderByPath(acct.ID, "Archive")
	steps := 0
	sy.OnEvent = func(e accounts.Event) {
		if !strings.HasPrefix(e.Text, "Downloading Inbox") {
			return
		}
		steps++
		got, _ := s.Messages(inbox.ID, nil, 200)
		for _, m := range got {
			if m.Partial {
				t.Fatalf("%s is in the list header-only", m.Subject)
			}
		}
		// Newest first: the messages stored so far are the newest ones.
		for i := 0; i < len(got); i++ {
			if want := fmt.Sprintf("in %03d", 99-i); !hasSubject(got, want) {
				t.Fatalf("after %d of 100, %q (one of the newest) is not there", len(got), want)
			}
		}
		if n, _ := s.Messages(archive.ID, nil, 100); len(n) != 0 && len(got) < 100 {
			t.Fatal("Archive was downloaded before the Inbox was complete")
		}
	}
	res, err := sy.Sync(context.Background(), acct)
	if err != nil || res.New != 110 || len(res.NewInInbox) != 100 {
		t.Fatalf("%+v %v", res, err)
	}
	if steps < 3 {
		t.Fatalf("11 MB came in %d chunks; want several (progress, memory)", steps)
	}
	sameAsServer(t, d, s, acct, map[string]int{"INBOX": 100, "Archive": 10})
	if found, _ := s.Search("runner", 0, 100); len(found) != 100 {
		t.Fatalf("search finds %d of the 100 messages", len(found))
	}
	// Nothing new: nothing fetched again.
	if res, err := sy.Sync(context.Background(), acct); err != nil || res.New != 0 {
		t.Fatalf("second sync: %+v %v", res, err)
	}
}

func hasSubject(list []localstore.Summary, subject string) bool {
	for _, m := range list {
		if m.Subject == subject {
			return true
		}
	}
	return false
}
