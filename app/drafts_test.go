package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	gomail "github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

func popAccount(t *testing.T, ui *UI, s *localstore.Store, smtpPort int) accounts.Account {
	t.Helper()
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Sam", Email: "sam@example.com", Settings: accounts.Settings{
		Protocol: accounts.POP, Outgoing: netconf.Server{Host: "127.0.0.1", Port: smtpPort, Security: netconf.Plain, Username: "sam"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

// A message being written is kept as a draft (also when the window is
// closed), can be reopened from the Drafts folder — with an address that
// was only half typed — and stops being a draft once sent.
func TestDraftSavedReopenedAndSent(t *testing.T) {
	ui, s := newTestUI(t)
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	acct := popAccount(t, ui, s, sub.Port)
	test.Tap(ui.write)
	v := ui.lastCompose
	v.to.SetText("kim@") // not finished
	v.subject.SetText("Seed swap")
	v.body.SetText("Bring beans.")
	v.saveDraft()
	drafts, _ := s.FolderByRole(acct.ID, localstore.RoleDrafts)
	msgs, _ := s.Messages(drafts.ID, nil, 10)
	if len(msgs) != 1 || msgs[0].Subject != "Seed swap" || msgs[0].Flags&localstore.Draft == 0 {
		t.Fatalf("drafts: %+v", msgs)
	}
	if !strings.HasPrefix(v.saved.Text, "Draft saved at") {
		t.Fatalf("no sign the draft was saved: %q", v.saved.Text)
	}
	v.body.SetText("Bring beans and squash.")
	v.win.Close() // closing saves too
	if msgs, _ = s.Messages(drafts.ID, nil, 10); len(msgs) != 1 || !strings.Contains(msgs[0].Preview, "squash") {
		t.Fatalf("after closing: %+v", msgs)
	}

	ui.folders.selectFolder(drafts.ID)
	ui.list.list.Select(0)
	if !ui.reader.draftBar.Visible() {
		t.Fatal("the reader does not offer to continue the draft")
	}
	capture(t, ui, "draft-in-reader")
	test.Tap(findButton(t, ui.reader.draftBar, "Continue writing"))
	v = ui.lastCompose
	if v.to.Text != "kim@" || v.subject.Text != "Seed swap" || v.body.Text != "Bring beans and squash.\n" {
		t.Fatalf("reopened: to=%q subject=%q body=%q", v.to.Text, v.subject.Text, v.body.Text)
	}
	test.Tap(v.send)
	if !strings.Contains(v.errMsg.Text, `"kim@" is not an email address`) {
		t.Fatalf("a half-typed address was not caught: %q", v.errMsg.Text)
	}
	v.to.SetText("Kim <kim@example.org>")
	test.Tap(v.send)
	if got := sub.Messages(); len(got) != 1 || !strings.Contains(string(got[0].Data), "squash") {
		t.Fatalf("server received %d", len(got))
	}
	if msgs, _ = s.Messages(drafts.ID, nil, 10); len(msgs) != 0 {
		t.Fatalf("the draft is still there after sending: %+v", msgs)
	}
}

func TestDiscardRemovesTheDraft(t *testing.T) {
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	v.subject.SetText("never mind")
	v.saveDraft()
	test.Tap(v.discard)
	test.Tap(findButton(t, v.win.Canvas().Overlays().Top(), "Yes"))
	drafts, _ := s.FolderByRole(acct.ID, localstore.RoleDrafts)
	if msgs, _ := s.Messages(drafts.ID, nil, 10); len(msgs) != 0 {
		t.Fatalf("discarded draft kept: %+v", msgs)
	}
}

// Typing part of a name offers the addresses from the store; Enter takes
// the highlighted one.
func TestAddressSuggestions(t *testing.T) {
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{testMsg(1, "Ann Lee <ann@example.org>", "Hi", "x", fixedNow),
		testMsg(2, "Andrew Marsh <andrew@example.net>", "Hello", "x", fixedNow), testMsg(3, "Bo <bo@example.com>", "Yo", "x", fixedNow)})
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	v.addressBook()
	for i := 0; i < 200 && len(v.addressBook()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	v.win.Canvas().Focus(v.to)
	test.Type(v.to, "an")
	if !v.to.showing() || len(v.to.items) != 2 {
		t.Fatalf("suggestions for “an”: %+v", v.to.items)
	}
	capture(t, &UI{win: v.win}, "compose-suggestions")
	v.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	v.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	want := v.to.items[1].String() + ", "
	if v.to.Text != want || v.to.showing() {
		t.Fatalf("after Enter: %q (want %q)", v.to.Text, want)
	}
	test.Type(v.to, "bo")
	v.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.HasSuffix(v.to.Text, `, Bo <bo@example.com>, `) {
		t.Fatalf("second address: %q", v.to.Text)
	}
	if list, err := parseAddrs(v.to.Text); err != nil || len(list) != 2 {
		t.Fatalf("the completed field does not parse: %v %v", list, err)
	}
}

// Reply all, Forward and Forward as attachment open filled in, and look
// right (rendered to PNG).
func TestReplyAllAndForwardWindows(t *testing.T) {
	ui, s := newTestUI(t)
	popAccount(t, ui, s, 1)
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte("From: Ann Lee <ann@example.org>\r\nTo: sam@example.com, Bo <bo@example.com>\r\nCc: Cy <cy@example.net>\r\n" +
		"Subject: Re: Garden plan\r\nDate: Tue, 24 Nov 2026 09:00:00 +0000\r\nMessage-ID: <plan@example.org>\r\n\r\nShall we plant on Saturday?\r\n")}})
	ui.folders.selectFolder(in.ID)
	for i, r := range ui.list.rows {
		if r.Subject == "Re: Garden plan" {
			ui.list.list.Select(i)
		}
	}
	ui.doReply(true)
	v := ui.lastCompose
	if v.subject.Text != "Re: Garden plan" || !strings.Contains(v.to.Text, "ann@example.org") ||
		!strings.Contains(v.cc.Text, "bo@example.com") || !strings.Contains(v.cc.Text, "cy@example.net") || strings.Contains(v.cc.Text, "sam@") ||
		!strings.Contains(v.body.Text, "Ann Lee wrote:\n> Shall we plant on Saturday?") {
		t.Fatalf("reply all: to=%q cc=%q body=%q", v.to.Text, v.cc.Text, v.body.Text)
	}
	capture(t, &UI{win: v.win}, "compose-reply-all")
	ui.doForward()
	v = ui.lastCompose
	if v.subject.Text != "Fwd: Re: Garden plan" || v.to.Text != "" || !strings.Contains(v.body.Text, "-------- Forwarded message --------\nFrom: Ann Lee") {
		t.Fatalf("forward: %q %q", v.subject.Text, v.body.Text)
	}
	capture(t, &UI{win: v.win}, "compose-forward")
	ui.doForwardAttached()
	v = ui.lastCompose
	if len(v.files) != 1 || v.files[0].Type != "message/rfc822" || !strings.Contains(string(v.files[0].Data), "Shall we plant") {
		t.Fatalf("forward as attachment: %+v", v.files)
	}
	capture(t, &UI{win: v.win}, "compose-forward-attached")
}

