package app

import (
	"fmt"
	"strings"
	"sync/atomic"
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

// The whole everyday path of a new person, in one go, against a real
// Dovecot: the wizard with a sending server that cannot be reached, Back
// and forward keeping what was typed, the account's Inbox open, a message
// moved by the menu, by a right click and by dragging, several selected
// and archived while the server is out of reach (the status bar says so
// and counts the waiting changes), and the server back: the changes
// reach it and the status bar says up to date.
func TestEverydayWalkThrough(t *testing.T) {
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"sam@example.com": "pw-sam"}, "")
	for i := 1; i <= 6; i++ {
		d.Deliver("sam@example.com", "INBOX", []byte(fmt.Sprintf(
			"From: Friend %d <f%d@example.org>\r\nTo: sam@example.com\r\nSubject: Letter %d\r\nDate: Mon, 23 Nov 2026 1%d:00:00 +0000\r\nMessage-ID: <walk%d@example.org>\r\n\r\nHello number %d.\r\n", i, i, i, i, i, i)))
	}
	serverCount := func(box string) int {
		t.Helper()
		out, err := d.Doveadm("mailbox", "status", "-u", "sam@example.com", "messages", box)
		if err != nil {
			t.Fatalf("doveadm: %v %s", err, out)
		}
		var n int
		if _, err := fmt.Sscanf(strings.TrimSpace(out[strings.LastIndex(out, "messages=")+len("messages="):]), "%d", &n); err != nil {
			t.Fatalf("doveadm said %q", out)
		}
		return n
	}
	var down atomic.Bool
	ui.opts.Checker = setup.Checker{Net: switchableNet(&down)}
	ui.opts.Discoverer = &setup.Discoverer{Timeout: time.Second, Providers: []setup.Provider{{
		ID: "example", Name: "Example Mail", Domains: []string{"example.com"}, Username: "%EMAILADDRESS%",
		IMAP: &netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS},
		POP:  &netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS},
		SMTP: &netconf.Server{Host: "127.0.0.1", Port: closedPort(t), Security: netconf.TLS},
	}}}

	// 1. First start: the wizard, a mistyped password.
	v := ui.openWizard()
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	test.Type(v.name, "Sam")
	test.Type(v.email, "sam@example.com")
	test.Type(v.password, "pw-typo")
	test.Tap(v.next)
	v.questions[0].SetSelected("Yes") // reads on a phone too: IMAP
	v.protocol.SetSelected(accounts.IMAPTitle)
	test.Tap(v.next)
	test.Tap(v.next)
	if v.trust != nil {
		test.Tap(v.trust)
	}
	if v.w.IncomingErr == nil {
		t.Fatalf("a wrong password passed:\n%s", wizardText(v))
	}
	shoot(t, v, "walk-1-wrong-password")

	// 2. Back to fix the password; forward keeps the choice.
	for v.w.Step() != setup.StepIdentity {
		test.Tap(v.back)
	}
	if v.name.Text != "Sam" || v.email.Text != "sam@example.com" {
		t.Fatalf("Back lost what was typed: %q %q", v.name.Text, v.email.Text)
	}
	v.password.SetText("pw-sam")
	test.Tap(v.next)
	if v.protocol.Selected != accounts.IMAPTitle {
		t.Fatalf("the choice became %q", v.protocol.Selected)
	}
	test.Tap(v.next)
	test.Tap(v.next)
	if v.w.IncomingErr != nil || !strings.Contains(wizardText(v), "You can receive mail. Sending did not work yet") {
		t.Fatalf("check:\n%s", wizardText(v))
	}
	shoot(t, v, "walk-2-receive-only")
	test.Tap(v.next)
	test.Tap(v.next)

	// 3. The account is there and its Inbox is open.
	list, _ := accounts.List(s)
	if len(list) != 1 {
		t.Fatalf("accounts: %+v", list)
	}
	acct := list[0]
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if ui.list.folderID != in.ID {
		t.Fatal("the new account's Inbox is not open")
	}
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	ui.folders.selectFolder(in.ID)
	if len(ui.list.rows) != 6 {
		t.Fatalf("Inbox shows %d messages, want 6", len(ui.list.rows))
	}
	capture(t, ui, "walk-3-inbox")
	arch, err := s.FolderByRole(acct.ID, localstore.RoleArchive)
	if err != nil {
		t.Fatalf("no Archive folder: %v", err)
	}
	local := func(id int64) int { f, _ := s.Folder(id); return f.Total }

	// 4. Move by the menu: Message › Move to…, type, Enter.
	openBySubject(t, ui, "Letter 6")
	ui.doMoveTo()
	test.Type(ui.moving.filter, "arch")
	if len(ui.moving.shown) == 0 || ui.moving.shown[0].id != arch.ID { // this account's first
		t.Fatalf("the picker shows %+v", ui.moving.shown)
	}
	ui.moving.filter.OnSubmitted(ui.moving.filter.Text)

	// 5. By a right click: the row's menu, Archive.
	ui.folders.selectFolder(in.ID)
	ui.win.Canvas().Capture()
	row := func(i int) *rowView {
		t.Helper()
		for _, o := range test.LaidOutObjects(ui.list.list) {
			if r, ok := o.(*rowView); ok && r.id == i {
				return r
			}
		}
		t.Fatalf("no row %d", i)
		return nil
	}
	row(0).TappedSecondary(&fyne.PointEvent{AbsolutePosition: fyne.NewPos(400, 120)})
	for _, it := range ui.contextMenu.Items {
		if it.Label == "Archive" {
			it.Action()
		}
	}
	ui.win.Canvas().Overlays().Top().Hide()

	// 6. By dragging the row onto the Archive folder in the tree.
	target := folderCenter(t, ui, arch.ID)
	r := row(0)
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: target}})
	r.DragEnd()
	if local(arch.ID) != 3 || local(in.ID) != 3 {
		t.Fatalf("after three moves: Archive %d, Inbox %d", local(arch.ID), local(in.ID))
	}
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	if serverCount("Archive") != 3 || serverCount("INBOX") != 3 {
		t.Fatalf("the server has Archive %d, INBOX %d", serverCount("Archive"), serverCount("INBOX"))
	}

	// 7. The server goes out of reach; two selected and archived.
	down.Store(true)
	ui.folders.selectFolder(in.ID)
	clickRow(t, ui, 0, 0)
	clickRow(t, ui, 1, fyne.KeyModifierShift)
	ui.doArchive()
	ui.doGetMail()
	// Two moves, and opening the first marked it read: each is a change.
	n, _ := s.PendingCount(acct.ID)
	if n < 2 {
		t.Fatalf("%d changes waiting, want the two moves at least", n)
	}
	want := fmt.Sprintf("Sam: the mail server 127.0.0.1 has not answered since %s (this computer is online; the server may be down) — %d changes waiting; everything downloaded is still here", fixedNow.Format("15:04"), n)
	if ui.status.Text != want {
		t.Fatalf("offline:\n got %q\nwant %q", ui.status.Text, want)
	}
	capture(t, ui, "walk-4-offline")

	// 8. The server is back: the changes go, up to date.
	down.Store(false)
	ui.doGetMail()
	if want := fmt.Sprintf("Sam: No new messages, %d changes sent to the server in 6 folders; up to date.", n); ui.status.Text != want {
		t.Fatalf("back online:\n got %q\nwant %q", ui.status.Text, want)
	}
	if n, _ := s.PendingCount(acct.ID); n != 0 {
		t.Fatalf("%d changes still waiting", n)
	}
	if serverCount("Archive") != 5 || serverCount("INBOX") != 1 {
		t.Fatalf("the server has Archive %d, INBOX %d", serverCount("Archive"), serverCount("INBOX"))
	}
	ui.win.Canvas().Capture()
	capture(t, ui, "walk-5-up-to-date")
}
