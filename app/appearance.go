package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Text sizes the person can choose (View › Text size), as a factor of
// the theme's own; the choice is kept in the preferences and survives
// restarts. It adds to the system's scale (FYNE_SCALE, the desktop's).
var textSizes = []float32{0.9, 1, 1.15, 1.3, 1.5, 1.75, 2}

const (
	prefTextSize     = "textSize"     // a factor from textSizes
	prefHighContrast = "highContrast" // bool
)

// appearance is Fyne's default theme with the person's text size and,
// when chosen, high contrast: pure black on white (or white on black in
// the dark variant), strong borders and focus, no greyed-out text that
// fades into the background.
type appearance struct {
	base     fyne.Theme
	size     float32
	contrast bool
}

func (a appearance) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if !a.contrast {
		return a.base.Color(n, v)
	}
	dark := v == theme.VariantDark
	ink, paper := color.Color(color.Black), color.Color(color.White)
	primary := color.NRGBA{R: 0x00, G: 0x3c, B: 0xb4, A: 0xff} // dark blue on white: 9.9:1
	warn := color.NRGBA{R: 0x8a, G: 0x3b, B: 0x00, A: 0xff}
	bad := color.NRGBA{R: 0xa8, G: 0x00, B: 0x00, A: 0xff}
	good := color.NRGBA{R: 0x00, G: 0x5a, B: 0x1e, A: 0xff}
	if dark {
		ink, paper = color.White, color.Black
		primary = color.NRGBA{R: 0xff, G: 0xd7, B: 0x00, A: 0xff} // yellow on black
		warn = color.NRGBA{R: 0xff, G: 0xa5, B: 0x3c, A: 0xff}
		bad = color.NRGBA{R: 0xff, G: 0x6e, B: 0x6e, A: 0xff}
		good = color.NRGBA{R: 0x5a, G: 0xf0, B: 0x8c, A: 0xff}
	}
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
		theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground:
		return paper
	case theme.ColorNameForeground, theme.ColorNameInputBorder, theme.ColorNameSeparator, theme.ColorNameScrollBar:
		return ink
	case theme.ColorNamePlaceHolder, theme.ColorNameDisabled:
		// Still readable: at least 7:1 against the background (WCAG AAA),
		// yet unlike the ink of what can be used.
		if dark {
			return color.NRGBA{R: 0xb3, G: 0xb3, B: 0xb3, A: 0xff}
		}
		return color.NRGBA{R: 0x4d, G: 0x4d, B: 0x4d, A: 0xff}
	case theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameFocus:
		return primary
	case theme.ColorNameForegroundOnPrimary:
		return paper
	case theme.ColorNameSelection:
		if dark {
			return color.NRGBA{R: 0x50, G: 0x46, B: 0x00, A: 0xff}
		}
		return color.NRGBA{R: 0xc8, G: 0xdc, B: 0xff, A: 0xff}
	case theme.ColorNameHover, theme.ColorNamePressed:
		if dark {
			return color.NRGBA{R: 0x3c, G: 0x3c, B: 0x3c, A: 0xff}
		}
		return color.NRGBA{R: 0xe0, G: 0xe0, B: 0xe0, A: 0xff}
	case theme.ColorNameButton, theme.ColorNameDisabledButton:
		return paper
	case theme.ColorNameWarning:
		return warn
	case theme.ColorNameError:
		return bad
	case theme.ColorNameSuccess:
		return good
	case theme.ColorNameShadow:
		return color.Transparent
	}
	return a.base.Color(n, v)
}

func (a appearance) Font(s fyne.TextStyle) fyne.Resource     { return a.base.Font(s) }
func (a appearance) Icon(n fyne.ThemeIconName) fyne.Resource { return a.base.Icon(n) }

func (a appearance) Size(n fyne.ThemeSizeName) float32 {
	s := a.base.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return s * a.size
	case theme.SizeNameInputBorder, theme.SizeNameSeparatorThickness:
		if a.contrast {
			return s * 2
		}
	}
	return s
}

// applyAppearance sets the window's theme from the preferences.
func (ui *UI) applyAppearance() {
	p := ui.app.Preferences()
	size := float32(p.FloatWithFallback(prefTextSize, 1))
	if size < textSizes[0] || size > textSizes[len(textSizes)-1] {
		size = 1
	}
	ui.app.Settings().SetTheme(appearance{base: theme.DefaultTheme(), size: size, contrast: p.Bool(prefHighContrast)})
}

// setTextSize chooses the text size step steps away from the current one
// (0: back to normal).
func (ui *UI) setTextSize(step int) {
	p := ui.app.Preferences()
	cur := float32(p.FloatWithFallback(prefTextSize, 1))
	i := 1
	for j, s := range textSizes {
		if s <= cur+0.001 {
			i = j
		}
	}
	switch {
	case step == 0:
		i = 1
	default:
		i = min(max(i+step, 0), len(textSizes)-1)
	}
	p.SetFloat(prefTextSize, float64(textSizes[i]))
	ui.applyAppearance()
}

// setHighContrast switches high contrast on or off.
func (ui *UI) setHighContrast(on bool) {
	ui.app.Preferences().SetBool(prefHighContrast, on)
	ui.applyAppearance()
}
