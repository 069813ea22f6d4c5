package app

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// addressEntry is a To/Cc/Bcc field that suggests addresses from the
// store as the person types: arrows choose, Enter takes one, Escape
// closes the list; a click works too.
//
// The suggestions are not a pop-up: a Fyne pop-up is an overlay with
// its own keyboard focus, so every key typed while it showed was lost,
// and it lay over the Subject field, taking clicks meant for it (#29).
// They sit in the window's layout right under the field (field() puts
// them there), so the field keeps the keyboard and nothing below is
// covered: the fields below move down while the list shows.
//
// A screen reader hears its name, what it holds and how many suggestions
// show ("To: bob@example.test, 2 suggestions"), and each suggestion.
type addressEntry struct {
	widget.Entry
	name     string // "To"
	book     func() []localstore.Correspondent
	win      fyne.Window
	box      *fyne.Container // the suggestions, hidden when there are none
	boxBg    *canvas.Rectangle
	rows     []*suggestionRow
	items    []localstore.Correspondent
	sel      int
	accepted bool // the text just changed because a suggestion was taken
	pressing bool // a mouse button is down on a suggestion
	shown    int  // how many suggestions the window last made room for
	changed  func()
	// room is the height the list may take without the window growing
	// (nil: any).
	room func() float32
	// later runs f on the UI goroutine after d (the window's timers).
	later func(d time.Duration, f func())
	// shortcuts are the window's, tried first (a box with the keyboard
	// is handed every shortcut).
	shortcuts func(fyne.Shortcut) bool
}

const maxSuggestions = 6

