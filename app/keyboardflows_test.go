package app

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// keys is a person at the keyboard of a window, with the window's
// driver's order for a shortcut: the main menu's first, then what has
// the keyboard, then the window.
type keys struct {
	t *testing.T
	w fyne.Window
}

func (k keys) c() fyne.Canvas { return k.w.Canvas() }

func (k keys) press(name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := k.c().Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := k.c().OnTypedKey(); h != nil {
		h(ev)
	}
}

func (k keys) write(text string) {
	k.t.Helper()
	f := k.c().Focused()
	if f == nil {
		k.t.Fatalf("nothing has the keyboard to type %q into", text)
	}
	test.Type(f, text)
}

// ctrl presses Ctrl (Cmd on macOS) with name, and Shift too if shift.
func (k keys) ctrl(name fyne.KeyName, shift bool) {
	k.t.Helper()
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	var sc fyne.Shortcut = &desktop.CustomShortcut{KeyName: name, Modifier: mod}
	if !shift { // the driver gives these their standard shortcuts
		switch name {
		case fyne.KeyZ:
			sc = &fyne.ShortcutUndo{}
		case fyne.KeyY:
			sc = &fyne.ShortcutRedo{}
		case fyne.KeyA:
			sc = &fyne.ShortcutSelectAll{}
		}
	}
	if m := k.w.MainMenu(); m != nil {
		for _, menu := range m.Items {
			for _, it := range menu.Items {
				if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && !it.Disabled && it.Action != nil {
					it.Action()
					return
				}
			}
		}
	}
	if f, ok := k.c().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	typeShortcut(k.t, k.c(), sc)
}

// The main flows with the keyboard alone (#28): find a message, read it,
// answer it and send the answer, move one with the picker, search and
// clear the search, print, delete and undo. (The wizard to the end:
// TestWizardWithTheKeyboardOnlyIMAP and …POP.)
func TestMainFlowsWithTheKeyboardOnly(t *testing.T) {
	ui, s := newTestUI(t)
	sub := testservers.StartSubmission(t, "sam", "pw", "no")
	acct := popAccount(t, ui, s, sub.Port)
	in, err := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.FolderByRole(acct.ID, localstore.RoleArchive); err != nil {
		if _, err := s.CreateFolder(acct.ID, localstore.Folder{Name: "Archive", Path: "Archive", Role: localstore.RoleArchive}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Add(in.ID, []localstore.NewMessage{
		testMsg(1, "Bob Stone <bob@example.org>", "Garden club meeting", "Can you bring chairs?", fixedNow.Add(-3*time.Hour)),
		testMsg(2, "Anna Müller <anna@example.com>", "Holiday plans", "We fly on Monday.", fixedNow.Add(-time.Hour)),
		testMsg(3, "City Library <noreply@library.example>", "Books due", "Please return them.", fixedNow.Add(-2*time.Hour)),
	}); err != nil {
		t.Fatal(err)
	}
	ui.refreshFolders(false)
	ui.folders.selectFolder(in.ID)
	var opened []string
	ui.opener = func(u *url.URL) error { opened = append(opened, u.Path); return nil }
	ui.win.Canvas().Capture()
	k := keys{t, ui.win}

	// Find and read: Ctrl+F, the sender's name, Enter to the list, Down,
	// Enter to the message.
	k.ctrl(fyne.KeyF, false)
	k.write("bob")
	k.press(fyne.KeyReturn)
	k.press(fyne.KeyDown)
	if m, ok := ui.list.selected(); !ok || m.Subject != "Garden club meeting" {
		t.Fatalf("the search found and selected %+v", m)
	}
	k.press(fyne.KeyReturn)
	if k.c().Focused() != ui.reader.focus || !strings.Contains(ui.reader.focus.AccessibilityLabel(), "Can you bring chairs?") {
		t.Fatalf("Enter gave the keyboard to %T", k.c().Focused())
	}

	// Answer: Ctrl+R opens the reply with the keyboard in its text;
	// Ctrl+Enter sends it.
	k.ctrl(fyne.KeyR, false)
	v := ui.lastCompose
	if v == nil {
		t.Fatal("Ctrl+R opened no reply")
	}
	kc := keys{t, v.win}
	kc.write("Yes, four of them. ")
	kc.ctrl(fyne.KeyReturn, false)
	if got := sub.Messages(); len(got) != 1 || !strings.Contains(string(got[0].Data), "Yes, four of them.") ||
		!strings.Contains(string(got[0].Data), "Subject: Re: Garden club meeting") {
		t.Fatalf("sent %d", len(got))
	}

	// Escape in the search box clears it: the folder again.
	k.ctrl(fyne.KeyF, false)
	k.press(fyne.KeyEscape)
	if ui.search.Text != "" || len(ui.list.rows) != 3 {
		t.Fatalf("after Escape the search holds %q and the list %d rows", ui.search.Text, len(ui.list.rows))
	}

	// Move: to the list, the second message, Ctrl+Shift+M, part of the
	// folder's name, Enter.
	k.press(fyne.KeyReturn) // from the search box to the list
	k.press(fyne.KeyDown)
	k.press(fyne.KeyDown)
	moving, _ := ui.list.selected()
	k.ctrl(fyne.KeyM, true)
	if ui.moving == nil || k.c().Focused() != ui.moving.filter {
		t.Fatalf("the picker has not the keyboard: %T", k.c().Focused())
	}
	k.write("arch")
	k.press(fyne.KeyReturn)
	if m, _ := s.Message(moving.ID); m.FolderID == in.ID {
		t.Fatal("the message did not move")
	}

	// Print: Ctrl+P makes the PDF and hands it to the PDF viewer.
	k.c().Focus(ui.list.list)
	k.press(fyne.KeyDown)
	k.ctrl(fyne.KeyP, false)
	if len(opened) != 1 || !strings.HasSuffix(opened[0], ".pdf") {
		t.Fatalf("printing opened %v", opened)
	}

	// Delete with the Delete key, and Ctrl+Z takes it back.
	k.c().Focus(ui.list.list)
	gone, _ := ui.list.selected()
	k.press(fyne.KeyDelete)
	if m, _ := s.Message(gone.ID); m.FolderID == in.ID {
		t.Fatal("Delete did not delete")
	}
	k.ctrl(fyne.KeyZ, false)
	if m, _ := s.Message(gone.ID); m.FolderID != in.ID {
		t.Fatal("Ctrl+Z did not bring it back")
	}
}
