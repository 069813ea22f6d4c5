package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/localstore"
)

// settingsView is one account's settings window.
type settingsView struct {
	ui        *UI
	acct      accounts.Account
	saved     accounts.Settings // as stored
	edit      accounts.Settings // being edited
	win       fyne.Window
	name      *widget.Entry
	password  *widget.Entry
	every     *widget.Select
	signature *widget.Entry
	copies    *widget.RadioGroup
	keep      *widget.Select
	status    *widget.Label
	save      *widget.Button
	closed    bool
	// Folders kept on this computer (folderswitch.go): wanted, as
	// stored, and their ticks.
	folderOn, folderWas map[int64]bool
	folderChecks        map[int64]*widget.Check
}

var checkEvery = []string{"5", "10", "15", "30", "60"}

// showAccountSettings opens the settings of the account whose folder is
// shown (or the first server account).
func (ui *UI) showAccountSettings() {
	if acct, ok := ui.shownAccount("Account settings", "There is no email account yet. Choose “Add an email account” to set one up."); ok {
		ui.openSettings(acct)
	}
}

// shownAccount is the email account of the folder shown, or the first
// one; with none, it says why (none) in a dialog titled title.
func (ui *UI) shownAccount(title, none string) (accounts.Account, bool) {
	list, err := accounts.List(ui.store)
	if err != nil {
		ui.showError("Could not read your accounts", err)
		return accounts.Account{}, false
	}
	if len(list) == 0 {
		dialog.ShowInformation(title, none, ui.win)
		return accounts.Account{}, false
	}
	acct := list[0]
	if f, ok := ui.folders.folder(ui.list.folderID); ok {
		for _, a := range list {
			if a.ID == f.AccountID {
				acct = a
			}
		}
	}
	return acct, true
}

func (ui *UI) openSettings(acct accounts.Account) *settingsView {
	v := &settingsView{ui: ui, acct: acct, saved: acct.Settings, edit: acct.Settings}
	v.win = ui.app.NewWindow("Settings — " + acct.Name)
	v.win.SetOnClosed(func() { v.closed = true })
	v.name = widget.NewEntry()
	v.name.SetText(acct.Name)
	v.password = widget.NewPasswordEntry()
	v.password.SetPlaceHolder("Leave empty to keep the current password")
	v.every = widget.NewSelect(checkEvery, nil)
	v.every.SetSelected(strconv.Itoa(max(acct.Settings.CheckMinutes, 5)))
	v.signature = widget.NewMultiLineEntry()
	v.signature.SetText(acct.Settings.Signature)
	v.signature.SetPlaceHolder("e.g. your name and phone number")
	v.signature.Wrapping = fyne.TextWrapWord
	v.signature.SetMinRowsVisible(3)
	v.status = para("")
	v.save = widget.NewButton("Save", v.doSave)
	v.save.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("Name", v.name), widget.NewFormItem("Address", para(acct.Email)))
	if acct.Settings.OAuth == "" {
		form.AppendItem(widget.NewFormItem("Password", v.password))
	}
	form.AppendItem(widget.NewFormItem("Check for mail every", container.NewHBox(v.every, widget.NewLabel("minutes"))))
	form.AppendItem(widget.NewFormItem("Signature", v.signature))
	body := container.NewVBox(form, para(accounts.Where(acct.Settings)))
	if acct.Settings.OAuth != "" {
		body.Add(v.signInRow())
	}
	if acct.Settings.Protocol == accounts.IMAP {
		var labels []string
		chosen := ""
		for _, c := range accounts.KeepChoices {
			labels = append(labels, c.Label)
			if c.Days == acct.Settings.KeepDays {
				chosen = c.Label
			}
		}
		v.keep = widget.NewSelect(labels, nil)
		v.keep.SetSelected(chosen)
		body.Add(bold("Keep for reading offline"))
		body.Add(v.keep)
		body.Add(para(accounts.KeepHelp))
		body.Add(widget.NewAccordion(v.folderSwitches()))
	}
	if acct.Settings.Protocol == accounts.POP {
		body.Add(bold("The copies on the server"))
		body.Add(v.copiesChoice())
		body.Add(para(accounts.CopiesHelp))
	}
	body.Add(widget.NewAccordion(widget.NewAccordionItem("Servers", serverEditor(&v.edit, func() {}))))
	remove := widget.NewButton("Remove this account…", v.doRemove)
	remove.Importance = widget.DangerImportance
	keep := widget.NewButton("Keep a permanent copy…", func() { ui.openKeepCopy(v.acct) })
	buttons := container.NewBorder(nil, nil, container.NewHBox(remove, keep), container.NewHBox(widget.NewButton("Close", v.win.Close), v.save))
	v.win.SetContent(container.NewBorder(nil, container.NewVBox(v.status, buttons), nil, nil, container.NewVScroll(container.NewPadded(body))))
	ui.sizeWindow(v.win, fyne.NewSize(620, 600))
	v.win.Show()
	return v
}

