package app

import (
	"fmt"
	"reflect"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// placed is an object with where it is in the window.
type placed struct {
	obj      fyne.CanvasObject
	pos      fyne.Position // in the window
	clip     fyne.Position // the scroll it is inside: its top left…
	clipSize fyne.Size     // …and size (zero: none)
	covered  bool          // an ancestor says what it is for it (fyne.Accessible)
	truncOK  bool          // inside a label or entry that shortens its text on purpose
	path     string
}

// walk visits every visible object under o (containers' objects and
// widgets' renderers), with its place in the window.
func walk(o fyne.CanvasObject, visit func(placed)) {
	walkAt(o, placed{}, visit)
}

func walkAt(o fyne.CanvasObject, parent placed, visit func(placed)) {
	if o == nil || !o.Visible() {
		return
	}
	p := parent
	p.obj = o
	p.pos = parent.pos.Add(o.Position())
	p.path = parent.path + "/" + strings.TrimPrefix(reflect.TypeOf(o).String(), "*")
	visit(p)
	child := p
	if a, ok := o.(fyne.Accessible); ok && a.AccessibilityRole() != fyne.AccessibleRoleContainer {
		child.covered = true
	}
	switch w := o.(type) {
	case *widget.Label:
		child.truncOK = child.truncOK || w.Truncation != fyne.TextTruncateOff
	case *widget.Entry:
		child.truncOK = true // an entry scrolls its text
	case *widget.Select:
		child.truncOK = true // shows the chosen option shortened
	case *widget.Hyperlink:
		child.truncOK = child.truncOK || w.Truncation != fyne.TextTruncateOff
	}
	if s, ok := o.(interface{ ScrollToTop() }); ok && s != nil {
		if cs, ok := o.(fyne.Widget); ok {
			child.clip, child.clipSize = p.pos, cs.Size()
		}
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			walkAt(ch, child, visit)
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walkAt(ch, child, visit)
		}
	}
}

// fitProblems are the texts of the window's content (and its top
// overlay) that do not fit at its size: cut short (narrower than their
// text, where nothing shortens it on purpose), outside the window, or on
// top of another text.
func fitProblems(w fyne.Window) []string {
	size := w.Canvas().Size()
	var texts []placed
	var problems []string
	collect := func(root fyne.CanvasObject) {
		walk(root, func(p placed) {
			t, ok := p.obj.(*canvas.Text)
			if !ok || strings.TrimSpace(t.Text) == "" {
				return
			}
			texts = append(texts, p)
			min := t.MinSize()
			sz := t.Size()
			if !p.truncOK && sz.Width+1 < min.Width {
				problems = append(problems, fmt.Sprintf("cut: %q is %.0f wide, needs %.0f (%s)", t.Text, sz.Width, min.Width, p.path))
			}
			if p.clipSize.IsZero() && (p.pos.X < -1 || p.pos.Y < -1 || p.pos.X+sz.Width > size.Width+1 || p.pos.Y+sz.Height > size.Height+1) {
				problems = append(problems, fmt.Sprintf("outside the window: %q at %.0f,%.0f size %.0f×%.0f in %.0f×%.0f (%s)", t.Text, p.pos.X, p.pos.Y, sz.Width, sz.Height, size.Width, size.Height, p.path))
			}
		})
	}
	collect(w.Content())
	if over := w.Canvas().Overlays().Top(); over != nil {
		texts = nil // what is under a dialog may be covered by it
		collect(over)
	}
	for i := range texts {
		for j := i + 1; j < len(texts); j++ {
			a, b := texts[i], texts[j]
			if a.clipSize != b.clipSize || a.clip != b.clip {
				continue // in different scrolls
			}
			as, bs := a.obj.Size(), b.obj.Size()
			ta, tb := a.obj.(*canvas.Text), b.obj.(*canvas.Text)
			aw, bw := min(as.Width, ta.MinSize().Width), min(bs.Width, tb.MinSize().Width)
			if a.pos.X+2 < b.pos.X+bw && b.pos.X+2 < a.pos.X+aw && a.pos.Y+2 < b.pos.Y+bs.Height && b.pos.Y+2 < a.pos.Y+as.Height {
				problems = append(problems, fmt.Sprintf("overlap: %q and %q (%s, %s)", ta.Text, tb.Text, a.path, b.path))
			}
		}
	}
	if min := w.Content().MinSize(); min.Width > size.Width+1 || min.Height > size.Height+1 {
		problems = append(problems, fmt.Sprintf("the content needs %.0f×%.0f, the window is %.0f×%.0f", min.Width, min.Height, size.Width, size.Height))
	}
	return problems
}

// unlabelled are the controls of the window (content and top overlay)
// a screen reader would find nothing to say for: tappable or focusable
// objects that are not fyne.Accessible with a label and a role, and not
// inside one that is. It returns how many controls it checked.
func unlabelled(w fyne.Window) (checked int, problems []string) {
	check := func(root fyne.CanvasObject) {
		walk(root, func(p placed) {
			_, tap := p.obj.(fyne.Tappable)
			_, focus := p.obj.(fyne.Focusable)
			if !tap && !focus {
				return
			}
			if p.covered || isScrollBar(p.obj) || isBackdrop(p.obj) {
				return
			}
			checked++
			a, ok := p.obj.(fyne.Accessible)
			if !ok {
				problems = append(problems, "not accessible: "+p.path)
				return
			}
			if strings.TrimSpace(a.AccessibilityLabel()) == "" || a.AccessibilityRole() == "" {
				problems = append(problems, fmt.Sprintf("no label or role: %s (%q, %q)", p.path, a.AccessibilityLabel(), a.AccessibilityRole()))
			}
		})
	}
	check(w.Content())
	if over := w.Canvas().Overlays().Top(); over != nil {
		check(over)
	}
	return checked, problems
}

// isScrollBar: Fyne's scroll bars are dragged with the mouse; what they
// scroll says what it is.
func isScrollBar(o fyne.CanvasObject) bool {
	t := reflect.TypeOf(o)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "fyne.io/fyne/v2/internal/widget" && strings.HasPrefix(t.Name(), "scrollBar")
}

// isBackdrop: a dialog's pop-up and the layer under it take taps only to
// keep them from what is behind; the dialog's controls say what they are.
func isBackdrop(o fyne.CanvasObject) bool {
	if _, ok := o.(*widget.PopUp); ok {
		return true
	}
	t := reflect.TypeOf(o)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "fyne.io/fyne/v2/internal/widget" && t.Name() == "OverlayContainer"
}
