package app

import (
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// closedPort is a port on this machine where nothing listens.
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// A new person with a sending server that cannot be reached: a wrong
// password first, Back to fix it, forward again. Their own choice of IMAP
// (against the recommendation) and the servers they entered are kept, and
// the wizard finishes with receiving only; writing then says sending is
// missing.
func TestWizardFinishesWithoutSendingAndBackKeepsChoices(t *testing.T) {
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"sam@example.com": "pw-sam"}, "")
	down := closedPort(t)
	ui.opts.Discoverer = &setup.Discoverer{Timeout: time.Second, Providers: []setup.Provider{{
		ID: "example", Name: "Example Mail", Domains: []string{"example.com"}, Username: "%EMAILADDRESS%",
		IMAP: &netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS},
		POP:  &netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS},
		SMTP: &netconf.Server{Host: "127.0.0.1", Port: down, Security: netconf.TLS},
	}}}
	ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 5 * time.Second}}
	v := ui.openWizard()
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	test.Type(v.name, "Sam")
	test.Type(v.email, "sam@example.com")
	test.Type(v.password, "wrong")
	test.Tap(v.next)
	v.questions[0].SetSelected("No")
	v.questions[2].SetSelected("Yes") // an archive: POP is recommended…
	if v.protocol.Selected != accounts.POPTitle {
		t.Fatalf("recommended %q", v.protocol.Selected)
	}
	v.protocol.SetSelected(accounts.IMAPTitle) // …but Sam chooses IMAP
	test.Tap(v.next)
	// Sam types the outgoing server's user name by hand.
	in, out := v.w.Settings.Incoming, v.w.Settings.Outgoing
	out.Username = "sam-smtp"
	v.w.SetServers(in, out)
	test.Tap(v.next)
	if v.trust == nil {
		t.Fatalf("no certificate to trust:\n%s", wizardText(v))
	}
	test.Tap(v.trust)
	if v.w.IncomingErr == nil || !v.next.Disabled() {
		t.Fatalf("a wrong password passed: %v", v.w.IncomingErr)
	}
	shoot(t, v, "wizard-later-1-wrong-password")

	for v.w.Step() != setup.StepIdentity {
		test.Tap(v.back)
	}
	v.password.SetText("pw-sam")
	test.Tap(v.next)
	if v.protocol.Selected != accounts.IMAPTitle || v.w.Settings.Protocol != accounts.IMAP {
		t.Fatalf("after Back, the choice became %q / %s", v.protocol.Selected, v.w.Settings.Protocol)
	}
	test.Tap(v.next)
	if v.w.Settings.Outgoing.Username != "sam-smtp" || !strings.Contains(wizardText(v), "as you entered them") {
		t.Fatalf("after Back, the servers were reset: %+v\n%s", v.w.Settings.Outgoing, wizardText(v))
	}
	shoot(t, v, "wizard-later-2-kept")
	test.Tap(v.next)
	text := wizardText(v)
	if v.w.IncomingErr != nil || v.next.Disabled() || !strings.Contains(text, "You can receive mail. Sending did not work yet") {
		t.Fatalf("check: %v\n%s", v.w.IncomingErr, text)
	}
	shoot(t, v, "wizard-later-3-receive-only")
	test.Tap(v.next)
	if v.w.Step() != setup.StepSummary || !strings.Contains(wizardText(v), "can be fixed later") {
		t.Fatalf("summary:\n%s", wizardText(v))
	}
	shoot(t, v, "wizard-later-4-summary")
	test.Tap(v.next)
	list, _ := accounts.List(s)
	if len(list) != 1 || list[0].Settings.Protocol != accounts.IMAP || list[0].Settings.Outgoing.Username != "sam-smtp" {
		t.Fatalf("accounts: %+v", list)
	}
	if in, _ := s.FolderByRole(list[0].ID, localstore.RoleInbox); ui.list.folderID != in.ID {
		t.Fatal("the new account's Inbox is not open")
	}
	capture(t, ui, "wizard-later-5-inbox")
}

// An account with no outgoing server yet: writing says so, and sending
// keeps the message in the Outbox with that reason.
func TestWritingWithoutSendingSaysWhatIsMissing(t *testing.T) {
	ui, s := newTestUI(t)
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{
		Protocol: accounts.POP, Incoming: netconf.Server{Host: "127.0.0.1", Port: closedPort(t), Security: netconf.TLS, Username: "sam"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	if v == nil {
		t.Fatal("no compose window")
	}
	t.Cleanup(func() { v.win.Close() })
	var warned bool
	for _, o := range test.LaidOutObjects(v.fileList) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "Sending is not set up for this account yet") {
			warned = true
		}
	}
	if !warned {
		t.Fatal("writing from an account without sending does not say so")
	}
}
