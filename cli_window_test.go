package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/internal/handoff"
	"github.com/postie-mail/postie/localstore"
)

// openWindowStore opens the profile as the window does (it holds the
// lock) and serves the handed-over verbs as main.go's runWindow does.
func openWindowStore(t *testing.T, p string) (*localstore.Store, func()) {
	t.Helper()
	s, err := openProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	stop, err := handoff.ListenWith(p, func(handoff.Request) {}, func(c handoff.Command) handoff.Reply { return runInWindow(s, c) })
	if err != nil {
		s.Close()
		t.Skipf("no unix sockets here: %v", err)
	}
	return s, func() { stop(); s.Close() }
}

// While the window has the profile, the verbs run in the window, on its
// store: the window and the command line change the same messages at
// the same time and nothing is lost or done twice; the window hears of
// every change (to redraw); its next sync puts all of it on the server.
func TestMailVerbsBesideTheWindow(t *testing.T) {
	f := newMailFixture(t)
	p := f.profile
	const n = 12
	for i := 0; i < n; i++ {
		f.deliver(t, "INBOX", fmt.Sprintf("msg %02d", i), "text")
	}
	mustCLI(t, 0, "", "sync", "--profile", p)
	ms := listJSON(t, "--profile", p, "--account", "Kim")
	if len(ms) != n {
		t.Fatalf("%d messages", len(ms))
	}

	win, closeWin := openWindowStore(t, p)
	defer closeWin()
	var mu sync.Mutex
	heard := 0
	defer win.Subscribe(func(localstore.Change) { mu.Lock(); heard++; mu.Unlock() })()
	if _, errs, code := mailCLI(t, "", "sync", "--profile", p); code != 1 || !strings.Contains(errs, "already running") {
		t.Fatalf("a second sync beside the window: %d %q", code, errs) // one process syncs: the window
	}

	// The window marks every message read, one by one, while the command
	// line flags each of the same messages, one command each.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, m := range ms {
			if err := win.SetFlags([]int64{m.ID}, localstore.Seen, true); err != nil {
				t.Error(err)
			}
		}
	}()
	for _, m := range ms {
		if out := mustCLI(t, 0, "", "mark", "--profile", p, id(m), "--flag"); !strings.Contains(out, "open Postie window made the change") {
			t.Fatalf("mark beside the window: %q", out)
		}
	}
	wg.Wait()
	mustCLI(t, 0, "", "move", "--profile", p, id(ms[0]), "--to", "Archive")
	for _, m := range listJSON(t, "--profile", p, "--account", "Kim", "--folder", "Inbox", "--limit", "0") { // read through the window
		if m.Unread || !m.Flagged {
			t.Fatalf("a change was lost: %+v", m)
		}
	}
	mu.Lock()
	if heard < n+1 {
		t.Errorf("the window heard of %d changes", heard)
	}
	mu.Unlock()

	// Sending beside the window: into its Outbox, sent by its sync, once.
	var res sendJSON
	out := mustCLI(t, 0, "hi from the shell", "send", "--profile", p, "--to", "ann@example.org", "--subject", "from the shell", "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.State != "queued" || !strings.Contains(res.Reason, "window") {
		t.Fatalf("send beside the window: %v %q", err, out)
	}
	if len(f.sub.Messages()) != 0 {
		t.Fatal("the command line sent beside the window's own sender")
	}
	// Deleting for ever: the window cannot ask on this terminal.
	mustCLI(t, 2, "", "delete", "--profile", p, id(ms[1]), "--for-ever")
	was := askOnTerminal
	askOnTerminal = func(io.Reader, io.Writer) func(string) bool { return func(string) bool { return true } }
	defer func() { askOnTerminal = was }()
	mustCLI(t, 0, "", "delete", "--profile", p, id(ms[1]), "--for-ever")

	// The window's sync (as its Get mail button runs it).
	syncer := &mailsync.Syncer{Store: win, Secrets: mailSecrets(win)}
	sched := &mailsync.Scheduler{Syncer: syncer}
	if _, err := sched.SyncNow(context.Background(), f.acct); err != nil {
		t.Fatal(accounts.Explain(err))
	}
	inbox := f.serverFlags(t, "INBOX")
	if len(inbox) != n-2 {
		t.Fatalf("server INBOX has %d messages: %v", len(inbox), inbox)
	}
	for s, fl := range inbox {
		if !strings.Contains(fl, `\Seen`) || !strings.Contains(fl, `\Flagged`) {
			t.Fatalf("on the server %q has %q", s, fl)
		}
	}
	if a := f.serverFlags(t, "Archive"); len(a) != 1 {
		t.Fatalf("server Archive: %v", a)
	}
	if got := f.sub.Messages(); len(got) != 1 || !strings.Contains(string(got[0].Data), "hi from the shell") {
		t.Fatalf("the SMTP server got %d messages", len(got))
	}
}

