package app

import (
	"image"
	"image/color"
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/localstore"
)

// The window draws Chinese, Japanese and Korean with the system's fonts
// (Fyne falls back to them for what its bundled font lacks; dev.sh
// installs fonts-noto-cjk and fonts-wqy-microhei), Hebrew and Arabic
// with DejaVu Sans. These tests render text with the test driver, which
// uses the same font fallback as the window.

// ink renders s alone and returns the ink per column (trimmed: pixels
// unlike the background) and the picture.
func ink(t *testing.T, s string) (cols []int, img image.Image) {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	txt := canvas.NewText(s, color.NRGBA{R: 255, A: 255}) // red: unlike any background
	txt.TextSize = 40
	w.SetContent(txt)
	w.Resize(fyne.NewSize(700, 80))
	img = w.Canvas().Capture()
	b := img.Bounds()
	br, bg, bb, _ := img.At(b.Max.X-1, b.Max.Y-1).RGBA() // the background
	cols = make([]int, b.Dx())
	for x := 0; x < b.Dx(); x++ {
		for y := 0; y < b.Dy(); y++ {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			if diff(r, br)+diff(g, bg)+diff(bl, bb) > 3*0x2000 {
				cols[x]++
			}
		}
	}
	start, end := 0, len(cols)
	for start < end && cols[start] == 0 {
		start++
	}
	for end > start && cols[end-1] == 0 {
		end--
	}
	return cols[start:end], img
}

func diff(a, b uint32) uint32 { return max(a, b) - min(a, b) }

// TestWindowDrawsCJK: a message in Japanese, Chinese and Korean opens
// with its characters drawn, not as boxes: each one drawn alone differs
// from every other and from the replacement character Fyne draws for a
// character no font has.
func TestWindowDrawsCJK(t *testing.T) {
	ui, s := newTestUI(t)
	if _, err := s.Add(inbox(t, ui).ID, []localstore.NewMessage{cjkMail()}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "会議の予定")
	capture(t, ui, "reader-cjk") // to look at
	if got := ui.reader.from.Text; !strings.Contains(got, "山田 太郎") {
		t.Errorf("from: %q", got)
	}
	if !strings.Contains(ui.reader.body.String(), "안녕하세요") {
		t.Errorf("the body is not shown: %q", ui.reader.body.String())
	}
	replacement, _ := ink(t, "\uFFFD")
	var seen [][]int
	for _, r := range "日本語中文这是한국어あアメ" {
		cols, _ := ink(t, string(r))
		if len(cols) == 0 {
			t.Errorf("%c: nothing drawn", r)
			continue
		}
		if slices.Equal(cols, replacement) {
			t.Errorf("%c is drawn as the replacement character: no font on this system has it (dev.sh installs fonts-noto-cjk)", r)
			continue
		}
		for _, other := range seen {
			if slices.Equal(cols, other) {
				t.Errorf("%c is drawn like another character: a box?", r)
			}
		}
		seen = append(seen, cols)
	}
}

// order renders line and says where each of words is drawn, from the
// left: each word is rendered alone and found in the line's ink.
func order(t *testing.T, line string, words ...string) []string {
	t.Helper()
	full, _ := ink(t, line)
	type at struct {
		w string
		x int
	}
	var found []at
	for _, w := range words {
		tok, _ := ink(t, w)
		best, bx := 1<<30, -1
		for x := 0; x+len(tok) <= len(full); x++ {
			d := 0
			for i := range tok {
				v := full[x+i] - tok[i]
				d += max(v, -v)
			}
			if d < best {
				best, bx = d, x
			}
		}
		found = append(found, at{w, bx})
	}
	sort.Slice(found, func(i, j int) bool { return found[i].x < found[j].x })
	var out []string
	for _, f := range found {
		out = append(out, f.w)
	}
	return out
}

// TestWindowRightToLeftLines: a line of Hebrew or of Arabic is drawn in
// reading order (its first word at the right) and Arabic letters join.
func TestWindowRightToLeftLines(t *testing.T) {
	if got := order(t, "שלום עולם", "שלום", "עולם"); !slices.Equal(got, []string{"עולם", "שלום"}) {
		t.Errorf("Hebrew, from the left: %q", got)
	}
	if got := order(t, "مرحبا بالعالم", "مرحبا", "بالعالم"); !slices.Equal(got, []string{"بالعالم", "مرحبا"}) {
		t.Errorf("Arabic, from the left: %q", got)
	}
	one, _ := ink(t, "ب")
	two, _ := ink(t, "بب")
	if len(two) >= 2*len(one) {
		t.Errorf("two behs are drawn %d wide, one alone %d: not joined", len(two), len(one))
	}
}

// TestFyneMixedRightToLeftWatch watches a limit of Fyne 2.8 (README,
// Right-to-left): numbers or Latin words inside a Hebrew or Arabic line
// split it into runs that Fyne draws in the order they are written, not
// read: "מחיר 100 שקל" shows its first word at the left. When this
// fails, Fyne orders runs itself: update the README.
func TestFyneMixedRightToLeftWatch(t *testing.T) {
	got := order(t, "מחיר 100 שקל", "מחיר", "100", "שקל")
	if !slices.Equal(got, []string{"מחיר", "100", "שקל"}) {
		t.Errorf("Fyne now draws a mixed right-to-left line as %q (from the left): the README's note on right-to-left may be out of date", got)
	}
}
