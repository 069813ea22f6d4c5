package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/mailview"
)

// lineTexts is the text of each line a rich text shows, in order, and
// how far right its text reaches.
func lineTexts(rt *widget.RichText) (lines []string, right float32) {
	lastY := float32(-1)
	var walkObj func(o fyne.CanvasObject, off fyne.Position)
	walkObj = func(o fyne.CanvasObject, off fyne.Position) {
		p := off.Add(o.Position())
		switch x := o.(type) {
		case *canvas.Text:
			if x.Text == "" {
				return
			}
			if len(lines) == 0 || p.Y > lastY+1 {
				lines = append(lines, "")
				lastY = p.Y
			}
			lines[len(lines)-1] += x.Text
			right = max(right, p.X+x.MinSize().Width)
		case *fyne.Container:
			for _, c := range x.Objects {
				walkObj(c, p)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walkObj(c, p)
			}
		}
	}
	for _, o := range test.WidgetRenderer(rt).Objects() {
		walkObj(o, fyne.NewPos(0, 0))
	}
	return lines, right
}

// Marked words (the search's) never cut the words after them, and the
// text keeps its lines (#29, seen in the real window: "budget⏎numbers"
// showed "number" / "s before Thursday" with "budget" marked, and a
// marked word at a line's end ran past the edge).
func TestMarkedWordsNeverSplitTheWordsAfterThem(t *testing.T) {
	test.NewTempApp(t)
	text := "the quarterly budget is attached in spirit. Please review the budget\nnumbers before Thursday. The budget meeting moved to 3 pm."
	spans := []mailview.Span{{Text: text}}
	marked := widget.NewRichText(highlight(spanSegments(spans, func(string, bool) {}), searchTerms("budget"))...)
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	marked.Wrapping = fyne.TextWrapWord
	for w := float32(200); w <= 900; w += 0.5 {
		marked.Resize(fyne.NewSize(w, 300))
		lines, right := lineTexts(marked)
		if right > w+1 {
			t.Fatalf("at %v px the marked text reaches %v: %q", w, right, lines)
		}
		for _, l := range lines {
			for _, f := range strings.Fields(l) {
				if !words[f] {
					t.Fatalf("at %v px: a line holds %q, no word of the text: %q", w, f, lines)
				}
			}
		}
	}
}
