package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/test"
)

// nativeWindow is a window of a desktop driver whose native handle is
// hwnd (0: GLFW could not create it).
type nativeWindow struct {
	fyne.Window
	ctx any
}

func (n nativeWindow) RunNative(f func(any)) { f(n.ctx) }

type guardRecord struct {
	told  []string
	exits []int
	fire  func()
}

func testGuard() (*startGuard, *guardRecord) {
	r := &guardRecord{}
	g := &startGuard{timeout: time.Minute,
		tell:  func(title, text string) { r.told = append(r.told, title+"\n"+text) },
		exit:  func(code int) { r.exits = append(r.exits, code) },
		after: func(_ time.Duration, f func()) { r.fire = f }}
	return g, r
}

// No OpenGL 2.1: the window has no native handle once the loop runs. The
// person is told in plain words, the caller quits (and so closes the
// profile), and the run ends with an error; the timer then does nothing
// (#29 item 11).
func TestNoWindowIsToldAndQuits(t *testing.T) {
	g, r := testGuard()
	g.watch()
	for _, ctx := range []any{driver.WindowsWindowContext{}, driver.X11WindowContext{}, driver.WaylandWindowContext{}} {
		if !windowMissing(nativeWindow{ctx: ctx}) {
			t.Fatalf("%T without a handle is not missing", ctx)
		}
	}
	if g.started(nativeWindow{ctx: driver.WindowsWindowContext{}}) {
		t.Fatal("a window without a handle counted as started")
	}
	if len(r.told) != 1 || !strings.Contains(r.told[0], "OpenGL 2.1") || !strings.Contains(r.told[0], "graphics driver") ||
		!strings.Contains(r.told[0], "Your mail is safe") {
		t.Fatalf("told: %q", r.told)
	}
	if !errors.Is(g.err(), errNoWindow) {
		t.Fatalf("err: %v", g.err())
	}
	r.fire()
	if len(r.told) != 1 || len(r.exits) != 0 {
		t.Fatalf("the timer acted too: %q %v", r.told, r.exits)
	}
}

// A window that is there: nothing said, no error, and the timer later
// does nothing.
func TestWindowThatOpensIsLeftAlone(t *testing.T) {
	g, r := testGuard()
	g.watch()
	if !g.started(nativeWindow{ctx: driver.WindowsWindowContext{HWND: 0x1234}}) {
		t.Fatal("a window with a handle counted as missing")
	}
	r.fire()
	if len(r.told) != 0 || len(r.exits) != 0 || g.err() != nil {
		t.Fatalf("%q %v %v", r.told, r.exits, g.err())
	}
	// The test driver's windows have no native side: never missing.
	if windowMissing(test.NewTempWindow(t, nil)) {
		t.Fatal("test window missing")
	}
}

// A window that never gets as far as the event loop (the driver hangs in
// creating it): after the timeout the person is told and the process
// ends, which releases the profile's lock.
func TestWindowThatNeverStartsEndsTheProcess(t *testing.T) {
	g, r := testGuard()
	g.watch()
	r.fire()
	if len(r.told) != 1 || !strings.Contains(r.told[0], "did not open within a minute") || len(r.exits) != 1 || r.exits[0] != 1 {
		t.Fatalf("%q %v", r.told, r.exits)
	}
	if g.started(nativeWindow{ctx: driver.WindowsWindowContext{HWND: 1}}); len(r.told) != 1 {
		t.Fatal("told twice")
	}
}

// Where there is no native message box, the words go to the terminal.
func TestTellPersonFallsBackToTheTerminal(t *testing.T) {
	if tellNative("x", "y") {
		t.Skip("this system has a native message box")
	}
	var b strings.Builder
	tellPerson(&b)(noWindowTitle(), noWindowText(false))
	if !strings.HasPrefix(b.String(), "postie: Postie cannot open its window\n\nPostie cannot open its window, because") {
		t.Fatalf("%q", b.String())
	}
}
