package app

import (
	"sort"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Every folder of an IMAP account is kept on this computer and synced,
// subscribed or not (#25); a folder the person does not want here is
// switched off in the account's settings, under "Folders on this
// computer": it is no longer synced, and what is already here stays.

// folderSwitches is that list: one tick per folder (the Inbox always
// stays, and a folder no longer on the server is not synced anyway).
func (v *settingsView) folderSwitches() *widget.AccordionItem {
	v.folderOn, v.folderWas, v.folderChecks = map[int64]bool{}, map[int64]bool{}, map[int64]*widget.Check{}
	fs, err := v.ui.store.Folders(v.acct.ID)
	if err != nil {
		return widget.NewAccordionItem(tr.L("Folders on this computer"), para(tr.L("Could not read the folders: {{.Error}}", tr.M{"Error": accounts.Explain(err)})))
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	list := container.NewVBox()
	for _, f := range fs {
		if f.Gone || f.Role == localstore.RoleInbox {
			continue
		}
		id := f.ID
		v.folderWas[id], v.folderOn[id] = !f.NotOffline, !f.NotOffline
		c := newCheckBox(f.Name, func(on bool) { v.folderOn[id] = on }) // a folder's own name: never translated
		c.SetChecked(!f.NotOffline)
		v.folderChecks[id] = &c.Check
		list.Add(c)
	}
	help := para(tr.L("Postie keeps every folder of this account on this computer and checks it for new mail. Untick a folder you do not want here: it is no longer checked, and the messages already here stay."))
	return widget.NewAccordionItem(tr.L("Folders on this computer"), container.NewVBox(help, list))
}

// saveFolderSwitches stores the folders switched on or off (any
// goroutine).
func (v *settingsView) saveFolderSwitches() error {
	for id, on := range v.folderOn {
		if on == v.folderWas[id] {
			continue
		}
		if err := v.ui.store.SetFolderOffline(id, on); err != nil {
			return err
		}
		v.folderWas[id] = on
	}
	return nil
}
