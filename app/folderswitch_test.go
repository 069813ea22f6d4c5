package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/localstore"
)

// A folder the person does not want on this computer is switched off in
// the account's settings ("Folders on this computer"): unticked and
// saved, the store has it off (the sync leaves it alone); ticked again,
// on. The Inbox always stays (#25).
func TestFolderSwitchedOffInAccountSettings(t *testing.T) {
	ui, s := newTestUI(t)
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Work", Email: "ann@example.com", Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: netconf.Server{Host: "127.0.0.1", Port: 1, Security: netconf.Plain, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []localstore.Folder{{Name: "Jobs", Path: "Jobs"}, {Name: "Newsletters", Path: "Newsletters"}} {
		if _, err := s.CreateFolder(acct.ID, f); err != nil {
			t.Fatal(err)
		}
	}
	v := ui.openSettings(acct)
	for _, o := range test.LaidOutObjects(v.win.Content()) {
		if a, ok := o.(*widget.Accordion); ok && len(a.Items) == 1 && a.Items[0].Title == "Folders on this computer" {
			a.Open(0)
		}
	}
	if _, ok := folderSwitch(v, "Inbox"); ok {
		t.Fatal("the Inbox can be switched off")
	}
	news, ok := folderSwitch(v, "Newsletters")
	if !ok || !news.Checked {
		t.Fatalf("Newsletters: %v %+v", ok, news)
	}
	test.Tap(news)
	captureWindow(t, v.win, "settings-folders-off")
	test.Tap(v.save)
	if f, _ := s.FolderByPath(acct.ID, "Newsletters"); !f.NotOffline {
		t.Fatalf("Newsletters still on: %+v", f)
	}
	if f, _ := s.FolderByPath(acct.ID, "Jobs"); f.NotOffline {
		t.Fatalf("Jobs switched off too: %+v", f)
	}
	v = ui.openSettings(acct)
	news, _ = folderSwitch(v, "Newsletters")
	if news.Checked {
		t.Fatal("the settings show it on")
	}
	test.Tap(news)
	test.Tap(v.save)
	if f, _ := s.FolderByPath(acct.ID, "Newsletters"); f.NotOffline {
		t.Fatalf("not switched on again: %+v", f)
	}
}

// folderSwitch is the settings' tick of a folder, by name.
func folderSwitch(v *settingsView, name string) (*widget.Check, bool) {
	for _, c := range v.folderChecks {
		if c.Text == name {
			return c, true
		}
	}
	return nil, false
}

// captureWindow saves a window's picture beside capture's.
func captureWindow(t *testing.T, w fyne.Window, name string) {
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
	png.Encode(f, w.Canvas().Capture())
}
