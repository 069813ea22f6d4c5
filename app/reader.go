package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/mailview"
)

// maxShown caps the text put on screen at once: Fyne lays out text in time
// that grows fast with its length. The whole message stays stored.
const maxShown = 300 << 10

// reader is the right pane: the selected message.
type reader struct {
	ui        *UI
	currentID int64

	subject          *widget.Label
	from, to, cc, dt *widget.Label
	headers          *fyne.Container
	keys             map[string]*widget.Label
	body             *widget.RichText
	content          *fyne.Container
	empty            *widget.Label
	root             *fyne.Container
}

func newReader(ui *UI) *reader {
	r := &reader{ui: ui}
	r.subject = widget.NewLabel("")
	r.subject.TextStyle.Bold = true
	r.subject.SizeName = theme.SizeNameSubHeadingText
	r.subject.Wrapping = fyne.TextWrapWord
	mk := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		return l
	}
	r.from, r.to, r.cc, r.dt = mk(), mk(), mk(), mk()
	key := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.TextStyle.Bold = true
		l.Importance = widget.LowImportance
		return l
	}
	r.keys = map[string]*widget.Label{"From": key("From"), "To": key("To"), "Cc": key("Cc"), "Date": key("Date")}
	r.headers = container.New(layout.NewFormLayout())
	r.body = widget.NewRichText()
	r.body.Wrapping = fyne.TextWrapWord
	r.content = container.NewBorder(container.NewVBox(r.subject, r.headers, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(r.body))
	r.empty = widget.NewLabel("Select a message to read it.")
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.Importance = widget.LowImportance
	r.root = container.NewStack(container.NewCenter(r.empty), r.content)
	r.content.Hide()
	return r
}

func (r *reader) clear() {
	r.currentID = 0
	r.content.Hide()
	r.empty.Show()
}

// show puts a parsed message on screen (UI goroutine).
func (r *reader) show(id int64, v mailview.View) {
	r.currentID = id
	r.empty.Hide()
	subj := oneLine(v.Subject)
	if subj == "" {
		subj = "(no subject)"
	}
	r.subject.SetText(subj)
	r.from.SetText(v.From)
	r.to.SetText(v.To)
	r.cc.SetText(v.Cc)
	r.dt.SetText(fullDate(v.Date))
	// Only the headers the message has get a row.
	r.headers.Objects = nil
	for _, h := range []struct {
		key string
		val *widget.Label
	}{{"From", r.from}, {"To", r.to}, {"Cc", r.cc}, {"Date", r.dt}} {
		if h.val.Text != "" {
			r.headers.Objects = append(r.headers.Objects, r.keys[h.key], h.val)
		}
	}
	r.headers.Refresh()
	r.body.Segments = paragraphs(v.Text)
	r.content.Show()
	r.content.Refresh() // the header block's height changed: lay out again
}

// paragraphs makes one text segment per paragraph (one huge segment is
// very slow to lay out), capped at maxShown with a note.
func paragraphs(text string) []widget.RichTextSegment {
	cut := false
	if len(text) > maxShown {
		text = strings.ToValidUTF8(text[:maxShown], "")
		cut = true
	}
	var segs []widget.RichTextSegment
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		p = strings.Trim(p, "\n")
		if strings.TrimSpace(p) == "" {
			continue
		}
		style := widget.RichTextStyleParagraph
		if isQuote(p) {
			style = widget.RichTextStyleBlockquote
		}
		segs = append(segs, &widget.TextSegment{Text: p, Style: style})
	}
	if len(segs) == 0 {
		segs = append(segs, &widget.TextSegment{Text: "(This message has no text.)", Style: widget.RichTextStyle{ColorName: theme.ColorNameDisabled}})
	}
	if cut {
		segs = append(segs, &widget.TextSegment{Text: "This message is very long: only its first part is shown here.", Style: widget.RichTextStyle{ColorName: theme.ColorNameWarning, TextStyle: fyne.TextStyle{Italic: true}}})
	}
	return segs
}

func isQuote(p string) bool {
	for _, l := range strings.Split(p, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), ">") {
			return false
		}
	}
	return true
}
