package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/tr"
)

// settingsView is one account's settings window.
type settingsView struct {
	ui        *UI
	acct      accounts.Account
	saved     accounts.Settings // as stored
	edit      accounts.Settings // being edited
	win       fyne.Window
	name      *textField
	password  *textField
	every     *dropDown
	signature *textField
	copies    *optionGroup
	keep      *dropDown
	status    *widget.Label
	save      *keyButton
	closed    bool
	// Folders kept on this computer (folderswitch.go): wanted, as
	// stored, and their ticks.
	folderOn, folderWas map[int64]bool
	folderChecks        map[int64]*widget.Check
}

// checkEvery are the minutes between checks for new mail the settings
// offer.
var checkEvery = []int{5, 10, 15, 30, 60}

// showAccountSettings opens the settings of the account whose folder is
// shown (or the first server account).
func (ui *UI) showAccountSettings() {
	if acct, ok := ui.shownAccount(tr.L("Account settings"), tr.L("There is no email account yet. Choose “Add an email account” to set one up.")); ok {
		ui.openSettings(acct)
	}
}

// shownAccount is the email account of the folder shown, or the first
// one; with none, it says why (none) in a dialog titled title.
func (ui *UI) shownAccount(title, none string) (accounts.Account, bool) {
	list, err := accounts.List(ui.store)
	if err != nil {
		ui.showError(tr.L("Could not read your accounts"), err)
		return accounts.Account{}, false
	}
	if len(list) == 0 {
		inform(ui.win, title, none)
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
	v.win = ui.app.NewWindow(tr.L("Settings — {{.Account}}", tr.M{"Account": acct.Name}))
	v.win.SetOnClosed(func() { v.closed = true })
	v.name = newTextField(tr.L("Name"))
	v.name.SetText(acct.Name)
	v.password = newPasswordField(tr.L("Password"))
	v.password.SetPlaceHolder(tr.L("Leave empty to keep the current password"))
	// Enter in a box saves.
	for _, f := range []*textField{v.name, v.password} {
		f.OnSubmitted = func(string) { v.doSave() }
	}
	every := make([]string, len(checkEvery))
	for i, n := range checkEvery {
		every[i] = tr.N("Every {{.Count}} minute", "Every {{.Count}} minutes", n)
	}
	v.every = newDropDown(tr.L("Check for mail"), every, nil)
	for i, n := range checkEvery {
		if n == max(acct.Settings.CheckMinutes, 5) {
			v.every.SetSelectedIndex(i)
		}
	}
	v.signature = newTextArea(tr.L("Signature"))
	v.signature.SetText(acct.Settings.Signature)
	v.signature.SetPlaceHolder(tr.L("e.g. your name and phone number"))
	v.signature.SetMinRowsVisible(3)
	v.status = para("")
	v.save = newKeyButton(tr.L("Save"), nil, v.doSave)
	v.save.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(tr.L("Name"), v.name), widget.NewFormItem(tr.L("Address"), para(acct.Email)))
	if acct.Settings.OAuth == "" {
		form.AppendItem(widget.NewFormItem(tr.L("Password"), v.password))
	}
	form.AppendItem(widget.NewFormItem(tr.L("Check for mail"), v.every))
	form.AppendItem(widget.NewFormItem(tr.L("Signature"), v.signature))
	body := container.NewVBox(form, para(accounts.Where(acct.Settings)))
	if acct.Settings.OAuth != "" {
		body.Add(v.signInRow())
	}
	if acct.Settings.Protocol == accounts.IMAP {
		var labels []string
		chosen := -1
		for i, c := range accounts.KeepChoices {
			labels = append(labels, tr.L(c.Label))
			if c.Days == acct.Settings.KeepDays {
				chosen = i
			}
		}
		v.keep = newDropDown(tr.L("Keep for reading offline"), labels, nil)
		if chosen >= 0 {
			v.keep.SetSelectedIndex(chosen)
		}
		body.Add(bold(tr.L("Keep for reading offline")))
		body.Add(v.keep)
		body.Add(para(tr.L(accounts.KeepHelp)))
		body.Add(widget.NewAccordion(v.folderSwitches()))
	}
	if acct.Settings.Protocol == accounts.POP {
		body.Add(bold(tr.L("The copies on the server")))
		body.Add(v.copiesChoice())
		body.Add(para(tr.L(accounts.CopiesHelp)))
	}
	servers, _ := serverEditor(&v.edit, func() {}, v.doSave)
	body.Add(widget.NewAccordion(widget.NewAccordionItem(tr.L("Servers"), servers)))
	remove := newKeyButton(tr.L("Remove this account…"), nil, v.doRemove)
	remove.Importance = widget.DangerImportance
	keep := newKeyButton(tr.L("Keep a permanent copy…"), nil, func() { ui.openKeepCopy(v.acct) })
	buttons := container.NewBorder(nil, nil, container.NewHBox(remove, keep), container.NewHBox(newKeyButton(tr.L("Close"), nil, v.win.Close), v.save))
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
	show := func() {
		for i, c := range choices {
			if c.Copies.Mode == v.edit.ServerCopies.Mode {
				v.copies.mark(i)
			}
		}
	}
	v.copies = newOptionGroup(tr.L("The copies on the server"), labels, func(i int) {
		c := choices[i]
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
	})
	show()
	return v.copies
}

