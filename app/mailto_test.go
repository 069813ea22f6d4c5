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
