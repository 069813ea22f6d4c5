package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"github.com/postie-mail/postie/internal/tr"
)

// Escape closes the dialog on top, as its Cancel (or No, or Close) would
// — Fyne's dialogs do not listen for it. Every dialog Postie shows goes
// through present, and every control Postie makes passes Escape on to
// its window when it has no use for it itself (Fyne hands a key only to
// the control that has the keyboard).

// shown are the dialogs open in each window, newest last.
var shown = map[fyne.Window][]dialog.Dialog{}

// present shows d in win and lets Escape dismiss it.
func present(win fyne.Window, d dialog.Dialog) {
	c := win.Canvas()
	if len(shown[win]) == 0 {
		before := c.OnTypedKey()
		c.SetOnTypedKey(func(k *fyne.KeyEvent) {
			if k.Name == fyne.KeyEscape && dismissTop(win) {
				return
			}
			if before != nil {
				before(k)
			}
		})
		restoreKeys[win] = before
	}
	shown[win] = append(shown[win], d)
	d.SetOnClosed(func() { forget(win, d) }) // present owns OnClosed
	d.Show()
	fitDialog(win, d)
}

// presentTall is present for a dialog that holds a list, which on its
// own asks for the height of one row: it is h tall, or as tall as its
// window allows (#29: the folder list of Move to folder was one row
// tall in the real window).
func presentTall(win fyne.Window, d dialog.Dialog, h float32) {
	present(win, d)
	avail := win.Canvas().Size()
	if avail.Width <= 0 {
		return
	}
	w := min(float32(560), avail.Width-2*theme.Padding()*4)
	d.Resize(fyne.NewSize(w, min(h, avail.Height-2*theme.Padding()*4)))
}

// fitDialog gives a dialog a readable width inside its window: Fyne
// sizes a dialog to its content, and a wrapped paragraph asks for very
// little width, so a dialog with a few sentences came out one word wide
// and taller than the window. Its height follows the text at that width.
func fitDialog(win fyne.Window, d dialog.Dialog) {
	if _, files := d.(*dialog.FileDialog); files {
		return // Fyne sizes its file dialogs to the window itself
	}
	avail := win.Canvas().Size()
	if avail.Width <= 0 {
		return
	}
	w := min(float32(560), avail.Width-2*theme.Padding()*4)
	d.Resize(fyne.NewSize(w, 0))
	d.Resize(fyne.NewSize(w, 0)) // again: the paragraphs now know their width
}

// restoreKeys are the windows' own key handlers, given back once their
// last dialog closes.
var restoreKeys = map[fyne.Window]func(*fyne.KeyEvent){}

func forget(win fyne.Window, d dialog.Dialog) {
	list := shown[win]
	for i, x := range list {
		if x == d {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(shown, win)
		win.Canvas().SetOnTypedKey(restoreKeys[win])
		delete(restoreKeys, win)
		return
	}
	shown[win] = list
}

// dismissTop closes the newest dialog of win as Cancel would; false when
// none is open.
func dismissTop(win fyne.Window) bool {
	list := shown[win]
	if len(list) == 0 {
		return false
	}
	list[len(list)-1].Dismiss()
	return true
}

// passEscape hands Escape to obj's window (a control that has no use
// for it).
func passEscape(obj fyne.CanvasObject, k *fyne.KeyEvent) bool {
	if k.Name != fyne.KeyEscape {
		return false
	}
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	c := app.Driver().CanvasForObject(obj)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.OnTypedKey()(k)
	return true
}

// confirm asks a question with two answers; done(true) for the first.
// Escape, or closing it, answers no. The safe answer should be no.
func confirm(win fyne.Window, title, message, yes, no string, done func(bool)) dialog.Dialog {
	d := dialog.NewConfirm(title, message, done, win)
	d.SetConfirmText(yes)
	d.SetDismissText(no)
	present(win, d)
	return d
}

// inform shows a message with a Close button.
func inform(win fyne.Window, title, message string) dialog.Dialog {
	d := dialog.NewCustom(title, tr.L("Close"), para(message), win)
	present(win, d)
	return d
}
