package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/postie-mail/postie/localstore"
)

// ticketsMsg is an unread, flagged message with an attachment, from
// yesterday afternoon.
func ticketsMsg() localstore.NewMessage {
	date := fixedNow.AddDate(0, 0, -1)
	return localstore.NewMessage{Raw: []byte("From: Kim Lee <kim@example.org>\r\nTo: You <you@example.org>\r\nSubject: Tickets for Friday\r\n" +
		"Date: " + date.Format(time.RFC1123Z) + "\r\nMessage-ID: <tickets@example.org>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHere are the tickets for Friday.\r\n" +
		"--B\r\nContent-Type: application/pdf; name=tickets.pdf\r\nContent-Disposition: attachment; filename=tickets.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--B--\r\n")}
}

// rowLabels are what a screen reader says for the list's rows shown.
func rowLabels(ui *UI) map[int]string {
	out := map[int]string{}
	for _, o := range test.LaidOutObjects(ui.list.list) {
		if r, ok := o.(*rowView); ok && r.id >= 0 && r.id < len(ui.list.rows) {
			out[r.id] = r.AccessibilityLabel()
		}
	}
	return out
}

// A screen reader hears what the window shows: each message row (its
// state, sender, subject, date, attachments), the list (its folder and
// what is selected), the folder tree and its rows, the open message
// with its text, the sort headers and the search box — and every
// control of the main window says what it is.
func TestScreenReaderSaysWhatTheWindowShows(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	in := inbox(t, ui)
	r, err := s.Add(in.ID, []localstore.NewMessage{ticketsMsg()})
	if err != nil {
		t.Fatal(err)
	}
	s.SetFlags([]int64{r[0].ID}, localstore.Flagged, true)
	ui.win.Canvas().Capture()

	if got, want := ui.list.list.AccessibilityLabel(), "6 messages in Inbox. No message is selected."; got != want {
		t.Errorf("the list says %q, want %q", got, want)
	}
	labels := rowLabels(ui)
	for i, want := range map[int]string{
		0: "Unread. From Anna Müller, “Holiday plans for June”, today 14:30",
		2: "Unread, flagged. From Kim Lee, “Tickets for Friday”, yesterday 16:30, with attachments",
		4: "Flagged. From Dr. Chen's office, “Appointment reminder”, 22 September 2026",
	} {
		if labels[i] != want {
			t.Errorf("row %d says %q, want %q", i, labels[i], want)
		}
	}

	ui.list.list.Select(2) // only this one is read by opening it
	ui.win.Canvas().Capture()
	if ui.reader.subject.Text != "Tickets for Friday" {
		t.Fatalf("row 2 is %q", ui.reader.subject.Text)
	}
	want := "6 messages in Inbox. Selected: Flagged. From Kim Lee, “Tickets for Friday”, yesterday 16:30, with attachments"
	if got := ui.list.list.AccessibilityLabel(); got != want {
		t.Errorf("the list says\n%q, want\n%q", got, want)
	}
	if got, want := ui.folders.tree.AccessibilityLabel(), "Folders. Selected: Inbox, 2 unread"; got != want {
		t.Errorf("the tree says %q, want %q", got, want)
	}
	nodes := map[string]bool{}
	for _, o := range test.LaidOutObjects(ui.win.Content()) {
		if row, ok := o.(*folderRow); ok && ui.folders.nodes[row.box] != "" {
			nodes[row.AccessibilityLabel()] = true
		}
	}
	for _, want := range []string{"Account: On this computer", "Inbox, 2 unread", "Archive, 1 unread", "Trash"} {
		if !nodes[want] {
			t.Errorf("no folder row says %q: %v", want, nodes)
		}
	}
	reader := ui.reader.focus.AccessibilityLabel()
	if want := "Message from Kim Lee, subject Tickets for Friday, received " + fullDate(fixedNow.AddDate(0, 0, -1)) + ": Here are the tickets for Friday."; reader != want {
		t.Errorf("the reader says\n%q, want\n%q", reader, want)
	}
	if !strings.Contains(reader, "Tuesday, 24 November 2026, 16:30") {
		t.Errorf("the reader's date: %q", reader)
	}
	if got := ui.list.header.cells[localstore.ByDate].AccessibilityLabel(); got != "Sort by Date: sorted, descending" {
		t.Errorf("the date header says %q", got)
	}
	if got := ui.list.header.cells[localstore.BySender].AccessibilityLabel(); got != "Sort by Sender" {
		t.Errorf("the sender header says %q", got)
	}
	if got := ui.search.AccessibilityLabel(); got != "Search: empty, Search mail" {
		t.Errorf("the search box says %q", got)
	}
	test.Type(ui.search, "tickets")
	if got := ui.search.AccessibilityLabel(); got != "Search: tickets" {
		t.Errorf("the search box says %q", got)
	}
	if got := ui.list.list.AccessibilityLabel(); got != "1 message matching “tickets”. No message is selected." {
		t.Errorf("the list of results says %q", got)
	}
	ui.search.clear()

	checked, problems := unlabelled(ui.win)
	if len(problems) > 0 || checked < 15 {
		t.Errorf("%d controls checked; without a label:\n%s", checked, strings.Join(problems, "\n"))
	}

	// A long message is said up to its first 2,000 characters.
	long := strings.Repeat("All work and no play makes Jack a dull boy. ", 100)
	if _, err := s.Add(in.ID, []localstore.NewMessage{testMsg(40, "Jack <jack@example.org>", "Long", long, fixedNow)}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "Long")
	if said := ui.reader.focus.AccessibilityLabel(); !strings.HasSuffix(said, "…") || len(said) > 2300 || !strings.Contains(said, "All work and no play") {
		t.Errorf("a long message is said as %d characters: %.120q…", len(said), said)
	}
}

