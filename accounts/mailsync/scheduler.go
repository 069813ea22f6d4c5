package mailsync

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Scheduler decides when accounts sync, so the window and `postie sync`
// only ask and show. It runs one sync at a time (a click, a watcher, the
// command line); with Watch, one watcher per server account syncs it,
// then waits for news (IMAP IDLE, or the account's check interval), and
// backs off while the server cannot be reached (15 s doubling to 5 min),
// so syncing resumes by itself when the network returns. The store's
// change notifications wake it directly: a change made here that needs
// the server (read, flagged, moved, deleted; not a draft being typed)
// wakes every watcher after PushAfter, several changes in one go, and a
// new account starts being watched.
type Scheduler struct {
	Syncer *Syncer
	// OnSynced hears how every sync ended (on the syncing goroutine),
	// before SyncNow returns.
	OnSynced func(a accounts.Account, out Outcome, err error)
	// PushAfter is the pause before local changes are pushed (0: 2 s).
	PushAfter time.Duration

	syncMu sync.Mutex // one sync at a time

	mu       sync.Mutex
	watching bool                    // Watch was called and not stopped
	stop     chan struct{}           // closed by the stop function of Watch
	wake     map[int64]chan struct{} // a running watcher's wake-up call
	timer    *time.Timer             // a push on its way
	pushable int                     // changes worth pushing, at the last look
	unsub    func()
}

// SyncNow syncs one account now, after any sync under way.
func (s *Scheduler) SyncNow(ctx context.Context, a accounts.Account) (Outcome, error) {
	s.syncMu.Lock()
	out, err := s.Syncer.Sync(ctx, a)
	s.syncMu.Unlock()
	if s.OnSynced != nil {
		s.OnSynced(a, out, err)
	}
	return out, err
}

// SyncAll syncs every account in turn and returns one line per account
// ("Work: 3 new messages…", "Home: could not get mail: …").
func (s *Scheduler) SyncAll(ctx context.Context) []string {
	list, err := accounts.List(s.Syncer.Store)
	if err != nil {
		return []string{accounts.Explain(err)}
	}
	var lines []string
	for _, a := range list {
		out, err := s.SyncNow(ctx, a)
		if err != nil {
			lines = append(lines, tr.L("{{.Account}}: could not get mail: {{.Reason}}", tr.M{"Account": a.Name, "Reason": accounts.Explain(err)}))
		} else {
			lines = append(lines, tr.L("{{.Account}}: {{.Summary}}", tr.M{"Account": a.Name, "Summary": out.Summary}))
		}
	}
	return lines
}

// Watch keeps every server account in step in the background until the
// returned function is called; accounts added later are watched too.
func (s *Scheduler) Watch() (stop func()) {
	s.mu.Lock()
	s.watching, s.stop = true, make(chan struct{})
	if s.wake == nil {
		s.wake = map[int64]chan struct{}{}
	}
	s.pushable, _ = s.Syncer.Store.PendingToPush()
	s.mu.Unlock()
	s.unsub = s.Syncer.Store.Subscribe(s.storeChanged)
	s.watchAccounts()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.watching {
			return
		}
		s.watching = false
		close(s.stop)
		s.unsub()
		if s.timer != nil {
			s.timer.Stop()
			s.timer = nil
		}
	}
}

// storeChanged is the store's notification (any goroutine).
func (s *Scheduler) storeChanged(c localstore.Change) {
	if c.Accounts {
		go s.watchAccounts()
	}
	n, err := s.Syncer.Store.PendingToPush()
	if err != nil {
		return // the next change or check looks again
	}
	s.mu.Lock()
	more := n > s.pushable
	s.pushable = n
	s.mu.Unlock()
	if more {
		s.PushSoon()
	}
}

