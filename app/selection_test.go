package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/localstore"
)

// clickRow clicks row i of the message list with a modifier held.
func clickRow(t *testing.T, ui *UI, i int, mod fyne.KeyModifier) {
	t.Helper()
	ui.list.clickMod = mod // what rowView.MouseDown records before the list's tap
	ui.list.list.Unselect(i)
	ui.list.list.Select(i)
}

// Several messages at once, as a person selects them: Ctrl-click,
// Shift-click, Ctrl+A; then mark read, archive and delete act on all.
func TestSelectSeveralAndActOnAll(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	in := inbox(t, ui)
	arch := localFolder(t, ui, localstore.RoleArchive)
	inTotal := len(ui.list.rows)
	a, _ := s.Folder(arch.ID)
	archTotal := a.Total
	clickRow(t, ui, 0, 0)
	clickRow(t, ui, 2, selectionModifier)
	if got := len(ui.list.selection()); got != 2 {
		t.Fatalf("Ctrl-click: %d selected", got)
	}
	ui.win.Canvas().Capture()
	capture(t, ui, "select-ctrl-click")
	clickRow(t, ui, 2, selectionModifier) // again: taken out
	if got := len(ui.list.selection()); got != 1 {
		t.Fatalf("Ctrl-click again: %d selected", got)
	}
	clickRow(t, ui, 0, 0)
	clickRow(t, ui, 2, fyne.KeyModifierShift)
	sel := ui.list.selection()
	if len(sel) != 3 {
		t.Fatalf("Shift-click: %d selected", len(sel))
	}
	ui.doToggleRead() // some are unread: all become read
	for _, m := range sel {
		if got, _ := s.Message(m.ID); got.Flags&localstore.Seen == 0 {
			t.Fatalf("%q not marked read", m.Subject)
		}
	}
	ui.doArchive()
	if f, _ := s.Folder(arch.ID); f.Total != archTotal+3 {
		t.Fatalf("Archive holds %d, want %d", f.Total, archTotal+3)
	}
	if f, _ := s.Folder(in.ID); f.Total != inTotal-3 {
		t.Fatalf("Inbox holds %d", f.Total)
	}

	// Ctrl+A in the Archive, then Delete: everything goes to the Trash.
	ui.folders.selectFolder(arch.ID)
	ui.list.list.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyA, Modifier: selectionModifier})
	if got := len(ui.list.selection()); got != archTotal+3 {
		t.Fatalf("Ctrl+A: %d selected", got)
	}
	ui.win.Canvas().Capture()
	capture(t, ui, "select-all")
	ui.doDelete()
	if f, _ := s.Folder(arch.ID); f.Total != 0 {
		t.Fatalf("Archive still holds %d after deleting all", f.Total)
	}
	trash := localFolder(t, ui, localstore.RoleTrash)
	if f, _ := s.Folder(trash.ID); f.Total != archTotal+3 {
		t.Fatalf("Trash holds %d", f.Total)
	}
}

// A click on a row reaches the row itself in the window's driver (the
// innermost object taking mouse events: the row reads Ctrl and Shift on
// MouseDown), so the row must take the tap and select its message; it
// did not, and clicking a message in the real window opened nothing.
func TestClickingARowOpensItsMessage(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	var row *rowView
	for _, o := range test.LaidOutObjects(ui.list.list) {
		if r, ok := o.(*rowView); ok && r.id == 1 {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no row 1 laid out")
	}
	var _ desktop.Mouseable = row // the reason the row must be tappable
	var tappable fyne.Tappable = row
	row.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	tappable.Tapped(&fyne.PointEvent{})
	if ui.list.selectedID != ui.list.rows[1].ID || ui.reader.currentID != ui.list.rows[1].ID {
		t.Fatalf("the click selected %d and opened %d, want %d", ui.list.selectedID, ui.reader.currentID, ui.list.rows[1].ID)
	}
}

// After several messages are deleted (or moved, or archived), the
// message shown next is the one right after them, as after one (#29,
// in the real window: one was skipped, and marked read unseen).
func TestAfterDeletingSeveralTheNextMessageShows(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	if len(ui.list.rows) < 4 {
		t.Fatalf("%d messages", len(ui.list.rows))
	}
	next := ui.list.rows[2]
	clickRow(t, ui, 0, 0)
	clickRow(t, ui, 1, fyne.KeyModifierShift)
	if got := len(ui.list.selection()); got != 2 {
		t.Fatalf("%d selected", got)
	}
	ui.doDelete()
	m, ok := ui.list.selected()
	if !ok || m.ID != next.ID {
		t.Fatalf("shown after deleting two: %q, want %q", m.Subject, next.Subject)
	}

	// One in the middle: the one after it.
	i := ui.list.indexOf(m.ID)
	if i+1 >= len(ui.list.rows) {
		t.Fatal("too few messages left")
	}
	after := ui.list.rows[i+1]
	ui.doDelete()
	if m, _ := ui.list.selected(); m.ID != after.ID {
		t.Fatalf("shown after deleting one: %q, want %q", m.Subject, after.Subject)
	}
}
