package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/sample"
)

// A new IMAP account's first sync, as the window shows it: the Inbox
// lists every message newest first, each one whole (readable offline and
// searchable), and the status bar says the sync is done.
func TestFirstIMAPSyncInTheWindow(t *testing.T) {
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	msgs := make([][]byte, 300)
	for i := range msgs {
		msgs[i] = sample.Realistic(i, base) // plain, HTML, attachments, charsets; dated in order
	}
	d.FillMaildir("ann", msgs)
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Ann", Email: "ann@example.org", Settings: accounts.Settings{
		Protocol: accounts.IMAP, TrustedCerts: []string{d.CertSHA256},
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	ui.refreshFolders(false)
	ui.folders.selectFolder(in.ID)
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	if ui.list.length() != 300 || len(ui.list.rows) == 0 {
		t.Fatalf("the Inbox lists %d messages (%d read), want 300", ui.list.length(), len(ui.list.rows))
	}
	newest, _ := s.Messages(in.ID, nil, 300)
	if ui.list.rows[0].ID != newest[0].ID {
		t.Fatalf("the list begins with %q, not the newest message %q", ui.list.rows[0].Subject, newest[0].Subject)
	}
	for _, m := range newest {
		if m.Partial {
			t.Fatalf("%q is header-only after the first sync", m.Subject)
		}
	}
	if !strings.Contains(ui.status.Text, "Up to date") && !strings.Contains(ui.status.Text, "300 new") {
		t.Fatalf("status after the first sync: %q", ui.status.Text)
	}
	ui.list.list.Select(0)
	capture(t, ui, "first-imap-sync")
	// The unread count is shown whole: a reused tree row kept the width
	// of its earlier, shorter number and showed "2" of 299.
	for obj, uid := range ui.folders.nodes {
		if uid != folderUID(in.ID) {
			continue
		}
		count := obj.(*fyne.Container).Objects[2].(*widget.Label)
		if count.Text != "299" || count.Size().Width < count.MinSize().Width {
			t.Fatalf("the Inbox's unread count %q is %.0f wide, needs %.0f", count.Text, count.Size().Width, count.MinSize().Width)
		}
	}
}
