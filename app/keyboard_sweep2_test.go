package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// keyboard drives a window with keys only, as the window passes them:
// to whatever has the keyboard, else to the window itself.
type keyboard struct {
	t *testing.T
	c fyne.Canvas
}

func (k keyboard) focused() fyne.Focusable { return k.c.Focused() }

// write types text into what has the keyboard.
func (k keyboard) write(text string) {
	k.t.Helper()
	f := k.c.Focused()
	if f == nil {
		k.t.Fatalf("nothing has the keyboard to type %q into", text)
	}
	test.Type(f, text)
}

func (k keyboard) press(name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := k.c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := k.c.OnTypedKey(); h != nil {
		h(ev)
	}
}

func (k keyboard) tab() { k.c.FocusNext() }

// tabTo presses Tab until target has the keyboard.
func (k keyboard) tabTo(target fyne.Focusable, what string) {
	k.t.Helper()
	for i := 0; i < 60 && k.c.Focused() != target; i++ {
		k.tab()
	}
	if k.c.Focused() != target {
		k.t.Fatalf("Tab never reaches %s (it stays on %T)", what, k.c.Focused())
	}
}

// tabToButton presses Tab until the button with this text (in a dialog
// or the window) has the keyboard.
func (k keyboard) tabToButton(text string) {
	k.t.Helper()
	for i := 0; i < 60; i++ {
		if o, ok := k.c.Focused().(fyne.CanvasObject); ok {
			if b, ok := buttonOf(o); ok && b.Text == text {
				return
			}
		}
		k.tab()
	}
	k.t.Fatalf("Tab never reaches the button %q", text)
}

// The wizard from the first box to the saved account with the keyboard
// alone (IMAP): typing, Tab, Enter on Next, Space on a choice, the IMAP
// card reached with Tab and read whole, the warning about no encryption
// answered from the keyboard, the certificate trusted with Enter.
func TestWizardWithTheKeyboardOnlyIMAP(t *testing.T) {
	ui, s, _ := wizardUI(t)
	v := ui.openWizard()
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	k := keyboard{t, v.win.Canvas()}
	if k.focused() != fyne.Focusable(v.name) {
		t.Fatalf("the wizard starts on %T, not the name", k.focused())
	}
	k.write("Sam")
	k.tab()
	k.write("sam@example.com")
	k.tab()
	if k.focused() != fyne.Focusable(v.password) {
		t.Fatalf("Tab after the address goes to %T", k.focused())
	}
	k.write("pw-sam")
	k.press(fyne.KeyReturn) // Enter is Next
	if v.w.Step() != setup.StepUsage {
		t.Fatalf("Enter in the password left step %d: %s", v.w.Step(), v.errMsg.Text)
	}
	if k.focused() != v.questions[0].focusTarget() {
		t.Fatalf("the usage step starts on %T", k.focused())
	}
	k.press(fyne.KeySpace) // "Yes": reads mail on a phone too
	if v.w.OtherDevices != setup.Yes || v.protocol.SelectedIndex() != 0 {
		t.Fatalf("Space on Yes: %q, protocol %d", v.w.OtherDevices, v.protocol.SelectedIndex())
	}
	k.tabTo(v.cards[0], "the IMAP card")
	if l := v.cards[0].AccessibilityLabel(); !strings.HasPrefix(l, accounts.IMAPTitle+". ") || !strings.Contains(l, accounts.IMAPExplained) {
		t.Fatalf("the IMAP card says %q", l)
	}
	k.press(fyne.KeyReturn) // the card chooses IMAP (already chosen)
	k.tabTo(v.next, "Next")
	k.press(fyne.KeyReturn)
	if v.w.Step() != setup.StepFinding || k.focused() != fyne.Focusable(v.next) {
		t.Fatalf("step %d, keyboard on %T", v.w.Step(), k.focused())
	}
	k.press(fyne.KeyReturn) // plain SMTP here: the warning comes first
	if v.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no warning before using no encryption")
	}
	k.tabToButton("I understand the risk")
	k.press(fyne.KeySpace)
	if v.w.Step() != setup.StepCheck {
		t.Fatalf("step %d after confirming", v.w.Step())
	}
	if v.trust == nil || k.focused() != fyne.Focusable(v.trust) {
		t.Fatalf("the check step starts on %T, not Trust", k.focused())
	}
	k.press(fyne.KeyReturn)
	if v.w.IncomingErr != nil || v.next.Disabled() || k.focused() != fyne.Focusable(v.next) {
		t.Fatalf("after trusting: %v, keyboard on %T", v.w.IncomingErr, k.focused())
	}
	k.press(fyne.KeyReturn)
	if v.w.Step() != setup.StepSummary || k.focused() != fyne.Focusable(v.next) {
		t.Fatalf("step %d, keyboard on %T", v.w.Step(), k.focused())
	}
	k.press(fyne.KeyReturn) // Add account
	list, _ := accounts.List(s)
	if len(list) != 1 || list[0].Settings.Protocol != accounts.IMAP || !v.closed {
		t.Fatalf("accounts: %+v, wizard closed %v", list, v.closed)
	}
	if pw, _ := ui.opts.Secrets.Get(list[0].ID, secrets.Incoming); pw != "pw-sam" {
		t.Fatal("password not kept")
	}
}

