package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// outboxView lists the messages not sent yet, why, and what can be done:
// send again (after checking an "unsure" one did not arrive), change it,
// or delete it.
type outboxView struct {
	ui   *UI
	win  fyne.Window
	rows *fyne.Container
}

func (ui *UI) showOutbox() {
	if ui.outbox != nil {
		ui.outbox.win.RequestFocus()
		ui.outbox.refresh()
		return
	}
	v := &outboxView{ui: ui, win: ui.app.NewWindow(tr.X("folder.outbox", "Outbox")), rows: container.NewVBox()}
	ui.outbox = v
	v.win.SetContent(container.NewVScroll(container.NewPadded(v.rows)))
	ui.sizeWindow(v.win, fyne.NewSize(680, 420))
	v.win.SetOnClosed(func() { ui.outbox = nil })
	v.refresh()
	v.win.Show()
}

// stateWords say where each message is (tr.L them where shown).
var stateWords = map[localstore.OutState]string{
	localstore.OutQueued:  tr.Mark("Waiting to be sent"),
	localstore.OutSending: tr.Mark("Being sent now"),
	localstore.OutUnsure:  tr.Mark("Maybe sent — please check"),
	localstore.OutHeld:    tr.Mark("Not sent — the server refused it"),
}

func (v *outboxView) refresh() {
	list, err := v.ui.store.AllOutgoing()
	v.rows.Objects = nil
	if err != nil {
		v.rows.Add(widget.NewLabel(tr.L("The Outbox could not be read: {{.Error}}", tr.M{"Error": accounts.Explain(err)})))
	}
	if len(list) == 0 && err == nil {
		empty := widget.NewLabel(tr.L("The Outbox is empty: every message you wrote has been sent."))
		empty.Wrapping = fyne.TextWrapWord
		v.rows.Add(empty)
	}
	for _, o := range list {
		v.rows.Add(v.row(o))
		v.rows.Add(widget.NewSeparator())
	}
	v.rows.Refresh()
}

func (v *outboxView) row(o localstore.Outgoing) fyne.CanvasObject {
	d, _ := compose.DraftFromOutgoing(o)
	subj := d.Subject
	if subj == "" {
		subj = tr.L("(no subject)")
	}
	title := widget.NewLabel(subj)
	title.TextStyle.Bold = true
	title.Truncation = fyne.TextTruncateEllipsis
	when := o.Created.Local()
	day := tr.X("date.day-month", "{{.Day}} {{.Month}}", tr.M{"Day": when.Day(), "Month": tr.Current().MonthShort(when.Month())})
	to := widget.NewLabel(tr.L("To {{.Recipients}} · written {{.Date}}, {{.Time}} · {{.Size}}", tr.M{"Recipients": strings.Join(o.Rcpt, ", "),
		"Date": day, "Time": tr.Current().Time(when), "Size": accounts.SizeText(int64(len(o.Raw)))}))
	to.Truncation = fyne.TextTruncateEllipsis
	state := widget.NewLabel(tr.L(stateWords[o.State]))
	switch o.State {
	case localstore.OutHeld:
		state.Importance = widget.DangerImportance
	case localstore.OutUnsure:
		state.Importance = widget.WarningImportance
	}
	box := container.NewVBox(title, to, state)
	if o.LastError != "" {
		why := widget.NewLabel(o.LastError)
		why.Wrapping = fyne.TextWrapWord
		box.Add(why)
	}
	var buttons []fyne.CanvasObject
	if o.State != localstore.OutSending {
		label := tr.L("Send now")
		if o.State != localstore.OutQueued {
			label = tr.L("Send again")
		}
		buttons = append(buttons,
			newKeyButton(label, theme.MailSendIcon(), func() { v.retry(o) }),
			newKeyButton(tr.L("Change…"), theme.DocumentCreateIcon(), func() { v.edit(o) }),
			newKeyButton(tr.L("Delete"), theme.DeleteIcon(), func() { v.remove(o) }))
	}
	box.Add(container.NewHBox(buttons...))
	return box
}

func (v *outboxView) retry(o localstore.Outgoing) {
	do := func() {
		if err := v.ui.store.RetryOutgoing(o.ID); err != nil {
			v.ui.showError(tr.L("Could not send it again"), err)
			return
		}
		v.refresh()
		if a, err := accounts.Load(v.ui.store, o.AccountID); err == nil {
			v.ui.bg(func() {
				_, _ = v.ui.syncAccount(a) // the outcome shows as every sync's does (synced)
				fyne.Do(v.refresh)
			})
		}
	}
	if o.State == localstore.OutUnsure {
		confirm(v.win, tr.L("Send it again?"), tr.L("The server may already have this message. If the recipient did not get it (ask them, or look in your webmail's Sent folder), send it again."),
			tr.L("Yes"), tr.L("No"), func(ok bool) {
				if ok {
					do()
				}
			})
		return
	}
	do()
}

// edit takes the message out of the Outbox as a draft and opens it.
func (v *outboxView) edit(o localstore.Outgoing) {
	d, err := compose.DraftFromOutgoing(o)
	if err == nil {
		var raw []byte
		if raw, err = compose.BuildDraft(d, v.ui.now()); err == nil {
			var id int64
			if id, err = v.ui.store.SaveDraft(o.AccountID, 0, raw); err == nil {
				if err := v.ui.store.DeleteOutgoing(o.ID); err != nil {
					// Being sent at this very moment: not a draft as well.
					text := tr.L("It is being sent right now, so it cannot be changed any more.")
					if err := v.ui.store.DiscardDraft(id); err != nil {
						text = tr.L("It is being sent right now, so it cannot be changed any more. A copy of it was left in Drafts: {{.Error}}", tr.M{"Error": accounts.Explain(err)})
					}
					inform(v.win, tr.L("Change this message"), text)
					v.refresh()
					return
				}
				a, _ := accounts.Load(v.ui.store, o.AccountID)
				v.ui.openCompose(d, a, composeOpts{draftID: id})
				v.refresh()
				return
			}
		}
	}
	v.ui.showError(tr.L("Could not open this message to change it"), err)
}

func (v *outboxView) remove(o localstore.Outgoing) {
	confirm(v.win, tr.L("Delete this message?"), tr.L("It will not be sent, and it is not kept anywhere else."), tr.L("Yes"), tr.L("No"), func(ok bool) {
		if !ok {
			return
		}
		if err := v.ui.store.DeleteOutgoing(o.ID); err != nil {
			v.ui.showError(tr.L("Could not delete it"), err)
		}
		v.refresh()
	})
}
