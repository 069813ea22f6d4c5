package imapsync

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// Tests against a real Cyrus IMAP 3.6 (issue #25): its folders are not
// subscribed when created, a rename drops the subscription, a message
// file it cannot read is left out of the FETCH answer, reconstruct
// resets flags.

type cyrusRig struct {
	t    *testing.T
	cy   *testservers.Cyrus
	s    *localstore.Store
	acct accounts.Account
	e    *Engine
}

func newCyrusRig(t *testing.T) *cyrusRig {
	cy := testservers.StartCyrus(t, testservers.Users{"cyd": "pw"})
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Cyd", Email: "cyd@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: cy.IMAP, Security: netconf.Plain, Username: "cyd"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	return &cyrusRig{t: t, cy: cy, s: s, acct: acct, e: &Engine{Store: s, Secrets: sec, Net: acctest.Net}}
}

func (r *cyrusRig) sync() Result {
	r.t.Helper()
	res, err := r.e.Sync(context.Background(), r.acct)
	if err != nil {
		r.t.Fatalf("sync: %v (%s)", err, accounts.Explain(err))
	}
	return res
}

// counts logs issue #25's counts for this account against Cyrus.
func (r *cyrusRig) counts(scenario, told string) {
	r.t.Helper()
	logCounts(r.t, "Cyrus IMAP · "+scenario, phoneView(r.t, r.cy.IMAP, "cyd", "pw"), r.s, r.acct.ID, told)
}

func cyrusMsg(subj string) []byte {
	return []byte(fmt.Sprintf("From: Sam <sam@example.com>\r\nTo: cyd@example.com\r\nSubject: %s\r\nMessage-ID: <%s@example.com>\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n\r\nThe body of %s.\r\n", subj, strings.ReplaceAll(subj, " ", "."), subj))
}

// folder is the stored folder with that server path.
func (r *cyrusRig) folder(path string) localstore.Folder {
	r.t.Helper()
	f, err := r.s.FolderByPath(r.acct.ID, path)
	if err != nil {
		r.t.Fatalf("no folder %q here: %v", path, err)
	}
	return f
}

// inStep fails unless every folder named holds exactly the server's
// messages, byte for byte, with the server's flags; it returns how many
// it compared.
func (r *cyrusRig) inStep(paths ...string) int {
	r.t.Helper()
	ph := acctest.NewPhoneAt(r.t, r.cy.IMAP, "cyd", "pw")
	n := 0
	for _, path := range paths {
		server := ph.Box(path)
		f := r.folder(path)
		page, err := r.s.Messages(f.ID, nil, 1000)
		if err != nil {
			r.t.Fatal(err)
		}
		if len(page) != len(server) {
			r.t.Fatalf("%s: %d messages here, %d on the server", path, len(page), len(server))
		}
		for _, m := range page {
			sm := server[m.Subject]
			if sm == nil {
				r.t.Fatalf("%s: %q is not on the server", path, m.Subject)
			}
			raw, _ := r.s.Raw(m.ID)
			if !bytes.Equal(raw, sm.BodySection[0].Bytes) {
				r.t.Fatalf("%s: %q is not stored byte for byte", path, m.Subject)
			}
			if toLocal(sm.Flags) != m.Flags {
				r.t.Fatalf("%s: %q has flags %v here, %v on the server", path, m.Subject, m.Flags, sm.Flags)
			}
			n++
		}
	}
	return n
}

func TestCyrusFirstSyncEveryFolderFlagsMovesExpunges(t *testing.T) {
	r := newCyrusRig(t)
	r.cy.Create("cyd", "Jobs", false) // Cyrus subscribes nothing it creates
	r.cy.Create("cyd", "Travel", true)
	r.cy.Create("cyd", "Archive", false)
	for i := 0; i < 6; i++ {
		r.cy.Append("cyd", "INBOX", cyrusMsg(fmt.Sprintf("inbox %d", i)), "")
	}
	for i := 0; i < 4; i++ {
		r.cy.Append("cyd", "Jobs", cyrusMsg(fmt.Sprintf("job %d", i)), `\Seen`)
	}
	r.cy.Append("cyd", "Travel", cyrusMsg("trip"), `\Flagged`)
	res := r.sync()
	if res.New != 11 || res.Folders != 4 || !strings.Contains(res.Summary(), "up to date") {
		t.Fatalf("first sync: %+v %q", res, res.Summary())
	}
	if n := r.inStep("INBOX", "Jobs", "Travel", "Archive"); n != 11 {
		t.Fatalf("%d in step", n)
	}
	r.counts("first sync, 2 of 4 folders not subscribed", res.Summary())

	// Postie → server: read, flag, move, delete.
	in := r.folder("INBOX")
	page, _ := r.s.Messages(in.ID, nil, 10)
	bySubj := map[string]int64{}
	for _, m := range page {
		bySubj[m.Subject] = m.ID
	}
	r.s.SetFlags([]int64{bySubj["inbox 0"]}, localstore.Seen, true)
	r.s.SetFlags([]int64{bySubj["inbox 1"]}, localstore.Flagged, true)
	if err := r.s.Move([]int64{bySubj["inbox 2"]}, r.folder("Jobs").ID); err != nil {
		t.Fatal(err)
	}
	if err := r.s.Archive([]int64{bySubj["inbox 3"]}); err != nil {
		t.Fatal(err)
	}
	if res = r.sync(); res.Replayed != 4 {
		t.Fatalf("replay: %+v", res)
	}
	r.counts("read, flag, move, archive here → server", res.Summary())
	// Server → Postie: another device flags, moves and expunges.
	r.cy.Must("cyd", "SELECT INBOX", `UID STORE 5 +FLAGS (\Answered)`, "UID MOVE 6 Travel")
	r.cy.Must("cyd", "SELECT Jobs", `UID STORE 1 +FLAGS (\Deleted)`, "EXPUNGE")
	res = r.sync()
	if n := r.inStep("INBOX", "Jobs", "Travel", "Archive"); n != 10 {
		t.Fatalf("%d in step after flags, moves and expunges", n)
	}
	r.counts("flag, move, expunge on the server → here", res.Summary())
}

