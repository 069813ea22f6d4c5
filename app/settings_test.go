package app

import (
	"context"
	"net"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func TestSettingsServerCopiesNeedConfirmationAndRemoveKeepsMail(t *testing.T) {
	ui, s := newTestUI(t)
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Home mail", Email: "me@home.example",
		Settings: accounts.Settings{Protocol: accounts.POP, ServerCopies: accounts.ServerCopies{Mode: accounts.Keep}, OfferIMAP: true, CheckMinutes: 10,
			Incoming: netconf.Server{Host: "pop.home.example", Port: 995, Security: netconf.TLS, Username: "me"},
			Outgoing: netconf.Server{Host: "smtp.home.example", Port: 465, Security: netconf.TLS, Username: "me"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte("From: a@b.example\r\nSubject: precious\r\n\r\nkeep me"), ServerKey: "U1"}})

	v := ui.openSettings(acct)
	v.win.Resize(fyne.NewSize(620, 640))
	capture(t, &UI{win: v.win}, "settings-pop")
	labels := accounts.CopiesChoices(30)
	v.copies.SetSelected(labels[3].Label) // right after download
	over := v.win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("no warning when choosing to remove server copies")
	}
	found := false
	for _, o := range test.LaidOutObjects(over) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "only copy") {
			found = true
		}
	}
	if !found {
		t.Fatal("the warning does not say this computer will hold the only copy")
	}
	capture(t, &UI{win: v.win}, "settings-pop-warning")
	answerDialog(t, v.win, false)
	if v.copies.Selected != labels[0].Label || v.edit.ServerCopies.Mode != accounts.Keep {
		t.Fatalf("cancel left %q", v.copies.Selected)
	}
	v.copies.SetSelected(labels[3].Label)
	v.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Escape keeps them (#29)
	if v.win.Canvas().Overlays().Top() != nil || v.copies.Selected != labels[0].Label || v.edit.ServerCopies.Mode != accounts.Keep {
		t.Fatalf("Escape left %q", v.copies.Selected)
	}
	v.copies.SetSelected(labels[3].Label)
	answerDialog(t, v.win, true)
	if got, _ := accounts.Load(s, acct.ID); got.Settings.ServerCopies.Mode != accounts.Keep {
		t.Fatal("the change was stored before Save")
	}
	test.Tap(v.save)
	got, _ := accounts.Load(s, acct.ID)
	if got.Settings.ServerCopies.Mode != accounts.AfterDownload {
		t.Fatalf("saved policy %q (%s)", got.Settings.ServerCopies.Mode, v.status.Text)
	}

	v = ui.openSettings(got)
	v.doRemove()
	capture(t, &UI{win: v.win}, "settings-remove")
	answerDialog(t, v.win, true)
	if list, _ := accounts.List(s); len(list) != 0 {
		t.Fatal("account not removed")
	}
	res, _ := s.Search("precious", 0, 10)
	if len(res) != 1 {
		t.Fatal("its messages were not kept")
	}
}

func TestAskPasswordAtStartKeepsItInMemoryOnly(t *testing.T) {
	ui, s := newTestUI(t)
	keyring := &secrets.Memory{}
	acct, err := accounts.Create(s, ui.asked, accounts.Account{Name: "No keyring", Email: "n@k.example",
		Settings: accounts.Settings{Protocol: accounts.IMAP, AskPassword: true}}, "typed-at-setup")
	if err != nil {
		t.Fatal(err)
	}
	ui.asked = &secrets.Memory{} // a new run: nothing remembered
	ui.opts.Secrets = keyring
	ui.askPasswords()
	over := ui.win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("no password prompt at start")
	}
	for _, o := range test.LaidOutObjects(over) {
		if e, ok := entryOf(o); ok && e.Password {
			test.Type(e, "typed-now")
		}
	}
	answerDialog(t, ui.win, true)
	if pw, _ := ui.asked.Get(acct.ID, secrets.Incoming); pw != "typed-now" {
		t.Fatalf("password in memory: %q", pw)
	}
	if _, err := keyring.Get(acct.ID, secrets.Incoming); err == nil {
		t.Fatal("the password went to the keyring")
	}
	if ui.secretsFor(acct) != ui.asked {
		t.Fatal("secretsFor does not use memory for ask-each-time accounts")
	}
}

func TestGetMailDownloadsForPOPAccounts(t *testing.T) {
	ui, s := newTestUI(t)
	f := testservers.StartFakePOP(t, "me", "pw", []testservers.POPMessage{
		{UIDL: "a1", Raw: []byte("From: Grandma <rose@example.net>\r\nSubject: Sunday lunch\r\n\r\nCome at one!\r\n")}})
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Home", Email: "me@example.net", Settings: accounts.Settings{
		Protocol: accounts.POP, ServerCopies: accounts.ServerCopies{Mode: accounts.Keep},
		Incoming: netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(ui.getMail)
	if !strings.Contains(ui.status.Text, "Home: 1 new message downloaded") {
		t.Fatalf("status: %q", ui.status.Text)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	ui.folders.selectFolder(in.ID)
	if ui.list.list.Length() != 1 || ui.list.rows[0].Subject != "Sunday lunch" {
		t.Fatalf("inbox shows %d", ui.list.list.Length())
	}
	if len(f.Messages()) != 1 {
		t.Fatal("Keep removed the server copy")
	}
	capture(t, ui, "get-mail-pop")
}

func TestOfflineIsShownAndChangesWait(t *testing.T) {
	ui, s := newTestUI(t)
	ui.opts.Checker.Net = netconf.Net{Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: addr, IsNotFound: true}}
	}}
	acct, _ := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Work", Email: "me@work.example", Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: netconf.Server{Host: "imap.work.example", Port: 993, Security: netconf.TLS, Username: "me"}}}, "pw")
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	r, _ := s.Add(in.ID, []localstore.NewMessage{{Raw: []byte("From: a@b.example\r\nSubject: read me offline\r\n\r\nstill here"), ServerKey: "9"}})
	s.SetFlags([]int64{r[0].ID}, localstore.Flagged, true)
	s.QueueOutgoing(acct.ID, "w@work.example", "me@work.example", []string{"kim@example.org"}, []byte("Subject: written offline\r\n\r\nx\r\n"), 0)
	ui.networkUp = func() bool { return false }
	test.Tap(ui.getMail)
	ui.refreshFolders(false)
	if ui.status.Text != "This computer has been offline since "+fixedNow.Format("15:04")+" — 1 change waiting; everything downloaded is still here  ·  1 message waiting in the Outbox" {
		t.Fatalf("status %q", ui.status.Text)
	}
	ui.folders.selectFolder(in.ID)
	ui.list.list.Select(0)
	if ui.reader.subject.Text != "read me offline" {
		t.Fatal("a downloaded message cannot be read offline")
	}
	if n, _ := s.PendingCount(acct.ID); n != 2 { // the flag, and "read" from opening it
		t.Fatalf("%d changes kept, want 2", n)
	}
	capture(t, ui, "offline")
}

