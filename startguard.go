package main

import (
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"github.com/postie-mail/postie/internal/tr"
)

// Without OpenGL 2.1 (some virtual machines and remote-desktop sessions,
// a PC without its graphics driver) GLFW cannot make the window's GL
// context. Fyne logs "window creation error" and, since that happens
// before its event loop runs, its Quit does nothing: the loop then runs
// for ever with no window, and the profile stays locked (#29 item 11).
// startGuard notices it once the loop has started (the window has no
// native handle), tells the person in plain words (a native message box
// on Windows, where nobody sees a terminal) and quits; and, should the
// window never get that far, says so after startTimeout and exits.

// errNoWindow is why Postie ended without a window.
var errNoWindow = errors.New("the window cannot be opened: this computer's graphics do not offer OpenGL 2.1, which Postie needs to draw it")

// startTimeout is how long the window may take to appear before the
// person is told that it will not.
const startTimeout = 60 * time.Second

// noWindowTitle and noWindowText are what the person is told.
func noWindowTitle() string { return tr.L("Postie cannot open its window") }

func noWindowText(timedOut bool) string {
	first := tr.L("Postie cannot open its window, because this computer's graphics do not offer OpenGL 2.1, which Postie needs to draw it.")
	if timedOut {
		first = tr.L("Postie's window did not open within a minute: this computer's graphics did not answer. Postie needs OpenGL 2.1 to draw its window.")
	}
	return first + "\n\n" +
		tr.L("This happens in some virtual machines and remote desktop sessions, and on computers whose graphics driver is not installed. Installing the driver from the maker of the computer or of its graphics card usually fixes it.") + "\n\n" +
		tr.L("Your mail is safe. Postie's command line still works: run postie help in a terminal.")
}

// startGuard watches one start of the window.
type startGuard struct {
	tell    func(title, text string) // the native message box (or stderr)
	exit    func(code int)
	timeout time.Duration
	after   func(d time.Duration, f func()) // time.AfterFunc; tests fire it themselves

	mu      sync.Mutex
	settled bool // the window appeared, or the person was told
	failed  bool
}

func newStartGuard(tell func(title, text string)) *startGuard {
	return &startGuard{tell: tell, exit: exitProcess, timeout: startTimeout,
		after: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
}

// watch starts the clock: call it just before ShowAndRun.
func (g *startGuard) watch() {
	g.after(g.timeout, func() {
		if !g.settle(true) {
			return
		}
		g.tell(noWindowTitle(), noWindowText(true))
		g.exit(1) // the lock on the profile ends with the process
	})
}

// started is called when the event loop starts (Lifecycle's OnStarted,
// on the main goroutine): it says whether the window is there. When it is
// not, the person has been told and the caller quits.
func (g *startGuard) started(w fyne.Window) bool {
	if !windowMissing(w) {
		g.settle(false)
		return true
	}
	if g.settle(true) {
		g.tell(noWindowTitle(), noWindowText(false))
	}
	return false
}

// settle records the outcome once and says whether this call did.
func (g *startGuard) settle(failed bool) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.settled {
		return false
	}
	g.settled, g.failed = true, failed
	return true
}

// err is errNoWindow when the window could not be opened.
func (g *startGuard) err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failed {
		return errNoWindow
	}
	return nil
}

// windowMissing says whether a window that was shown has no native window
// behind it: GLFW could not create it. Windows of drivers that have no
// native handle (Fyne's test driver) are never missing.
func windowMissing(w fyne.Window) bool {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return false
	}
	missing := false
	nw.RunNative(func(ctx any) {
		switch c := ctx.(type) {
		case driver.WindowsWindowContext:
			missing = c.HWND == 0
		case driver.X11WindowContext:
			missing = c.WindowHandle == 0
		case driver.WaylandWindowContext:
			missing = c.WaylandSurface == 0
		case driver.MacWindowContext:
			missing = c.NSWindow == 0
		}
	})
	return missing
}
