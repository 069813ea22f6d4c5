package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/localstore"
)

// addressEntry is a To/Cc/Bcc field that suggests addresses from the
// store as the person types: arrows choose, Enter takes one, Escape
// closes the list; a click works too.
type addressEntry struct {
	widget.Entry
	book     func() []localstore.Correspondent
	win      fyne.Window
	popup    *widget.PopUp
	list     *widget.List
	items    []localstore.Correspondent
	sel      int
	accepted bool // the text just changed because a suggestion was taken
	changed  func()
}

const maxSuggestions = 6

func newAddressEntry(win fyne.Window, book func() []localstore.Correspondent, changed func()) *addressEntry {
	e := &addressEntry{book: book, win: win, changed: changed}
	e.ExtendBaseWidget(e)
	e.OnChanged = func(string) {
		if e.changed != nil {
			e.changed()
		}
		if e.accepted {
			e.accepted = false
			return
		}
		e.suggest()
	}
	return e
}

// token is the address being typed: what follows the last comma.
func (e *addressEntry) token() string {
	t := e.Text
	if i := strings.LastIndex(t, ","); i >= 0 {
		t = t[i+1:]
	}
	return strings.TrimSpace(t)
}

func (e *addressEntry) suggest() {
	tok := e.token()
	// Only while the person types here: not when a reply fills it in.
	if len([]rune(tok)) < 2 || e.book == nil || e.win.Canvas().Focused() != fyne.Focusable(e) {
		e.hide()
		return
	}
	e.items = localstore.Suggest(e.book(), tok, maxSuggestions)
	if len(e.items) == 0 {
		e.hide()
		return
	}
	e.sel = 0
	if e.popup == nil {
		e.list = widget.NewList(func() int { return len(e.items) },
			func() fyne.CanvasObject { return widget.NewLabel("someone@example.org") },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				l := o.(*widget.Label)
				l.Importance = widget.MediumImportance
				if i == e.sel { // the one Enter takes
					l.Importance = widget.HighImportance
				}
				l.SetText(e.items[i].String())
			})
		e.list.OnSelected = func(i widget.ListItemID) { e.accept(i) }
		e.popup = widget.NewPopUp(container.NewStack(e.list), e.win.Canvas())
	}
	e.list.UnselectAll()
	e.list.Refresh()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	h := float32(len(e.items)) * (e.list.MinSize().Height + 2)
	e.popup.ShowAtPosition(pos.Add(fyne.NewPos(0, e.Size().Height)))
	e.popup.Resize(fyne.NewSize(e.Size().Width, h))
	e.list.ScrollTo(0)
	e.win.Canvas().Focus(e)
}

func (e *addressEntry) showing() bool { return e.popup != nil && e.popup.Visible() }

func (e *addressEntry) hide() {
	if e.popup != nil {
		e.popup.Hide()
	}
}

// accept puts suggestion i in place of the address being typed.
func (e *addressEntry) accept(i int) {
	if i < 0 || i >= len(e.items) {
		return
	}
	head := ""
	if j := strings.LastIndex(e.Text, ","); j >= 0 {
		head = e.Text[:j+1] + " "
	}
	e.accepted = true
	e.SetText(head + e.items[i].String() + ", ")
	e.CursorColumn = len([]rune(e.Text))
	e.Refresh()
	e.hide()
	e.win.Canvas().Focus(e)
}

// TypedKey lets the arrows, Enter and Escape work the suggestions.
func (e *addressEntry) TypedKey(k *fyne.KeyEvent) {
	if e.showing() {
		switch k.Name {
		case fyne.KeyDown:
			e.sel = min(e.sel+1, len(e.items)-1)
			e.list.ScrollTo(e.sel)
			e.list.Refresh()
			return
		case fyne.KeyUp:
			e.sel = max(e.sel-1, 0)
			e.list.ScrollTo(e.sel)
			e.list.Refresh()
			return
		case fyne.KeyReturn, fyne.KeyEnter:
			e.accept(e.sel)
			return
		case fyne.KeyEscape:
			e.hide()
			return
		}
	}
	e.Entry.TypedKey(k)
}
