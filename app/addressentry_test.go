package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/localstore"
)

// composeWithBook opens a compose window whose address book holds ann,
// bo and bob (from messages in the Inbox), loaded.
func composeWithBook(t *testing.T) *composeView {
	t.Helper()
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{testMsg(1, "Ann Lee <ann@example.org>", "Hi", "x", fixedNow),
		testMsg(2, "Bo <bo@example.com>", "Yo", "x", fixedNow), testMsg(3, "Bob Stone <bob@example.test>", "Hey", "x", fixedNow)})
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	for i := 0; i < 200 && len(v.addressBook()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	v.win.Resize(fyne.NewSize(720, 560))
	v.win.Canvas().Focus(v.to)
	return v
}

// typeOn types one key after another the way the window does: each on
// whatever has the focus at that moment.
func typeOn(t *testing.T, c fyne.Canvas, chars string) {
	t.Helper()
	for _, r := range chars {
		f := c.Focused()
		if f == nil {
			t.Fatalf("nothing has the keyboard for %q", r)
		}
		f.TypedRune(r)
	}
}

// key presses a key the way the window does: on whatever has the focus.
func key(c fyne.Canvas, name fyne.KeyName) {
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: name})
	}
}

// A whole address typed key by key, through the window, with the
// suggestions showing from the second letter on, arrives whole; Escape
// closes the list and leaves what was typed (#29: every key after "bo"
// was lost, as the list's pop-up took the keyboard).
func TestAddressTypedKeyByKeyWithSuggestions(t *testing.T) {
	v := composeWithBook(t)
	c := v.win.Canvas()
	typed := "bob@example.test"
	for i, r := range typed {
		typeOn(t, c, string(r))
		if c.Focused() != fyne.Focusable(v.to) {
			t.Fatalf("after %q the To field lost the keyboard to %T", typed[:i+1], c.Focused())
		}
		if i >= 1 && !v.to.showing() {
			t.Fatalf("no suggestions after %q", typed[:i+1])
		}
		if i == 1 {
			capture(t, &UI{win: v.win}, "compose-suggestions-typing")
		}
	}
	if v.to.Text != typed {
		t.Fatalf("To holds %q, want %q", v.to.Text, typed)
	}
	key(c, fyne.KeyEscape)
	if v.to.showing() || v.to.Text != typed || c.Focused() != fyne.Focusable(v.to) {
		t.Fatalf("after Escape: showing %v, text %q", v.to.showing(), v.to.Text)
	}
	// Typing goes on after Escape, and a comma starts the next address.
	typeOn(t, c, ", an")
	if !v.to.showing() || len(v.to.items) != 1 {
		t.Fatalf("suggestions for the second address: %+v", v.to.items)
	}
	key(c, fyne.KeyReturn)
	if v.to.Text != "bob@example.test, Ann Lee <ann@example.org>, " {
		t.Fatalf("after Enter: %q", v.to.Text)
	}
}

// Arrows move in the list and Enter takes the chosen one, all while
// the field has the keyboard.
func TestAddressArrowsAndEnterThroughTheWindow(t *testing.T) {
	v := composeWithBook(t)
	c := v.win.Canvas()
	typeOn(t, c, "bo")
	if len(v.to.items) != 2 {
		t.Fatalf("suggestions for “bo”: %+v", v.to.items)
	}
	key(c, fyne.KeyDown)
	key(c, fyne.KeyDown) // stays on the last
	key(c, fyne.KeyUp)
	key(c, fyne.KeyDown)
	capture(t, &UI{win: v.win}, "compose-suggestions-chosen")
	want := v.to.items[1].String() + ", "
	key(c, fyne.KeyReturn)
	if v.to.Text != want || v.to.showing() {
		t.Fatalf("after Enter: %q (want %q)", v.to.Text, want)
	}
}

