package app

import (
	"flag"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/localstore"
)

// fixedNow makes list dates reproducible in screenshots.
var fixedNow = time.Date(2026, 11, 25, 16, 30, 0, 0, time.Local)

// newTestUI opens a window on a fresh store, with background work run
// synchronously so tests can assert right after each action.
func newTestUI(t testing.TB) (*UI, *localstore.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.EnsureLocalAccount(assets.Welcome()); err != nil {
		t.Fatal(err)
	}
	return uiOn(t, a, s), s
}

// uiOn opens a window on an app and a store that exist already (a second
// start of Postie).
func uiOn(t testing.TB, a fyne.App, s *localstore.Store) *UI {
	sync := func(f func()) { f() }
	ui := &UI{app: a, store: s, bg: sync, debounce: sync, now: func() time.Time { return fixedNow },
		asked: &secrets.Memory{}, opts: Options{Secrets: &secrets.Memory{}, Discoverer: &setup.Discoverer{}},
		trouble: map[int64]trouble{}, networkUp: func() bool { return true }}
	ui.later = func(_ time.Duration, f func()) { pendingTimers[ui] = append(pendingTimers[ui], f) }
	t.Cleanup(func() { delete(pendingTimers, ui) })
	ui.win = test.NewTempWindow(t, nil)
	ui.build()
	ui.applyAppearance() // as New does
	ui.cancelSub = s.Subscribe(func(c localstore.Change) { fyne.Do(func() { ui.storeChanged(c) }) })
	ui.win.Resize(fyne.NewSize(1200, 700))
	ui.refreshFolders(true)
	return ui
}

// typeShortcut presses a shortcut on a window's canvas, as the keyboard
// would. Fyne 2.8's test canvas wraps the software canvas, which handles
// shortcuts, without passing TypedShortcut on: it is reached through the
// wrapper's exported field.
func typeShortcut(t *testing.T, c fyne.Canvas, s fyne.Shortcut) {
	t.Helper()
	if sc, ok := c.(fyne.Shortcutable); ok {
		sc.TypedShortcut(s)
		return
	}
	v := reflect.ValueOf(c)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("WindowlessCanvas"); f.IsValid() && f.CanInterface() {
			if sc, ok := f.Interface().(fyne.Shortcutable); ok {
				sc.TypedShortcut(s)
				return
			}
		}
	}
	t.Fatalf("the canvas %T takes no shortcuts", c)
}

// pendingTimers holds what a test UI was asked to do later (the Undo
// notice's end): a real timer would run it on another goroutine, where
// the test driver's fyne.Do races with the test (#29's CI failure).
var pendingTimers = map[*UI][]func(){}

// fireTimers runs what ui was asked to do later, as if the time had come.
func fireTimers(ui *UI) {
	fs := pendingTimers[ui]
	delete(pendingTimers, ui)
	for _, f := range fs {
		f()
	}
}

func testMsg(i int, from, subject, body string, date time.Time) localstore.NewMessage {
	return localstore.NewMessage{Raw: []byte(fmt.Sprintf("From: %s\r\nTo: You <you@example.org>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <s%d@example.com>\r\n\r\n%s\r\n",
		from, subject, date.Format(time.RFC1123Z), i, body))}
}

func inbox(t *testing.T, ui *UI) localstore.Folder {
	for _, f := range ui.localFolders() {
		if f.Role == localstore.RoleInbox {
			return f
		}
	}
	t.Fatal("no inbox")
	return localstore.Folder{}
}

func capture(t *testing.T, ui *UI, name string) {
	t.Helper()
	dir := os.Getenv("POSTIE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "postie-screens")
	}
	os.MkdirAll(dir, 0o755)
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, ui.win.Canvas().Capture())
}

func TestFirstRunShowsWelcomeInInbox(t *testing.T) {
	ui, _ := newTestUI(t)
	if ui.list.folderID != inbox(t, ui).ID {
		t.Fatalf("first folder shown is %d, want the Inbox", ui.list.folderID)
	}
	if got := ui.list.list.Length(); got != 1 {
		t.Fatalf("list length = %d, want 1 (the welcome message)", got)
	}
	if ui.list.rows[0].Subject != "Welcome to Postie" {
		t.Fatalf("first row = %q", ui.list.rows[0].Subject)
	}
	if !ui.addAccountBox.Visible() {
		t.Fatal("no “Add an email account” button while there is no account")
	}
	capture(t, ui, "first-run")
}

