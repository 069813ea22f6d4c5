package imapsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
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

func dovecotAccount(t *testing.T, d *testservers.Server, keepDays int) (*localstore.Store, *Engine, accounts.Account) {
	t.Helper()
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Ann", Email: "ann@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP, KeepDays: keepDays,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"}, TrustedCerts: []string{d.CertSHA256}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	return s, &Engine{Store: s, Secrets: sec, Net: acctest.Net}, acct
}

// An account that keeps only recent mail offline (here: ten years, so
// every message's body is fetched) gets the whole list (every folder)
// before the first body is downloaded, and the bodies that follow are
// byte for byte the server's.
func TestIMAPListsEverythingBeforeDownloadingBodies(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	for i := 0; i < 120; i++ {
		d.Deliver("ann", "INBOX", []byte(fmt.Sprintf("From: x@example.com\nSubject: in %d\n\n%s\n", i, strings.Repeat("body ", 200))))
	}
	for i := 0; i < 30; i++ {
		d.Deliver("ann", "Archive", []byte(fmt.Sprintf("From: y@example.com\nSubject: old %d\n\nkept\n", i)))
	}
	s, sy, acct := dovecotAccount(t, d, 3650)
	var once sync.Once
	listed := -1
	sy.OnEvent = func(e accounts.Event) {
		if strings.HasPrefix(e.Text, "Downloading messages for reading offline") {
			once.Do(func() {
				listed = 0
				fs, _ := s.Folders(acct.ID)
				for _, f := range fs {
					listed += f.Total
				}
			})
		}
	}
	res, err := sy.Sync(context.Background(), acct)
	if err != nil || res.New != 150 {
		t.Fatalf("%+v %v", res, err)
	}
	if listed != 150 {
		t.Fatalf("when the first bodies came, %d of 150 messages were listed", listed)
	}
	sameAsServer(t, d, s, acct, map[string]int{"INBOX": 120, "Archive": 30})
}

// "Keep messages for reading offline: the last 30 days": older messages
// keep only their header (and preview and search entry), open on demand,
// and are never marked read by that.
func TestIMAPKeepOnlyRecentMailOffline(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	recent := time.Now().Add(-48 * time.Hour).Format(time.RFC1123Z)
	d.Deliver("ann", "INBOX", []byte("From: x@example.com\nSubject: fresh\nDate: "+recent+"\n\nnew tomatoes\n"))
	d.Deliver("ann", "INBOX", []byte("From: x@example.com\nSubject: ancient\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n\nold potatoes\n"))
	s, sy, acct := dovecotAccount(t, d, 30)
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 10)
	by := map[string]localstore.Summary{}
	for _, m := range page {
		by[m.Subject] = m
	}
	if by["fresh"].Partial || !by["ancient"].Partial {
		t.Fatalf("fresh partial=%v, ancient partial=%v", by["fresh"].Partial, by["ancient"].Partial)
	}
	if _, err := s.Raw(by["ancient"].ID); !errors.Is(err, localstore.ErrNotDownloaded) {
		t.Fatal(err)
	}
	// Opened: fetched whole, byte for byte, still unread on the server.
	if err := sy.FetchBody(context.Background(), acct, by["ancient"]); err != nil {
		t.Fatal(err)
	}
	raw, err := s.Raw(by["ancient"].ID)
	ph := acctest.NewPhone(t, d, "ann", "pw")
	server := ph.Box("INBOX")["ancient"]
	if err != nil || !bytes.Equal(raw, server.BodySection[0].Bytes) || acctest.Has(server.Flags, "\\Seen") {
		t.Fatalf("on demand: %v, equal=%v, flags %v", err, bytes.Equal(raw, server.BodySection[0].Bytes), server.Flags)
	}
	// Changing the window to "all" downloads the rest at the next sync.
	s.DropBodies(in.ID, time.Now().AddDate(0, 0, -30))
	acct.Settings.KeepDays = 0
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.PartialCount(in.ID); n != 0 {
		t.Fatalf("%d still not downloaded", n)
	}
	// Gone from the server before it was opened: a plain reason.
	s.DropBodies(in.ID, time.Now().AddDate(0, 0, -30))
	if _, err := ph.C.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	ph.C.Store(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close()
	ph.C.Expunge().Close()
	if err := sy.FetchBody(context.Background(), acct, by["ancient"]); !errors.Is(err, ErrGoneFromServer) {
		t.Fatalf("want ErrGoneFromServer, got %v", err)
	}
}

