package app

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// Closing the window while mail is being fetched waits for that sync to
// end (saying so), then closes by itself: what was under way is finished,
// not cut off.
func TestClosingWaitsForTheSyncUnderWay(t *testing.T) {
	ui, s := newTestUI(t)
	var msgs []testservers.POPMessage
	for i := 1; i <= 4; i++ {
		msgs = append(msgs, testservers.POPMessage{UIDL: fmt.Sprintf("c%d", i), Raw: []byte(fmt.Sprintf("From: a@example.com\r\nSubject: c%d\r\n\r\nbody\r\n", i))})
	}
	f := testservers.StartFakePOP(t, "me", "pw", msgs)
	f.Configure(func(f *testservers.FakePOP) { f.Delay = 250 * time.Millisecond })
	ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 3 * time.Second}}
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Home", Email: "me@example.com", Settings: accounts.Settings{Protocol: accounts.POP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, ServerCopies: accounts.ServerCopies{Mode: accounts.Keep}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	sched := ui.scheduler()
	// The test driver runs fyne.Do on the calling goroutine, not on one
	// UI goroutine: the sync's own reports to the window stay out of this
	// test (they are tested elsewhere), so only closing is concurrent.
	sched.OnSynced, sched.Syncer.OnEvent = nil, nil
	ui.cancelSub()
	done := make(chan error, 1)
	go func() {
		_, err := sched.SyncNow(context.Background(), acct)
		done <- err
	}()
	for !sched.Busy() {
		time.Sleep(5 * time.Millisecond)
	}
	var closed atomic.Bool
	// A window of the test's own: the temporary one is closed again by
	// the test's cleanup, which the test driver does not allow twice.
	ui.win = ui.app.NewWindow("Postie")
	ui.win.Resize(fyne.NewSize(800, 500))
	ui.win.SetOnClosed(func() { closed.Store(true) })
	ui.closeWhenIdle()
	if closed.Load() {
		t.Fatal("the window closed in the middle of a sync")
	}
	if !strings.Contains(ui.status.Text, "Finishing what Postie was doing") {
		t.Fatalf("status: %q", ui.status.Text)
	}
	capture(t, ui, "closing-finishing")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200 && !closed.Load(); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if !closed.Load() {
		t.Fatal("the window did not close once the sync ended")
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if n, _ := s.Messages(in.ID, nil, 10); len(n) != 4 {
		t.Fatalf("%d messages stored: the sync was cut off", len(n))
	}
}