func newAddressEntry(win fyne.Window, name string, book func() []localstore.Correspondent, changed func()) *addressEntry {
	e := &addressEntry{name: name, book: book, win: win, changed: changed}
	e.ExtendBaseWidget(e)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameMenuBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize()
	list := container.NewVBox()
	for i := 0; i < maxSuggestions; i++ {
		r := newSuggestionRow(e, i)
		e.rows = append(e.rows, r)
		list.Add(r)
	}
	e.boxBg = bg
	e.box = container.NewStack(bg, list)
	e.box.Hide()
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

// field is what goes in the form: the entry with its suggestions below.
func (e *addressEntry) field() fyne.CanvasObject {
	return container.New(&fieldLayout{}, e, e.box)
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
	// Not the addresses already in the field (#29: Boris was offered
	// again after he had been taken).
	have := strings.ToLower(e.Text)
	if i := strings.LastIndex(have, ","); i >= 0 {
		have = have[:i]
	} else {
		have = ""
	}
	e.items = e.items[:0]
	for _, c := range localstore.Suggest(e.book(), tok, maxSuggestions+strings.Count(have, "@")) {
		if !strings.Contains(have, strings.ToLower(c.Address)) && len(e.items) < e.rowsThatFit() {
			e.items = append(e.items, c)
		}
	}
	if len(e.items) == 0 {
		e.hide()
		return
	}
	e.sel = 0
	e.showRows()
	e.box.Show()
	e.relayout()
}

// rowsThatFit is how many suggestions the list may show: as many as
// the room gives (room: the height the window can give it without
// growing), at least one, at most maxSuggestions.
func (e *addressEntry) rowsThatFit() int {
	if e.room == nil {
		return maxSuggestions
	}
	row := e.rows[0].MinSize().Height + theme.Padding()
	n := int((e.room() - theme.Padding()) / row)
	return min(max(n, 1), maxSuggestions)
}

// relayout gives the list its room in the window (and takes it back)
// when it opens, closes or changes length.
func (e *addressEntry) relayout() {
	n := 0
	if e.box.Visible() {
		n = len(e.items)
	}
	if n == e.shown {
		return
	}
	e.shown = n
	if c := e.win.Content(); c != nil {
		c.Refresh()
	}
}

// showRows puts the suggestions in the rows and marks the chosen one.
func (e *addressEntry) showRows() {
	e.boxBg.FillColor = theme.Color(theme.ColorNameMenuBackground)
	e.boxBg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	e.boxBg.Refresh()
	for i, r := range e.rows {
		if i >= len(e.items) {
			r.Hide()
			continue
		}
		r.set(e.items[i].String(), i == e.sel)
		r.Show()
	}
}

func (e *addressEntry) showing() bool { return e.box.Visible() }

func (e *addressEntry) hide() {
	if e.box.Visible() {
		e.box.Hide()
		e.relayout()
	}
}

// FocusLost closes the list, unless the click that took the focus away
// is on a suggestion (the click then takes it).
//
// It closes a moment later, once the click that took the keyboard is
// over: the window takes the keyboard when the button goes down, and a
// list closing then moved Subject up under the pointer before the
// button came up — the click landed on what had moved there, and
// nothing had the keyboard (#29, seen in the real window).
func (e *addressEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.pressing {
		return
	}
	if e.later == nil {
		e.hide()
		return
	}
	e.later(closeAfterClick, func() {
		if e.win.Canvas().Focused() != fyne.Focusable(e) && !e.pressing {
			e.hide()
		}
	})
}

// closeAfterClick is longer than a slow click.
const closeAfterClick = 600 * time.Millisecond

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

// TypedKey lets the arrows, Enter and Escape work the suggestions;
// every other key goes on into the field.
func (e *addressEntry) TypedKey(k *fyne.KeyEvent) {
	if e.showing() {
		switch k.Name {
		case fyne.KeyDown:
			e.sel = min(e.sel+1, len(e.items)-1)
			e.showRows()
			return
		case fyne.KeyUp:
			e.sel = max(e.sel-1, 0)
			e.showRows()
			return
		case fyne.KeyReturn, fyne.KeyEnter:
			e.accept(e.sel)
			return
		case fyne.KeyEscape:
			e.hide()
			return
		}
	}
	if passEscape(e, k) {
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut lets the window's shortcuts work here too.
func (e *addressEntry) TypedShortcut(s fyne.Shortcut) {
	if e.shortcuts != nil && e.shortcuts(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// AccessibilityLabel: the field's name, what it holds and, while they
// show, how many suggestions there are and which one Enter takes.
func (e *addressEntry) AccessibilityLabel() string {
	label := fieldLabel(e.name, &e.Entry)
	if !e.showing() || len(e.items) == 0 {
		return label
	}
	return tr.N("{{.Label}}, {{.Count}} suggestion: {{.Chosen}}", "{{.Label}}, {{.Count}} suggestions: {{.Chosen}}", len(e.items),
		tr.M{"Label": label, "Chosen": e.items[e.sel].String()})
}

func (e *addressEntry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// suggestionRow is one suggested address: a click takes it. It never
// takes the keyboard away from the field.
type suggestionRow struct {
	widget.BaseWidget
	e     *addressEntry
	i     int
	bg    *canvas.Rectangle
	label *widget.Label
}

func newSuggestionRow(e *addressEntry, i int) *suggestionRow {
	r := &suggestionRow{e: e, i: i, bg: canvas.NewRectangle(color.Transparent), label: widget.NewLabel("")}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *suggestionRow) set(text string, chosen bool) {
	r.label.SetText(text)
	r.bg.FillColor = color.Transparent
	if chosen { // the one Enter takes
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	}
	r.bg.Refresh()
}

func (r *suggestionRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.bg, r.label))
}

// AccessibilityLabel is the suggested address.
func (r *suggestionRow) AccessibilityLabel() string {
	return tr.L("Suggestion: {{.Address}}", tr.M{"Address": r.label.Text})
}

func (r *suggestionRow) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (r *suggestionRow) Tapped(*fyne.PointEvent) {
	r.e.pressing = false
	r.e.accept(r.i)
}

// MouseDown comes before the window takes the focus from the field.
func (r *suggestionRow) MouseDown(*desktop.MouseEvent) { r.e.pressing = true }

func (r *suggestionRow) MouseUp(*desktop.MouseEvent) {
	r.e.pressing = false
	if r.e.win.Canvas().Focused() != fyne.Focusable(r.e) {
		r.e.hide()
	}
}

func (r *suggestionRow) MouseIn(*desktop.MouseEvent)    {}
func (r *suggestionRow) MouseMoved(*desktop.MouseEvent) {}

// MouseOut: a press that leaves the row is not a click on it.
func (r *suggestionRow) MouseOut() {
	if r.e.pressing {
		r.e.pressing = false
		if r.e.win.Canvas().Focused() != fyne.Focusable(r.e) {
			r.e.hide()
		}
	}
}

// fieldLayout puts the entry at the top and, when it shows, the list
// of suggestions right under it.
type fieldLayout struct{}

func (fieldLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	if objs[1].Visible() {
		b := objs[1].MinSize()
		s = fyne.NewSize(max(s.Width, b.Width), s.Height+b.Height)
	}
	return s
}

func (fieldLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := objs[0].MinSize().Height
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h))
}