func TestCyrusRenameWithAndWithoutSubscriptionAndDeletedFolder(t *testing.T) {
	r := newCyrusRig(t)
	r.cy.Create("cyd", "Jobs", true)
	r.cy.Create("cyd", "Hobby", false)
	r.cy.Create("cyd", "Old", false)
	for i := 0; i < 5; i++ {
		r.cy.Append("cyd", "Jobs", cyrusMsg(fmt.Sprintf("job %d", i)), "")
		r.cy.Append("cyd", "Hobby", cyrusMsg(fmt.Sprintf("hobby %d", i)), "")
	}
	for i := 0; i < 3; i++ {
		r.cy.Append("cyd", "Old", cyrusMsg(fmt.Sprintf("old %d", i)), `\Seen`)
	}
	r.sync()
	jobs, hobby := r.folder("Jobs"), r.folder("Hobby")
	// A rename drops Cyrus's subscription; the other was never subscribed.
	r.cy.Must("cyd", "RENAME Jobs Work", "RENAME Hobby Pastime")
	r.cy.Must("cyd", "DELETE Old")
	res := r.sync()
	if res.New != 0 {
		t.Fatalf("renamed folders downloaded again: %+v", res)
	}
	if w, p := r.folder("Work"), r.folder("Pastime"); w.ID != jobs.ID || p.ID != hobby.ID {
		t.Fatalf("renames not followed: %+v %+v", w, p)
	}
	if n := r.inStep("Work", "Pastime"); n != 10 {
		t.Fatalf("%d in step", n)
	}
	want := "The folder 'Old' is no longer on the server. Its 3 messages are still here in 'Old (no longer on the server)'."
	if !strings.Contains(res.Summary(), want) {
		t.Fatalf("the person was told %q", res.Summary())
	}
	kept := findFolder(t, r.s, r.acct.ID, "Old (no longer on the server)")
	if kept.Total != 3 || !kept.Gone {
		t.Fatalf("kept folder %+v", kept)
	}
	r.counts("rename (subscribed and not) and a folder deleted", res.Summary())
	// It stays, and is not synced again.
	res = r.sync()
	if again := findFolder(t, r.s, r.acct.ID, "Old (no longer on the server)"); again.Total != 3 || strings.Contains(res.Summary(), "Old") {
		t.Fatalf("second sync: %+v %q", again, res.Summary())
	}
	r.counts("the sync after", res.Summary())
}

func findFolder(t *testing.T, s *localstore.Store, accountID int64, name string) localstore.Folder {
	t.Helper()
	fs, _ := s.Folders(accountID)
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no folder %q in %+v", name, fs)
	return localstore.Folder{}
}

func TestCyrusRenumberedFolderTakesTheServersFlags(t *testing.T) {
	r := newCyrusRig(t)
	r.cy.Create("cyd", "Jobs", false)
	for i := 0; i < 6; i++ {
		r.cy.Append("cyd", "INBOX", cyrusMsg(fmt.Sprintf("inbox %d", i)), `\Seen \Flagged`)
		r.cy.Append("cyd", "Jobs", cyrusMsg(fmt.Sprintf("job %d", i)), `\Seen`)
	}
	r.sync()
	// (reconstruct: TestCyrusReconstructTakesTheServersFlags.) A folder
	// made again with a new UIDVALIDITY, flags changed meanwhile.
	r.cy.Must("cyd", "DELETE Jobs", "CREATE Jobs")
	for i := 0; i < 6; i++ {
		flags := ""
		if i%2 == 0 {
			flags = `\Answered`
		}
		r.cy.Append("cyd", "Jobs", cyrusMsg(fmt.Sprintf("job %d", i)), flags)
	}
	res := r.sync()
	if res.New != 0 {
		t.Fatalf("kept copies downloaded as new: %+v", res)
	}
	if n := r.inStep("INBOX", "Jobs"); n != 12 {
		t.Fatalf("%d in step after the renumbering", n)
	}
	r.counts("folder made again (new UIDVALIDITY), flags changed", res.Summary())
	// And CONDSTORE does not hide later changes.
	r.cy.Must("cyd", "SELECT Jobs", `UID STORE 1:* +FLAGS (\Flagged)`)
	res = r.sync()
	if n := r.inStep("INBOX", "Jobs"); n != 12 {
		t.Fatalf("%d in step after flags changed", n)
	}
	r.counts("flags changed after that (CONDSTORE)", res.Summary())
}

