package imapsync

import (
	"bytes"
	"context"
	"fmt"
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

func TestIMAPTwoWaySyncWithAnotherDevice(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	for _, subj := range []string{"alpha", "bravo", "charlie", "delta"} {
		d.Deliver("ann", "INBOX", []byte(fmt.Sprintf("From: x@example.com\nSubject: %s\nMessage-ID: <%s@example.com>\n\nbody of %s\n.dot line\n", subj, subj, subj)))
	}
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Ann", Email: "ann@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"}, TrustedCerts: []string{d.CertSHA256}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	sy := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	res, err := sy.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 4 || res.Folders != 6 {
		t.Fatalf("first sync %+v", res)
	}
	roles := map[localstore.Role]localstore.Folder{}
	fs, _ := s.Folders(acct.ID)
	for _, f := range fs {
		roles[f.Role] = f
	}
	for _, r := range []localstore.Role{localstore.RoleInbox, localstore.RoleSent, localstore.RoleDrafts, localstore.RoleTrash, localstore.RoleJunk, localstore.RoleArchive} {
		if _, ok := roles[r]; !ok {
			t.Fatalf("no %s folder: %+v", r, fs)
		}
	}
	in := roles[localstore.RoleInbox]
	ph := acctest.NewPhone(t, d, "ann", "pw")
	server := ph.Box("INBOX")
	bySubj := map[string]localstore.Summary{}
	page, _ := s.Messages(in.ID, nil, 10)
	for _, m := range page {
		bySubj[m.Subject] = m
		raw, _ := s.Raw(m.ID)
		if !bytes.Equal(raw, server[m.Subject].BodySection[0].Bytes) {
			t.Fatalf("%s: stored bytes differ from the server's", m.Subject)
		}
		if acctest.Has(server[m.Subject].Flags, imap.FlagSeen) {
			t.Fatalf("%s was marked read by downloading", m.Subject)
		}
	}

	// What Postie does, the phone sees.
	s.SetFlags([]int64{bySubj["alpha"].ID}, localstore.Seen, true)
	s.SetFlags([]int64{bySubj["bravo"].ID}, localstore.Flagged, true)
	s.Move([]int64{bySubj["charlie"].ID}, roles[localstore.RoleArchive].ID)
	s.Delete([]int64{bySubj["delta"].ID}) // to Trash
	if res, err = sy.Sync(context.Background(), acct); err != nil || res.Replayed != 4 {
		t.Fatalf("replay %+v %v", res, err)
	}
	server = ph.Box("INBOX")
	if !acctest.Has(server["alpha"].Flags, imap.FlagSeen) || !acctest.Has(server["bravo"].Flags, imap.FlagFlagged) || server["charlie"] != nil || server["delta"] != nil {
		t.Fatalf("phone's INBOX after Postie's changes: %v", server)
	}
	if ph.Box("Archive")["charlie"] == nil || ph.Box("Trash")["delta"] == nil {
		t.Fatal("move / delete to Trash did not reach the server")
	}
	if n, _ := s.PendingCount(acct.ID); n != 0 {
		t.Fatalf("%d changes still waiting", n)
	}
	arch, _ := s.Folder(roles[localstore.RoleArchive].ID)
	if arch.Total != 1 {
		t.Fatalf("Archive here holds %d (a duplicate after the move?)", arch.Total)
	}
	if m, _ := s.Message(bySubj["charlie"].ID); m.ServerKey == "" {
		t.Fatal("the moved message did not get its new UID")
	}
	// Delete for ever from the Trash: gone on the server too.
	s.Delete([]int64{bySubj["delta"].ID})
	sy.Sync(context.Background(), acct)
	if len(ph.Box("Trash")) != 0 {
		t.Fatal("delete for ever did not expunge on the server")
	}

	// What the phone does, Postie sees after a sync.
	if _, err := ph.C.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	uidA, uidB := server["alpha"].UID, server["bravo"].UID
	ph.C.Store(imap.UIDSetNum(uidA), &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
	ph.C.Store(imap.UIDSetNum(uidB), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close()
	ph.C.UIDExpunge(imap.UIDSetNum(uidB)).Close()
	d.Deliver("ann", "INBOX", []byte("From: y@example.com\nSubject: echo\n\nnew on the server\n"))
	if res, err = sy.Sync(context.Background(), acct); err != nil || res.New != 1 || res.Removed != 1 || res.FlagChanges != 1 {
		t.Fatalf("phone's changes: %+v %v", res, err)
	}
	page, _ = s.Messages(in.ID, nil, 10)
	got := map[string]localstore.Flags{}
	for _, m := range page {
		got[m.Subject] = m.Flags
	}
	if _, ok := got["bravo"]; ok || got["alpha"]&localstore.Seen != 0 || len(got) != 2 {
		t.Fatalf("inbox here after the phone's changes: %v", got)
	}
	// A sync with nothing new changes nothing.
	if res, err = sy.Sync(context.Background(), acct); err != nil || res.New+res.Removed+res.FlagChanges+res.Replayed != 0 {
		t.Fatalf("no-change sync %+v %v", res, err)
	}
}

func TestWaitForNewsReturnsWhenMailArrives(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ida": "pw"}, "")
	s, _ := localstore.Open(t.TempDir())
	defer s.Close()
	sec := &secrets.Memory{}
	acct, _ := accounts.Create(s, sec, accounts.Account{Name: "Ida", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAP, Security: netconf.Plain, Username: "ida"}}}, "pw")
	sy := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() { done <- sy.WaitForNews(ctx, acct, time.Hour) }()
	time.Sleep(500 * time.Millisecond) // let it reach IDLE
	d.Deliver("ida", "INBOX", []byte("From: a@example.com\nSubject: pushed\n\nhi\n"))
	if err := <-done; err != nil {
		t.Fatalf("WaitForNews: %v (no news pushed within the test's limit)", err)
	}
	res, err := sy.Sync(context.Background(), acct)
	if err != nil || len(res.NewInInbox) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestIMAPFolderCreateRenameDeleteFromPostie(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"fay": "pw"}, "")
	d.Deliver("fay", "INBOX", []byte("From: a@example.com\nSubject: file me\n\nx\n"))
	s, _ := localstore.Open(t.TempDir())
	defer s.Close()
	sec := &secrets.Memory{}
	acct, _ := accounts.Create(s, sec, accounts.Account{Name: "Fay", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAP, Security: netconf.Plain, Username: "fay"}}}, "pw")
	sy := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	sy.Sync(context.Background(), acct)
	ph := acctest.NewPhone(t, d, "fay", "pw")
	list := func() map[string]bool {
		boxes, err := ph.C.List("", "*", nil).Collect()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, b := range boxes {
			out[b.Mailbox] = true
		}
		return out
	}
	f, err := s.NewFolder(acct.ID, "Receipts")
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 10)
	s.Move([]int64{page[0].ID}, f.ID)
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	if !list()["Receipts"] || ph.Box("Receipts")["file me"] == nil {
		t.Fatal("the new folder, or the message moved into it, is not on the server")
	}
	if err := s.RenameFolderTo(f.ID, "Bills"); err != nil {
		t.Fatal(err)
	}
	sy.Sync(context.Background(), acct)
	if l := list(); l["Receipts"] || !l["Bills"] {
		t.Fatalf("rename not on the server: %v", l)
	}
	bills, _ := s.FolderByPath(acct.ID, "Bills")
	if bills.ID != f.ID || bills.Total != 1 {
		t.Fatalf("renamed folder here: %+v", bills)
	}
	if err := s.RemoveFolder(f.ID); err != nil {
		t.Fatal(err)
	}
	sy.Sync(context.Background(), acct)
	if list()["Bills"] || ph.Box("Trash")["file me"] == nil {
		t.Fatal("deleting the folder lost its message or left the folder on the server")
	}
	if err := s.RenameFolderTo(in.ID, "Other"); err == nil {
		t.Fatal("the Inbox was renamed")
	}
}

func TestTimeLeftInWords(t *testing.T) {
	now := time.Now()
	cases := []struct {
		began       time.Time
		done, total int
		want        string
	}{
		{now, 10, 100, ""}, // too early to tell
		{now.Add(-10 * time.Second), 50, 100, "a minute or less"},
		{now.Add(-time.Minute), 10, 100, "9 minutes"},
		{now.Add(-time.Hour), 10, 100, "9.0 hours"},
		{now.Add(-time.Minute), 100, 100, ""},
	}
	for _, c := range cases {
		if got := timeLeft(c.began, c.done, c.total); got != c.want {
			t.Errorf("timeLeft(%v ago, %d/%d) = %q, want %q", time.Since(c.began).Round(time.Second), c.done, c.total, got, c.want)
		}
	}
}