// A window that holds the profile but does not answer: the command line
// says so and changes nothing.
func TestMailVerbNobodyAnswers(t *testing.T) {
	p := t.TempDir()
	s, err := openProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, errs, code := mailCLI(t, "", "mark", "--profile", p, "1", "--read")
	if code != 1 || !strings.Contains(errs, "did not answer") {
		t.Fatalf("%d %q", code, errs)
	}
	// A verb that is not a mail verb is refused by the window.
	if r := runInWindow(s, handoff.Command{Args: []string{"sync"}, Dir: "/"}); r.Code != 1 || !strings.Contains(string(r.Stderr), "cannot be run while the window is open") {
		t.Fatalf("sync handed to the window: %+v", r)
	}
}

// postie send beside the window goes out now, through the window's own
// watcher (#30): before, it waited in the window's Outbox for the next
// timed check, minutes away, because nothing told the watcher.
func TestSendBesideTheWindowGoesOutNow(t *testing.T) {
	f := newMailFixture(t)
	p := f.profile
	mustCLI(t, 0, "", "sync", "--profile", p)
	win, closeWin := openWindowStore(t, p)
	defer closeWin()
	// The window's scheduler, watching as the window does (AutoCheck).
	synced := make(chan struct{}, 8)
	sched := &mailsync.Scheduler{Syncer: &mailsync.Syncer{Store: win, Secrets: mailSecrets(win)}, PushAfter: 50 * time.Millisecond,
		OnSynced: func(accounts.Account, mailsync.Outcome, error) { synced <- struct{}{} }}
	stop := sched.Watch()
	defer func() { stop(); sched.WaitIdle(10 * time.Second) }()
	select { // the watcher's first sync is over: it waits for news now
	case <-synced:
	case <-time.After(20 * time.Second):
		t.Fatal("the window's watcher never synced")
	}
	out := mustCLI(t, 0, "sent from a shell", "send", "--profile", p, "--to", "ann@example.org", "--subject", "right away")
	if !strings.Contains(out, "open Postie window, which sends it in a moment") {
		t.Fatalf("send: %q", out)
	}
	deadline := time.Now().Add(15 * time.Second)
	for len(f.sub.Messages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := f.sub.Messages(); len(got) != 1 || !strings.Contains(string(got[0].Data), "sent from a shell") {
		t.Fatalf("the SMTP server got %d messages within 15 s of postie send", len(got))
	}
}

// A plain delete of a message already in the Trash deletes it for ever:
// handed to the window, it is asked on the terminal first, as --for-ever
// is (#30; it ended with "needs --yes", exit 2, even on a terminal).
// Without a terminal --yes is still needed.
func TestDeleteFromTheTrashBesideTheWindowAsks(t *testing.T) {
	p := localProfile(t, withFiles)
	msg := "<files@example.org>"
	mustCLI(t, 0, "", "delete", "--profile", p, msg) // into the Trash
	_, closeWin := openWindowStore(t, p)
	defer closeWin()
	if _, errs, code := mailCLI(t, "", "delete", "--profile", p, msg); code != 2 || !strings.Contains(errs, "--yes") {
		t.Fatalf("no terminal: %d %q", code, errs)
	}
	answer, asked := false, ""
	was := askOnTerminal
	askOnTerminal = func(io.Reader, io.Writer) func(string) bool {
		return func(q string) bool { asked = q; return answer }
	}
	defer func() { askOnTerminal = was }()
	if _, errs, code := mailCLI(t, "", "delete", "--profile", p, msg); code != 1 || !strings.Contains(errs, "Nothing was deleted") ||
		!strings.Contains(asked, "already in the Trash") {
		t.Fatalf("declined: %d %q, asked %q", code, errs, asked)
	}
	mustCLI(t, 0, "", "show", "--profile", p, msg, "--headers") // still there
	answer = true
	if out := mustCLI(t, 0, "", "delete", "--profile", p, msg); !strings.Contains(out, "for ever") {
		t.Fatalf("confirmed: %q", out)
	}
	if _, errs, code := mailCLI(t, "", "show", "--profile", p, msg); code != 1 || !strings.Contains(errs, "No stored message") {
		t.Fatalf("still there: %d %q", code, errs)
	}
	// A message not in the Trash is moved there without a question.
	asked = ""
	p2 := localProfile(t, withFiles)
	_, close2 := openWindowStore(t, p2)
	defer close2()
	if out := mustCLI(t, 0, "", "delete", "--profile", p2, msg); !strings.Contains(out, "Moved 1 message to the Trash") || asked != "" {
		t.Fatalf("to the Trash: %q, asked %q", out, asked)
	}
}