func (v *settingsView) doSave() {
	if i := v.every.SelectedIndex(); i >= 0 {
		v.edit.CheckMinutes = checkEvery[i]
	}
	v.edit.Signature = v.signature.Text
	if v.keep != nil {
		if i := v.keep.SelectedIndex(); i >= 0 {
			v.edit.KeepDays = accounts.KeepChoices[i].Days
		}
	}
	serversChanged := v.edit.Incoming != v.saved.Incoming || v.edit.Outgoing != v.saved.Outgoing || v.edit.Protocol != v.saved.Protocol
	password := v.password.Text
	v.save.Disable()
	v.status.SetText(tr.L("Saving…"))
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
				return errors.New(tr.L("please enter the password, so the new settings can be checked"))
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
	keep := newOptionGroup(tr.L("Its messages on this computer"), []string{tr.L("Keep its messages under “On this computer”"), tr.L("Delete its messages from this computer")}, nil)
	keep.mark(0)
	msg := para(tr.L("Remove {{.Account}} from Postie? Nothing changes on the server: the mail there stays, and you can add the account again later.", tr.M{"Account": v.acct.Name}))
	d := dialog.NewCustomConfirm(tr.L("Remove this account?"), tr.L("Remove"), tr.L("Cancel"), container.NewVBox(msg, keep), func(ok bool) {
		if !ok {
			return
		}
		err := accounts.Remove(v.ui.store, v.ui.secretsFor(v.acct), v.acct.ID, keep.SelectedIndex() == 0)
		if err != nil {
			v.status.SetText(accounts.Explain(err))
			return
		}
		v.win.Close()
	}, v.win)
	d.Resize(fyne.NewSize(500, 300)) // wrapped text: Fyne cannot size it by itself
	present(v.win, d)
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
		pw := newPasswordField(tr.L("Password"))
		id := a.ID
		d := dialog.NewForm(tr.L("Password for {{.Account}}", tr.M{"Account": a.Name}), tr.L("OK"), tr.L("Not now"),
			[]*widget.FormItem{widget.NewFormItem(tr.L("Password"), pw)}, func(ok bool) {
				if ok && pw.Text != "" {
					_ = ui.asked.Set(id, secrets.Incoming, pw.Text) // kept in this process: cannot fail
				}
			}, ui.win)
		pw.OnSubmitted = func(string) { d.Submit() } // Enter is OK
		d.Resize(fyne.NewSize(420, 180))
		present(ui.win, d)
	}
}
