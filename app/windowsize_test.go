package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts/compose"
)

func TestFitSize(t *testing.T) {
	laptop := fyne.NewSize(1366, 800)
	for _, c := range []struct {
		want  fyne.Size
		area  screenArea
		wantW float32
		wantH float32
	}{
		{fyne.NewSize(1200, 760), screenArea{laptop, 1.5}, 878, 469}, // (1366-48)/1.5, (800-96)/1.5
		{fyne.NewSize(1200, 760), screenArea{laptop, 1}, 1200, 704},
		{fyne.NewSize(720, 560), screenArea{laptop, 1.5}, 720, 469},
		{fyne.NewSize(720, 560), screenArea{laptop, 1}, 720, 560},
		{fyne.NewSize(1800, 1140), screenArea{fyne.NewSize(2560, 1400), 2}, 1256, 652},
		{fyne.NewSize(800, 600), screenArea{fyne.NewSize(400, 300), 1}, 352, 240}, // never below 320×240 logical
	} {
		got := fitSize(c.want, c.area)
		if got.Width != c.wantW || got.Height != c.wantH {
			t.Errorf("fitSize(%v, %v) = %v, want %vx%v", c.want, c.area, got, c.wantW, c.wantH)
		}
	}
}

// setScale draws a test window at scale s, as a real one is drawn with
// FYNE_SCALE or Windows' display scaling (the screenshots then have the
// window's size in pixels).
func setScale(w fyne.Window, s float32) {
	if c, ok := w.Canvas().(interface{ SetScale(float32) }); ok {
		c.SetScale(s)
	}
}

// inside says whether obj lies wholly within its window's canvas.
func inside(w fyne.Window, obj fyne.CanvasObject) bool {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
	end := pos.Add(obj.Size())
	size := w.Canvas().Size()
	return obj.Visible() && pos.X >= 0 && pos.Y >= 0 && end.X <= size.Width+0.5 && end.Y <= size.Height+0.5 && obj.Size().Height > 0
}

func buttonNamed(w fyne.Window, text string) *widget.Button {
	for _, o := range test.LaidOutObjects(w.Content()) {
		if tb, ok := o.(*toolButton); ok && strings.HasPrefix(tb.name, text) {
			return &tb.Button // the toolbar's: named even when only its icon shows
		}
		if b, ok := buttonOf(o); ok && strings.HasPrefix(b.Text, text) {
			return b
		}
	}
	return nil
}

