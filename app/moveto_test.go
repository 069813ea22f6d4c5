package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/localstore"
)

func localFolder(t *testing.T, ui *UI, role localstore.Role) localstore.Folder {
	t.Helper()
	for _, f := range ui.localFolders() {
		if f.Role == role {
			return f
		}
	}
	t.Fatalf("no %s folder", role)
	return localstore.Folder{}
}

// Moving mail as a person does: Message › Move to… with a picker that
// narrows as one types; a right click on a row and its menu; the
// Archive button and the A key.
func TestMoveByMenuContextMenuAndKey(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	in := inbox(t, ui)
	arch := localFolder(t, ui, localstore.RoleArchive)
	folderOf := func(subject string) int64 {
		t.Helper()
		res, _ := s.Search("subject:\""+subject+"\"", 0, 5)
		if len(res) != 1 {
			t.Fatalf("%q: %d found", subject, len(res))
		}
		return res[0].FolderID
	}

	// Move to…: type part of the name, Enter.
	openBySubject(t, ui, "Holiday plans for June")
	ui.doMoveTo()
	if ui.moving == nil || len(ui.moving.shown) < 3 {
		t.Fatal("no folder picker")
	}
	ui.win.Canvas().Capture()
	// The folders show several at a time (#29: one row, in the real
	// window, where the dialog was sized to its content).
	if rowH := ui.moving.list.MinSize().Height; ui.moving.list.Size().Height < 4*rowH {
		t.Fatalf("the folder list is %v tall, a row %v", ui.moving.list.Size().Height, rowH)
	}
	test.Type(ui.moving.filter, "arch")
	ui.win.Canvas().Capture()
	capture(t, ui, "move-to")
	if len(ui.moving.shown) != 1 || ui.moving.shown[0].id != arch.ID {
		t.Fatalf("typing “arch” shows %+v", ui.moving.shown)
	}
	ui.moving.filter.OnSubmitted(ui.moving.filter.Text)
	if folderOf("Holiday plans for June") != arch.ID {
		t.Fatal("Move to… did not move")
	}

	// Right click on a row: the menu, then Archive.
	ui.folders.selectFolder(in.ID)
	var row *rowView
	for _, o := range test.LaidOutObjects(ui.list.list) {
		if r, ok := o.(*rowView); ok && r.id == 0 {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no first row")
	}
	first := ui.list.rows[0].Subject
	row.TappedSecondary(&fyne.PointEvent{AbsolutePosition: fyne.NewPos(400, 120)})
	capture(t, ui, "message-context-menu")
	if ui.win.Canvas().Overlays().Top() == nil || ui.contextMenu == nil {
		t.Fatal("no menu on a right click")
	}
	var labels []string
	var archive *fyne.MenuItem
	for _, it := range ui.contextMenu.Items {
		labels = append(labels, it.Label)
		if it.Label == "Archive" {
			archive = it
		}
	}
	if archive == nil || len(labels) < 10 {
		t.Fatalf("context menu: %q", labels)
	}
	archive.Action()
	ui.win.Canvas().Overlays().Top().Hide()
	if folderOf(first) != arch.ID {
		t.Fatalf("%q not archived from the context menu", first)
	}

	// The A key archives the selected message.
	ui.list.list.Select(0)
	next := ui.list.rows[0].Subject
	ui.handleKey(&fyne.KeyEvent{Name: fyne.KeyA})
	if folderOf(next) != arch.ID {
		t.Fatalf("%q not archived with the A key", next)
	}
}

// folderCenter is the middle of a folder's node in the tree, in window
// coordinates: where a drag drops onto it.
func folderCenter(t *testing.T, ui *UI, folderID int64) fyne.Position {
	t.Helper()
	ui.win.Canvas().Capture() // lay out the tree
	for obj, uid := range ui.folders.nodes {
		if k, id := parseUID(uid); k == 'f' && id == folderID && obj.Visible() {
			p := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
			return p.Add(fyne.NewPos(obj.Size().Width/2, obj.Size().Height/2))
		}
	}
	t.Fatalf("folder %d is not in the tree", folderID)
	return fyne.Position{}
}

// Dragging a message from the list onto a folder in the tree moves it;
// with several selected, all of them.
func TestDragMessagesOntoAFolder(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	ui.win.Canvas().Capture() // lay out the tree
	arch := localFolder(t, ui, localstore.RoleArchive)
	target := folderCenter(t, ui, arch.ID)
	rowAt := func(i int) *rowView {
		for _, o := range test.LaidOutObjects(ui.list.list) {
			if r, ok := o.(*rowView); ok && r.id == i {
				return r
			}
		}
		t.Fatalf("no row %d", i)
		return nil
	}
	before, _ := s.Folder(arch.ID)
	first := ui.list.rows[0]
	r := rowAt(0)
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: fyne.NewPos(400, 120)}})
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: target}})
	capture(t, ui, "drag-to-folder")
	r.DragEnd()
	if m, _ := s.Message(first.ID); m.FolderID != arch.ID {
		t.Fatal("the dragged message did not move")
	}
	// Two selected, dragged together.
	clickRow(t, ui, 0, 0)
	clickRow(t, ui, 1, selectionModifier)
	r = rowAt(1)
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: target}})
	r.DragEnd()
	if f, _ := s.Folder(arch.ID); f.Total != before.Total+3 {
		t.Fatalf("Archive holds %d, want %d", f.Total, before.Total+3)
	}
	// Dropped anywhere else: nothing moves.
	n := len(ui.list.rows)
	r = rowAt(0)
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: fyne.NewPos(900, 400)}})
	r.DragEnd()
	if len(ui.list.rows) != n {
		t.Fatal("a drop outside the folders moved a message")
	}
}
