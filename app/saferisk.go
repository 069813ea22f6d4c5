package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// confirmRisky asks before something that cannot be taken back. The
// safe answer is the default: it is the highlighted button, it has the
// keyboard (Enter or Space take it), and Escape gives it too. The risky
// one is plain and must be clicked (or reached with Tab). done(true) only
// when the person chose the risky one.
func confirmRisky(win fyne.Window, title, message, riskText, safeText string, done func(bool)) dialog.Dialog {
	c := win.Canvas()
	before := c.OnTypedKey()
	var d *dialog.CustomDialog
	answered := false
	answer := func(ok bool) {
		if answered {
			return
		}
		answered = true
		c.SetOnTypedKey(before)
		d.Hide()
		done(ok)
	}
	safe := newDialogButton(safeText, theme.CancelIcon(), func() { answer(false) }, func() { answer(false) })
	safe.Importance = widget.HighImportance
	risk := newDialogButton(riskText, theme.DeleteIcon(), func() { answer(true) }, func() { answer(false) })
	d = dialog.NewCustomWithoutButtons(title, para(message), win)
	d.SetButtons([]fyne.CanvasObject{risk, safe})
	d.SetOnClosed(func() { answer(false) }) // closed any other way: nothing changes
	// With nothing focused (a click beside the buttons), Escape still
	// reaches the window.
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			answer(false)
		} else if before != nil {
			before(k)
		}
	})
	d.Resize(fyne.NewSize(min(540, win.Canvas().Size().Width-20), 0))
	d.Show()
	c.Focus(safe)
	return d
}

// dialogButton is a dialog's button that Enter also presses and on
// which Escape cancels the dialog.
type dialogButton struct {
	widget.Button
	escape func()
}

func newDialogButton(text string, icon fyne.Resource, tapped, escape func()) *dialogButton {
	b := &dialogButton{escape: escape}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *dialogButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		b.escape()
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	default:
		b.Button.TypedKey(k)
	}
}
