package app

import (
	"math"
	"os"
	"strconv"

	"fyne.io/fyne/v2"
)

// Every window is sized through sizeWindow (#29): what it asks for is
// cut to the screen it opens on, whatever the scale. With FYNE_SCALE=1.5
// (or Windows at 150 %) a 1200×760 window is 1800×1140 pixels, taller
// than a 1366×800 laptop screen, and its status bar, or a compose
// window's Send button, ended below the screen.

// screenArea is the work area of the monitor a window opens on (the
// screen less task bars and docks) in that monitor's pixels, and the
// scale Fyne draws windows at there (0: not known).
type screenArea struct {
	Pixels fyne.Size
	Scale  float32
}

// fallbackScreen is assumed where the screen cannot be read (Fyne tells
// nothing of it, and some systems tell nothing at all): a 1366×768
// laptop screen less a task bar, the smallest common one.
var fallbackScreen = screenArea{Pixels: fyne.NewSize(1366, 728)}

// Room kept around a window, in pixels: its title bar and frame, which
// Fyne's sizes do not count, and a margin so it never touches the edges.
const (
	frameWidth  = 48
	frameHeight = 96
)

// Windows are never made smaller than this (logical units) to fit: a
// screen smaller still gets a window as small as it can usefully be.
var smallestWindow = fyne.NewSize(320, 240)

// fitSize is want cut to fit area, in Fyne's logical units.
func fitSize(want fyne.Size, area screenArea) fyne.Size {
	scale := area.Scale
	if scale <= 0 {
		scale = 1
	}
	maxW := (area.Pixels.Width - frameWidth) / scale
	maxH := (area.Pixels.Height - frameHeight) / scale
	w := float32(math.Floor(float64(max(min(want.Width, maxW), smallestWindow.Width))))
	h := float32(math.Floor(float64(max(min(want.Height, maxH), smallestWindow.Height))))
	return fyne.NewSize(w, h)
}

// screenFor is the screen w opens on: the test's, the system's where it
// can be read, else fallbackScreen at the scale Fyne will use.
func (ui *UI) screenFor(w fyne.Window) screenArea {
	var area screenArea
	ok := false
	if ui.screen != nil {
		area, ok = ui.screen(w), true
	} else {
		area, ok = systemScreen()
	}
	if !ok || area.Pixels.Width <= 0 || area.Pixels.Height <= 0 {
		area = fallbackScreen
	}
	if area.Scale <= 0 {
		area.Scale = userScale()
	}
	// A window already shown knows its scale.
	if s := w.Canvas().Scale(); s > area.Scale {
		area.Scale = s
	}
	return area
}

// sizeWindow sizes w as it asks (want), cut to its screen, and centres
// it there, so it is whole on the screen. It returns the size given.
func (ui *UI) sizeWindow(w fyne.Window, want fyne.Size) fyne.Size {
	size := fitSize(want, ui.screenFor(w))
	w.Resize(size)
	w.CenterOnScreen()
	return size
}

// Preferences of the main window's size (logical units), kept when it
// closes.
const (
	prefWindowWidth  = "windowWidth"
	prefWindowHeight = "windowHeight"
)

// mainWindowSize is the size the main window had when it was closed
// last (cut to the screen by sizeWindow), or the default.
func (ui *UI) mainWindowSize() fyne.Size {
	p := ui.app.Preferences()
	w, h := p.Float(prefWindowWidth), p.Float(prefWindowHeight)
	if w < float64(smallestWindow.Width) || h < float64(smallestWindow.Height) {
		return fyne.NewSize(1200, 760)
	}
	return fyne.NewSize(float32(w), float32(h))
}

// rememberWindowSize keeps the main window's size (when it closes).
func (ui *UI) rememberWindowSize() {
	s := ui.win.Canvas().Size()
	if s.Width < smallestWindow.Width || s.Height < smallestWindow.Height {
		return
	}
	p := ui.app.Preferences()
	p.SetFloat(prefWindowWidth, float64(s.Width))
	p.SetFloat(prefWindowHeight, float64(s.Height))
}

// userScale is the scale the person chose, as Fyne reads it: FYNE_SCALE,
// else the setting, else 1.
func userScale() float32 {
	env := os.Getenv("FYNE_SCALE")
	if env != "" && env != "auto" {
		if s, err := strconv.ParseFloat(env, 32); err == nil && s > 0 {
			return float32(s)
		}
	}
	if env != "auto" && fyne.CurrentApp() != nil {
		if s := fyne.CurrentApp().Settings().Scale(); s > 0 {
			return s
		}
	}
	return 1
}

// roundScale rounds a scale as Fyne does (to a tenth).
func roundScale(s float32) float32 { return float32(math.Round(float64(s)*10)) / 10 }
