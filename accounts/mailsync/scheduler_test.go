package mailsync

import (
	"context"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// Marking a message read wakes the account's watcher through the store's
// own notification (so it reaches the server within seconds); saving a
// draft being written does not.
func TestLocalChangesWakeTheWatcher(t *testing.T) {
	st, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acct, _ := accounts.Create(st, &secrets.Memory{}, accounts.Account{Name: "Work", Email: "me@work.example", Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: netconf.Server{Host: "imap.work.example", Port: 993, Security: netconf.TLS, Username: "me"}}}, "pw")
	s := &Scheduler{Syncer: &Syncer{Store: st}, PushAfter: 10 * time.Millisecond}
	// A watcher as Watch starts one, without its syncing (which would
	// dial out): only its wake-up call.
	wake := make(chan struct{}, 1)
	s.watching, s.stop, s.wake = true, make(chan struct{}), map[int64]chan struct{}{acct.ID: wake}
	s.unsub = st.Subscribe(s.storeChanged)
	defer s.unsub()
	in, _ := st.FolderByRole(acct.ID, localstore.RoleInbox)
	added, _ := st.Add(in.ID, []localstore.NewMessage{{Raw: []byte("Subject: x\r\n\r\ny\r\n"), ServerKey: "1"}})
	woken := func() bool {
		select {
		case <-wake:
			return true
		case <-time.After(500 * time.Millisecond):
			return false
		}
	}
	if _, err := st.SaveDraft(acct.ID, 0, []byte("From: me@work.example\r\nSubject: thinking\r\n\r\n…\r\n")); err != nil {
		t.Fatal(err)
	}
	if woken() {
		t.Fatal("an autosaved draft woke the watcher")
	}
	st.SetFlags([]int64{added[0].ID}, localstore.Seen, true)
	if !woken() {
		t.Fatal("marking read did not wake the watcher")
	}
}

// Watching a real account: the watcher syncs it at once, a change made
// here reaches the server by itself, and stopping ends the watchers.
func TestWatchSyncsAndPushesChanges(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	d.Deliver("ann", "INBOX", []byte("From: x@example.com\r\nSubject: hello\r\n\r\nhi\r\n"))
	st, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sec := &secrets.Memory{}
	acct, err := accounts.Create(st, sec, accounts.Account{Name: "Ann", Email: "ann@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: acctest.Srv(d.IMAPS, netconf.TLS, "ann"), TrustedCerts: []string{d.CertSHA256}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	synced := make(chan error, 10)
	s := &Scheduler{Syncer: &Syncer{Store: st, Net: acctest.Net, Secrets: func(accounts.Account) secrets.Secrets { return sec }},
		PushAfter: 10 * time.Millisecond, OnSynced: func(_ accounts.Account, _ Outcome, err error) { synced <- err }}
	stop := s.Watch()
	defer stop()
	next := func() {
		t.Helper()
		select {
		case err := <-synced:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("no sync")
		}
	}
	next() // the first sync, at once
	in, _ := st.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := st.Messages(in.ID, nil, 5)
	if len(page) != 1 {
		t.Fatalf("%d messages after the first sync", len(page))
	}
	st.SetFlags([]int64{page[0].ID}, localstore.Flagged, true)
	next() // woken by the change
	if n, _ := st.PendingCount(acct.ID); n != 0 {
		t.Fatalf("%d changes still waiting", n)
	}
	ph := acctest.NewPhone(t, d, "ann", "pw")
	if m := ph.Box("INBOX")["hello"]; m == nil || !acctest.Has(m.Flags, "\\Flagged") {
		t.Fatal("the flag did not reach the server")
	}
	stop()
	if _, err := s.SyncNow(context.Background(), acct); err != nil { // still usable by hand
		t.Fatal(err)
	}
}