func TestCyrusUnreadableMessageDoesNotHoldTheRestBack(t *testing.T) {
	r := newCyrusRig(t)
	for i := 0; i < 5; i++ {
		r.cy.Append("cyd", "INBOX", cyrusMsg(fmt.Sprintf("inbox %d", i)), "")
	}
	file := r.cy.MessageFile("cyd", "INBOX", 2)
	if err := os.Chmod(file, 0); err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 3; round++ {
		res := r.sync()
		sum := res.Summary()
		if strings.Contains(sum, "up to date") || len(res.Unfetched) != 1 || res.Unfetched[0].Count != 1 {
			t.Fatalf("sync %d with an unreadable message: %+v %q", round, res, sum)
		}
		if !strings.Contains(sum, "1 message in Inbox could not be downloaded: the server failed while sending it") {
			t.Fatalf("the person was told %q", sum)
		}
		in := r.folder("INBOX")
		if in.Total != 4 {
			t.Fatalf("sync %d: %d of 4 readable messages stored", round, in.Total)
		}
		logTold(t, fmt.Sprintf("Cyrus IMAP · one message unreadable, sync %d", round), in.Total, 5, sum)
	}
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	res := r.sync()
	if len(res.Unfetched) != 0 || !strings.Contains(res.Summary(), "up to date") || res.New != 1 {
		t.Fatalf("readable again: %+v %q", res, res.Summary())
	}
	if n := r.inStep("INBOX"); n != 5 {
		t.Fatalf("%d in step", n)
	}
	r.counts("the message readable again", res.Summary())
	_ = imap.FlagSeen
}

// Cyrus' reconstruct (after removing cyrus.index) clears every flag.
// Plain, it gives the folder a new UIDVALIDITY (the time): every kept
// copy takes the server's flags at the next sync. With -M it puts back
// the UIDVALIDITY mailboxes.db has, and keeps UIDNEXT and HIGHESTMODSEQ:
// over CONDSTORE nothing says anything changed. A reset of read marks
// then shows in the count of unread mail, compared at every sync; a
// reset that leaves that count alone (\Flagged only) is caught by the
// full comparison once a day (#25).
func TestCyrusReconstructTakesTheServersFlags(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(fmt.Sprintf("sameUIDVALIDITY=%v", keep), func(t *testing.T) {
			r := newCyrusRig(t)
			r.cy.Create("cyd", "Jobs", false)
			for i := 0; i < 6; i++ {
				r.cy.Append("cyd", "INBOX", cyrusMsg(fmt.Sprintf("inbox %d", i)), `\Seen \Flagged`)
			}
			for i := 0; i < 4; i++ {
				r.cy.Append("cyd", "Jobs", cyrusMsg(fmt.Sprintf("job %d", i)), `\Flagged`) // unread
			}
			now := time.Now()
			r.e.now = func() time.Time { return now }
			r.sync()
			in, jobs := r.folder("INBOX"), r.folder("Jobs")
			before := map[int64]localstore.SyncState{}
			for _, f := range []localstore.Folder{in, jobs} {
				before[f.ID], _ = r.s.SyncState(f.ID)
			}
			time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second))) // a new UIDVALIDITY is the time in seconds
			for _, box := range []string{"INBOX", "Jobs"} {
				if keep {
					r.cy.ReconstructKeepingUIDValidity("cyd", box)
				} else {
					r.cy.Reconstruct("cyd", box)
				}
			}
			res := r.sync()
			for _, f := range []localstore.Folder{in, jobs} {
				after, _ := r.s.SyncState(f.ID)
				same := after.UIDValidity == before[f.ID].UIDValidity && after.HighestModSeq == before[f.ID].HighestModSeq && after.UIDNext == before[f.ID].UIDNext
				if same != keep {
					t.Fatalf("%s: reconstruct: %+v → %+v", f.Path, before[f.ID], after)
				}
			}
			if keep {
				// Read marks reset: the count of unread mail tells.
				if n := r.inStep("INBOX"); n != 6 {
					t.Fatalf("%d in step", n)
				}
				r.counts("reconstruct -M (same UIDVALIDITY), the next sync", res.Summary())
				// \Flagged alone reset: within a day.
				now = now.Add(25 * time.Hour)
				res = r.sync()
			}
			if n := r.inStep("INBOX", "Jobs"); n != 10 {
				t.Fatalf("%d in step", n)
			}
			if keep {
				r.counts("reconstruct -M, a day later (full comparison)", res.Summary())
			} else {
				r.counts("reconstruct (new UIDVALIDITY), the next sync", res.Summary())
			}
		})
	}
}
