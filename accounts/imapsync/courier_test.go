package imapsync

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// Courier-IMAP's behaviours (issue #25, other-servers.md), on the
// in-process fake named after it: a message it cannot read comes as a
// 129-byte stand-in under the real UID, sized as itself; a renamed
// folder gets a new UIDVALIDITY; flags after a renumbering.

func courierMsg(subj string, date time.Time) []byte {
	return []byte(fmt.Sprintf("From: Sam <sam@example.com>\r\nTo: zoe@example.com\r\nSubject: %s\r\nMessage-ID: <%s@example.com>\r\nDate: %s\r\n\r\n%s\r\n",
		subj, strings.ReplaceAll(subj, " ", "."), date.Format(time.RFC1123Z), strings.Repeat("The body of "+subj+".\r\n", 10)))
}

// courierInStep fails unless the folder here holds exactly the fake's
// messages, byte for byte, with its flags, and nothing that is the
// stand-in.
func courierInStep(t *testing.T, f *testservers.FakeIMAP, s *localstore.Store, acct accounts.Account, box string) {
	t.Helper()
	fo, err := s.FolderByPath(acct.ID, box)
	if err != nil {
		t.Fatal(err)
	}
	raw, flags := f.Raw(box), f.Flags(box)
	page, _ := s.Messages(fo.ID, nil, 1000)
	if len(page) != len(raw) {
		t.Fatalf("%s: %d here, %d on the server", box, len(page), len(raw))
	}
	for _, m := range page {
		var u imap.UID
		fmt.Sscan(m.ServerKey, &u)
		got, err := s.Raw(m.ID)
		if err != nil || !bytes.Equal(got, raw[u]) {
			t.Fatalf("%s: %q (UID %d) not stored byte for byte: %v", box, m.Subject, u, err)
		}
		if toLocal(flags[u]) != m.Flags {
			t.Fatalf("%s: %q has flags %v here, %v on the server", box, m.Subject, m.Flags, flags[u])
		}
	}
}

// noStandIn fails if the stand-in shows anywhere in the account.
func noStandIn(t *testing.T, s *localstore.Store, acct accounts.Account) {
	t.Helper()
	fs, _ := s.Folders(acct.ID)
	for _, fo := range fs {
		page, _ := s.Messages(fo.ID, nil, 1000)
		for _, m := range page {
			raw, _ := s.Raw(m.ID)
			if m.Subject == "message unavailable" || strings.Contains(m.From, "System Administrator") || bytes.Contains(raw, []byte("no longer available on the server")) {
				t.Fatalf("the stand-in is shown as a message in %s: %+v", fo.Name, m)
			}
		}
	}
}

func TestCourierUnreadableMessageIsNeverTheStandIn(t *testing.T) {
	for _, keep := range []int{0, 30} {
		t.Run(fmt.Sprintf("keepDays=%d", keep), func(t *testing.T) {
			f := testservers.StartCourierIMAP(t, "zoe", "pw")
			var bad imap.UID
			for i := 0; i < 5; i++ {
				u := f.Append("INBOX", courierMsg(fmt.Sprintf("note %d", i), time.Now()))
				if i == 2 {
					bad = u
				}
			}
			f.Unreadable("INBOX", bad, true)
			s, e, acct := imapAccount(t, f.Port, "zoe")
			acct.Settings.KeepDays = keep
			want := "1 message in Inbox could not be downloaded: the server sent a notice in its place"
			for round := 1; round <= 2; round++ {
				before := fetchesOf(f)
				res, err := e.Sync(context.Background(), acct)
				if err != nil {
					t.Fatal(err)
				}
				noStandIn(t, s, acct)
				in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
				if n := storedWhole(t, s, in.ID); n != 4 || in.Total != 4 {
					t.Fatalf("sync %d: %d of 4 readable stored whole, %d listed", round, n, in.Total)
				}
				if !strings.Contains(res.Summary(), want) || strings.Contains(res.Summary(), "up to date") {
					t.Fatalf("sync %d: told %q", round, res.Summary())
				}
				if round == 2 && fetchesOf(f) == before {
					t.Fatal("the message was not asked for again")
				}
				logTold(t, fmt.Sprintf("Courier IMAP (fake) · one message sent as the stand-in, keepDays=%d, sync %d", keep, round), storedWhole(t, s, in.ID), 5, res.Summary())
			}
			f.Unreadable("INBOX", bad, false)
			res, err := e.Sync(context.Background(), acct)
			if err != nil || len(res.Unfetched) != 0 {
				t.Fatalf("readable again: %v %q", err, res.Summary())
			}
			courierInStep(t, f, s, acct, "INBOX")
			logCounts(t, fmt.Sprintf("Courier IMAP (fake) · stand-in, keepDays=%d, readable again", keep), fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())
		})
	}
}

func fetchesOf(f *testservers.FakeIMAP) int {
	n := 0
	f.Configure(func(f *testservers.FakeIMAP) { n = f.Fetches })
	return n
}

