package app

import (
	"image/color"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/localstore"
)

// Escape in the search field gives the search up: the field empties and
// the folder shows again (#29: Escape did nothing).
func TestSearchEscapeShowsTheFolderAgain(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	folderTitle := ui.listTitle.Text
	ui.win.Canvas().Focus(ui.search)
	test.Type(ui.search, "holi")
	if len(ui.list.rows) != 1 {
		t.Fatalf("search shows %d rows", len(ui.list.rows))
	}
	ui.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ui.search.Text != "" || ui.list.query != "" || ui.list.list.Length() != 5 || ui.listTitle.Text != folderTitle {
		t.Fatalf("after Escape: field %q, query %q, %d rows, title %q", ui.search.Text, ui.list.query, ui.list.list.Length(), ui.listTitle.Text)
	}
	if ui.win.Canvas().Focused() != ui.search {
		t.Fatal("Escape took the keyboard away from the field")
	}
	// Typing goes on in the field as before.
	test.Type(ui.search, "garden")
	if len(ui.list.rows) != 1 || ui.list.rows[0].Subject != "Re: Garden club meeting" {
		t.Fatalf("search after Escape shows %d rows", len(ui.list.rows))
	}
}

// A message opened from the results stays open when the search is
// cleared, selected in its folder (#29, seen in the real window: it
// closed).
func TestClearingTheSearchKeepsTheMessageOpen(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	test.Type(ui.search, "garden")
	if len(ui.list.rows) != 1 {
		t.Fatalf("search shows %d rows", len(ui.list.rows))
	}
	ui.list.list.Select(0)
	want, _ := ui.list.selected()
	ui.clearSearch()
	got, ok := ui.list.selected()
	if !ok || got.ID != want.ID || ui.list.query != "" || ui.list.list.Length() != 5 {
		t.Fatalf("after clearing: selected %q (%v), query %q, %d rows", got.Subject, ok, ui.list.query, ui.list.list.Length())
	}
	if ui.reader.subject.Text != want.Subject {
		t.Fatalf("the reader shows %q", ui.reader.subject.Text)
	}
}

// The field's end is a magnifier while it is empty and a × while it holds
// text; tapping the × does what Escape does.
func TestSearchClearButton(t *testing.T) {
	ui, s := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	fill(t, ui, s)
	c := ui.search.clearBtn
	icon := func() string { ui.win.Canvas().Capture(); return c.icon.Resource.Name() }
	if c.active() || strings.Contains(icon(), "cancel") {
		t.Fatalf("an empty field offers to clear (%s)", icon())
	}
	capture(t, ui, "search-empty")
	test.Tap(c) // a magnifier: nothing happens
	if ui.list.list.Length() != 5 {
		t.Fatal("tapping the magnifier changed the list")
	}
	test.Type(ui.search, "appointment")
	if !c.active() || !strings.Contains(icon(), "cancel") {
		t.Fatalf("with text the field's end shows %s", icon())
	}
	if len(ui.list.rows) != 1 {
		t.Fatalf("search shows %d rows", len(ui.list.rows))
	}
	capture(t, ui, "search-clear-button")
	test.Tap(c)
	if ui.search.Text != "" || ui.list.query != "" || ui.list.list.Length() != 5 {
		t.Fatalf("after ×: field %q, query %q, %d rows", ui.search.Text, ui.list.query, ui.list.list.Length())
	}
	if c.active() || strings.Contains(icon(), "cancel") {
		t.Fatal("the × stays once the field is empty")
	}
}

// highlighted is the text of the reader's marked runs, in order.
func highlighted(segs []widget.RichTextSegment) []string {
	var out []string
	for _, seg := range segs {
		switch s := seg.(type) {
		case *widget.TextSegment:
			if isMark(s) {
				out = append(out, s.Text)
			}
		case *widget.ListSegment:
			out = append(out, highlighted(s.Items)...)
		case *widget.ParagraphSegment:
			out = append(out, highlighted(s.Texts)...)
		}
	}
	return out
}

// The words a search found are marked in the open message: whatever
// their case and accents, a phrase as a whole, the last word typed also
// as the start of a longer word, as the store finds them (#29).
func TestSearchHighlightsTheWordsFound(t *testing.T) {
	ui, s := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	fill(t, ui, s)
	in := inbox(t, ui)
	body := "Dear all,\n\nThe KOELN trip: we meet in Köln at the main station, then the\n" +
		"station café. Koln-Deutz is the other station.\n\n> Will the station be crowded?\n\n" +
		"- Tickets for the main station\n- Köln cathedral\n\nSee you, stationmaster Bob"
	if _, err := s.Add(in.ID, []localstore.NewMessage{testMsg(9, "Bob Stone <bob@example.org>", "Trip to Köln", body, fixedNow)}); err != nil {
		t.Fatal(err)
	}
	ui.win.Resize(fyne.NewSize(1200, 700))
	test.Type(ui.search, `koln "main station" stat`)
	if len(ui.list.rows) != 1 {
		t.Fatalf("search shows %d rows", len(ui.list.rows))
	}
	ui.list.list.Select(0)
	ui.win.Canvas().Capture()
	got := highlighted(ui.reader.body.Segments)
	want := []string{"Köln", "main station", "station", "Koln", "station", "station", "main station", "Köln", "stationmaster"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("marked %q\nwant   %q", got, want)
	}
	// The text reads as before: nothing lost, nothing doubled.
	var text strings.Builder
	for _, seg := range ui.reader.body.Segments {
		text.WriteString(seg.Textual())
	}
	for _, part := range []string{"we meet in Köln at the main station, then the", "Koln-Deutz is the other station.", "Köln cathedral", "stationmaster Bob"} {
		if !strings.Contains(text.String(), part) {
			t.Fatalf("the text lost %q:\n%s", part, text.String())
		}
	}
	capture(t, ui, "search-highlight")
	ui.app.Settings().SetTheme(darkTheme{theme.DefaultTheme()})
	capture(t, ui, "search-highlight-dark")

	// "KOELN" is another word: not marked; "the" is not searched.
	for _, w := range got {
		if strings.EqualFold(w, "koeln") || strings.EqualFold(w, "the") {
			t.Fatalf("marked %q", w)
		}
	}
	// Escape: the search is given up and nothing stays marked.
	ui.win.Canvas().Focus(ui.search)
	ui.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	ui.list.list.Select(0)
	if m := highlighted(ui.reader.body.Segments); len(m) != 0 {
		t.Fatalf("still marked after the search ended: %q", m)
	}
}

func TestSearchTermsMirrorTheStore(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []searchTerm
	}{
		{"Köln", []searchTerm{{words: []string{"koln"}, prefix: true}}},
		{"Köln ", []searchTerm{{words: []string{"koln"}}}},
		{`"Main Station" cafe`, []searchTerm{{words: []string{"main", "station"}}, {words: []string{"cafe"}, prefix: true}}},
		{"from:anna has:att holiday", []searchTerm{{words: []string{"holiday"}, prefix: true}}},
		{`subject:"big sale" has:x`, []searchTerm{{words: []string{"has", "x"}, prefix: true}}},
		{"koln-deutz", []searchTerm{{words: []string{"koln", "deutz"}, prefix: true}}},
		{`" * : "`, nil},
	} {
		if got := searchTerms(c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("searchTerms(%q) = %+v, want %+v", c.q, got, c.want)
		}
	}
}

type darkTheme struct{ fyne.Theme }

func (d darkTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return d.Theme.Color(n, theme.VariantDark)
}
