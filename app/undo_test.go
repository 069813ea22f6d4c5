package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// undoSetup is an IMAP account on a private Dovecot with four messages
// in its Inbox, synced, and the Inbox shown.
func undoSetup(t *testing.T) (*UI, *localstore.Store, accounts.Account, func(box string) int) {
	t.Helper()
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	for i := 1; i <= 4; i++ {
		d.Deliver("ann", "INBOX", []byte(fmt.Sprintf("From: Friend %d <f%d@example.org>\r\nTo: ann@example.org\r\nSubject: Letter %d\r\n"+
			"Date: Mon, 23 Nov 2026 1%d:00:00 +0000\r\nMessage-ID: <undo%d@example.org>\r\n\r\nHello number %d.\r\n", i, i, i, i, i, i)))
	}
	if out, err := d.Doveadm("mailbox", "create", "-s", "-u", "ann", "Projects"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Ann", Email: "ann@example.org", Settings: accounts.Settings{
		Protocol: accounts.IMAP, TrustedCerts: []string{d.CertSHA256},
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	syncOnce(t, ui, acct)
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	ui.refreshFolders(false)
	ui.folders.selectFolder(in.ID)
	server := func(box string) int {
		t.Helper()
		out, err := d.Doveadm("mailbox", "status", "-u", "ann", "messages", box)
		if err != nil {
			if strings.Contains(out, "Mailbox doesn't exist") || strings.Contains(out, "not found") {
				return 0
			}
			t.Fatalf("doveadm: %v %s", err, out)
		}
		var n int
		fmt.Sscanf(strings.TrimSpace(out[strings.LastIndex(out, "messages=")+len("messages="):]), "%d", &n)
		return n
	}
	return ui, s, acct, server
}

func syncOnce(t *testing.T, ui *UI, a accounts.Account) {
	t.Helper()
	if _, err := ui.syncAccount(a); err != nil {
		t.Fatal(err)
	}
	ui.refreshFolders(false)
}

func localCount(t *testing.T, s *localstore.Store, acct int64, role localstore.Role) int {
	t.Helper()
	f, err := s.FolderByRole(acct, role)
	if err != nil {
		return 0
	}
	return f.Total
}

// Delete of several messages offers Undo; Ctrl+Z takes it back here and
// the queued server change with it: the server never sees it (#29).
func TestUndoDeleteOfSeveralBeforeTheServerHeard(t *testing.T) {
	ui, s, acct, server := undoSetup(t)
	clickRow(t, ui, 0, 0)
	clickRow(t, ui, 1, fyne.KeyModifierShift)
	ui.doDelete()
	if localCount(t, s, acct.ID, localstore.RoleInbox) != 2 || !ui.undo.bar.Visible() || ui.undo.label.Text != "2 messages moved to the Trash." {
		t.Fatalf("after Delete: inbox %d, notice %v %q", localCount(t, s, acct.ID, localstore.RoleInbox), ui.undo.bar.Visible(), ui.undo.label.Text)
	}
	moves := 0 // opening messages queued "read" too: count the moves
	ops, _ := s.Pending(acct.ID)
	for _, o := range ops {
		if o.Kind == localstore.OpMove {
			moves++
		}
	}
	if moves != 2 {
		t.Fatalf("%d moves queued, want 2", moves)
	}
	capture(t, ui, "undo-notice")
	// Ctrl+Z, with the message list focused.
	ui.win.Canvas().Focus(ui.list.list)
	typeShortcut(t, ui.win.Canvas(), &fyne.ShortcutUndo{})
	if got := localCount(t, s, acct.ID, localstore.RoleInbox); got != 4 || ui.undo.bar.Visible() {
		t.Fatalf("after Ctrl+Z: inbox %d, notice %v", got, ui.undo.bar.Visible())
	}
	ops, _ = s.Pending(acct.ID)
	for _, o := range ops {
		if o.Kind == localstore.OpMove {
			t.Fatalf("a move still queued after Undo: %+v", o)
		}
	}
	capture(t, ui, "undo-done")
	syncOnce(t, ui, acct)
	if server("INBOX") != 4 || server("Trash") != 0 || localCount(t, s, acct.ID, localstore.RoleInbox) != 4 {
		t.Fatalf("after the sync: server INBOX %d Trash %d, here %d", server("INBOX"), server("Trash"), localCount(t, s, acct.ID, localstore.RoleInbox))
	}
	// Nothing left to undo: Ctrl+Z does nothing.
	ui.doUndo()
	if localCount(t, s, acct.ID, localstore.RoleInbox) != 4 {
		t.Fatal("a second Undo changed something")
	}
}

// Archive, synced (the server has it), then Edit › Undo: the way back is
// queued and the next sync moves it back on the server, no copy left
// behind and none doubled.
func TestUndoArchiveAfterTheServerHeard(t *testing.T) {
	ui, s, acct, server := undoSetup(t)
	if _, err := s.FolderByRole(acct.ID, localstore.RoleArchive); err != nil {
		if _, err := s.CreateFolder(acct.ID, localstore.Folder{Name: "Archive", Path: "Archive", Role: localstore.RoleArchive}); err != nil {
			t.Fatal(err)
		}
	}
	clickRow(t, ui, 0, 0)
	ui.doArchive()
	syncOnce(t, ui, acct)
	if server("Archive") != 1 || server("INBOX") != 3 {
		t.Fatalf("archive on the server: Archive %d INBOX %d", server("Archive"), server("INBOX"))
	}
	if !ui.undo.bar.Visible() || ui.undo.label.Text != "1 message archived." {
		t.Fatalf("notice %q", ui.undo.label.Text)
	}
	ui.undo.item.Action() // Edit › Undo
	if localCount(t, s, acct.ID, localstore.RoleInbox) != 4 {
		t.Fatal("not back here")
	}
	syncOnce(t, ui, acct)
	syncOnce(t, ui, acct) // and once more: nothing doubles
	if server("Archive") != 0 || server("INBOX") != 4 {
		t.Fatalf("after Undo and sync: Archive %d INBOX %d", server("Archive"), server("INBOX"))
	}
	if localCount(t, s, acct.ID, localstore.RoleInbox) != 4 || localCount(t, s, acct.ID, localstore.RoleArchive) != 0 {
		t.Fatalf("here: Inbox %d Archive %d", localCount(t, s, acct.ID, localstore.RoleInbox), localCount(t, s, acct.ID, localstore.RoleArchive))
	}
}

// Move to a folder, undone from the notice's button.
func TestUndoMoveFromTheNotice(t *testing.T) {
	ui, s, acct, server := undoSetup(t)
	var projects localstore.Folder
	fs, _ := s.Folders(acct.ID)
	for _, f := range fs {
		if f.Name == "Projects" {
			projects = f
		}
	}
	if projects.ID == 0 {
		t.Fatal("no Projects folder")
	}
	clickRow(t, ui, 0, 0)
	clickRow(t, ui, 2, fyne.KeyModifierControl)
	ui.moveMessages(ids(ui.list.selection()), projects.ID)
	if ui.undo.label.Text != "2 messages moved to Projects." {
		t.Fatalf("notice %q", ui.undo.label.Text)
	}
	test.Tap(ui.undo.btn)
	syncOnce(t, ui, acct)
	if server("Projects") != 0 || server("INBOX") != 4 || localCount(t, s, acct.ID, localstore.RoleInbox) != 4 {
		t.Fatalf("Projects %d INBOX %d here %d", server("Projects"), server("INBOX"), localCount(t, s, acct.ID, localstore.RoleInbox))
	}
}

// The notice goes away when its time is up, and Edit › Undo still takes
// the change back after that (#29).
func TestUndoNoticeEndsButUndoStays(t *testing.T) {
	ui, s, acct, _ := undoSetup(t)
	clickRow(t, ui, 0, 0)
	ui.doDelete()
	if !ui.undo.bar.Visible() {
		t.Fatal("no notice after Delete")
	}
	fireTimers(ui)
	if ui.undo.bar.Visible() {
		t.Fatal("the notice stayed after its time")
	}
	if ui.undo.item.Disabled {
		t.Fatal("Edit › Undo switched off with the notice")
	}
	ui.undo.item.Action()
	if got := localCount(t, s, acct.ID, localstore.RoleInbox); got != 4 {
		t.Fatalf("after Edit › Undo: inbox %d", got)
	}
}