// Every common action has its shortcut in the menu (Ctrl, or Cmd on
// macOS), none twice, and the shortcuts work also while the message
// list has the keyboard.
func TestMenuShortcuts(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	type key struct {
		name  fyne.KeyName
		shift bool
	}
	want := map[string]key{
		"Write": {fyne.KeyN, false}, "Reply": {fyne.KeyR, false}, "Reply all": {fyne.KeyR, true}, "Forward": {fyne.KeyL, false},
		"Get mail": {fyne.KeyT, false}, "Search": {fyne.KeyF, false}, "Move to…": {fyne.KeyM, true}, "Print…": {fyne.KeyP, false},
		"Mark as read / unread": {fyne.KeyU, true}, "Flag / unflag": {fyne.KeyL, true}, "Archive": {fyne.KeyA, true},
		"Delete": {fyne.KeyBackspace, false}, "Larger": {fyne.KeyPlus, false}, "Smaller": {fyne.KeyMinus, false}, "Normal": {fyne.Key0, false},
		"Cut": {fyne.KeyX, false}, "Copy": {fyne.KeyC, false}, "Paste": {fyne.KeyV, false}, "Select all": {fyne.KeyA, false},
	}
	found := map[string]bool{}
	seen := map[string]string{}
	var visit func(items []*fyne.MenuItem)
	visit = func(items []*fyne.MenuItem) {
		for _, it := range items {
			if it.ChildMenu != nil {
				visit(it.ChildMenu.Items)
			}
			if it.Shortcut == nil {
				continue
			}
			if other, ok := seen[it.Shortcut.ShortcutName()]; ok {
				t.Errorf("%q and %q have the same shortcut", it.Label, other)
			}
			seen[it.Shortcut.ShortcutName()] = it.Label
			if it.Label == "Undo" {
				if _, ok := it.Shortcut.(*fyne.ShortcutUndo); !ok {
					t.Errorf("Undo's shortcut is %s", it.Shortcut.ShortcutName())
				}
				found[it.Label] = true
				continue
			}
			k, ok := it.Shortcut.(fyne.KeyboardShortcut)
			w, wanted := want[it.Label]
			if !ok || !wanted {
				t.Errorf("unexpected shortcut %s on %q", it.Shortcut.ShortcutName(), it.Label)
				continue
			}
			mod := fyne.KeyModifierShortcutDefault
			if w.shift {
				mod |= fyne.KeyModifierShift
			}
			if k.Key() != w.name || k.Mod() != mod {
				t.Errorf("%q has %s, want %s with modifiers %d", it.Label, it.Shortcut.ShortcutName(), w.name, mod)
			}
			found[it.Label] = true
		}
	}
	for _, m := range ui.win.MainMenu().Items {
		visit(m.Items)
	}
	for label := range want {
		if !found[label] {
			t.Errorf("%q has no shortcut in the menu", label)
		}
	}
	if !found["Undo"] {
		t.Error("Undo has no shortcut")
	}

	// The Delete item's shortcut is not the one Fyne's menu would take
	// from a text field (Ctrl+Backspace deletes a word there).
	if seen[shortcut(fyne.KeyBackspace, false).ShortcutName()] != "" {
		t.Error("the menu would take Ctrl+Backspace from the search box")
	}

	// The shortcuts act: on the window, and from the list with the
	// keyboard.
	in := inbox(t, ui)
	ui.list.list.Select(1)
	id := ui.list.rows[1].ID
	typeShortcut(t, ui.win.Canvas(), shortcut(fyne.KeyL, true))
	if m, _ := s.Message(id); m.Flags&localstore.Flagged == 0 {
		t.Fatal("Ctrl+Shift+L did not flag the message")
	}
	ui.win.Canvas().Focus(ui.list.list)
	ui.list.list.TypedShortcut(shortcut(fyne.KeyU, true))
	if m, _ := s.Message(id); m.Flags&localstore.Seen != 0 {
		t.Fatal("Ctrl+Shift+U in the list did not mark the message unread")
	}
	ui.list.list.TypedShortcut(shortcut(fyne.KeyBackspace, false))
	if m, _ := s.Message(id); m.FolderID == in.ID {
		t.Fatal("Ctrl+Backspace in the list did not delete the message")
	}
	ui.list.list.TypedShortcut(&fyne.ShortcutUndo{})
	if m, _ := s.Message(id); m.FolderID != in.ID {
		t.Fatal("Ctrl+Z in the list did not bring the message back")
	}
	ui.list.list.Select(ui.list.indexOf(id))
	ui.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	typeShortcut(t, ui.win.Canvas(), shortcut(fyne.KeyF, false))
	if ui.win.Canvas().Focused() != ui.search {
		t.Fatal("Ctrl+F did not go to the search box")
	}
	test.Type(ui.search, "x")
	ui.undoKey() // Ctrl+Z in the search box undoes the typing, not the delete
	if m, _ := s.Message(id); ui.search.Text != "" || m.FolderID == in.ID {
		t.Fatalf("Ctrl+Z in the search box: it holds %q, the message is back: %v", ui.search.Text, m.FolderID == in.ID)
	}
	ui.handleKey(&fyne.KeyEvent{Name: fyne.KeyF5})
	if ui.win.Canvas().Overlays().Top() == nil {
		t.Fatal("F5 did not get mail (with no account, it says there is none)")
	}
}

