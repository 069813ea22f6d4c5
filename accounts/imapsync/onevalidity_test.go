package imapsync

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// On a server that gives every folder UIDVALIDITY 1, a rename is
// followed only on evidence (the same messages under the same UIDs),
// and "Hobby deleted, Garden created" is not taken for a rename: Garden
// keeps its own messages, Hobby's are kept here and the person told; a
// change made here afterwards reaches the right message (#25).
func TestRenameEndToEndWhenEveryFolderHasUIDValidity1(t *testing.T) {
	f := testservers.StartFakeIMAP(t, "zoe", "pw")
	f.Configure(func(f *testservers.FakeIMAP) { f.OneValidity = 1 })
	f.Create("Jobs")
	f.Create("Hobby")
	for i := 0; i < 5; i++ {
		f.Append("Jobs", courierMsg(fmt.Sprintf("job %d", i), time.Now()))
	}
	for i := 0; i < 3; i++ {
		f.Append("Hobby", courierMsg(fmt.Sprintf("hobby %d", i), time.Now()))
	}
	s, e, acct := imapAccount(t, f.Port, "zoe")
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	jobs := findFolder(t, s, acct.ID, "Jobs")
	hobby := findFolder(t, s, acct.ID, "Hobby")
	if st, _ := s.SyncState(hobby.ID); st.UIDValidity != 1 {
		t.Fatalf("UIDVALIDITY %d", st.UIDValidity)
	}

	f.Rename("Jobs", "Work")
	f.Delete("Hobby")
	f.Create("Garden")
	for i := 0; i < 3; i++ {
		f.Append("Garden", courierMsg(fmt.Sprintf("garden %d", i), time.Now()))
	}
	res, err := e.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if w := findFolder(t, s, acct.ID, "Work"); w.ID != jobs.ID || w.Total != 5 {
		t.Fatalf("the rename was not followed: %+v (was %+v)", w, jobs)
	}
	if g := findFolder(t, s, acct.ID, "Garden"); g.ID == hobby.ID || res.New != 3 {
		t.Fatalf("Garden took Hobby's place: %+v, %d new", g, res.New)
	}
	courierInStep(t, f, s, acct, "Work")
	courierInStep(t, f, s, acct, "Garden")
	want := "The folder 'Hobby' is no longer on the server. Its 3 messages are still here in 'Hobby (no longer on the server)'."
	if !strings.Contains(res.Summary(), want) {
		t.Fatalf("told %q", res.Summary())
	}
	if kept := findFolder(t, s, acct.ID, "Hobby (no longer on the server)"); kept.ID != hobby.ID || kept.Total != 3 {
		t.Fatalf("kept %+v", kept)
	}
	logCounts(t, "UIDVALIDITY 1 everywhere (fake) · rename, delete, create", fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())

	// A change made here reaches the right message on the server.
	work, _ := s.FolderByPath(acct.ID, "Work")
	page, _ := s.Messages(work.ID, nil, 10)
	var target localstore.Summary
	for _, m := range page {
		if m.Subject == "job 3" {
			target = m
		}
	}
	if err := s.SetFlags([]int64{target.ID}, localstore.Flagged, true); err != nil {
		t.Fatal(err)
	}
	if res, err = e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	for uid, fl := range f.Flags("Work") {
		flagged := containsFlag(fl, imap.FlagFlagged)
		if flagged != (fmt.Sprint(uid) == target.ServerKey) {
			t.Fatalf("UID %d flagged %v (the change was for %s)", uid, flagged, target.ServerKey)
		}
	}
	for _, fl := range f.Flags("Garden") {
		if containsFlag(fl, imap.FlagFlagged) {
			t.Fatal("a message in Garden was flagged")
		}
	}
	courierInStep(t, f, s, acct, "Work")
	logCounts(t, "UIDVALIDITY 1 everywhere (fake) · flag set here after", fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())
}

func containsFlag(list []imap.Flag, f imap.Flag) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}