// The list never lies over the field below it: a tap on Subject while
// suggestions show goes to Subject and picks no address (#29: it
// picked one and the subject went into To).
func TestTapOnSubjectBelowSuggestionsPicksNothing(t *testing.T) {
	v := composeWithBook(t)
	c := v.win.Canvas()
	typeOn(t, c, "bo")
	if !v.to.showing() {
		t.Fatal("no suggestions")
	}
	d := fyne.CurrentApp().Driver()
	boxPos, subPos := d.AbsolutePositionForObject(v.to.box), d.AbsolutePositionForObject(v.subject)
	if boxPos.Y+v.to.box.Size().Height > subPos.Y {
		t.Fatalf("the list (y %v–%v) covers Subject (y %v)", boxPos.Y, boxPos.Y+v.to.box.Size().Height, subPos.Y)
	}
	click(t, c, subPos.Add(fyne.NewPos(20, v.subject.Size().Height/2)))
	if c.Focused() != fyne.Focusable(v.subject) {
		t.Fatalf("the tap went to %T, not Subject", c.Focused())
	}
	fireTimers(v.ui) // the list closes once the click is over
	if v.to.Text != "bo" || v.to.showing() {
		t.Fatalf("To after the tap: %q, list showing %v", v.to.Text, v.to.showing())
	}
	typeOn(t, c, "Seeds")
	if v.subject.Text != "Seeds" || v.to.Text != "bo" {
		t.Fatalf("subject %q, to %q", v.subject.Text, v.to.Text)
	}
}

// A click on a suggestion takes it, and the field keeps the keyboard.
func TestClickOnSuggestionTakesIt(t *testing.T) {
	v := composeWithBook(t)
	c := v.win.Canvas()
	typeOn(t, c, "an")
	row := v.to.rows[0]
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(row)
	click(t, c, pos.Add(fyne.NewPos(10, row.Size().Height/2)))
	if v.to.Text != "Ann Lee <ann@example.org>, " || c.Focused() != fyne.Focusable(v.to) {
		t.Fatalf("after the click: %q, focus %T", v.to.Text, c.Focused())
	}
	typeOn(t, c, "x")
	if !strings.HasSuffix(v.to.Text, ", x") {
		t.Fatalf("typing after the click: %q", v.to.Text)
	}
}

// click presses and releases the primary button at pos the way the
// desktop window does (MouseDown, the focus change, MouseUp, Tapped),
// so that what a press does to the layout shows as it would.
func click(t *testing.T, c fyne.Canvas, pos fyne.Position) {
	t.Helper()
	ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary}
	ev.AbsolutePosition = pos
	step := func(press bool) fyne.CanvasObject {
		path := pathAt(c.Content(), pos, fyne.NewPos(0, 0))
		var co fyne.CanvasObject
		for i := len(path) - 1; i >= 0 && co == nil; i-- {
			switch path[i].(type) {
			case fyne.Tappable, fyne.Focusable, desktop.Mouseable:
				co = path[i]
			}
		}
		if m, ok := co.(desktop.Mouseable); ok {
			if press {
				m.MouseDown(ev)
			} else {
				m.MouseUp(ev)
			}
		}
		// As Fyne's GLFW window does (processMouseClicked): unless the
		// object clicked is the one with the keyboard, the keyboard is
		// taken away — but not when what has it is under the pointer.
		focused := c.Focused()
		if f, ok := co.(fyne.Focusable); !ok || f != focused {
			under := false
			if fo, ok := focused.(fyne.CanvasObject); ok {
				for _, o := range pathAt(c.Content(), pos, fyne.NewPos(0, 0)) {
					under = under || o == fo
				}
			}
			if !under {
				c.Unfocus()
			}
		}
		return co
	}
	pressed := step(true)
	released := step(false)
	if tp, ok := released.(fyne.Tappable); ok && released == pressed {
		tp.Tapped(&fyne.PointEvent{AbsolutePosition: pos})
	}
}