// The Outbox window shows a refused message with the reason, and lets
// the person send it again or change it.
func TestOutboxWindow(t *testing.T) {
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	raw, id, rcpt, _ := compose.Build(compose.Draft{From: &gomail.Address{Address: "sam@example.com"}, To: []*gomail.Address{{Address: "nobody@example.org"}},
		Bcc: []*gomail.Address{{Address: "boss@example.com"}}, Subject: "Typo", Body: "hello"}, fixedNow)
	oid, _ := s.QueueOutgoing(acct.ID, id, "sam@example.com", rcpt, raw, 0)
	s.SetOutState(oid, localstore.OutHeld, "The server refused an address of this message (check the spelling of the recipients). It said: “No such user here”.")
	ui.refreshFolders(false)
	if !strings.Contains(ui.status.Text, "1 message in the Outbox could not be sent") {
		t.Fatalf("status: %q", ui.status.Text)
	}
	ui.showOutbox()
	ui.outbox.win.Resize(fyne.NewSize(680, 360))
	capture(t, &UI{win: ui.outbox.win}, "outbox")
	test.Tap(findButton(t, ui.outbox.win.Content(), "Change…"))
	v := ui.lastCompose
	if v.to.Text != "nobody@example.org" || v.bcc.Text != "boss@example.com" || v.subject.Text != "Typo" {
		t.Fatalf("to=%q bcc=%q", v.to.Text, v.bcc.Text)
	}
	if all, _ := s.AllOutgoing(); len(all) != 0 {
		t.Fatal("the message is both in the Outbox and being changed")
	}
}

