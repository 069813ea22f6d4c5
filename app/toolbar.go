package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The toolbar's buttons show their names where there is room. In a
// narrow window, or a language whose words are long (German's "Als
// ungelesen markieren"), they show only their icons: each still says its
// name to a screen reader and shows it as a tip under the pointer, and
// the whole row never needs more than the window has (#28: every screen
// fits at 800×600 in every language).

// toolButton is one of the toolbar's buttons.
type toolButton struct {
	widget.Button
	name    string   // what it says now ("Mark as read")
	names   []string // every name it can have: its room is the widest's
	compact bool     // only the icon shows
	tips    *tipLayer
}

func newToolButton(name string, icon fyne.Resource, tips *tipLayer, tapped func(), names ...string) *toolButton {
	b := &toolButton{name: name, names: append([]string{name}, names...), tips: tips}
	b.Text, b.Icon, b.OnTapped = name, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// SetName changes what the button says (shown unless the row is compact).
func (b *toolButton) SetName(name string) {
	b.name = name
	if !b.compact {
		b.SetText(name)
	} else {
		b.Refresh()
	}
}

func (b *toolButton) setCompact(on bool) {
	if b.compact == on {
		return
	}
	b.compact = on
	if on {
		b.SetText("")
	} else {
		b.SetText(b.name)
	}
}

// fullWidth is the button's width showing the widest of its names.
func (b *toolButton) fullWidth(probe *widget.Button) float32 {
	w := float32(0)
	probe.Icon = b.Icon
	for _, n := range b.names {
		probe.SetText(n)
		w = max(w, probe.MinSize().Width)
	}
	return w
}

func (b *toolButton) AccessibilityLabel() string             { return b.name }
func (b *toolButton) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// MouseIn shows the name as a tip when only the icon shows.
func (b *toolButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	if b.compact && b.tips != nil {
		b.tips.show(b, b.name)
	}
}

func (b *toolButton) MouseOut() {
	b.Button.MouseOut()
	if b.tips != nil {
		b.tips.hide()
	}
}

func (b *toolButton) TypedKey(k *fyne.KeyEvent) {
	if passEscape(b, k) {
		return
	}
	b.Button.TypedKey(k)
}

// toolRow lays the toolbar's buttons out left to right, each as wide as
// its widest name, or all compact when that does not fit.
type toolRow struct {
	buttons []*toolButton
	probe   *widget.Button
}

func newToolbarRow(buttons ...*toolButton) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(buttons))
	for i, b := range buttons {
		objs[i] = b
	}
	return &fyne.Container{Layout: &toolRow{buttons: buttons, probe: widget.NewButton("", nil)}, Objects: objs}
}

func (r *toolRow) widths(compact bool) ([]float32, float32) {
	ws := make([]float32, len(r.buttons))
	total := float32(0)
	for i, b := range r.buttons {
		if !b.Visible() {
			continue
		}
		if compact {
			r.probe.Icon = b.Icon
			r.probe.SetText("")
			ws[i] = r.probe.MinSize().Width
		} else {
			ws[i] = b.fullWidth(r.probe)
		}
		total += ws[i] + theme.Padding()
	}
	return ws, total
}

// MinSize is the row with icons only: the window may be that narrow.
func (r *toolRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	_, w := r.widths(true)
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (r *toolRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	ws, full := r.widths(false)
	compact := full > size.Width
	if compact {
		ws, _ = r.widths(true)
	}
	x := float32(0)
	for i, b := range r.buttons {
		b.setCompact(compact)
		if !b.Visible() {
			continue
		}
		b.Move(fyne.NewPos(x, 0))
		b.Resize(fyne.NewSize(ws[i], size.Height))
		x += ws[i] + theme.Padding()
	}
}