// fill puts a realistic little mailbox in the Inbox and Archive.
func fill(t *testing.T, ui *UI, s *localstore.Store) {
	t.Helper()
	in := inbox(t, ui)
	// The welcome message is dated “now”; it would sort above the samples.
	if page, _ := s.Messages(in.ID, nil, 10); len(page) == 1 {
		s.DeleteForever([]int64{page[0].ID})
	}
	var arch localstore.Folder
	for _, f := range ui.localFolders() {
		if f.Role == localstore.RoleArchive {
			arch = f
		}
	}
	msgs := []localstore.NewMessage{
		testMsg(1, "Anna Müller <anna@example.com>", "Holiday plans for June", "Hi!\n\nWe fly to Köln on Monday the 3rd. Shall we meet at the station?\n\nAnna", fixedNow.Add(-2*time.Hour)),
		testMsg(2, "Bob Stone <bob@example.org>", "Re: Garden club meeting", "> Can you bring chairs?\n\nYes, four of them.", fixedNow.Add(-5*time.Hour)),
		testMsg(3, "City Library <noreply@library.example>", "Your books are due next week", "Please return or renew: The Hobbit.", fixedNow.AddDate(0, -1, 0)),
		testMsg(4, "Dr. Chen's office <office@clinic.example>", "Appointment reminder", "Your appointment is on Tuesday at 10:00.", fixedNow.AddDate(0, -2, -3)),
		testMsg(5, "Grandma <rose@example.net>", "Photos from the weekend", "Lovely to see you all!", fixedNow.AddDate(-1, -1, 0)),
	}
	r, err := s.Add(in.ID, msgs)
	if err != nil {
		t.Fatal(err)
	}
	s.SetFlags([]int64{r[2].ID, r[3].ID, r[4].ID}, localstore.Seen, true)
	s.SetFlags([]int64{r[3].ID}, localstore.Flagged, true)
	if _, err := s.Add(arch.ID, []localstore.NewMessage{testMsg(6, "Bank <statements@bank.example>", "Statement for October", "Your statement is ready.", fixedNow.AddDate(0, -1, -2))}); err != nil {
		t.Fatal(err)
	}
}

func TestPickFolderAndMessageMarksItRead(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	in := inbox(t, ui)
	if n := ui.list.list.Length(); n != 5 {
		t.Fatalf("inbox shows %d messages, want 5", n)
	}
	if ui.list.rows[0].Subject != "Holiday plans for June" {
		t.Fatalf("newest first broken: first row %q", ui.list.rows[0].Subject)
	}
	before, _ := s.Folder(in.ID)
	ui.list.list.Select(0)
	if ui.reader.subject.Text != "Holiday plans for June" || ui.reader.from.Text != "Anna Müller <anna@example.com>" {
		t.Fatalf("reader shows %q from %q", ui.reader.subject.Text, ui.reader.from.Text)
	}
	after, _ := s.Folder(in.ID)
	if after.Unread != before.Unread-1 {
		t.Fatalf("unread %d → %d, want one fewer after opening", before.Unread, after.Unread)
	}
	if f, _ := ui.folders.folder(in.ID); f.Unread != after.Unread {
		t.Fatalf("tree shows %d unread, store has %d", f.Unread, after.Unread)
	}
	if ui.markRead.Text != "Mark as unread" {
		t.Fatalf("button says %q", ui.markRead.Text)
	}
	test.Tap(ui.markRead)
	if m, _ := s.Message(ui.list.rows[0].ID); m.Flags&localstore.Seen != 0 {
		t.Fatal("Mark as unread did not clear Seen")
	}
	test.Tap(ui.flagIt)
	if m, _ := s.Message(ui.list.rows[0].ID); m.Flags&localstore.Flagged == 0 {
		t.Fatal("Flag did not flag")
	}

	// Another folder.
	var arch localstore.Folder
	for _, f := range ui.localFolders() {
		if f.Role == localstore.RoleArchive {
			arch = f
		}
	}
	ui.folders.tree.Select(folderUID(arch.ID))
	if ui.list.folderID != arch.ID || ui.list.list.Length() != 1 || ui.list.rows[0].Subject != "Statement for October" {
		t.Fatalf("archive shows %d rows", ui.list.list.Length())
	}
	if ui.reader.content.Visible() {
		t.Fatal("reader still shows a message from the other folder")
	}
}

func TestDeleteMovesToTrashAndSelectsTheNext(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	ui.list.list.Select(1)
	gone := ui.list.rows[1]
	next := ui.list.rows[2]
	test.Tap(ui.del)
	if ui.list.indexOf(gone.ID) >= 0 {
		t.Fatal("deleted message still listed")
	}
	if ui.list.selectedID != next.ID {
		t.Fatalf("selection moved to %d, want the next message %d", ui.list.selectedID, next.ID)
	}
	m, _ := s.Message(gone.ID)
	trash, _ := s.Folder(m.FolderID)
	if trash.Role != localstore.RoleTrash {
		t.Fatalf("deleted message is in %q, want Trash", trash.Name)
	}

	// In the Trash, Delete asks first, then removes it for ever.
	ui.folders.tree.Select(folderUID(trash.ID))
	ui.list.list.Select(0)
	ui.doDelete()
	if _, err := s.Message(gone.ID); err != nil {
		t.Fatal("deleted for ever without asking")
	}
	capture(t, ui, "delete-forever-confirm")
	confirmDialog(t, ui)
	if _, err := s.Message(gone.ID); err == nil {
		t.Fatal("still there after confirming")
	}
}

