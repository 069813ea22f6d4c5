package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// Dragging messages from the list onto a folder in the tree moves them
// there (several when several are selected). Fyne has no drag and drop
// between widgets: the row follows the pointer itself, and on release
// the folder node under it is looked up by position.

// Dragged shows what is being moved next to the pointer.
func (v *rowView) Dragged(ev *fyne.DragEvent) {
	ml := v.ml
	if v.id < 0 || v.id >= len(ml.rows) {
		return
	}
	d := ml.ui.drag
	if d == nil {
		if !ml.isMarked(ml.rows[v.id].ID) {
			ml.list.Select(v.id) // dragging a row not selected takes that row alone
		}
		sel := ml.selection()
		if len(sel) == 0 {
			return
		}
		label := widget.NewLabel(tr.L("Move “{{.Subject}}”", tr.M{"Subject": oneLine(sel[0].Subject)}))
		if len(sel) > 1 {
			label.SetText(tr.N("Move {{.Count}} message", "Move {{.Count}} messages", len(sel)))
		}
		d = &dragState{ids: ids(sel), hint: widget.NewPopUp(label, ml.ui.win.Canvas())}
		ml.ui.drag = d
	}
	d.at = ev.AbsolutePosition
	d.hint.ShowAtPosition(ev.AbsolutePosition.Add(fyne.NewPos(16, 8)))
}

// DragEnd moves the messages to the folder under the pointer, if any.
func (v *rowView) DragEnd() {
	ui := v.ml.ui
	d := ui.drag
	ui.drag = nil
	if d == nil {
		return
	}
	d.hint.Hide()
	if folder, ok := ui.folders.folderAt(d.at); ok {
		ui.moveMessages(d.ids, folder)
	}
}

// dragState is a drag under way.
type dragState struct {
	ids  []int64
	at   fyne.Position // the pointer, in the window
	hint *widget.PopUp
}

// folderAt is the folder whose node in the tree is at pos (window
// coordinates).
func (ft *folderTree) folderAt(pos fyne.Position) (int64, bool) {
	d := fyne.CurrentApp().Driver()
	for obj, uid := range ft.nodes {
		if !obj.Visible() || d.CanvasForObject(obj) == nil { // a recycled node not shown
			continue
		}
		k, id := parseUID(uid)
		if k != 'f' {
			continue
		}
		p, s := d.AbsolutePositionForObject(obj), obj.Size()
		if pos.X >= p.X && pos.X < p.X+s.Width && pos.Y >= p.Y && pos.Y < p.Y+s.Height {
			return id, true
		}
	}
	return 0, false
}