// The POP way with the keyboard alone: a later question answered by Tab
// and Space, the POP card read, and at the server copies the arrows and
// Space pick a removing choice, whose warning Enter answers safely.
func TestWizardWithTheKeyboardOnlyPOP(t *testing.T) {
	ui, s, _ := wizardUI(t)
	v := ui.openWizard()
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	k := keyboard{t, v.win.Canvas()}
	k.write("Sam")
	k.tab()
	k.write("sam@example.com")
	k.tab()
	k.write("pw-sam")
	k.press(fyne.KeyReturn)
	k.press(fyne.KeyRight) // to "No"
	k.press(fyne.KeyEnter)
	if v.w.OtherDevices != setup.No {
		t.Fatalf("Enter on No: %q", v.w.OtherDevices)
	}
	k.tabTo(v.questions[2].items[0], "the archive question's Yes")
	k.press(fyne.KeySpace)
	if v.protocol.Selected != accounts.POPTitle {
		t.Fatalf("recommended %q", v.protocol.Selected)
	}
	if l := v.questions[2].AccessibilityLabel(); l != accounts.QuestionArchive+": Yes" {
		t.Fatalf("the question says %q", l)
	}
	k.tabTo(v.cards[1], "the POP card")
	if l := v.cards[1].AccessibilityLabel(); !strings.Contains(l, accounts.POPExplained) {
		t.Fatalf("the POP card says %q", l)
	}
	k.tabTo(v.next, "Next")
	k.press(fyne.KeyReturn)
	k.press(fyne.KeyReturn)
	k.tabToButton("I understand the risk")
	k.press(fyne.KeySpace)
	k.press(fyne.KeyReturn) // trust
	k.press(fyne.KeyReturn) // next
	if v.w.Step() != setup.StepServerCopies {
		t.Fatalf("step %d, want the server copies", v.w.Step())
	}
	if k.focused() != v.copies.focusTarget() || v.copies.SelectedIndex() != 0 {
		t.Fatalf("the copies start on %T with %d chosen", k.focused(), v.copies.SelectedIndex())
	}
	k.press(fyne.KeyDown)
	k.press(fyne.KeyDown)
	k.press(fyne.KeyDown) // "right after download"
	k.press(fyne.KeySpace)
	if v.win.Canvas().Overlays().Top() == nil || !strings.Contains(wizardText(v), "only copy") {
		t.Fatal("no warning for removing the copies")
	}
	k.press(fyne.KeyReturn) // the warning starts on "No, keep them"
	if v.win.Canvas().Overlays().Top() != nil || v.copies.SelectedIndex() != 0 || v.w.Settings.ServerCopies.Mode != accounts.Keep {
		t.Fatalf("Enter on the warning left %d / %s", v.copies.SelectedIndex(), v.w.Settings.ServerCopies.Mode)
	}
	k.tabTo(v.next, "Next")
	k.press(fyne.KeyReturn)
	k.press(fyne.KeyReturn)
	list, _ := accounts.List(s)
	if len(list) != 1 || list[0].Settings.Protocol != accounts.POP || list[0].Settings.ServerCopies.Mode != accounts.Keep {
		t.Fatalf("accounts: %+v", list)
	}
}

// Escape is Cancel: at once with nothing typed, after a question
// otherwise (Escape on the question goes on with the wizard).
func TestWizardEscapeAsksBeforeLosingWhatWasTyped(t *testing.T) {
	ui, _, _ := wizardUI(t)
	v := ui.openWizard()
	k := keyboard{t, v.win.Canvas()}
	k.press(fyne.KeyEscape)
	if !v.closed {
		t.Fatal("Escape on the empty wizard did not close it")
	}
	v = ui.openWizard()
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	k = keyboard{t, v.win.Canvas()}
	k.write("Sam")
	k.press(fyne.KeyEscape)
	if v.closed || v.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Escape after typing did not ask")
	}
	k.press(fyne.KeyEscape) // "Go on"
	if v.closed || v.win.Canvas().Overlays().Top() != nil || v.name.Text != "Sam" {
		t.Fatalf("Escape on the question: closed %v, name %q", v.closed, v.name.Text)
	}
	k.press(fyne.KeyEscape)
	k.tabToButton("Stop adding it")
	k.press(fyne.KeySpace)
	if !v.closed {
		t.Fatal("Stop adding it did not close the wizard")
	}
}