// confirmDialog taps the confirming button of the dialog on top.
func confirmDialog(t *testing.T, ui *UI) {
	t.Helper()
	answerDialog(t, ui.win, true)
}

// answerDialog taps the confirming (or the other) button of the dialog on
// top of a window.
func answerDialog(t *testing.T, win fyne.Window, yes bool) {
	t.Helper()
	over := win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("no dialog shown")
	}
	var buttons []*widget.Button
	var taps []fyne.Tappable
	risky := false // a warning whose highlighted button is the safe one
	for _, o := range test.LaidOutObjects(over) {
		switch b := o.(type) {
		case *widget.Button:
			buttons, taps = append(buttons, b), append(taps, b)
		case *dialogButton:
			buttons, taps = append(buttons, &b.Button), append(taps, b)
			risky = true
		}
	}
	for i, btn := range buttons {
		isYes := btn.Importance == widget.HighImportance
		if risky {
			isYes = btn.Importance != widget.HighImportance
		}
		if btn.Text != "" && isYes == yes {
			test.Tap(taps[i])
			return
		}
	}
	t.Fatal("no confirming button in the dialog")
}

func TestKeyboardMovesAndDeletes(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	ui.handleKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if ui.list.selectedID != ui.list.rows[0].ID {
		t.Fatal("Down with nothing selected should select the first message")
	}
	ui.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	ui.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if ui.list.selectedID != ui.list.rows[2].ID {
		t.Fatalf("two Downs: selected %d, want row 2", ui.list.indexOf(ui.list.selectedID))
	}
	ui.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if ui.list.selectedID != ui.list.rows[1].ID {
		t.Fatal("Up did not move back")
	}
	id := ui.list.selectedID
	ui.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if m, _ := s.Message(id); m.FolderID == inbox(t, ui).ID {
		t.Fatal("Delete key did not delete")
	}
}

func TestSearchAsYouType(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	test.Type(ui.search, "holi")
	if len(ui.list.rows) != 1 || ui.list.rows[0].Subject != "Holiday plans for June" {
		t.Fatalf("search shows %d rows", len(ui.list.rows))
	}
	if ui.listTitle.Text != "1 message matching “holi”" {
		t.Fatalf("title %q", ui.listTitle.Text)
	}
	ui.search.SetText("statement")
	if len(ui.list.rows) != 0 {
		t.Fatal("found a message of another folder without “All folders”")
	}
	test.Tap(ui.allFolders)
	if len(ui.list.rows) != 1 {
		t.Fatalf("All folders: %d rows, want 1", len(ui.list.rows))
	}
	ui.search.SetText("from:grandma")
	capture(t, ui, "search")
	ui.search.SetText("")
	if ui.list.list.Length() != 5 {
		t.Fatalf("clearing the search shows %d rows", ui.list.list.Length())
	}
}

func TestServerChangesAreCountedInTheStatusBar(t *testing.T) {
	ui, s := newTestUI(t)
	acct, err := s.CreateAccount(localstore.Account{Name: "Work", Email: "me@work.example", Kind: localstore.KindIMAP},
		[]localstore.Folder{{Name: "Inbox", Path: "INBOX", Role: localstore.RoleInbox}})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	m := testMsg(9, "boss@work.example", "Quarterly numbers", "See attached.", fixedNow)
	m.ServerKey = "101"
	s.Add(f.ID, []localstore.NewMessage{m})
	if ui.addAccountBox.Visible() {
		t.Fatal("“Add an email account” still prominent with an account set up")
	}
	ui.folders.selectFolder(f.ID)
	ui.list.list.Select(0)
	// A change that reaches the server within seconds is not announced…
	ui.now = time.Now
	ui.refreshFolders(false)
	if ui.status.Text != "Up to date" {
		t.Fatalf("status right after the change = %q", ui.status.Text)
	}
	// …one still waiting after a while is.
	ui.now = func() time.Time { return time.Now().Add(time.Minute) }
	ui.refreshFolders(false)
	if ui.status.Text != "1 change waiting to reach the server — everything downloaded is still here" {
		t.Fatalf("status = %q", ui.status.Text)
	}
	ops, _ := s.Pending(acct.ID)
	if len(ops) != 1 || ops[0].Kind != localstore.OpFlags || ops[0].ServerKey != "101" {
		t.Fatalf("ops = %+v", ops)
	}
}

var screenshot = flag.Bool("screenshot", false, "rewrite the README screenshot (assets/screenshot.png)")

// TestMainWindowScreenshot renders the window with sample mail, in the
// light theme, for the README (with -screenshot) and for looking at.
func TestMainWindowScreenshot(t *testing.T) {
	ui, s := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	fill(t, ui, s)
	ui.list.list.Select(0)
	ui.win.Resize(fyne.NewSize(1200, 700))
	capture(t, ui, "main-window")
	if *screenshot {
		f, err := os.Create("../assets/screenshot.png")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		png.Encode(f, ui.win.Canvas().Capture())
	}
}

type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}
