package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// Controls of the wizard, the account settings and the compose window
// that the keyboard works completely and that say what they are (see
// accessible.go for the common ones).

// keyButton is a button that Enter presses as well as Space, and on which
// Escape goes on to the window (closing its dialog, or the window's own
// Escape).
type keyButton struct{ widget.Button }

func newKeyButton(text string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *keyButton) TypedKey(k *fyne.KeyEvent) {
	if passEscape(b, k) {
		return
	}
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		b.Tapped(nil) // does nothing when disabled
		return
	}
	b.Button.TypedKey(k)
}

// optionGroup is a set of radio buttons under a name ("Server copies").
// Its options are told apart by their index, never by their words (they
// are translated). Each option is reached with Tab (or the arrows) and
// chosen with Space or Enter; Escape goes on to the window.
type optionGroup struct {
	widget.BaseWidget
	name       string
	Options    []string
	Selected   string // the chosen option's words ("" none)
	Horizontal bool
	// OnChanged hears the index the person chose (not when the program
	// marks one with mark).
	OnChanged func(int)
	chosen    int
	items     []*optionItem
}

func newOptionGroup(name string, options []string, changed func(int)) *optionGroup {
	g := &optionGroup{name: name, Options: options, OnChanged: changed, chosen: -1}
	for i := range options {
		it := &optionItem{group: g, i: i}
		it.ExtendBaseWidget(it)
		g.items = append(g.items, it)
	}
	g.ExtendBaseWidget(g)
	return g
}

// SelectedIndex is the index of the chosen option, -1 for none.
func (g *optionGroup) SelectedIndex() int { return g.chosen }

// SetSelectedIndex chooses option i as the person would (OnChanged hears
// it when it changes).
func (g *optionGroup) SetSelectedIndex(i int) {
	if i == g.chosen || i < -1 || i >= len(g.Options) {
		return
	}
	g.mark(i)
	if g.OnChanged != nil {
		g.OnChanged(i)
	}
}

// SetSelected chooses the option with these words, as the person would.
func (g *optionGroup) SetSelected(words string) {
	for i, o := range g.Options {
		if o == words {
			g.SetSelectedIndex(i)
			return
		}
	}
}

// mark shows option i as chosen without telling OnChanged (the program's
// own choice: a recommendation, a warning cancelled).
func (g *optionGroup) mark(i int) {
	if i < -1 || i >= len(g.Options) {
		i = -1
	}
	g.chosen = i
	g.Selected = ""
	if i >= 0 {
		g.Selected = g.Options[i]
	}
	for _, it := range g.items {
		it.Refresh()
	}
}

func (g *optionGroup) CreateRenderer() fyne.WidgetRenderer {
	objs := make([]fyne.CanvasObject, len(g.items))
	for i, it := range g.items {
		objs[i] = it
	}
	if g.Horizontal {
		return widget.NewSimpleRenderer(container.NewHBox(objs...))
	}
	return widget.NewSimpleRenderer(container.NewVBox(objs...))
}

func (g *optionGroup) AccessibilityLabel() string {
	if g.Selected == "" {
		return tr.L("{{.Field}}: nothing chosen yet", tr.M{"Field": g.name})
	}
	return tr.L("{{.Field}}: {{.Value}}", tr.M{"Field": g.name, "Value": g.Selected})
}

func (g *optionGroup) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// focusItem gives the keyboard to option i (the arrows).
func (g *optionGroup) focusItem(i int) {
	if i < 0 || i >= len(g.items) {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(g.items[i]); c != nil {
		c.Focus(g.items[i])
	}
}

// optionItem is one radio button of an optionGroup.
type optionItem struct {
	widget.BaseWidget
	group            *optionGroup
	i                int
	focused, hovered bool
}

func (it *optionItem) text() string { return it.group.Options[it.i] }

func (it *optionItem) AccessibilityLabel() string {
	m := tr.M{"Field": it.group.name, "Option": it.text()}
	if it.group.chosen == it.i {
		return tr.L("{{.Field}}: {{.Option}}, chosen", m)
	}
	return tr.L("{{.Field}}: {{.Option}}, not chosen", m)
}

func (it *optionItem) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (it *optionItem) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(it); c != nil && !fyne.CurrentDevice().IsMobile() {
		c.Focus(it)
	}
	it.group.SetSelectedIndex(it.i)
}

