package app

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// undoShownFor is how long the "Undo" notice stays after a delete, move
// or archive. Edit › Undo and Ctrl+Z still take the last one back after.
const undoShownFor = 8 * time.Second

// undoState is the last delete, move or archive, which Undo takes back.
type undoState struct {
	mu    sync.Mutex
	last  *localstore.Undo
	what  func(n int) string // the notice: "2 messages moved to the Trash."
	shown int                // which notice is showing (a newer one replaces it)

	bar   *fyne.Container // the notice, above the status bar
	label *widget.Label
	btn   *widget.Button
	item  *fyne.MenuItem // Edit › Undo
}

func (ui *UI) buildUndo() *fyne.Container {
	u := &ui.undo
	u.label = widget.NewLabel("")
	u.label.Truncation = fyne.TextTruncateEllipsis
	u.btn = widget.NewButtonWithIcon(tr.L("Undo"), theme.ContentUndoIcon(), ui.doUndo)
	u.btn.Importance = widget.HighImportance
	u.bar = container.NewBorder(nil, nil, nil, u.btn, u.label)
	u.bar.Hide()
	return u.bar
}

// undoable runs a delete, move or archive of list in the background and
// offers to take it back: what says what happened to n messages ("2
// messages moved to the Trash."), failed what could not be done.
func (ui *UI) undoable(list []int64, what func(n int) string, failed string, move func(ids []int64) error) {
	ui.bg(func() {
		u, err := ui.store.Undoable(list, func() error { return move(list) })
		fyne.Do(func() {
			if err != nil {
				ui.showError(failed, err)
				return
			}
			ui.offerUndo(u, what)
		})
	})
}

// offerUndo shows the notice for a few seconds and makes Edit › Undo
// take u back.
func (ui *UI) offerUndo(u *localstore.Undo, what func(n int) string) {
	if u.Len() == 0 {
		return
	}
	st := &ui.undo
	st.mu.Lock()
	st.last, st.what = u, what
	st.shown++
	n := st.shown
	st.mu.Unlock()
	st.label.SetText(what(u.Len()))
	st.bar.Show()
	ui.relayoutUndo()
	ui.setUndoItem(true)
	ui.after(undoShownFor, func() { ui.hideUndo(n) })
}

// after runs f on the UI goroutine after d.
func (ui *UI) after(d time.Duration, f func()) {
	if ui.later == nil {
		afterOnUI(d, f)
		return
	}
	ui.later(d, f)
}

// hideUndo hides notice n unless a newer one replaced it.
func (ui *UI) hideUndo(n int) {
	st := &ui.undo
	st.mu.Lock()
	current := st.shown == n
	st.mu.Unlock()
	if current {
		st.bar.Hide()
		ui.relayoutUndo()
	}
}

// relayoutUndo gives the notice its room (or takes it back).
func (ui *UI) relayoutUndo() {
	if c := ui.win.Content(); c != nil {
		c.Refresh()
	}
}

func (ui *UI) setUndoItem(on bool) {
	if ui.undo.item == nil {
		return
	}
	ui.undo.item.Disabled = !on
	if m := ui.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// doUndo takes back the last delete, move or archive: here at once, and
// on the server at the next sync (or never sent there at all, when the
// change had not gone yet).
func (ui *UI) doUndo() {
	st := &ui.undo
	st.mu.Lock()
	u := st.last
	st.last = nil
	st.shown++
	st.mu.Unlock()
	st.bar.Hide()
	ui.relayoutUndo()
	ui.setUndoItem(false)
	if u == nil {
		return
	}
	ui.bg(func() {
		err := ui.store.Undo(u)
		fyne.Do(func() {
			if err != nil {
				ui.showError(tr.L("Could not undo"), err)
				return
			}
			ui.setStatus(tr.N("{{.Count}} message is back where it was.", "{{.Count}} messages are back where they were.", u.Len()))
			ui.busy = ""
			ui.scheduler().PushSoon()
		})
	})
}

// undoKey is Edit › Undo and Ctrl+Z: in a text field it undoes typing
// there; elsewhere the last delete, move or archive.
func (ui *UI) undoKey() {
	if e, ok := ui.win.Canvas().Focused().(textWithShortcuts); ok {
		e.TypedShortcut(&fyne.ShortcutUndo{})
		return
	}
	ui.doUndo()
}

// textWithShortcuts is a text field of any kind (Fyne's Entry and the
// controls that embed it: textField, searchBox).
type textWithShortcuts interface {
	fyne.Shortcutable
	SelectedText() string
}