// findButton finds the button with this text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := buttonOf(o); ok {
			if b.Text == text && found == nil {
				found = b
			}
			return
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// Bold, Italic and List mark the text; the message then goes out with an
// HTML version that our own reader shows in bold.
func TestComposeFormatting(t *testing.T) {
	ui, s := newTestUI(t)
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	acct := popAccount(t, ui, s, sub.Port)
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	v.to.SetText("kim@example.org")
	v.subject.SetText("Seeds")
	v.win.Canvas().Focus(v.body)
	test.Type(v.body, "Bring beans ")
	v.body.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyB, Modifier: fyne.KeyModifierShortcutDefault})
	test.Type(v.body, "today")
	v.body.setCursor(len([]rune(v.body.Text)) + 1)
	test.Type(v.body, ".\nsquash")
	v.body.listLine()
	if got := v.body.Text; got != "Bring beans *today*.\n- squash" {
		t.Fatalf("body %q", got)
	}
	v.win.Resize(fyne.NewSize(720, 560))
	capture(t, &UI{win: v.win}, "compose-formatting")
	// With words selected (here: all, ending in a space), Italic hugs them.
	e := newBodyEntry()
	e.SetText("really good ")
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	e.wrap("_")
	if e.Text != "_really good_ " {
		t.Fatalf("wrapping a selection: %q", e.Text)
	}
	test.Tap(v.send)
	got := sub.Messages()
	if len(got) != 1 || !strings.Contains(string(got[0].Data), "multipart/alternative") {
		t.Fatalf("received %d", len(got))
	}
	view := mailview.Parse(got[0].Data)
	bold := false
	for _, b := range view.Blocks {
		for _, sp := range b.Spans {
			bold = bold || (sp.Bold && strings.Contains(sp.Text, "today"))
		}
	}
	if !bold {
		t.Fatalf("the reader does not show it bold: %+v", view.Blocks)
	}
}

// The draft is saved by itself while writing.
func TestDraftSavesItself(t *testing.T) {
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	v.subject.SetText("on its own")
	v.startAutosave(20 * time.Millisecond) // as openCompose does outside tests (every 5 s)
	drafts := func() int {
		f, err := s.FolderByRole(acct.ID, localstore.RoleDrafts)
		if err != nil {
			return 0
		}
		n, _ := s.Messages(f.ID, nil, 10)
		return len(n)
	}
	for i := 0; i < 200 && drafts() == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	v.stopAutosave()
	if drafts() != 1 {
		t.Fatalf("%d drafts after waiting", drafts())
	}
}

// A reply window opens with its addresses filled in, and no list of
// suggestions over them.
func TestNoSuggestionsWhenFilledIn(t *testing.T) {
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{testMsg(1, "Ann Lee <ann@example.org>", "Hi", "x", fixedNow)})
	first := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	for i := 0; i < 200 && len(first.addressBook()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	v := ui.openCompose(compose.Draft{To: []*gomail.Address{{Name: "Ann Lee", Address: "ann@example.org"}}}, acct, composeOpts{})
	for i := 0; i < 200 && len(v.addressBook()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	v.to.SetText("ann") // as a draft with a half-typed address reopens
	if v.to.showing() {
		t.Fatal("suggestions popped up over a filled-in address")
	}
}

// Forward (inline) keeps the original's attachments, each removable
// before sending, byte for byte.
func TestForwardKeepsAttachments(t *testing.T) {
	ui, s := newTestUI(t)
	popAccount(t, ui, s, 1)
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte("From: Ann Lee <ann@example.org>\r\nTo: sam@example.com\r\nSubject: Tickets\r\n" +
		"Date: Tue, 24 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nHere are the tickets.\r\n" +
		"--B\r\nContent-Type: application/pdf; name=ticket.pdf\r\nContent-Disposition: attachment; filename=ticket.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n" +
		"--B\r\nContent-Type: text/calendar; name=trip.ics\r\nContent-Disposition: attachment; filename=trip.ics\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n--B--\r\n")}})
	openBySubject(t, ui, "Tickets")
	ui.doForward()
	v := ui.lastCompose
	if len(v.files) != 2 || v.files[0].Name != "ticket.pdf" || string(v.files[0].Data) != "%PDF-1.4\n" || v.files[1].Name != "trip.ics" {
		t.Fatalf("forwarded files: %+v", v.files)
	}
	capture(t, &UI{win: v.win}, "compose-forward-attachments")
	var remove *widget.Button
	for _, o := range test.LaidOutObjects(v.fileList) {
		if b, ok := buttonOf(o); ok && b.Text == "" && remove == nil {
			remove = b
		}
	}
	test.Tap(remove)
	if len(v.files) != 1 || v.files[0].Name != "trip.ics" {
		t.Fatalf("after removing the first: %+v", v.files)
	}
}
