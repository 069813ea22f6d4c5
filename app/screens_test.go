package app

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// screen is one of Postie's screens, opened as a person would reach it.
// open returns the window showing it (a dialog shows on top of its
// window); it may skip (t.Skip) when it needs what a test has not.
type screen struct {
	name string
	open func(t *testing.T, env *screenEnv) fyne.Window
}

// screenEnv is what the screens are opened on: a window on a store with
// mail, an IMAP and a POP account, and (for the wizard's later steps)
// the tests' Dovecot.
type screenEnv struct {
	ui   *UI
	s    *localstore.Store
	imap accounts.Account
	pop  accounts.Account
}

func newScreenEnv(t *testing.T) *screenEnv {
	t.Helper()
	ui, s := newTestUI(t)
	fill(t, ui, s)
	e := &screenEnv{ui: ui, s: s}
	var err error
	e.imap, err = accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Kim Lee", Email: "kim@example.org", Settings: accounts.Settings{
		Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "imap.example.org", Port: 993, Security: netconf.TLS, Username: "kim@example.org"},
		Outgoing: netconf.Server{Host: "smtp.example.org", Port: 465, Security: netconf.TLS, Username: "kim@example.org"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	e.pop, err = accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Home", Email: "sam@example.net", Settings: accounts.Settings{
		Protocol: accounts.POP, ServerCopies: accounts.ServerCopies{Mode: accounts.Keep},
		Incoming: netconf.Server{Host: "pop.example.net", Port: 995, Security: netconf.TLS, Username: "sam"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueOutgoing(e.imap.ID, "kim@example.org", "kim@example.org", []string{"ann@example.com"},
		[]byte("From: kim@example.org\r\nTo: ann@example.com\r\nSubject: Tickets for Friday\r\n\r\nSee you!\r\n"), 0); err != nil {
		t.Fatal(err)
	}
	ui.refreshFolders(false)
	ui.folders.selectFolder(inbox(t, ui).ID)
	ui.list.list.Select(0)
	return e
}

// screens are every screen a person meets, for the checks that run on
// all of them in every language (fit, labels, pictures).
var screens = []screen{
	{"main", func(t *testing.T, e *screenEnv) fyne.Window { return e.ui.win }},
	{"main-offline", func(t *testing.T, e *screenEnv) fyne.Window {
		e.ui.networkUp = func() bool { return false }
		e.ui.trouble[e.imap.ID] = trouble{account: e.imap, err: &netconf.Problem{Kind: netconf.ProblemTimeout, Role: "incoming", Server: e.imap.Settings.Incoming},
			since: fixedNow.Add(-time.Hour), unreachable: true}
		e.ui.showStatus(3, fixedNow.Add(-time.Hour))
		return e.ui.win
	}},
	{"about", func(t *testing.T, e *screenEnv) fyne.Window { e.ui.showAbout(); return e.ui.win }},
	{"move-to", func(t *testing.T, e *screenEnv) fyne.Window { e.ui.doMoveTo(); return e.ui.win }},
	{"delete-for-ever", func(t *testing.T, e *screenEnv) fyne.Window {
		trash := localFolder(t, e.ui, localstore.RoleTrash)
		e.ui.folders.selectFolder(trash.ID)
		e.ui.folders.selectFolder(inbox(t, e.ui).ID)
		e.ui.showEmptyTrash()
		return e.ui.win
	}},
	{"new-folder", func(t *testing.T, e *screenEnv) fyne.Window { e.ui.showNewFolder(); return e.ui.win }},
	{"compose", func(t *testing.T, e *screenEnv) fyne.Window {
		e.ui.doWrite()
		if e.ui.lastCompose == nil {
			t.Fatal("no compose window")
		}
		return e.ui.lastCompose.win
	}},
	{"reply", func(t *testing.T, e *screenEnv) fyne.Window {
		e.ui.doReply(false)
		return e.ui.lastCompose.win
	}},
	{"settings-imap", func(t *testing.T, e *screenEnv) fyne.Window { return e.ui.openSettings(e.imap).win }},
	{"settings-pop", func(t *testing.T, e *screenEnv) fyne.Window { return e.ui.openSettings(e.pop).win }},
	{"outbox", func(t *testing.T, e *screenEnv) fyne.Window { e.ui.showOutbox(); return e.ui.outbox.win }},
	{"keep-copy", func(t *testing.T, e *screenEnv) fyne.Window { return e.ui.openKeepCopy(e.imap).win }},
	{"remote-senders", func(t *testing.T, e *screenEnv) fyne.Window { return e.ui.showRemoteSenders() }},
	{"wizard-identity", func(t *testing.T, e *screenEnv) fyne.Window { return e.ui.openWizard().win }},
	{"wizard-usage", func(t *testing.T, e *screenEnv) fyne.Window {
		v := e.ui.openWizard()
		test.Type(v.name, "Sam")
		test.Type(v.email, "sam@example.com")
		test.Type(v.password, "pw-sam")
		test.Tap(v.next)
		if v.w.Step() != setup.StepUsage {
			t.Fatalf("step %d: %s", v.w.Step(), v.errMsg.Text)
		}
		return v.win
	}},
	{"language", func(t *testing.T, e *screenEnv) fyne.Window { e.ui.showLanguage(); return e.ui.win }},
	{"wizard-copies", func(t *testing.T, e *screenEnv) fyne.Window { return wizardAtCopies(t, e).win }},
	{"wizard-pop-warning", func(t *testing.T, e *screenEnv) fyne.Window {
		v := wizardAtCopies(t, e)
		v.copies.SetSelectedIndex(1) // a choice that removes the server's copies: the warning
		if v.win.Canvas().Overlays().Top() == nil {
			t.Fatal("no warning")
		}
		return v.win
	}},
	{"wizard-summary", func(t *testing.T, e *screenEnv) fyne.Window {
		v := wizardAtCopies(t, e)
		test.Tap(v.next)
		if v.w.Step() != setup.StepSummary {
			t.Fatalf("step %d, want the summary", v.w.Step())
		}
		return v.win
	}},
}

// wizardAtCopies is the wizard at its server-copies step for a POP
// account on the tests' Dovecot, as a person who wants an archive on
// this computer gets there (every choice by its place, whatever the
// language).
func wizardAtCopies(t *testing.T, e *screenEnv) *wizardView {
	t.Helper()
	d := testservers.Start(t, testservers.Users{"sam@example.com": "pw-sam"}, "")
	smtp := testservers.FakeSMTP(t, "sam@example.com", "pw-sam", "Authentication failed")
	e.ui.opts.Discoverer = &setup.Discoverer{Timeout: time.Second, Providers: []setup.Provider{{
		ID: "example", Name: "Example Mail", Domains: []string{"example.com"}, Webmail: true, Username: "%EMAILADDRESS%",
		IMAP: &netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS},
		POP:  &netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS},
		SMTP: &netconf.Server{Host: "127.0.0.1", Port: smtp, Security: netconf.Plain},
	}}}
	e.ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 5 * time.Second}}
	v := e.ui.openWizard()
	test.Type(v.name, "Sam")
	test.Type(v.email, "sam@example.com")
	test.Type(v.password, "pw-sam")
	test.Tap(v.next)
	v.questions[0].SetSelectedIndex(1) // no other devices
	v.questions[2].SetSelectedIndex(0) // an archive here
	test.Tap(v.next)
	test.Tap(v.next)
	answerDialog(t, v.win, true) // plain SMTP on the tests' server
	test.Tap(v.trust)
	test.Tap(v.next)
	if v.w.Step() != setup.StepServerCopies {
		t.Fatalf("step %d, want server copies: %s", v.w.Step(), v.errMsg.Text)
	}
	return v
}

