//go:build cgo && (linux || freebsd || netbsd || openbsd || windows || darwin) && !android && !ios && !mobile

package app

import (
	"os"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/go-gl/glfw/v3.4/glfw"
)

// systemScreen reads the work area of the monitor new windows open on
// from GLFW, which Fyne's desktop driver runs on (Fyne 2.8 tells no
// screen size itself), and the scale Fyne will draw at there, worked out
// as Fyne does. It must run on the UI goroutine, once a window exists
// (GLFW is started then); with any other driver (the tests') it says
// nothing.
func systemScreen() (area screenArea, ok bool) {
	a := fyne.CurrentApp()
	if a == nil {
		return area, false
	}
	if _, desk := a.Driver().(desktop.Driver); !desk {
		return area, false
	}
	defer func() {
		if recover() != nil { // GLFW not started, or no monitor
			area, ok = screenArea{}, false
		}
	}()
	m := windowMonitor()
	if m == nil {
		return area, false
	}
	_, _, w, h := m.GetWorkarea()
	if w <= 0 || h <= 0 {
		return area, false
	}
	return screenArea{Pixels: fyne.NewSize(float32(w), float32(h)), Scale: roundScale(userScale() * monitorScale(m))}, true
}

// windowMonitor is the monitor Fyne centres a new window on: the one at
// the origin of the desktop, else the primary one.
func windowMonitor() *glfw.Monitor {
	for _, m := range glfw.GetMonitors() {
		x, y := m.GetPos()
		mode := m.GetVideoMode()
		if mode != nil && x <= 0 && y <= 0 && x+mode.Width > 0 && y+mode.Height > 0 {
			return m
		}
	}
	return glfw.GetPrimaryMonitor()
}

// monitorScale is the system's part of Fyne's scale on m: the display
// scaling on Windows, the compositor's on Wayland (which scales windows
// itself), none on macOS (points), and the monitor's density on X11.
func monitorScale(m *glfw.Monitor) float32 {
	switch {
	case runtime.GOOS == "darwin":
		return 1
	case runtime.GOOS == "windows" || glfw.GetPlatform() == glfw.PlatformWayland:
		s, _ := m.GetContentScale()
		if s <= 0 {
			return 1
		}
		return s
	}
	if env := os.Getenv("FYNE_DISABLE_DPI_DETECTION"); strings.EqualFold(env, "true") || strings.EqualFold(env, "t") || env == "1" {
		return 1
	}
	mm, _ := m.GetPhysicalSize()
	mode := m.GetVideoMode()
	if mode == nil || mm <= 0 {
		return 1
	}
	dpi := float32(mode.Width) / (float32(mm) / 25.4)
	if dpi > 1000 || dpi < 10 {
		return 1
	}
	return max(dpi/120, 1) // Fyne's baseline is 120 dpi
}