// Every window fits the screen it opens on, at any scale (#29): on a
// 1366×800 screen at 150 % (≈910×533 logical) the main window opened at
// 1800×1140 pixels and the compose window's Send and Attach were below
// the screen. Each window is sized through sizeWindow, its content fits
// the size given (Fyne would otherwise grow the window to it), and the
// buttons at its bottom are on the canvas.
func TestEveryWindowFitsTheScreen(t *testing.T) {
	screen := fyne.NewSize(1366, 800)
	for _, scale := range []float32{1.5, 1} {
		t.Run(fmt.Sprintf("scale %.1f", scale), func(t *testing.T) {
			ui, s := newTestUI(t)
			ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
			ui.screen = func(fyne.Window) screenArea { return screenArea{screen, scale} }
			fill(t, ui, s)
			acct := popAccount(t, ui, s, 25)
			// The size kept from a larger screen is cut too.
			ui.app.Preferences().SetFloat(prefWindowWidth, 1800)
			ui.app.Preferences().SetFloat(prefWindowHeight, 1140)
			maxW, maxH := (screen.Width-frameWidth)/scale, (screen.Height-frameHeight)/scale
			check := func(name string, w fyne.Window, want fyne.Size, bottom ...string) {
				t.Helper()
				got := w.Canvas().Size()
				if got.Width > maxW || got.Height > maxH || got.Width*scale > screen.Width || got.Height*scale > screen.Height {
					t.Errorf("%s: %v at scale %.1f is %.0f×%.0f pixels on a %v screen", name, got, scale, got.Width*scale, got.Height*scale, screen)
				}
				if want.Width <= maxW && want.Height <= maxH && got != want {
					t.Errorf("%s: %v, but %v fits", name, got, want)
				}
				if min := w.Content().MinSize(); min.Width > got.Width || min.Height > got.Height {
					t.Errorf("%s: its content needs %v, more than the %v it was given", name, min, got)
				}
				for _, b := range bottom {
					btn := buttonNamed(w, b)
					if btn == nil || !inside(w, btn) {
						t.Errorf("%s: %q is not on the window", name, b)
					}
				}
				setScale(w, scale)
				capture(t, &UI{win: w}, fmt.Sprintf("window-%s-%.1fx", name, scale))
				setScale(w, 1)
			}

			ui.sizeWindow(ui.win, ui.mainWindowSize())
			ui.list.list.Select(0)
			check("main", ui.win, fyne.NewSize(1800, 1140), "Get mail", "Flag")
			if !inside(ui.win, ui.statusBar) {
				t.Error("main: the status bar is off the window")
			}

			ui.doWrite()
			cv := ui.lastCompose
			check("compose", cv.win, fyne.NewSize(720, 560), "Send", "Attach a file", "Discard")
			cv.win.Close()
			// With attachments, Send and Attach stay on the window.
			files := make([]compose.File, 4)
			for i := range files {
				files[i] = compose.File{Name: fmt.Sprintf("Quarterly report %d with a long name — final version.pdf", i+1), Data: make([]byte, 120<<10)}
			}
			cv = ui.openCompose(compose.Draft{Subject: "Reports", Attachments: files}, acct, composeOpts{})
			check("compose-attachments", cv.win, fyne.NewSize(720, 560), "Send", "Attach a file", "Discard")
			cv.win.Close()

			wz := ui.openWizard()
			check("wizard", wz.win, fyne.NewSize(760, 700), "Next", "Cancel")
			wz.win.Close()

			st := ui.openSettings(acct)
			check("settings", st.win, fyne.NewSize(620, 600))
			st.win.Close()

			kc := ui.openKeepCopy(acct)
			check("keepcopy", kc.win, fyne.NewSize(660, 600))
			kc.win.Close()

			ui.showOutbox()
			check("outbox", ui.outbox.win, fyne.NewSize(680, 420))
			ui.outbox.win.Close()

			rs := ui.showRemoteSenders()
			check("remote-senders", rs, fyne.NewSize(520, 360))
			rs.Close()

			before := fyne.CurrentApp().Driver().AllWindows()
			ui.showSource()
			for _, w := range fyne.CurrentApp().Driver().AllWindows() {
				if !contains(before, w) {
					check("source", w, fyne.NewSize(800, 600))
					w.Close()
				}
			}
		})
	}
}

func contains(ws []fyne.Window, w fyne.Window) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// With no screen to read (the tests' driver, a build without GLFW)
// windows are cut to a 1366×768 laptop screen at the person's scale.
func TestWindowsFitAFallbackScreen(t *testing.T) {
	ui, _ := newTestUI(t)
	t.Setenv("FYNE_SCALE", "1.5")
	got := ui.sizeWindow(ui.win, fyne.NewSize(1200, 760))
	if want := fitSize(fyne.NewSize(1200, 760), screenArea{fyne.NewSize(1366, 728), 1.5}); got != want || got.Height*1.5 > 768 {
		t.Fatalf("sized %v, want %v", got, want)
	}
}

// The main window's size is kept when it closes, and used (cut to the
// screen) when it opens again.
func TestMainWindowSizeIsRemembered(t *testing.T) {
	ui, _ := newTestUI(t)
	if got := ui.mainWindowSize(); got != fyne.NewSize(1200, 760) {
		t.Fatalf("first start: %v", got)
	}
	ui.win.Resize(fyne.NewSize(1000, 640))
	ui.rememberWindowSize()
	if got := ui.mainWindowSize(); got != fyne.NewSize(1000, 640) {
		t.Fatalf("kept %v", got)
	}
}