// A folder renamed on the phone is renamed here: same folder, same
// messages (nothing downloaded again), and a change queued for it still
// reaches the server.
func TestIMAPFolderRenamedElsewhere(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	s, sy, acct := dovecotAccount(t, d, 0)
	ph := acctest.NewPhone(t, d, "ann", "pw")
	if err := ph.C.Create("Garden", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	ph.C.Subscribe("Garden").Wait()
	d.Deliver("ann", "Garden", []byte("From: x@example.com\nSubject: seeds\n\nbeans\n"))
	d.Deliver("ann", "INBOX", []byte("From: x@example.com\nSubject: tools\n\nspade\n"))
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	garden, err := s.FolderByPath(acct.ID, "Garden")
	if err != nil || garden.Total != 1 {
		t.Fatalf("%+v %v", garden, err)
	}
	page, _ := s.Messages(garden.ID, nil, 1)
	s.SetFlags([]int64{page[0].ID}, localstore.Flagged, true) // waits, then the folder is renamed elsewhere
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	inPage, _ := s.Messages(in.ID, nil, 1)
	s.Move([]int64{inPage[0].ID}, garden.ID) // so does a move into it
	if err := ph.C.Rename("Garden", "Allotment", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	ph.C.Subscribe("Allotment").Wait()
	res, err := sy.Sync(context.Background(), acct)
	if err != nil {
		t.Fatalf("%#v", err)
	}
	allot, err := s.FolderByPath(acct.ID, "Allotment")
	if err != nil || allot.ID != garden.ID || allot.Total != 2 || allot.Name != "Allotment" || res.New != 0 {
		t.Fatalf("after the rename elsewhere: %+v %v, %d downloaded again", allot, err, res.New)
	}
	if _, err := s.FolderByPath(acct.ID, "Garden"); err == nil {
		t.Fatal("the old name is still there")
	}
	// The flag queued for "Garden" reached the message under its new name.
	if ph.Box("Allotment")["tools"] == nil || ph.Box("INBOX")["tools"] != nil {
		t.Fatal("the move into the renamed folder did not reach the server")
	}
	if m := ph.Box("Allotment")["seeds"]; m == nil || !acctest.Has(m.Flags, imap.FlagFlagged) || res.Replayed != 2 {
		t.Fatalf("the queued flag was lost with the rename: %v, replayed %d", m, res.Replayed)
	}
	if n, _ := s.PendingCount(acct.ID); n != 0 {
		t.Fatalf("%d changes still waiting", n)
	}
	if m, _ := s.Message(page[0].ID); m.Flags&localstore.Flagged == 0 {
		t.Fatal("the flag was undone here")
	}
}

// sameAsServer checks that each folder holds want messages, every one
// whole and byte for byte the server's (read by another client).
func sameAsServer(t *testing.T, d *testservers.Server, s *localstore.Store, acct accounts.Account, want map[string]int) {
	t.Helper()
	ph := acctest.NewPhone(t, d, "ann", "pw")
	for box, count := range want {
		f, _ := s.FolderByPath(acct.ID, box)
		n := 0
		s.EachRaw(f.ID, func(m localstore.Summary, raw []byte) error {
			if m.Partial || !bytes.Equal(raw, ph.Box(box)[m.Subject].BodySection[0].Bytes) {
				t.Fatalf("%s: not byte for byte the server's", m.Subject)
			}
			n++
			return nil
		})
		if n != count {
			t.Fatalf("%s: %d messages whole, want %d", box, n, count)
		}
	}
}
