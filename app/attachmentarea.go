package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Attachments take little room (#29: four of them left the text of a
// message about 270 px and cut their names): one line each — an icon,
// the name (cut with an ellipsis where it must be, whole on hover and in
// the save dialog), the size, small buttons — and past
// attachmentLinesShown lines the list scrolls.

// attachmentLinesShown is how many attachment lines show before the list
// scrolls: the half line says there is more.
const attachmentLinesShown = 2.5

// attachmentScroll is rows in a scroll that is as tall as they are, up
// to attachmentLinesShown lines.
func attachmentScroll(rows *fyne.Container) fyne.CanvasObject {
	return container.New(&upToLayout{rows: rows}, container.NewVScroll(rows))
}

// upToLayout gives its one object (a scroll of rows) the rows' height, up
// to attachmentLinesShown lines.
type upToLayout struct{ rows *fyne.Container }

func (u *upToLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	min := u.rows.MinSize()
	if n := len(u.rows.Objects); float32(n) > attachmentLinesShown {
		line := (min.Height + theme.Padding()) / float32(n)
		min.Height = line*attachmentLinesShown - theme.Padding()
	}
	return min
}

func (u *upToLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// attachmentLine is one attachment: its name (tip: the whole name), its
// size, and the buttons given.
func attachmentLine(tips *tipLayer, name, whole, size string, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	label := widget.NewLabel(name)
	label.Truncation = fyne.TextTruncateEllipsis
	sz := widget.NewLabel(size)
	sz.Importance = widget.LowImportance
	end := container.NewHBox(append([]fyne.CanvasObject{sz}, buttons...)...)
	return container.NewBorder(nil, nil, widget.NewIcon(theme.MailAttachmentIcon()), end, newHoverTip(label, whole, tips))
}

// tipLayer floats a short tip over a window's content: the whole name of
// an attachment, what an icon button does. It is not a Fyne pop-up: a
// pop-up takes every mouse event, so what is under the pointer would
// lose its hover, and its tip, the moment the tip showed.
type tipLayer struct {
	layer *fyne.Container // no layout: the tip is placed by hand
	tip   *fyne.Container
	bg    *canvas.Rectangle
	text  *widget.Label
	room  fyne.Size // the window's content
}

func newTipLayer() *tipLayer {
	l := &tipLayer{text: widget.NewLabel("")}
	l.bg = canvas.NewRectangle(nil)
	l.bg.StrokeWidth = 1
	l.tip = container.NewStack(l.bg, l.text)
	l.tip.Hide()
	l.layer = container.NewWithoutLayout(l.tip)
	return l
}

// over puts the layer over content (what a window shows).
func (l *tipLayer) over(content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(l, content, l.layer)
}

// MinSize and Layout make the layer a layout: the content fills the
// window, and the layer takes no room at its top left corner, so nothing
// looking for what lies under a point finds it (the tip draws outside
// it all the same).
func (l *tipLayer) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l *tipLayer) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.room = size
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	objs[1].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(0, 0))
}

// show puts text under obj, inside the layer.
func (l *tipLayer) show(obj fyne.CanvasObject, text string) {
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(obj).Subtract(d.AbsolutePositionForObject(l.layer))
	l.text.SetText(text)
	l.bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	l.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	l.bg.CornerRadius = theme.InputRadiusSize()
	size := l.tip.MinSize()
	room := l.room
	if room.Width > 0 {
		size.Width = min(size.Width, room.Width)
	}
	pos := fyne.NewPos(at.X, at.Y+obj.Size().Height)
	if pos.X+size.Width > room.Width {
		pos.X = max(room.Width-size.Width, 0)
	}
	if pos.Y+size.Height > room.Height && at.Y-size.Height >= 0 {
		pos.Y = at.Y - size.Height // no room below: above
	}
	l.tip.Resize(size)
	l.tip.Move(pos)
	l.tip.Show()
	l.layer.Refresh()
}

func (l *tipLayer) hide() {
	l.tip.Hide()
	l.layer.Refresh()
}

// shown is the tip on show ("" when none).
func (l *tipLayer) shown() string {
	if !l.tip.Visible() {
		return ""
	}
	return l.text.Text
}

// hoverTip shows a tip while the pointer is over its content.
type hoverTip struct {
	widget.BaseWidget
	content fyne.CanvasObject
	tip     string
	tips    *tipLayer
}

func newHoverTip(content fyne.CanvasObject, tip string, tips *tipLayer) *hoverTip {
	h := &hoverTip{content: content, tip: tip, tips: tips}
	h.ExtendBaseWidget(h)
	return h
}

func (h *hoverTip) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.content) }

func (h *hoverTip) MouseIn(*desktop.MouseEvent) {
	if h.tips != nil && h.tip != "" {
		h.tips.show(h, h.tip)
	}
}

func (h *hoverTip) MouseMoved(*desktop.MouseEvent) {}

func (h *hoverTip) MouseOut() {
	if h.tips != nil {
		h.tips.hide()
	}
}

// tipButton is an icon button whose tip says what it does.
type tipButton struct {
	widget.Button
	tip  string
	tips *tipLayer
}

func newTipButton(icon fyne.Resource, tip string, tips *tipLayer, tapped func()) *tipButton {
	b := &tipButton{tip: tip, tips: tips}
	b.Icon = icon
	b.OnTapped = tapped
	b.Importance = widget.LowImportance
	b.ExtendBaseWidget(b)
	return b
}

// AccessibilityLabel is the tip: the button shows only an icon.
func (b *tipButton) AccessibilityLabel() string {
	if b.Text != "" {
		return b.Text
	}
	return b.tip
}

func (b *tipButton) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// TypedKey: Escape goes to the window (a dialog closes).
func (b *tipButton) TypedKey(k *fyne.KeyEvent) {
	if passEscape(b, k) {
		return
	}
	b.Button.TypedKey(k)
}

func (b *tipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	if b.tips != nil {
		b.tips.show(b, b.tip)
	}
}

func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	if b.tips != nil {
		b.tips.hide()
	}
}
