package imapsync

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts/testservers"
)

// A folder switched off for this computer (the account's settings) is
// left alone by the sync: nothing new comes, nothing is removed here
// even when the server changes it; switched on again, it is brought in
// step (#25).
func TestSwitchedOffFolderIsNotSyncedNorDeleted(t *testing.T) {
	f := testservers.StartFakeIMAP(t, "zoe", "pw")
	f.Create("News")
	for i := 0; i < 3; i++ {
		f.Append("News", courierMsg(fmt.Sprintf("news %d", i), time.Now()))
	}
	f.Append("INBOX", courierMsg("hello", time.Now()))
	s, e, acct := imapAccount(t, f.Port, "zoe")
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	news := findFolder(t, s, acct.ID, "News")
	if err := s.SetFolderOffline(news.ID, false); err != nil {
		t.Fatal(err)
	}
	f.Append("News", courierMsg("news 3", time.Now()))
	f.Remove("News", 1)
	f.Append("INBOX", courierMsg("hello again", time.Now()))
	res, err := e.Sync(context.Background(), acct)
	if err != nil || res.New != 1 || res.Folders != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := findFolder(t, s, acct.ID, "News"); got.Total != 3 || got.ID != news.ID || got.Gone {
		t.Fatalf("the switched-off folder here: %+v", got)
	}
	if err := s.SetFolderOffline(news.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	courierInStep(t, f, s, acct, "News")
}
