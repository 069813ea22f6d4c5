package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/layout"
)

// topFirst is a container with top above and center filling the rest,
// like container.NewBorder(top, nil, nil, nil, center) — but with top
// first among its objects, so that Tab reaches it first (Fyne's Border
// puts the center first) and a screen reader finds it first.
func topFirst(top, center fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: layout.NewBorderLayout(top, nil, nil, nil), Objects: []fyne.CanvasObject{top, center}}
}

// closeOnEscape makes Escape close w (a window of its own that is no
// dialog, such as the remote senders' list), unless a dialog is open
// in it (present's Escape closes that first).
func closeOnEscape(w fyne.Window) {
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.Close()
		}
	})
}
