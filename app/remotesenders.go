package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// showRemoteSenders lists the senders whose pictures from the internet
// are always shown ("Always show them for this sender"), each with
// Remove: a From line can be forged, so the person can see and take back
// every such exception.
func (ui *UI) showRemoteSenders() fyne.Window {
	w := ui.app.NewWindow(tr.L("Pictures from the internet"))
	list := container.NewVBox()
	var fill func()
	fill = func() {
		list.Objects = nil
		senders := ui.app.Preferences().StringList(prefRemote)
		if len(senders) == 0 {
			list.Add(para(tr.L("Postie shows no sender's pictures from the internet unless you ask for them in a message.")))
		}
		for _, addr := range senders {
			remove := widget.NewButtonWithIcon(tr.L("Remove"), theme.DeleteIcon(), func() {
				left := slices.DeleteFunc(slices.Clone(ui.app.Preferences().StringList(prefRemote)), func(a string) bool { return a == addr })
				ui.app.Preferences().SetStringList(prefRemote, left)
				fill()
			})
			list.Add(container.NewBorder(nil, nil, nil, remove, widget.NewLabel(addr)))
		}
		list.Refresh()
	}
	fill()
	intro := para(tr.L("Pictures from the internet are always shown in messages from these senders. Anyone can write a false sender into a message, so keep only senders you need."))
	w.SetContent(topFirst(intro, container.NewVScroll(list)))
	closeOnEscape(w)
	ui.sizeWindow(w, fyne.NewSize(520, 360))
	w.Show()
	return w
}
