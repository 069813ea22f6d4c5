package app

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/localstore"
)

// fixedNow makes list dates reproducible in screenshots.
var fixedNow = time.Date(2026, 11, 25, 16, 30, 0, 0, time.Local)

// newTestUI opens a window on a fresh store, with background work run
// synchronously so tests can assert right after each action.
func newTestUI(t *testing.T) (*UI, *localstore.Store) {
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
	ui := &UI{app: a, store: s, bg: func(f func()) { f() }, now: func() time.Time { return fixedNow }}
	ui.win = test.NewTempWindow(t, nil)
	ui.build()
	ui.cancelSub = s.Subscribe(func(c localstore.Change) { fyne.Do(func() { ui.storeChanged(c) }) })
	ui.win.Resize(fyne.NewSize(1200, 700))
	ui.refreshFolders(true)
	return ui, s
}

func sample(i int, from, subject, body string, date time.Time) localstore.NewMessage {
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
	if !ui.addAccount.Visible() {
		t.Fatal("no “Add an email account” button while there is no account")
	}
	capture(t, ui, "first-run")
}
