package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// finishWait is how long closing waits for a sync under way.
const finishWait = 20 * time.Second

// closeWhenIdle closes the window — first letting a sync under way end
// (at most finishWait), so a message being handed to the server ends as
// sent rather than "may or may not have been sent", and a download as
// stored. Nothing would be lost either way: "Close now" does not wait.
func (ui *UI) closeWhenIdle() {
	if ui.stopWatch != nil {
		ui.stopWatch() // no new syncs
		ui.stopWatch = nil
	}
	if ui.sched == nil || !ui.sched.Busy() {
		ui.win.Close()
		return
	}
	ui.setStatus(tr.L("Finishing what Postie was doing, then closing…"))
	var d dialog.Dialog
	now := widget.NewButton(tr.L("Close now"), func() {
		ui.closing = false
		d.Hide()
		ui.win.Close()
	})
	d = dialog.NewCustomWithoutButtons(tr.L("Closing Postie"), container.NewVBox(
		para(tr.L("Postie is finishing what it was doing (getting or sending mail) and closes by itself in a moment. Closing now loses nothing either: what was not finished is done next time.")),
		container.NewHBox(now)), ui.win)
	d.Resize(fyne.NewSize(460, 220))
	present(ui.win, d) // Escape lets it close by itself, as before
	sched := ui.sched
	ui.closing = true
	go func() {
		sched.WaitIdle(finishWait)
		fyne.Do(func() {
			if ui.closing {
				ui.closing = false
				ui.win.Close()
			}
		})
	}()
}
