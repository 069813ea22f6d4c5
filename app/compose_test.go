package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func TestReplyIsQueuedSentOnceAndMarksAnswered(t *testing.T) {
	ui, s := newTestUI(t)
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{
		Protocol: accounts.POP, Outgoing: netconf.Server{Host: "127.0.0.1", Port: sub.Port, Security: netconf.Plain, Username: "sam"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	in := inbox(t, ui)
	ui.folders.selectFolder(in.ID)
	ui.list.list.Select(0) // the welcome message
	orig := ui.list.rows[0]
	before := len(ui.app.Driver().AllWindows())
	test.Tap(ui.reply)
	wins := ui.app.Driver().AllWindows()
	if len(wins) != before+1 {
		t.Fatal("no compose window")
	}
	v := ui.lastCompose
	if v == nil || v.subject.Text != "Re: Welcome to Postie" || !strings.Contains(v.to.Text, "welcome@postie.invalid") ||
		!strings.Contains(v.body.Text, "Postie wrote:\n> Hello, and welcome to Postie.") {
		t.Fatalf("reply draft: %+v", v)
	}
	v.body.SetText("Thank you!\n" + v.body.Text)
	v.win.Resize(fyne.NewSize(720, 560))
	capture(t, &UI{win: v.win}, "compose-reply")
	test.Tap(v.send)
	got := sub.Messages()
	if len(got) != 1 || !strings.Contains(string(got[0].Data), "Thank you!") || !strings.Contains(string(got[0].Data), "In-Reply-To: <welcome-1@postie.invalid>") {
		t.Fatalf("server received %d messages", len(got))
	}
	if m, _ := s.Message(orig.ID); m.Flags&localstore.Answered == 0 {
		t.Fatal("the original is not marked Answered")
	}
	sent, _ := s.FolderByRole(acct.ID, localstore.RoleSent)
	if sent.Total != 1 {
		t.Fatalf("Sent holds %d", sent.Total)
	}
	ui.syncAccount(acct)
	if len(sub.Messages()) != 1 {
		t.Fatal("sent twice")
	}
}

func TestComposeRefusesBadAddresses(t *testing.T) {
	ui, s := newTestUI(t)
	acct, _ := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{Protocol: accounts.POP}}, "pw")
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	v.to.SetText("not an address; really")
	test.Tap(v.send)
	if !strings.Contains(v.errMsg.Text, "is not an email address") {
		t.Fatalf("error %q", v.errMsg.Text)
	}
	if out, _ := s.Outbox(acct.ID); len(out) != 0 {
		t.Fatal("a bad message was queued")
	}
}

func TestComposeWithSignatureAndAttachment(t *testing.T) {
	ui, s := newTestUI(t)
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	acct, _ := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{
		Protocol: accounts.POP, Signature: "Sam\nGarden club",
		Outgoing: netconf.Server{Host: "127.0.0.1", Port: sub.Port, Security: netconf.Plain, Username: "sam"}}}, "pw")
	test.Tap(ui.write)
	v := ui.lastCompose
	if !strings.Contains(v.body.Text, "-- \nSam\nGarden club") {
		t.Fatalf("no signature: %q", v.body.Text)
	}
	v.to.SetText("Kim <kim@example.org>")
	v.subject.SetText("Seeds")
	v.addFile("seed list.txt", "text/plain", []byte("tomatoes, beans"))
	capture(t, &UI{win: v.win}, "compose-new")
	test.Tap(v.send)
	got := sub.Messages()
	if len(got) != 1 || !strings.Contains(string(got[0].Data), `filename="seed list.txt"`) || !strings.Contains(string(got[0].Data), "Garden club") {
		t.Fatalf("received %d: %.300s", len(got), func() string {
			if len(got) > 0 {
				return string(got[0].Data)
			}
			return ""
		}())
	}
	_ = acct
}

// A field with an address and an unfinished one names the unfinished
// one (#29, seen in the real window: "… is not a list of email
// addresses (separate them with commas)" although they were).
func TestParseAddrsNamesThePartThatIsNoAddress(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Bonnie Boyd <bonnie@example.test>, bo", `"bo" is not an email address`},
		{"ann@example.org, bob@", `"bob@" is not an email address`},
		{`"Lee, Ann" <ann@example.org> bob`, "is not a list of email addresses"},
	} {
		_, err := parseAddrs(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
	if list, err := parseAddrs(`"Lee, Ann" <ann@example.org>, bob@example.test,`); err != nil || len(list) != 2 {
		t.Fatalf("a good list: %v %v", list, err)
	}
}
