package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/postie-mail/postie/accounts"
)

// A mailto: link (a click on an address in a web page) opens a compose
// window filled in: several addresses, Cc, the subject and a body with
// line breaks.
func TestMailtoOpensAFilledInComposeWindow(t *testing.T) {
	ui, s := newTestUI(t)
	if _, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP}}, "pw"); err != nil {
		t.Fatal(err)
	}
	v := ui.openMailto("mailto:kim@example.org,lee@example.org?cc=boss@example.com&subject=Caf%C3%A9%20meeting&body=Hello%2C%0D%0Asee%20you%20there.")
	if v == nil {
		t.Fatal("no compose window")
	}
	defer v.win.Close()
	d := v.draft()
	if len(d.To) != 2 || d.To[1].Address != "lee@example.org" || len(d.Cc) != 1 || d.Subject != "Café meeting" ||
		!strings.HasPrefix(d.Body, "Hello,\nsee you there.") {
		t.Fatalf("draft: to=%v cc=%v subject=%q body=%q", d.To, d.Cc, d.Subject, d.Body)
	}
	v.win.Resize(fyne.NewSize(800, 600))
	capture(t, &UI{win: v.win}, "mailto-compose")
	if ui.openMailto("mailto:a@example.com?body=%ZZ") != nil {
		t.Fatal("a broken link opened a window")
	}
}

// A mailto: link before any account exists (right after installing)
// offers the wizard, and the message opens filled in once the account is
// added — the link is not lost.
func TestMailtoBeforeAnyAccountOpensAfterTheWizard(t *testing.T) {
	ui, s := newTestUI(t)
	if v := ui.openMailto("mailto:kim@example.org?subject=Tickets"); v != nil {
		t.Fatal("a compose window without any account")
	}
	capture(t, ui, "mailto-no-account")
	answerDialog(t, ui.win, true) // "Add an email account"
	w := ui.wizard
	if w == nil || w.closed {
		t.Fatal("the wizard did not open")
	}
	if again := ui.openWizard(); again != w {
		t.Fatal("a second wizard opened beside the first")
	}
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	var opened *composeView
	then := w.then
	w.then = func(a accounts.Account) {
		then(a)
		for _, win := range ui.app.Driver().AllWindows() {
			if strings.Contains(win.Title(), "Tickets") {
				opened = &composeView{win: win}
			}
		}
	}
	w.done(acct, nil) // what the wizard's last step does once the account is stored
	if opened == nil {
		var titles []string
		for _, win := range ui.app.Driver().AllWindows() {
			titles = append(titles, win.Title())
		}
		t.Fatalf("no compose window for the link after adding the account; windows: %q", titles)
	}
	opened.win.Close()
}