// A message listed by its header while readable, whose body then comes
// as the stand-in: it stays listed as the message (header only), is
// named as missing, and is completed once readable.
func TestCourierStandInForABodyKeepsTheHeader(t *testing.T) {
	f := testservers.StartCourierIMAP(t, "zoe", "pw")
	old := time.Date(2020, 6, 1, 10, 0, 0, 0, time.UTC)
	var bad imap.UID
	for i := 0; i < 4; i++ {
		u := f.Append("INBOX", courierMsg(fmt.Sprintf("old %d", i), old))
		if i == 1 {
			bad = u
		}
	}
	s, e, acct := imapAccount(t, f.Port, "zoe")
	acct.Settings.KeepDays = 30 // 2020: headers only
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	f.Unreadable("INBOX", bad, true)
	acct.Settings.KeepDays = 0 // now everything, whole
	res, err := e.Sync(context.Background(), acct)
	if err != nil || !strings.Contains(res.Summary(), "1 message in Inbox could not be downloaded: the server sent a notice in its place") {
		t.Fatalf("%v %q", err, res.Summary())
	}
	noStandIn(t, s, acct)
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if n := storedWhole(t, s, in.ID); n != 3 || in.Total != 4 {
		t.Fatalf("%d whole of %d listed", n, in.Total)
	}
	logTold(t, "Courier IMAP (fake) · stand-in for a body listed by its header", storedWhole(t, s, in.ID), 4, res.Summary())
	f.Unreadable("INBOX", bad, false)
	res, err = e.Sync(context.Background(), acct)
	if err != nil || len(res.Unfetched) != 0 {
		t.Fatalf("readable again: %v %q", err, res.Summary())
	}
	courierInStep(t, f, s, acct, "INBOX")
	logCounts(t, "Courier IMAP (fake) · stand-in for a body, readable again", fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())
}

// Courier gives a renamed folder a new UIDVALIDITY: its messages come
// again under the new name (there is no evidence of a rename), and the
// old folder, confirmed gone, does not stay behind as a second copy of
// every message.
func TestCourierRenameLeavesNoDuplicateCopy(t *testing.T) {
	f := testservers.StartCourierIMAP(t, "zoe", "pw")
	f.Create("INBOX.Jobs")
	for i := 0; i < 5; i++ {
		f.Append("INBOX.Jobs", courierMsg(fmt.Sprintf("job %d", i), time.Now()), imap.FlagSeen)
	}
	f.Append("INBOX", courierMsg("hello", time.Now()))
	s, e, acct := imapAccount(t, f.Port, "zoe")
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	old := f.Validity("INBOX.Jobs")
	f.Rename("INBOX.Jobs", "INBOX.Work")
	if f.Validity("INBOX.Work") == old {
		t.Fatal("the fake kept the UIDVALIDITY")
	}
	res, err := e.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	courierInStep(t, f, s, acct, "INBOX.Work")
	total := 0
	fs, _ := s.Folders(acct.ID)
	for _, fo := range fs {
		total += fo.Total
		if fo.Gone && fo.Total > 0 {
			t.Errorf("kept %q with %d messages that are all in INBOX.Work", fo.Name, fo.Total)
		}
	}
	if total != 6 {
		t.Fatalf("%d messages here, want 6 (every message once); told %q", total, res.Summary())
	}
	logCounts(t, "Courier IMAP (fake) · rename (new UIDVALIDITY)", fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())
	// Renamed, and one message deleted there meanwhile: only that one,
	// which nothing else here holds, stays in the old folder, and the
	// person is told.
	f.Create("INBOX.Trips")
	for i := 0; i < 3; i++ {
		f.Append("INBOX.Trips", courierMsg(fmt.Sprintf("trip %d", i), time.Now()))
	}
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	f.Rename("INBOX.Trips", "INBOX.Travel")
	f.Remove("INBOX.Travel", 2)
	res, err = e.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	want := "The folder 'INBOX › Trips' is no longer on the server. Its 1 message is still here in 'INBOX › Trips (no longer on the server)'."
	if !strings.Contains(res.Summary(), want) {
		t.Fatalf("told %q", res.Summary())
	}
	kept := findFolder(t, s, acct.ID, "INBOX › Trips (no longer on the server)")
	page, _ := s.Messages(kept.ID, nil, 10)
	if len(page) != 1 || page[0].Subject != "trip 1" {
		t.Fatalf("kept %+v", page)
	}
	courierInStep(t, f, s, acct, "INBOX.Travel")
	logCounts(t, "Courier IMAP (fake) · rename with one message deleted meanwhile", fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())
}

// Courier renumbers a folder (new UIDVALIDITY) and flags changed
// meanwhile: after one sync every kept copy has the server's flags (they
// were wrong for one sync).
func TestCourierFlagsInStepAfterRenumbering(t *testing.T) {
	f := testservers.StartCourierIMAP(t, "zoe", "pw")
	for i := 0; i < 6; i++ {
		f.Append("INBOX", courierMsg(fmt.Sprintf("note %d", i), time.Now()), imap.FlagSeen)
	}
	s, e, acct := imapAccount(t, f.Port, "zoe")
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	f.Renumber("INBOX", func(old imap.UID, _ []imap.Flag) []imap.Flag {
		if old%2 == 0 {
			return []imap.Flag{imap.FlagFlagged, imap.FlagAnswered}
		}
		return nil
	})
	res, err := e.Sync(context.Background(), acct)
	if err != nil || res.New != 0 {
		t.Fatalf("kept copies downloaded again: %+v %v", res, err)
	}
	courierInStep(t, f, s, acct, "INBOX")
	logCounts(t, "Courier IMAP (fake) · renumbered (new UIDVALIDITY), flags changed", fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())
}