// Ctrl+Enter sends from the text of the message (a box, which is handed
// every shortcut) and from a button (the window's shortcut); Ctrl+Shift+A
// opens the file chooser.
func TestComposeSendsWithCtrlEnter(t *testing.T) {
	ui, s := newTestUI(t)
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	acct := popAccount(t, ui, s, sub.Port)
	send := &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}

	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	k := keyboard{t, v.win.Canvas()}
	if k.focused() != fyne.Focusable(v.to) {
		t.Fatalf("a new message starts on %T", k.focused())
	}
	k.write("kim@example.org")
	k.tabTo(v.subject, "Subject")
	k.write("Seeds")
	k.tab()
	k.tabTo(v.body, "the text")
	k.write("Beans and squash.")
	k.focused().(fyne.Shortcutable).TypedShortcut(send)
	if got := sub.Messages(); len(got) != 1 || !strings.Contains(string(got[0].Data), "Beans and squash.") {
		t.Fatalf("received %d", len(got))
	}

	v = ui.openCompose(compose.Draft{}, acct, composeOpts{})
	k = keyboard{t, v.win.Canvas()}
	k.write("kim@example.org")
	k.tabTo(v.send, "Send")
	typeShortcut(t, v.win.Canvas(), send)
	if got := sub.Messages(); len(got) != 2 {
		t.Fatalf("Ctrl+Enter on the Send button: %d sent", len(got))
	}

	v = ui.openCompose(compose.Draft{}, acct, composeOpts{})
	t.Cleanup(func() { v.win.Close() })
	v.win.Canvas().Focus(v.subject)
	v.subject.TypedShortcut(attachShortcut)
	if v.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Ctrl+Shift+A opened no file chooser")
	}
}

// Escape in the message asks whether to keep it as a draft; Enter takes
// the default, keeping it.
func TestComposeEscapeKeepsADraft(t *testing.T) {
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	k := keyboard{t, v.win.Canvas()}
	k.tabTo(v.body, "the text")
	k.write("Half a thought")
	k.press(fyne.KeyEscape)
	if v.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Escape did not ask")
	}
	k.press(fyne.KeyReturn) // "Keep as a draft"
	drafts, _ := s.FolderByRole(acct.ID, localstore.RoleDrafts)
	if msgs, _ := s.Messages(drafts.ID, nil, 10); len(msgs) != 1 {
		t.Fatalf("%d drafts after Escape and Enter", len(msgs))
	}
	// A window nothing was written in closes at once.
	v = ui.openCompose(compose.Draft{}, acct, composeOpts{})
	closed := false
	v.win.SetOnClosed(func() { closed = true })
	keyboard{t, v.win.Canvas()}.press(fyne.KeyEscape)
	if !closed {
		t.Fatal("Escape on an empty message did not close it")
	}
}

// What a screen reader hears: the address box with its suggestions, a
// suggestion, the message, the formatting buttons.
func TestComposeSaysWhatItsControlsAre(t *testing.T) {
	v := composeWithBook(t)
	c := v.win.Canvas()
	if l := v.to.AccessibilityLabel(); !strings.HasPrefix(l, "To: empty") {
		t.Fatalf("the empty To box says %q", l)
	}
	typeOn(t, c, "bo")
	if l := v.to.AccessibilityLabel(); l != "To: bo, 2 suggestions: "+v.to.items[0].String() {
		t.Fatalf("To says %q", l)
	}
	if l := v.to.rows[1].AccessibilityLabel(); l != "Suggestion: "+v.to.items[1].String() {
		t.Fatalf("a suggestion says %q", l)
	}
	key(c, fyne.KeyReturn)
	if l := v.to.AccessibilityLabel(); l != "To: "+v.to.Text {
		t.Fatalf("after choosing, To says %q", l)
	}
	v.body.SetText("Hello")
	if l := v.body.AccessibilityLabel(); l != "Message: Hello" {
		t.Fatalf("the message says %q", l)
	}
	for b, want := range map[*formatButton]string{v.bold: "Bold (Ctrl+B)", v.italic: "Italic (Ctrl+I)", v.listBtn: "List"} {
		if got := b.AccessibilityLabel(); got != want {
			t.Errorf("a formatting button says %q, want %q", got, want)
		}
	}
	if l := v.subject.AccessibilityLabel(); l != "Subject: empty" {
		t.Fatalf("Subject says %q", l)
	}
}