// Tab goes from the search box to the messages, the open message and
// the folders; Enter on the list gives the keyboard to the message,
// Escape gives it back; the arrows in the tree open the folders they
// come to.
func TestKeyboardGoesThroughThePanes(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	ui.win.Canvas().Capture()
	c := ui.win.Canvas()
	var order []string
	for range 12 {
		c.FocusNext()
		switch c.Focused().(type) {
		case *searchBox:
			order = append(order, "search")
		case *keyList:
			order = append(order, "list")
		case *readerFocus:
			order = append(order, "reader")
		case *treeView:
			order = append(order, "tree")
		}
	}
	if got := strings.Join(order[:4], " "); got != "search list reader tree" {
		t.Fatalf("Tab goes %q", strings.Join(order, " "))
	}

	// Enter in the search box goes to the list.
	c.Focus(ui.search)
	ui.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.Focused() != ui.list.list {
		t.Fatalf("Enter in the search box gave the keyboard to %T", c.Focused())
	}
	ui.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if ui.list.selectedID != ui.list.rows[0].ID {
		t.Fatal("Down did not select the first message")
	}
	ui.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.Focused() != ui.reader.focus || !ui.reader.content.Visible() {
		t.Fatalf("Enter gave the keyboard to %T", c.Focused())
	}
	ui.reader.focus.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Focused() != ui.list.list {
		t.Fatalf("Escape in the message gave the keyboard to %T", c.Focused())
	}

	// The tree: from the Inbox, Down opens the next folder.
	in := inbox(t, ui)
	c.Focus(ui.folders.tree)
	ui.folders.tree.Highlight(folderUID(in.ID))
	ui.folders.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if ui.list.folderID == in.ID {
		t.Fatal("Down in the tree did not open the next folder")
	}
	next := ui.list.folderID
	ui.folders.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if ui.list.folderID != in.ID {
		t.Fatalf("Up in the tree opened %d, want the Inbox %d (from %d)", ui.list.folderID, in.ID, next)
	}
}

