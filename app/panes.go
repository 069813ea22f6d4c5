package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// panes are the window's three columns — folders, messages, the open
// message — side by side, with a divider between each two that the
// mouse drags. It is a plain container, not Fyne's Split widget, because
// Fyne 2.8's screen-reader bridge (Windows and macOS) looks for what a
// window holds only through containers: inside a Split a screen reader
// found nothing of the folders, the list or the message.
//
// Put the Container in the window, not the panes themselves: Fyne walks
// only a *fyne.Container's objects.
type panes struct {
	*fyne.Container
	// Offsets are where the dividers sit, as parts of the width: the
	// folders end at Offsets[0], the messages at Offsets[1].
	Offsets [2]float64
}

// The container holds the messages first, then the open message, then
// the folders (and the dividers last): Tab goes from pane to pane in the
// order of its objects, and a person goes from the messages to what
// they say more often than to the folders.
func newPanes(left, middle, right fyne.CanvasObject, offsets [2]float64) *panes {
	p := &panes{Offsets: offsets}
	d1, d2 := newDivider(p, 0), newDivider(p, 1)
	p.Container = &fyne.Container{Layout: paneLayout{p}, Objects: []fyne.CanvasObject{middle, right, left, d1, d2}}
	return p
}

type paneLayout struct{ p *panes }

func (l paneLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (l paneLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 5 {
		return
	}
	middle, right, left, d1, d2 := objs[0], objs[1], objs[2], objs[3], objs[4]
	dw := d1.MinSize().Width
	avail := size.Width - 2*dw
	lm, mm, rm := left.MinSize().Width, middle.MinSize().Width, right.MinSize().Width
	// Where the person put the dividers, kept clear of each pane's
	// smallest width.
	x1 := float32(l.p.Offsets[0]) * avail
	x1 = max(lm, min(x1, avail-mm-rm))
	x2 := float32(l.p.Offsets[1]) * avail
	x2 = max(x1+mm, min(x2, avail-rm))
	left.Move(fyne.NewPos(0, 0))
	left.Resize(fyne.NewSize(x1, size.Height))
	d1.Move(fyne.NewPos(x1, 0))
	d1.Resize(fyne.NewSize(dw, size.Height))
	middle.Move(fyne.NewPos(x1+dw, 0))
	middle.Resize(fyne.NewSize(x2-x1, size.Height))
	d2.Move(fyne.NewPos(x2+dw, 0))
	d2.Resize(fyne.NewSize(dw, size.Height))
	right.Move(fyne.NewPos(x2+2*dw, 0))
	right.Resize(fyne.NewSize(max(avail-x2, 0), size.Height))
}

// divider is the handle between two panes.
type divider struct {
	widget.BaseWidget
	p     *panes
	which int
}

func newDivider(p *panes, which int) *divider {
	d := &divider{p: p, which: which}
	d.ExtendBaseWidget(d)
	return d
}

func (d *divider) CreateRenderer() fyne.WidgetRenderer {
	line := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	return &dividerRenderer{d: d, line: line}
}

// Dragged moves the divider with the mouse.
func (d *divider) Dragged(ev *fyne.DragEvent) {
	total := d.p.Size().Width - 2*d.Size().Width
	if total <= 0 {
		return
	}
	off := d.p.Offsets[d.which] + float64(ev.Dragged.DX/total)
	d.p.Offsets[d.which] = min(max(off, 0.05), 0.95)
	if d.which == 0 && d.p.Offsets[0] > d.p.Offsets[1]-0.05 {
		d.p.Offsets[1] = min(d.p.Offsets[0]+0.05, 0.95)
	}
	if d.which == 1 && d.p.Offsets[1] < d.p.Offsets[0]+0.05 {
		d.p.Offsets[0] = max(d.p.Offsets[1]-0.05, 0.05)
	}
	d.p.Refresh()
}

func (d *divider) DragEnd() {}

// Cursor shows that the divider moves sideways.
func (d *divider) Cursor() desktop.Cursor { return desktop.HResizeCursor }

type dividerRenderer struct {
	d    *divider
	line *canvas.Rectangle
}

func (r *dividerRenderer) Layout(s fyne.Size) {
	w := theme.Size(theme.SizeNameSeparatorThickness)
	r.line.Resize(fyne.NewSize(w, s.Height))
	r.line.Move(fyne.NewPos((s.Width-w)/2, 0))
}

func (r *dividerRenderer) MinSize() fyne.Size {
	return fyne.NewSize(theme.Padding()*2, 0)
}

func (r *dividerRenderer) Refresh() {
	r.line.FillColor = theme.Color(theme.ColorNameSeparator)
	r.line.Refresh()
}

func (r *dividerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.line} }
func (r *dividerRenderer) Destroy()                     {}