func (it *optionItem) FocusGained() { it.focused = true; it.Refresh() }
func (it *optionItem) FocusLost()   { it.focused = false; it.Refresh() }

// TypedRune: Space comes as a key too (TypedKey chooses).
func (it *optionItem) TypedRune(rune) {}

func (it *optionItem) TypedKey(k *fyne.KeyEvent) {
	if passEscape(it, k) {
		return
	}
	switch k.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		it.group.SetSelectedIndex(it.i)
	case fyne.KeyDown, fyne.KeyRight:
		it.group.focusItem(it.i + 1)
	case fyne.KeyUp, fyne.KeyLeft:
		it.group.focusItem(it.i - 1)
	}
}

func (it *optionItem) MouseIn(*desktop.MouseEvent)    { it.hovered = true; it.Refresh() }
func (it *optionItem) MouseMoved(*desktop.MouseEvent) {}
func (it *optionItem) MouseOut()                      { it.hovered = false; it.Refresh() }

func (it *optionItem) CreateRenderer() fyne.WidgetRenderer {
	r := &optionRenderer{it: it, ring: canvas.NewCircle(color.Transparent), in: canvas.NewImageFromResource(nil),
		out: canvas.NewImageFromResource(nil), label: widget.NewLabel("")}
	r.label.Wrapping = fyne.TextWrapWord
	if it.group.Horizontal {
		r.label.Wrapping = fyne.TextWrapOff
	}
	r.update()
	return r
}

type optionRenderer struct {
	it      *optionItem
	ring    *canvas.Circle
	in, out *canvas.Image
	label   *widget.Label
}

func (r *optionRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.ring, r.in, r.out, r.label}
}

func (r *optionRenderer) Destroy() {}

func (r *optionRenderer) ringSize() float32 {
	return theme.IconInlineSize() + theme.InnerPadding()
}

func (r *optionRenderer) Layout(size fyne.Size) {
	ring := r.ringSize()
	r.ring.Resize(fyne.NewSquareSize(ring))
	r.ring.Move(fyne.NewPos(0, (size.Height-ring)/2))
	icon := theme.IconInlineSize()
	at := fyne.NewPos((ring-icon)/2, (size.Height-icon)/2)
	for _, im := range []*canvas.Image{r.in, r.out} {
		im.Resize(fyne.NewSquareSize(icon))
		im.Move(at)
	}
	// The words beside the circle, in the middle of a taller row too.
	w := size.Width - ring
	r.label.Resize(fyne.NewSize(w, size.Height))
	h := min(r.label.MinSize().Height, size.Height)
	r.label.Resize(fyne.NewSize(w, h))
	r.label.Move(fyne.NewPos(ring, (size.Height-h)/2))
}

func (r *optionRenderer) MinSize() fyne.Size {
	l := r.label.MinSize()
	ring := r.ringSize()
	return fyne.NewSize(ring+l.Width, max(ring, l.Height))
}

func (r *optionRenderer) Refresh() {
	r.update()
	r.ring.Refresh()
	r.in.Refresh()
	r.out.Refresh()
	r.label.Refresh()
}

func (r *optionRenderer) update() {
	r.label.Text = r.it.text()
	out := theme.NewThemedResource(theme.RadioButtonIcon())
	out.ColorName = theme.ColorNameInputBorder
	in := theme.NewThemedResource(theme.RadioButtonFillIcon())
	in.ColorName = theme.ColorNameInputBackground
	if r.it.group.chosen == r.it.i {
		in.ColorName = theme.ColorNamePrimary
		out.ColorName = theme.ColorNameForeground
	}
	r.in.Resource, r.out.Resource = in, out
	switch {
	case r.it.focused:
		r.ring.FillColor = theme.Color(theme.ColorNameFocus)
	case r.it.hovered:
		r.ring.FillColor = theme.Color(theme.ColorNameHover)
	default:
		r.ring.FillColor = color.Transparent
	}
}

