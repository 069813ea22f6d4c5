package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// wizardUI is a window whose wizard finds example.com's settings in a
// provider table that points at a private Dovecot and a fake SMTP server.
func wizardUI(t *testing.T) (*UI, *localstore.Store, *testservers.Server) {
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"sam@example.com": "pw-sam"}, "")
	smtp := testservers.FakeSMTP(t, "sam@example.com", "pw-sam", "Authentication failed")
	ui.opts.Discoverer = &setup.Discoverer{Timeout: time.Second, Providers: []setup.Provider{{
		ID: "example", Name: "Example Mail", Domains: []string{"example.com"}, Webmail: true, Username: "%EMAILADDRESS%",
		IMAP: &netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS},
		POP:  &netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS},
		SMTP: &netconf.Server{Host: "127.0.0.1", Port: smtp, Security: netconf.Plain},
	}}}
	ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 5 * time.Second}}
	return ui, s, d
}

func shoot(t *testing.T, v *wizardView, name string) {
	t.Helper()
	v.win.Resize(fyne.NewSize(760, 700))
	capture(t, &UI{win: v.win}, name)
}

func wizardText(v *wizardView) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(v.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			b.WriteString(l.Text + "\n")
		}
	}
	if over := v.win.Canvas().Overlays().Top(); over != nil {
		for _, o := range test.LaidOutObjects(over) {
			if l, ok := o.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

func startWizard(t *testing.T, ui *UI) *wizardView {
	v := ui.openWizard()
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	shoot(t, v, "wizard-1-identity")
	test.Type(v.name, "Sam")
	test.Type(v.email, "sam@example.com")
	test.Type(v.password, "pw-sam")
	test.Tap(v.next)
	if v.w.Step() != setup.StepUsage {
		t.Fatalf("still at step %d: %s", v.w.Step(), v.errMsg.Text)
	}
	return v
}

func TestWizardIMAPPath(t *testing.T) {
	ui, s, _ := wizardUI(t)
	v := startWizard(t, ui)
	v.questions[0].SetSelected("Yes") // reads mail on a phone too
	if v.protocol.Selected != accounts.IMAPTitle || !strings.Contains(wizardText(v), "We recommend: "+accounts.IMAPTitle) {
		t.Fatalf("recommendation: %q", v.protocol.Selected)
	}
	shoot(t, v, "wizard-2-usage")
	test.Tap(v.next)
	text := wizardText(v)
	if !strings.Contains(text, "Source: Postie's list of mail providers (Example Mail)") {
		t.Fatalf("finding step shows:\n%s", text)
	}
	shoot(t, v, "wizard-3-found")
	test.Tap(v.next) // SMTP is plain here: the warning comes first
	if !strings.Contains(wizardText(v), "unprotected") {
		t.Fatal("no warning before using no encryption")
	}
	shoot(t, v, "wizard-3b-plain-warning")
	answerDialog(t, v.win, true)
	if v.w.Step() != setup.StepCheck {
		t.Fatalf("step %d after confirming", v.w.Step())
	}
	text = wizardText(v)
	if v.trust == nil || !strings.Contains(text, "SHA-256 fingerprint") || !strings.Contains(text, "Sending mail: signed in") {
		t.Fatalf("check step:\n%s", text)
	}
	shoot(t, v, "wizard-4-certificate")
	test.Tap(v.trust)
	if v.w.IncomingErr != nil || !v.next.Disabled() == false {
		t.Fatalf("after trusting: %v", v.w.IncomingErr)
	}
	shoot(t, v, "wizard-4b-checked")
	test.Tap(v.next)
	if v.w.Step() != setup.StepSummary {
		t.Fatalf("IMAP went to step %d, want the summary", v.w.Step())
	}
	shoot(t, v, "wizard-6-summary-imap")
	test.Tap(v.next)
	list, _ := accounts.List(s)
	if len(list) != 1 || list[0].Settings.Protocol != accounts.IMAP {
		t.Fatalf("accounts: %+v", list)
	}
	if ui.addAccountBox.Visible() {
		t.Fatal("the window still invites to add a first account")
	}
	if pw, _ := ui.opts.Secrets.Get(list[0].ID, secrets.Incoming); pw != "pw-sam" {
		t.Fatal("password not kept in the secrets store")
	}
}

func TestWizardPOPPathWarnsForEveryRemovingChoice(t *testing.T) {
	ui, s, _ := wizardUI(t)
	v := startWizard(t, ui)
	v.questions[0].SetSelected("No")
	v.questions[2].SetSelected("Yes") // wants an archive
	if v.protocol.Selected != accounts.POPTitle {
		t.Fatalf("recommended %q", v.protocol.Selected)
	}
	test.Tap(v.next)
	test.Tap(v.next)
	answerDialog(t, v.win, true) // plain SMTP
	test.Tap(v.trust)
	test.Tap(v.next)
	if v.w.Step() != setup.StepServerCopies {
		t.Fatalf("step %d, want server copies", v.w.Step())
	}
	keep := accounts.CopiesChoices(30)[0].Label
	if v.copies.Selected != keep {
		t.Fatalf("default is %q, want Keep", v.copies.Selected)
	}
	shoot(t, v, "wizard-5-copies")
	for i, c := range accounts.CopiesChoices(30)[1:] {
		v.copies.SetSelected(c.Label)
		text := wizardText(v)
		right := "only copy"
		if c.Copies.Mode == accounts.OnDelete { // deleting for ever removes this computer's copy too (#29)
			right = "gone everywhere at once: from this computer"
			if strings.Contains(text, "only copy") {
				t.Fatalf("%q says this computer keeps the only copy:\n%s", c.Label, text)
			}
		}
		if !strings.Contains(text, right) || !strings.Contains(text, "webmail") {
			t.Fatalf("no warning for %q:\n%s", c.Label, text)
		}
		if i == 0 {
			shoot(t, v, "wizard-5b-copies-warning")
		}
		answerDialog(t, v.win, false) // "No, keep them"
		if v.copies.Selected != keep || v.w.Settings.ServerCopies.Mode != accounts.Keep {
			t.Fatalf("cancelling %q left %q / %s", c.Label, v.copies.Selected, v.w.Settings.ServerCopies.Mode)
		}
	}
	v.copies.SetSelected(keep)
	if v.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a warning for keeping the copies")
	}
	onDelete := accounts.CopiesChoices(30)[2].Label
	v.copies.SetSelected(onDelete)
	answerDialog(t, v.win, true)
	if v.w.Settings.ServerCopies.Mode != accounts.OnDelete || v.copies.Selected != onDelete {
		t.Fatalf("confirmed choice not taken: %s", v.w.Settings.ServerCopies.Mode)
	}
	test.Tap(v.next)
	shoot(t, v, "wizard-6-summary-pop")
	if !strings.Contains(wizardText(v), "until you delete a message for ever here") {
		t.Fatalf("summary:\n%s", wizardText(v))
	}
	test.Tap(v.next)
	list, _ := accounts.List(s)
	if len(list) != 1 || list[0].Settings.ServerCopies.Mode != accounts.OnDelete {
		t.Fatalf("accounts: %+v", list)
	}
}

// The POP warnings' safe answer is the default: "No, keep them" is the
// highlighted button and has the keyboard, Enter takes it, and Escape
// closes the warning keeping the copies (#29: Escape did nothing and
// "Yes, remove them" was the highlighted one).
func TestRemovalWarningDefaultsToKeeping(t *testing.T) {
	ui, _, _ := wizardUI(t)
	v := startWizard(t, ui)
	v.questions[0].SetSelected("No")
	v.questions[2].SetSelected("Yes")
	test.Tap(v.next)
	test.Tap(v.next)
	answerDialog(t, v.win, true) // plain SMTP
	test.Tap(v.trust)
	test.Tap(v.next)
	keep := accounts.CopiesChoices(30)[0].Label
	c := v.win.Canvas()
	for _, k := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		for _, ch := range accounts.CopiesChoices(30)[1:] {
			v.copies.SetSelected(ch.Label)
			over := c.Overlays().Top()
			if over == nil {
				t.Fatalf("no warning for %q", ch.Label)
			}
			f, ok := c.Focused().(*dialogButton)
			if !ok || f.Text != "No, keep them" || f.Importance != widget.HighImportance {
				t.Fatalf("the warning for %q starts on %T %+v", ch.Label, c.Focused(), f)
			}
			for _, o := range test.LaidOutObjects(over) {
				if b, ok := o.(*dialogButton); ok && b.Text == "Yes, remove them" && b.Importance == widget.HighImportance {
					t.Fatal("the removing button is the highlighted one")
				}
			}
			if k == fyne.KeyEscape && ch.Copies.Mode == accounts.OnDelete {
				shoot(t, v, "wizard-5c-ondelete-warning")
			}
			c.Focused().TypedKey(&fyne.KeyEvent{Name: k})
			if c.Overlays().Top() != nil {
				t.Fatalf("%s left the warning for %q open", k, ch.Label)
			}
			if v.copies.Selected != keep || v.w.Settings.ServerCopies.Mode != accounts.Keep {
				t.Fatalf("%s on %q left %q", k, ch.Label, v.copies.Selected)
			}
		}
	}
	// Escape with nothing focused (after a click beside the buttons).
	v.copies.SetSelected(accounts.CopiesChoices(30)[3].Label)
	c.Unfocus()
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil || v.w.Settings.ServerCopies.Mode != accounts.Keep {
		t.Fatal("Escape with nothing focused did not close the warning")
	}
}