// View › Language… keeps the language chosen in the profile, for the
// next start, and says so.
func TestLanguageDialogKeepsTheChoice(t *testing.T) {
	t.Setenv("POSTIE_LANGUAGE", "")
	ui, _ := newTestUI(t)
	ui.opts.Profile = t.TempDir()
	pick := ui.showLanguage()
	if pick.Selected != "The system's language" || len(pick.Options) != len(Languages)+1 {
		t.Fatalf("the dialog offers %q, chosen %q", pick.Options, pick.Selected)
	}
	capture(t, ui, "language-dialog")
	pick.SetSelected("Deutsch")
	confirmDialog(t, ui)
	b, err := os.ReadFile(filepath.Join(ui.opts.Profile, languageFile))
	if err != nil || strings.TrimSpace(string(b)) != "de" || SavedLanguage(ui.opts.Profile) != "de" {
		t.Fatalf("kept %q (%v)", b, err)
	}
	if text := overlayText(ui); !strings.Contains(text, "Postie will speak Deutsch the next time it starts.") {
		t.Fatalf("the dialog said:\n%s", text)
	}
	ui.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})

	// Opened again, it shows the choice; the system's language again.
	pick = ui.showLanguage()
	if pick.Selected != "Deutsch" {
		t.Fatalf("opened again, it shows %q", pick.Selected)
	}
	pick.SetSelectedIndex(0)
	confirmDialog(t, ui)
	if SavedLanguage(ui.opts.Profile) != "" {
		t.Fatalf("kept %q, want the system's language", SavedLanguage(ui.opts.Profile))
	}
}

// The text size chosen with Ctrl++ (View › Text size) and high contrast
// are there again when Postie starts again.
func TestTextSizeSurvivesARestart(t *testing.T) {
	ui, s := newTestUI(t)
	base := theme.DefaultTheme().Size(theme.SizeNameText)
	size := func() float32 { return ui.app.Settings().Theme().Size(theme.SizeNameText) }
	typeShortcut(t, ui.win.Canvas(), shortcut(fyne.KeyPlus, false))
	typeShortcut(t, ui.win.Canvas(), &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault})
	if got, want := size(), base*1.3; fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", want) {
		t.Fatalf("after Ctrl++ twice the text is %.2f, want %.2f", got, want)
	}
	ui.contrastItem.Action()
	fill(t, ui, s)
	ui.list.list.Select(0)
	capture(t, ui, "larger-high-contrast")

	// Postie starts again (New applies the appearance kept).
	ui.app.Settings().SetTheme(theme.DefaultTheme())
	again := uiOn(t, ui.app, s)
	if got, want := size(), base*1.3; fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", want) {
		t.Fatalf("after a restart the text is %.2f, want %.2f", got, want)
	}
	if a, ok := ui.app.Settings().Theme().(appearance); !ok || !a.contrast || !again.contrastItem.Checked {
		t.Fatal("high contrast is off after a restart")
	}
	typeShortcut(t, again.win.Canvas(), shortcut(fyne.Key0, false))
	if size() != base {
		t.Fatalf("Ctrl+0 gives %.2f, want %.2f", size(), base)
	}
	typeShortcut(t, again.win.Canvas(), shortcut(fyne.KeyMinus, false))
	if size() >= base {
		t.Fatalf("Ctrl+- gives %.2f", size())
	}
}
