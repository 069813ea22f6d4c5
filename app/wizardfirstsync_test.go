package app

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
)

// slowKeyring is a password store that takes its time to store a
// password, as a real keyring over D-Bus can, and notes whether anyone
// looked for the password before it was stored.
type slowKeyring struct {
	secrets.Memory
	mu          sync.Mutex
	stored      bool
	lookedEarly int
	looked      chan struct{}
}

func (k *slowKeyring) Set(id int64, role secrets.Role, pw string) error {
	if id > 0 && role == secrets.Incoming {
		select { // give a sync that does not wait its chance to look
		case <-k.looked:
		case <-time.After(time.Second):
		}
		defer func() { k.mu.Lock(); k.stored = true; k.mu.Unlock() }()
	}
	return k.Memory.Set(id, role, pw)
}

func (k *slowKeyring) Get(id int64, role secrets.Role) (string, error) {
	k.mu.Lock()
	if id > 0 && role == secrets.Incoming && !k.stored {
		k.lookedEarly++
		select {
		case k.looked <- struct{}{}:
		default:
		}
	}
	k.mu.Unlock()
	return k.Memory.Get(id, role)
}

// The first sync after the wizard waits until the password is stored:
// the window never says "Postie has no password for this account yet"
// right after the wizard checked it (#29: the account's row was saved,
// its watcher started syncing, and only then was the password stored).
func TestFirstSyncAfterWizardHasThePassword(t *testing.T) {
	ui, _, _ := wizardUI(t)
	keys := &slowKeyring{looked: make(chan struct{}, 1)}
	ui.opts.Secrets = keys
	// The test driver runs fyne.Do on the calling goroutine, so the
	// watcher's progress and results are recorded here (or dropped), not
	// put into the window while the test works it.
	var mu sync.Mutex
	var errs []error
	ui.scheduler().Syncer.OnEvent = nil // progress too would be drawn from the watcher's goroutine
	ui.scheduler().OnSynced = func(_ accounts.Account, _ mailsync.Outcome, err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	ui.cancelSub()
	stop := ui.scheduler().Watch()
	t.Cleanup(stop)
	v := startWizard(t, ui)
	v.questions[0].SetSelected("Yes")
	test.Tap(v.next)
	test.Tap(v.next)
	answerDialog(t, v.win, true) // plain SMTP
	test.Tap(v.trust)
	test.Tap(v.next)
	if v.w.Step() != setup.StepSummary {
		t.Fatalf("step %d, want the summary", v.w.Step())
	}
	test.Tap(v.next)
	list, _ := accounts.List(ui.store)
	if len(list) != 1 {
		t.Fatalf("accounts: %+v", list)
	}
	// The watcher's first sync ends.
	synced := func() int { mu.Lock(); defer mu.Unlock(); return len(errs) }
	for i := 0; i < 500 && synced() == 0; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	keys.mu.Lock()
	early := keys.lookedEarly
	keys.mu.Unlock()
	if early > 0 {
		t.Fatalf("a sync looked for the password %d times before it was stored", early)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(errs) == 0 {
		t.Fatal("no sync after the wizard")
	}
	for _, err := range errs {
		if err != nil {
			t.Fatalf("a sync after the wizard failed: %v", err)
		}
	}
}
