package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// buttonOf is the Fyne button o is or is made of (Postie's labelled
// buttons embed it): tests find buttons by their text whatever their
// type. Tapping the button returned taps o.
func buttonOf(o fyne.CanvasObject) (*widget.Button, bool) {
	switch b := o.(type) {
	case *widget.Button:
		return b, true
	case *keyButton:
		return &b.Button, true
	case *iconButton:
		return &b.Button, true
	case *formatButton:
		return &b.Button, true
	case *dialogButton:
		return &b.Button, true
	case *tipButton:
		return &b.Button, true
	case *toolButton:
		return &b.Button, true
	}
	return nil, false
}

// entryOf is the Fyne text box o is or is made of.
func entryOf(o fyne.CanvasObject) (*widget.Entry, bool) {
	switch e := o.(type) {
	case *widget.Entry:
		return e, true
	case *textField:
		return &e.Entry, true
	case *shortcutField:
		return &e.Entry, true
	case *addressEntry:
		return &e.Entry, true
	case *bodyEntry:
		return &e.Entry, true
	}
	return nil, false
}