// pathAt is the chain of visible objects under pos, outermost first.
func pathAt(o fyne.CanvasObject, pos, at fyne.Position) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	p, s := at.Add(o.Position()), o.Size()
	if pos.X < p.X || pos.Y < p.Y || pos.X >= p.X+s.Width || pos.Y >= p.Y+s.Height {
		return nil
	}
	var kids []fyne.CanvasObject
	switch w := o.(type) {
	case *fyne.Container:
		kids = w.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(w).Objects()
	}
	for i := len(kids) - 1; i >= 0; i-- {
		if sub := pathAt(kids[i], pos, p); sub != nil {
			return append([]fyne.CanvasObject{o}, sub...)
		}
	}
	return []fyne.CanvasObject{o}
}

// The first letters typed while the addresses are still loading get
// their suggestions when they arrive (#29, in the real window: "bo"
// showed none until the next key).
func TestSuggestionsShowWhenTheAddressBookArrives(t *testing.T) {
	ui, s := newTestUI(t)
	acct := popAccount(t, ui, s, 1)
	s.Add(inbox(t, ui).ID, []localstore.NewMessage{testMsg(1, "Bob Stone <bob@example.test>", "Hey", "x", fixedNow)})
	var jobs []func()
	ui.bg = func(f func()) { jobs = append(jobs, f) }
	v := ui.openCompose(compose.Draft{}, acct, composeOpts{})
	v.win.Resize(fyne.NewSize(720, 560))
	c := v.win.Canvas()
	c.Focus(v.to)
	typeOn(t, c, "bo")
	if v.to.showing() {
		t.Fatal("suggestions before the addresses were read")
	}
	for _, f := range jobs {
		f()
	}
	if !v.to.showing() || len(v.to.items) != 1 || v.to.items[0].Address != "bob@example.test" {
		t.Fatalf("after the addresses arrived: showing %v, %v", v.to.showing(), v.to.items)
	}
}

// An address already in the field is not offered again.
func TestSuggestionsLeaveOutAddressesAlreadyThere(t *testing.T) {
	v := composeWithBook(t)
	c := v.win.Canvas()
	typeOn(t, c, "bob")
	key(c, fyne.KeyReturn)
	if v.to.Text != "Bob Stone <bob@example.test>, " {
		t.Fatalf("To: %q", v.to.Text)
	}
	typeOn(t, c, "bo")
	if !v.to.showing() || len(v.to.items) != 1 || v.to.items[0].Address != "bo@example.com" {
		t.Fatalf("offered %v", v.to.items)
	}
}

// The list takes its room from the message text, never from the
// window: a short compose window keeps its size and its Send button
// (#29: at 150 % scale the window grew 147 px past the screen when the
// list opened, and stayed so).
func TestSuggestionsDoNotGrowTheWindow(t *testing.T) {
	v := composeWithBook(t)
	c := v.win.Canvas()
	size := fyne.NewSize(720, 420)
	v.win.Resize(size)
	typeOn(t, c, "b")
	typeOn(t, c, "o")
	if !v.to.showing() {
		t.Fatal("no suggestions")
	}
	if got := c.Size(); got != size {
		t.Fatalf("the window went from %v to %v", size, got)
	}
	if dir := os.Getenv("POSTIE_SCREENSHOTS"); dir != "" {
		writePNG(t, v.win, filepath.Join(dir, "compose-suggestions-short-window.png"))
	}
	if min := c.Content().MinSize(); min.Height > size.Height {
		t.Fatalf("the window needs %v with the list open", min)
	}
	d := fyne.CurrentApp().Driver()
	send := d.AbsolutePositionForObject(v.send).Y + v.send.Size().Height
	list := d.AbsolutePositionForObject(v.to.box).Y + v.to.box.Size().Height
	bottom := d.AbsolutePositionForObject(v.fileList).Y
	if send > size.Height || list > bottom {
		t.Fatalf("Send ends at %v (window %v); the list ends at %v, the buttons start at %v", send, size.Height, list, bottom)
	}
	key(c, fyne.KeyEscape)
	if c.Size() != size || v.body.Size().Height <= 0 {
		t.Fatalf("after Escape: window %v, text %v", c.Size(), v.body.Size())
	}
}
