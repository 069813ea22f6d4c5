package app

import (
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// An account keeping only the last 30 days offline: an older message is
// listed, downloads when opened, and says so plainly when the server
// cannot be reached.
func TestOlderMessageDownloadsWhenOpened(t *testing.T) {
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	d.Deliver("ann", "INBOX", []byte("From: Ann <ann@example.org>\nSubject: Potato harvest 2020\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n\nThe old potatoes were the best.\n"))
	ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 3 * time.Second}}
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Ann", Email: "ann@example.org", Settings: accounts.Settings{
		Protocol: accounts.IMAP, KeepDays: 30, TrustedCerts: []string{d.CertSHA256},
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	open := func() {
		ui.folders.selectFolder(in.ID)
		ui.list.list.UnselectAll()
		ui.reader.currentID = 0
		ui.list.list.Select(0)
	}
	if m, _ := s.Messages(in.ID, nil, 1); len(m) != 1 || !m[0].Partial {
		t.Fatalf("the old message should be listed with its header only: %+v", m)
	}
	open()
	if !strings.Contains(ui.reader.view.Text, "The old potatoes were the best.") || ui.reader.notHere.Visible() {
		t.Fatalf("not downloaded on opening: %q", ui.reader.view.Text)
	}

	// The next sync lets it go again (it is older than 30 days), once
	// "read" has reached the server.
	ui.syncAccount(acct)
	if m, _ := s.Messages(in.ID, nil, 1); !m[0].Partial {
		t.Fatal("the body of an old message was kept after a sync")
	}
	d.Stop()
	open()
	if !ui.reader.notHere.Visible() || !strings.Contains(ui.reader.notHereText.Text, "kept on the server only") || !ui.reader.notHereRetry.Visible() {
		t.Fatalf("offline: %q", ui.reader.notHereText.Text)
	}
	if ui.reader.subject.Text != "Potato harvest 2020" {
		t.Fatalf("the header is not shown: %q", ui.reader.subject.Text)
	}
	capture(t, ui, "reader-not-downloaded")
}