// copiesChoice offers the same choices as the wizard, with the same
// warning: a removing choice is taken only after confirmation.
func (v *settingsView) copiesChoice() fyne.CanvasObject {
	choices := accounts.CopiesChoices(max(v.edit.ServerCopies.Days, 30))
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.Label
	}
	setting := false
	show := func() {
		for _, c := range choices {
			if c.Copies.Mode == v.edit.ServerCopies.Mode {
				setting = true
				v.copies.SetSelected(c.Label)
				setting = false
			}
		}
	}
	v.copies = widget.NewRadioGroup(labels, func(label string) {
		if setting {
			return
		}
		for _, c := range choices {
			if c.Label != label {
				continue
			}
			warn := accounts.CopiesWarning(c.Copies, "", false, v.edit.OfferIMAP)
			if warn == "" || c.Copies == v.saved.ServerCopies {
				v.edit.ServerCopies = c.Copies
				return
			}
			confirmRemoval(v.win, warn, func(ok bool) {
				if ok {
					v.edit.ServerCopies = c.Copies
				}
				show()
			})
		}
	})
	show()
	return v.copies
}

func (v *settingsView) doSave() {
	v.edit.CheckMinutes, _ = strconv.Atoi(v.every.Selected)
	v.edit.Signature = v.signature.Text
	if v.keep != nil {
		for _, c := range accounts.KeepChoices {
			if c.Label == v.keep.Selected {
				v.edit.KeepDays = c.Days
			}
		}
	}
	serversChanged := v.edit.Incoming != v.saved.Incoming || v.edit.Outgoing != v.saved.Outgoing || v.edit.Protocol != v.saved.Protocol
	password := v.password.Text
	v.save.Disable()
	v.status.SetText("Saving…")
	v.ui.bg(func() {
		err := v.saveNow(serversChanged, password)
		fyne.Do(func() {
			v.save.Enable()
			if err != nil {
				v.status.SetText(accounts.Explain(err))
				v.status.Importance = widget.DangerImportance
				v.status.Refresh()
				return
			}
			v.win.Close()
		})
	})
}

// saveNow checks changed servers or a new password by signing in, then
// stores the settings and the password.
func (v *settingsView) saveNow(serversChanged bool, password string) error {
	keys := v.ui.secretsFor(v.acct)
	if serversChanged || password != "" {
		login := netconf.PasswordLogin(password)
		if password == "" {
			var err error
			if login, err = signin.For(v.acct, secrets.Incoming, keys); err != nil {
				return errors.New("please enter the password, so the new settings can be checked")
			}
		}
		in, out := v.ui.opts.Checker.CheckBoth(context.Background(), v.edit, login)
		if err := errors.Join(in, out); err != nil {
			return err
		}
	}
	if password != "" {
		if err := keys.Set(v.acct.ID, secrets.Incoming, password); err != nil {
			return err
		}
	}
	v.acct.Name = v.name.Text
	v.acct.Settings = v.edit
	if err := v.saveFolderSwitches(); err != nil {
		return err
	}
	return accounts.SaveSettings(v.ui.store, v.acct)
}

func (v *settingsView) doRemove() {
	keep := widget.NewRadioGroup([]string{"Keep its messages under “" + localstore.LocalAccountName + "”", "Delete its messages from this computer"}, nil)
	keep.SetSelected(keep.Options[0])
	msg := para(fmt.Sprintf("Remove %s from Postie? Nothing changes on the server: the mail there stays, and you can add the account again later.", v.acct.Name))
	d := dialog.NewCustomConfirm("Remove this account?", "Remove", "Cancel", container.NewVBox(msg, keep), func(ok bool) {
		if !ok {
			return
		}
		err := accounts.Remove(v.ui.store, v.ui.secretsFor(v.acct), v.acct.ID, keep.Selected == keep.Options[0])
		if err != nil {
			v.status.SetText(accounts.Explain(err))
			return
		}
		v.win.Close()
	}, v.win)
	d.Resize(fyne.NewSize(500, 300)) // wrapped text: Fyne cannot size it by itself
	d.Show()
}

// secretsFor is where an account's password lives: the keyring, or this
// run's memory for "ask each time" accounts.
func (ui *UI) secretsFor(a accounts.Account) secrets.Secrets {
	if a.Settings.AskPassword {
		return ui.asked
	}
	return ui.opts.Secrets
}

// askPasswords asks, at start, for the password of each account set to
// "ask for my password each time Postie starts"; it is kept in memory for
// this run only.
func (ui *UI) askPasswords() {
	list, err := accounts.List(ui.store)
	if err != nil {
		return
	}
	for _, a := range list {
		if !a.Settings.AskPassword {
			continue
		}
		if _, err := ui.asked.Get(a.ID, secrets.Incoming); err == nil {
			continue
		}
		pw := widget.NewPasswordEntry()
		id := a.ID
		d := dialog.NewForm("Password for "+a.Name, "OK", "Not now",
			[]*widget.FormItem{widget.NewFormItem("Password", pw)}, func(ok bool) {
				if ok && pw.Text != "" {
					_ = ui.asked.Set(id, secrets.Incoming, pw.Text) // kept in this process: cannot fail
				}
			}, ui.win)
		pw.OnSubmitted = func(string) { d.Submit() } // Enter is OK
		d.Resize(fyne.NewSize(420, 180))
		d.Show()
	}
}