// PushSoon wakes the watchers after PushAfter, so a change made here
// reaches the server and the other devices within seconds.
func (s *Scheduler) PushSoon() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.watching || len(s.wake) == 0 || s.timer != nil {
		return // nobody to wake, or a push is on its way
	}
	delay := s.PushAfter
	if delay == 0 {
		delay = 2 * time.Second
	}
	s.timer = time.AfterFunc(delay, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.timer = nil
		for _, ch := range s.wake {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	})
}

// watchAccounts starts a watcher for every account that has none.
func (s *Scheduler) watchAccounts() {
	list, err := accounts.List(s.Syncer.Store)
	if err != nil {
		return // the next account change tries again
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.watching {
		return
	}
	for _, a := range list {
		if _, ok := s.wake[a.ID]; !ok {
			s.wake[a.ID] = make(chan struct{}, 1)
			go s.watch(a.ID, s.wake[a.ID], s.stop)
		}
	}
}

// watch syncs an account, then waits for news, until the account is
// removed or watching stops.
func (s *Scheduler) watch(id int64, wake, stop chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	backoff := 15 * time.Second
	for ctx.Err() == nil {
		a, err := accounts.Load(s.Syncer.Store, id)
		if err != nil { // removed
			s.mu.Lock()
			delete(s.wake, id)
			s.mu.Unlock()
			return
		}
		every := time.Duration(max(a.Settings.CheckMinutes, 1)) * time.Minute
		_, err = s.SyncNow(ctx, a)
		switch {
		case err != nil && Unreachable(err):
			pause(ctx, backoff)
			backoff = min(backoff*2, 5*time.Minute)
			continue
		case err != nil && NeedsPerson(err):
			// Trying again changes nothing until the person acts (signs
			// in again, fixes the password): no push connection, no
			// retries, only the regular check, or a wake.
			select {
			case <-wake:
			case <-ctx.Done():
			case <-time.After(every):
			}
			continue
		}
		backoff = 15 * time.Second
		wait, woken := context.WithCancel(ctx)
		go func() {
			select {
			case <-wake: // changes made here wait for the server
				woken()
			case <-wait.Done():
			}
		}()
		err = s.Syncer.WaitForNews(wait, a, every)
		early := wait.Err() != nil
		woken()
		if err != nil && !early {
			pause(ctx, 5*time.Second) // the push connection dropped: sync again soon
		}
	}
}

// pause waits d or until ctx ends.
func pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// NeedsPerson says whether a sync failed on something only the person
// can fix: the sign-in ended, the password is wrong or missing, or the
// server's certificate is not trusted.
func NeedsPerson(err error) bool {
	var p *netconf.Problem
	if errors.Is(err, netconf.ErrSignInAgain) || errors.Is(err, secrets.ErrNoPassword) {
		return true
	}
	if !errors.As(err, &p) {
		return false
	}
	switch p.Kind {
	case netconf.ProblemWrongPassword, netconf.ProblemAppPassword, netconf.ProblemNoPasswordSignIn,
		netconf.ProblemSignInAgain, netconf.ProblemUntrustedCert, netconf.ProblemUnsafeCredentials:
		return true
	}
	return false
}

// Unreachable says whether a sync failed for want of a connection: the
// network is gone, the name unknown, nothing answers or the server
// refuses connections (it is down). Watchers back off then, and the
// window says "Offline since…" rather than naming a problem to fix.
func Unreachable(err error) bool {
	var p *netconf.Problem
	return IsOffline(err) || errors.As(err, &p) && p.Kind == netconf.ProblemRefused
}

// Busy says whether a sync is running now.
func (s *Scheduler) Busy() bool {
	if s.syncMu.TryLock() {
		s.syncMu.Unlock()
		return false
	}
	return true
}

// WaitIdle waits until no sync is running, at most max, and says whether
// none is. Stop watching first, or a watcher may start the next one.
func (s *Scheduler) WaitIdle(max time.Duration) bool {
	deadline := time.Now().Add(max)
	for s.Busy() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}
