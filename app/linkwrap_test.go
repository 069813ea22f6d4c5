package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/mailview"
)

// A paragraph with links (their destination beside them) and bold runs
// never stacks its text one character per line, at any width: Fyne 2.7
// did that when a run started where nothing fit (see spanSegments).
func TestLinksNeverStackCharacters(t *testing.T) {
	test.NewTempApp(t)
	spans := []mailview.Span{
		{Text: "Your booking is confirmed. To see the details or change the dates, "},
		{Text: "click here", Link: "https://www.example.com/booking?id=12345"},
		{Text: " and "},
		{Text: "keep this message", Bold: true},
		{Text: " for your records: "},
		{Text: "https://www.example.com/a/very/long/path/to/a/page/that/goes/on/and/on", Link: "https://www.example.com/a/very/long/path/to/a/page/that/goes/on/and/on"},
		{Text: " (it works on your phone too)."},
	}
	segs := spanSegments(spans, func(string, bool) {})
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	line := fyne.MeasureText("Mg", fyne.CurrentApp().Settings().Theme().Size("text"), fyne.TextStyle{}).Height
	for w := float32(300); w <= 1000; w += 3 {
		rt.Resize(fyne.NewSize(w, 100))
		if h := rt.MinSize().Height; h > 16*line {
			t.Fatalf("at %v px wide the paragraph is %v px tall (%d lines): characters stacked", w, h, int(h/line))
		}
	}
	var text strings.Builder
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.TextSegment:
			text.WriteString(s.Text)
		case *widget.HyperlinkSegment:
			text.WriteString(s.Text)
		}
	}
	for _, want := range []string{"click here", "goes to www.example.com", "keep this message", "(it works on your phone too)."} {
		if !strings.Contains(text.String(), want) {
			t.Fatalf("%q lost: %s", want, fmt.Sprint(text.String()))
		}
	}
}

// Headings and quotes stand on lines of their own (Fyne 2.8 made their
// styles inline: the forwarded message's heading ran on into "From:").
func TestHeadingsAndQuotesHaveTheirOwnLines(t *testing.T) {
	test.NewTempApp(t)
	v := mailview.Parse([]byte("Content-Type: text/html\r\n\r\n<h1>Big news</h1><p>First line.</p><blockquote>Quoted words</blockquote><p>After.</p>"))
	segs := segments(v.Blocks, nil, func(string, bool) {}, func(mailview.Block) (fyne.URI, string) { return nil, "" })
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	rt.Resize(fyne.NewSize(600, 400))
	line := fyne.MeasureText("Mg", fyne.CurrentApp().Settings().Theme().Size("text"), fyne.TextStyle{}).Height
	if h := rt.MinSize().Height; h < 4*line {
		t.Fatalf("the heading, two paragraphs and a quote take %.0f px: fewer than four lines (%.0f each)", h, line)
	}
	for _, s := range segs {
		if ts, ok := s.(*widget.TextSegment); ok && (ts.Text == "Big news" || strings.Contains(ts.Text, "Quoted")) && ts.Style.Inline {
			t.Fatalf("%q is inline", ts.Text)
		}
	}
}
