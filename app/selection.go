package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/postie-mail/postie/localstore"
)

// Several messages at once: Ctrl-click (Cmd on macOS) adds or removes a
// message, Shift-click takes everything from the last one clicked, Ctrl+A
// takes the whole list. Delete, Move to…, Archive and Mark read act on
// all of them; the reader shows the one clicked last.

// MouseDown notes the modifier of a click on a row, before the list
// selects it.
func (v *rowView) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button == desktop.MouseButtonPrimary {
		v.ml.clickMod = ev.Modifier
	}
}

// MouseUp is part of desktop.Mouseable.
func (v *rowView) MouseUp(*desktop.MouseEvent) {}

// Tapped selects the row. The window's driver gives a click to the
// innermost object that takes mouse events — this row, since MouseDown
// reads the modifiers — so the list's own item never saw the click and
// clicking a message did not open it (only the test driver, which taps
// the list item directly, did).
func (v *rowView) Tapped(*fyne.PointEvent) {
	ml := v.ml
	if v.id < 0 || v.id >= len(ml.rows) {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(ml.list); c != nil {
		c.Focus(ml.list)
	}
	ml.list.Select(v.id)
}

// selectionModifier is Ctrl, or Cmd on macOS.
const selectionModifier = fyne.KeyModifierShortcutDefault

// clicked handles the list selecting row i: a plain click selects that
// message alone; with Ctrl it is added to (or taken from) the selection;
// with Shift the range from the anchor is selected.
func (ml *messageList) clicked(i int) {
	mod := ml.clickMod
	ml.clickMod = 0
	id := ml.rows[i].ID
	switch {
	case mod&fyne.KeyModifierShift != 0 && ml.selectedID != 0:
		a, b := ml.indexOf(ml.anchor()), i
		if a < 0 {
			a = i
		}
		if a > b {
			a, b = b, a
		}
		ml.marked = map[int64]bool{}
		for j := a; j <= b && j < len(ml.rows); j++ {
			ml.marked[ml.rows[j].ID] = true
		}
	case mod&selectionModifier != 0 && ml.selectedID != 0:
		if ml.marked == nil {
			ml.marked = map[int64]bool{ml.selectedID: true}
		}
		if ml.marked[id] && len(ml.marked) > 1 {
			delete(ml.marked, id)
		} else {
			ml.marked[id] = true
		}
		ml.anchorID = id
	default:
		ml.marked = nil
		ml.anchorID = id
	}
	ml.list.Refresh() // marked rows show it
}

// anchor is where a Shift-click range starts.
func (ml *messageList) anchor() int64 {
	if ml.anchorID != 0 {
		return ml.anchorID
	}
	return ml.selectedID
}

// selectAll selects every message of the list (Ctrl+A), loading the
// rest of a long folder first.
func (ml *messageList) selectAll() {
	if len(ml.rows) == 0 {
		return
	}
	if !ml.complete && ml.query == "" {
		rows, err := ml.ui.store.MessagesIn(ml.folderID, ml.order, nil, max(ml.total, len(ml.rows)))
		if err == nil {
			ml.rows, ml.complete = rows, true
		}
	}
	if ml.selectedID == 0 {
		ml.list.Select(0) // the reader shows the first
	}
	ml.marked = make(map[int64]bool, len(ml.rows))
	for _, m := range ml.rows {
		ml.marked[m.ID] = true
	}
	ml.list.Refresh()
	ml.ui.updateActions()
}

// isMarked says whether a row is part of a selection of several.
func (ml *messageList) isMarked(id int64) bool { return len(ml.marked) > 1 && ml.marked[id] }

// selection is every selected message: the marked ones, or the one
// selected.
func (ml *messageList) selection() []localstore.Summary {
	if len(ml.marked) > 1 {
		var out []localstore.Summary
		for _, m := range ml.rows {
			if ml.marked[m.ID] {
				out = append(out, m)
			}
		}
		return out
	}
	if m, ok := ml.selected(); ok {
		return []localstore.Summary{m}
	}
	return nil
}

func ids(ms []localstore.Summary) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
