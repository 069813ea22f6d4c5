package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Escape answers "no" to the dialog on top, also when a text field in it
// has the keyboard; the window's own keys work again once it is closed.
func TestEscapeClosesTheDialogOnTop(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("main"))
	w.Resize(fyne.NewSize(600, 400))
	var own []fyne.KeyName
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) { own = append(own, k.Name) })
	answer := "none"
	confirm(w, "Delete for ever?", "It cannot be undone.", "Delete", "Keep it", func(ok bool) {
		answer = map[bool]string{true: "yes", false: "no"}[ok]
	})
	field := newTextField("Name")
	inner := dialog.NewCustom("Rename", "Cancel", field, w)
	present(w, inner)
	w.Canvas().Focus(field)
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if inner2 := len(shown[w]); inner2 != 1 {
		t.Fatalf("%d dialogs open after Escape in the field", inner2)
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if answer != "no" || len(shown[w]) != 0 {
		t.Fatalf("answer %q, %d open", answer, len(shown[w]))
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(own) != 1 {
		t.Fatalf("the window's keys: %v", own)
	}
}