func TestNewMailNotificationIsSanitised(t *testing.T) {
	ui, s := newTestUI(t)
	f := testservers.StartFakePOP(t, "me", "pw", []testservers.POPMessage{
		{UIDL: "n1", Raw: []byte("From: \"Evil $(rm -rf ~) `x`\" <e@example.net>\r\nSubject: <b>Win</b> “big” $HOME\r\n\r\nhi\r\n")}})
	acct, _ := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Home", Settings: accounts.Settings{Protocol: accounts.POP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}}}, "pw")
	test.AssertNotificationSent(t, &fyne.Notification{Title: "New mail from Evil x", Content: "bWin/b big HOME"}, func() {
		if _, err := ui.syncAccount(acct); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFolderMenuNewRenameDelete(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	ui.showNewFolder()
	for _, o := range test.LaidOutObjects(ui.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*textField); ok {
			test.Type(e, "Family")
		}
	}
	answerDialog(t, ui.win, true)
	f, ok := ui.currentFolder()
	if !ok || f.Name != "Family" {
		t.Fatalf("after New folder the list shows %q", f.Name)
	}
	ui.showRenameFolder()
	for _, o := range test.LaidOutObjects(ui.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*textField); ok {
			e.SetText("Family letters")
		}
	}
	answerDialog(t, ui.win, true)
	if f, _ := s.Folder(f.ID); f.Name != "Family letters" {
		t.Fatalf("renamed to %q", f.Name)
	}
	inbox := inbox(t, ui)
	page, _ := s.Messages(inbox.ID, nil, 1)
	s.Move([]int64{page[0].ID}, f.ID)
	ui.folders.selectFolder(f.ID)
	ui.showDeleteFolder()
	capture(t, ui, "delete-folder")
	answerDialog(t, ui.win, true)
	if _, err := s.Folder(f.ID); err == nil {
		t.Fatal("folder not deleted")
	}
	if m, _ := s.Message(page[0].ID); m.ID == 0 {
		t.Fatal("its message was lost")
	}
	ui.folders.selectFolder(inbox.ID)
	ui.showDeleteFolder()
	if ui.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no explanation for a standard folder")
	}
}

func TestEmptyTrashQueuesPOPRemovalOnDelete(t *testing.T) {
	ui, s := newTestUI(t)
	f := testservers.StartFakePOP(t, "me", "pw", []testservers.POPMessage{
		{UIDL: "t1", Raw: []byte("From: a@example.net\r\nSubject: old news\r\n\r\nx\r\n")},
		{UIDL: "t2", Raw: []byte("From: b@example.net\r\nSubject: keep\r\n\r\ny\r\n")}})
	acct, _ := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Home", Settings: accounts.Settings{Protocol: accounts.POP,
		ServerCopies: accounts.ServerCopies{Mode: accounts.OnDelete},
		Incoming:     netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}}}, "pw")
	ui.syncAccount(acct)
	res, _ := s.Search("subject:old", 0, 10)
	s.Delete([]int64{res[0].ID}) // to the Trash: the server keeps it
	ui.syncAccount(acct)
	if len(f.Messages()) != 2 {
		t.Fatal("moving to the Trash removed it from the server")
	}
	trash, _ := s.FolderByRole(acct.ID, localstore.RoleTrash)
	ui.folders.selectFolder(trash.ID)
	ui.showEmptyTrash()
	capture(t, ui, "empty-trash")
	answerDialog(t, ui.win, true)
	ui.syncAccount(acct)
	if m := f.Messages(); len(m) != 1 || m[0].UIDL != "t2" {
		t.Fatalf("server holds %+v, want only t2", m)
	}
}

func TestSettingsKeepForOffline(t *testing.T) {
	ui, s := newTestUI(t)
	acct, _ := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Work", Email: "me@work.example", Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: netconf.Server{Host: "imap.work.example", Port: 993, Security: netconf.TLS, Username: "me"}}}, "pw")
	v := ui.openSettings(acct)
	if v.keep.Selected != "All messages" {
		t.Fatalf("default: %q", v.keep.Selected)
	}
	v.keep.SetSelected("The last 90 days")
	v.win.Resize(fyne.NewSize(620, 700))
	capture(t, &UI{win: v.win}, "settings-imap-keep")
	test.Tap(v.save)
	if a, _ := accounts.Load(s, acct.ID); a.Settings.KeepDays != 90 {
		t.Fatalf("saved %d days", a.Settings.KeepDays)
	}
}
