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
// the keys do where the keyboard is (#29, seen in the real window: the
// Edit menu had Undo alone).
func TestEditMenuCutCopyPasteSelectAll(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	c := ui.win.Canvas()
	for _, name := range []string{"Cut", "Copy", "Paste", "Select all"} {
		if it := menuItem(t, ui, "Edit", name); it.Shortcut == nil {
			t.Fatalf("Edit › %s shows no keys", name)
		}
	}
	c.Focus(ui.search)
	test.Type(ui.search, "garden")
	menuItem(t, ui, "Edit", "Select all").Action()
	menuItem(t, ui, "Edit", "Copy").Action()
	if got := ui.app.Clipboard().Content(); got != "garden" {
		t.Fatalf("Copy put %q on the clipboard", got)
	}
	menuItem(t, ui, "Edit", "Cut").Action()
	if ui.search.Text != "" || ui.app.Clipboard().Content() != "garden" {
		t.Fatalf("after Cut: field %q, clipboard %q", ui.search.Text, ui.app.Clipboard().Content())
	}
	menuItem(t, ui, "Edit", "Paste").Action()
	if ui.search.Text != "garden" {
		t.Fatalf("after Paste: field %q", ui.search.Text)
	}
	ui.clearSearch()

	// In the message list, Select all selects every message.
	c.Focus(ui.list.list)
	menuItem(t, ui, "Edit", "Select all").Action()
	if got, want := len(ui.list.selection()), len(ui.list.rows); got != want || got < 2 {
		t.Fatalf("Select all in the list: %d of %d", got, want)
	}
}
