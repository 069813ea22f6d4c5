package app

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// bodyEntry is the text of a message being written. Ctrl+B and Ctrl+I
// (or the Bold and Italic buttons) put *…* and _…_ around the selected
// words; the List button starts the line with "- ". A message using them
// is also sent as HTML where they show as real formatting.
//
// A screen reader hears "Message: " and the text; Escape goes on to the
// window (which asks whether to keep a draft), and the window's
// shortcuts (shortcuts) work here too.
type bodyEntry struct {
	widget.Entry
	shortcuts func(fyne.Shortcut) bool // the window's, tried first
}

func newBodyEntry() *bodyEntry {
	e := &bodyEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

func (e *bodyEntry) AccessibilityLabel() string {
	return fieldLabel(tr.L("Message"), &e.Entry)
}

func (e *bodyEntry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (e *bodyEntry) TypedKey(k *fyne.KeyEvent) {
	if passEscape(e, k) {
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut adds Ctrl+B and Ctrl+I to the entry's own shortcuts.
func (e *bodyEntry) TypedShortcut(s fyne.Shortcut) {
	if e.shortcuts != nil && e.shortcuts(s) {
		return
	}
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierShortcutDefault {
		switch cs.KeyName {
		case fyne.KeyB:
			e.wrap("*")
			return
		case fyne.KeyI:
			e.wrap("_")
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// wrap puts marker around the selected words (spaces at the edges of the
// selection stay outside), or a pair of them at the cursor to type in.
func (e *bodyEntry) wrap(marker string) {
	text := []rune(e.Text)
	sel := []rune(e.SelectedText())
	off := min(e.CursorTextOffset(), len(text))
	start, end := off, off
	if n := len(sel); n > 0 {
		switch {
		case off >= n && string(text[off-n:off]) == string(sel):
			start = off - n
		case off+n <= len(text) && string(text[off:off+n]) == string(sel):
			end = off + n
		}
	}
	for start < end && unicode.IsSpace(text[start]) {
		start++
	}
	for end > start && unicode.IsSpace(text[end-1]) {
		end--
	}
	m := []rune(marker)
	out := make([]rune, 0, len(text)+2*len(m))
	out = append(out, text[:start]...)
	out = append(out, m...)
	out = append(out, text[start:end]...)
	out = append(out, m...)
	out = append(out, text[end:]...)
	cursor := end + 2*len(m) // after the closing marker
	if start == end {
		cursor = start + len(m) // between the two, to type the words
	}
	e.SetText(string(out))
	e.setCursor(cursor)
}

// listLine starts the cursor's line with "- " (a list item).
func (e *bodyEntry) listLine() {
	text := []rune(e.Text)
	off := min(e.CursorTextOffset(), len(text))
	start := off
	for start > 0 && text[start-1] != '\n' {
		start--
	}
	if strings.HasPrefix(string(text[start:]), "- ") {
		return
	}
	out := append(append(append([]rune{}, text[:start]...), '-', ' '), text[start:]...)
	e.SetText(string(out))
	e.setCursor(off + 2)
}

// setCursor puts the cursor pos runes into the text.
func (e *bodyEntry) setCursor(pos int) {
	row, col := 0, 0
	for i, r := range []rune(e.Text) {
		if i == pos {
			break
		}
		if r == '\n' {
			row, col = row+1, 0
		} else {
			col++
		}
	}
	e.CursorRow, e.CursorColumn = row, col
	e.Refresh()
}
