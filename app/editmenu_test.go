package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// menuItem is the item named name in the window's menu called menu.
func menuItem(t *testing.T, ui *UI, menu, name string) *fyne.MenuItem {
	t.Helper()
	for _, m := range ui.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == name {
				return it
			}
		}
	}
	t.Fatalf("no %s › %s", menu, name)
	return nil
}

// Edit › Cut, Copy, Paste and Select all, with their keys shown, do what
// the keys do where the keyboard was (#29, seen in the real window: the
// Edit menu had Undo alone; then, with them, they did nothing: Fyne's
// menu bar takes the keyboard when it opens).
func TestEditMenuCutCopyPasteSelectAll(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	c := ui.win.Canvas()
	pick := func(name string) {
		t.Helper()
		c.Unfocus() // the menu bar takes the keyboard as it opens
		menuItem(t, ui, "Edit", name).Action()
	}
	for _, name := range []string{"Cut", "Copy", "Paste", "Select all"} {
		if it := menuItem(t, ui, "Edit", name); it.Shortcut == nil {
			t.Fatalf("Edit › %s shows no keys", name)
		}
	}
	c.Focus(ui.search)
	test.Type(ui.search, "garden")
	pick("Select all")
	pick("Copy")
	if got := ui.app.Clipboard().Content(); got != "garden" {
		t.Fatalf("Copy put %q on the clipboard", got)
	}
	pick("Cut")
	if ui.search.Text != "" || ui.app.Clipboard().Content() != "garden" {
		t.Fatalf("after Cut: field %q, clipboard %q", ui.search.Text, ui.app.Clipboard().Content())
	}
	pick("Paste")
	if ui.search.Text != "garden" || c.Focused() != fyne.Focusable(ui.search) {
		t.Fatalf("after Paste: field %q, the keyboard with %T", ui.search.Text, c.Focused())
	}
	ui.clearSearch()

	// In the message list, Select all selects every message.
	c.Focus(ui.list.list)
	pick("Select all")
	if got, want := len(ui.list.selection()), len(ui.list.rows); got != want || got < 2 {
		t.Fatalf("Select all in the list: %d of %d", got, want)
	}
}