// textCard is a card of text the keyboard reaches (Tab) and a screen
// reader reads whole: the wizard's explanations of IMAP and POP. Space,
// Enter or a click chooses what it explains, when chosen is set.
type textCard struct {
	widget.BaseWidget
	title, text string
	chosen      func()
	focused     bool
	edge        *canvas.Rectangle
}

func newTextCard(title, text string, chosen func()) *textCard {
	c := &textCard{title: title, text: text, chosen: chosen}
	c.ExtendBaseWidget(c)
	return c
}

func (c *textCard) CreateRenderer() fyne.WidgetRenderer {
	c.edge = canvas.NewRectangle(color.Transparent)
	c.edge.StrokeWidth = 2
	c.edge.CornerRadius = theme.InputRadiusSize()
	c.showFocus()
	card := widget.NewCard("", "", container.NewVBox(bold(c.title), para(c.text)))
	return widget.NewSimpleRenderer(container.NewStack(card, c.edge))
}

func (c *textCard) showFocus() {
	if c.edge == nil {
		return
	}
	c.edge.StrokeColor = color.Transparent
	if c.focused {
		c.edge.StrokeColor = theme.Color(theme.ColorNameFocus)
	}
	c.edge.Refresh()
}

func (c *textCard) AccessibilityLabel() string {
	return tr.L("{{.Title}}. {{.Text}}", tr.M{"Title": c.title, "Text": c.text})
}

func (c *textCard) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (c *textCard) FocusGained()   { c.focused = true; c.showFocus() }
func (c *textCard) FocusLost()     { c.focused = false; c.showFocus() }
func (c *textCard) TypedRune(rune) {}

func (c *textCard) TypedKey(k *fyne.KeyEvent) {
	if passEscape(c, k) {
		return
	}
	switch k.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		if c.chosen != nil {
			c.chosen()
		}
	}
}

func (c *textCard) Tapped(*fyne.PointEvent) {
	if c.chosen != nil {
		c.chosen()
	}
}

// shortcutField is a text box that hands shortcuts it has no use for to
// shortcuts first (the compose window's Ctrl+Enter and Ctrl+Shift+A: a
// text box that has the keyboard is given every shortcut, and Fyne's
// drops those it does not know).
type shortcutField struct {
	textField
	shortcuts func(fyne.Shortcut) bool // true: taken
}

func newShortcutField(name string, shortcuts func(fyne.Shortcut) bool) *shortcutField {
	f := &shortcutField{shortcuts: shortcuts}
	f.name = name
	f.ExtendBaseWidget(f)
	return f
}

func (f *shortcutField) TypedShortcut(s fyne.Shortcut) {
	if f.shortcuts != nil && f.shortcuts(s) {
		return
	}
	f.Entry.TypedShortcut(s)
}

func (f *shortcutField) TypedKey(k *fyne.KeyEvent) {
	if passEscape(f, k) {
		return
	}
	f.Entry.TypedKey(k)
}

// formatButton is an icon button of the compose window (Bold, Italic,
// List): it says its name to a screen reader and shows it as a tip.
type formatButton struct {
	widget.Button
	name string
	tips *tipLayer
}

func newFormatButton(icon fyne.Resource, name string, tips *tipLayer, tapped func()) *formatButton {
	b := &formatButton{name: name, tips: tips}
	b.Icon, b.OnTapped = icon, tapped
	b.Importance = widget.MediumImportance
	b.ExtendBaseWidget(b)
	return b
}

func (b *formatButton) AccessibilityLabel() string { return b.name }

func (b *formatButton) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (b *formatButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	if b.tips != nil {
		b.tips.show(b, b.name)
	}
}

func (b *formatButton) MouseOut() {
	b.Button.MouseOut()
	if b.tips != nil {
		b.tips.hide()
	}
}

func (b *formatButton) TypedKey(k *fyne.KeyEvent) {
	if passEscape(b, k) {
		return
	}
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		b.Tapped(nil)
		return
	}
	b.Button.TypedKey(k)
}

// focusTarget is the option the keyboard starts on: the chosen one, or
// the first.
func (g *optionGroup) focusTarget() fyne.Focusable {
	if g.chosen >= 0 {
		return g.items[g.chosen]
	}
	if len(g.items) == 0 {
		return nil
	}
	return g.items[0]
}