// screenSize is the size every screen must fit (#28: "render each
// screen in each language at 800×600").
var screenSize = fyne.NewSize(800, 600)

// showScreen opens sc at 800×600 and lays it out.
func showScreen(t *testing.T, e *screenEnv, sc screen) fyne.Window {
	t.Helper()
	w := sc.open(t, e)
	w.Resize(screenSize)
	w.Canvas().Capture() // lays everything out…
	// …and again, as the window's driver does before each frame: wrapped
	// text now knows how many lines it takes, and what holds it grows.
	w.Content().Refresh()
	if over := w.Canvas().Overlays().Top(); over != nil {
		over.Refresh()
	}
	w.Canvas().Capture()
	return w
}

// checkScreens opens every screen in the language now spoken, checks
// that it fits at 800×600 and that every control says what it is, and
// writes its picture under $POSTIE_SCREENSHOTS/<lang>/ when that is set.
func checkScreens(t *testing.T, lang string) (labelled int) {
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			e := newScreenEnv(t)
			w := showScreen(t, e, sc)
			if dir := os.Getenv("POSTIE_SCREENSHOTS"); dir != "" {
				writePNG(t, w, filepath.Join(dir, lang, sc.name+".png"))
			}
			for _, p := range fitProblems(w) {
				t.Errorf("%s (%s): %s", sc.name, lang, p)
			}
			n, bad := unlabelled(w)
			labelled += n - len(bad)
			for _, p := range bad {
				t.Errorf("%s (%s): %s", sc.name, lang, p)
			}
		})
	}
	return labelled
}

func writePNG(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// Every screen, in every language Postie ships and in the pseudo-language
// (accented and 40 % longer), fits at 800×600 with nothing cut or on top
// of something else, and every control says what it is. Each language
// runs in a child process (Fyne's lang keeps what it loaded).
//
// It is a layout check, not a concurrency one, and under the race
// detector its fifteen children take longer than the whole suite may:
// ./dev.sh test runs it in its step without -race.
func TestScreensInEveryLanguage(t *testing.T) {
	if raceDetector {
		t.Skip("layout only: ./dev.sh test runs this without -race")
	}
	if lang := os.Getenv("POSTIE_SCREENS_LANGUAGE"); lang != "" {
		if lang == "pseudo" {
			if err := speakCatalogue(pseudoCatalogue(t), "en"); err != nil {
				t.Fatal(err)
			}
		} else if err := UseLanguage(lang); err != nil {
			t.Fatal(err)
		}
		n := checkScreens(t, lang)
		fmt.Printf("labelled controls: %d\n", n)
		return
	}
	langs := []string{"en", "pseudo"}
	for _, l := range Languages[1:] {
		if _, err := os.Stat(filepath.Join("..", "assets", "translations", l.file)); err == nil {
			langs = append(langs, l.Tag)
		}
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel() // each child is its own process
			cmd := childTest(t, "^TestScreensInEveryLanguage$", "POSTIE_SCREENS_LANGUAGE="+lang)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s:\n%s", lang, failures(string(out)))
			}
			if i := strings.Index(string(out), "labelled controls: "); i >= 0 {
				t.Logf("%s: %s", lang, strings.SplitN(string(out[i:]), "\n", 2)[0])
			}
		})
	}
}

// failures keeps the lines of a child test's output that say what failed.
func failures(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Fyne error") || strings.Contains(l, "Cause:") || strings.Contains(l, "  At: ") {
			continue
		}
		if strings.Contains(l, "FAIL") || strings.Contains(l, ".go:") || strings.HasPrefix(strings.TrimSpace(l), "panic") {
			keep = append(keep, l)
		}
	}
	if len(keep) > 60 {
		keep = append(keep[:60], "…")
	}
	return strings.Join(keep, "\n")
}
