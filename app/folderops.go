package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// The Folder menu: new, rename, delete. For IMAP accounts the store
// queues each change for the server.

func (ui *UI) currentFolder() (localstore.Folder, bool) {
	return ui.folders.folder(ui.list.folderID)
}

func (ui *UI) askName(title, initial string, done func(string)) {
	name := tr.X("label.folder-name", "Name")
	e := newTextField(name)
	e.SetText(initial)
	d := dialog.NewForm(title, tr.L("OK"), tr.L("Cancel"), []*widget.FormItem{widget.NewFormItem(name, e)}, func(ok bool) {
		if ok {
			done(e.Text)
		}
	}, ui.win)
	d.Resize(fyne.NewSize(400, 160))
	present(ui.win, d)
	ui.win.Canvas().Focus(e)
}

func (ui *UI) showNewFolder() {
	f, ok := ui.currentFolder()
	if !ok {
		return
	}
	a, _ := ui.folders.account(f.AccountID)
	ui.askName(tr.L("New folder in {{.Account}}", tr.M{"Account": accountName(a)}), "", func(name string) {
		ui.bg(func() {
			nf, err := ui.store.NewFolder(a.ID, name)
			fyne.Do(func() {
				if err != nil {
					ui.showError(tr.L("Could not create the folder"), err)
					return
				}
				ui.pendingSelect = nf.ID
				ui.refreshFolders(false)
			})
		})
	})
}

func (ui *UI) showRenameFolder() {
	f, ok := ui.currentFolder()
	if !ok {
		return
	}
	if f.Role != localstore.RoleNone {
		inform(ui.win, tr.L("Rename folder"), tr.L("{{.Folder}} is a standard folder and keeps its name.", tr.M{"Folder": folderName(f)}))
		return
	}
	ui.askName(tr.L("Rename {{.Folder}}", tr.M{"Folder": f.Name}), f.Name, func(name string) {
		ui.bg(func() {
			if err := ui.store.RenameFolderTo(f.ID, name); err != nil {
				fyne.Do(func() { ui.showError(tr.L("Could not rename the folder"), err) })
			}
		})
	})
}

func (ui *UI) showDeleteFolder() {
	f, ok := ui.currentFolder()
	if !ok {
		return
	}
	if f.Role != localstore.RoleNone {
		inform(ui.win, tr.L("Delete folder"), tr.L("{{.Folder}} is a standard folder and cannot be deleted.", tr.M{"Folder": folderName(f)}))
		return
	}
	msg := tr.L("Delete the folder “{{.Folder}}”? It is empty.", tr.M{"Folder": f.Name})
	if f.Total > 0 {
		msg = tr.N("Delete the folder “{{.Folder}}”? Its {{.Count}} message will go to the Trash first, so nothing is lost.",
			"Delete the folder “{{.Folder}}”? Its {{.Count}} messages will go to the Trash first, so nothing is lost.", f.Total, tr.M{"Folder": f.Name})
	}
	if a, _ := ui.folders.account(f.AccountID); a.Kind == localstore.KindIMAP {
		msg += "\n" + tr.L("The folder is also deleted on the server.")
	}
	confirm(ui.win, tr.L("Delete folder?"), msg, tr.L("Delete folder"), tr.X("button.keep-folder", "Keep it"), func(ok bool) {
		if !ok {
			return
		}
		ui.bg(func() {
			if err := ui.store.RemoveFolder(f.ID); err != nil {
				fyne.Do(func() { ui.showError(tr.L("Could not delete the folder"), err) })
			}
		})
	})
}

// showEmptyTrash empties the Trash of the account whose folder is shown.
func (ui *UI) showEmptyTrash() {
	f, ok := ui.currentFolder()
	if !ok {
		return
	}
	a, _ := ui.folders.account(f.AccountID)
	trash, err := ui.store.FolderByRole(a.ID, localstore.RoleTrash)
	if err != nil || trash.Total == 0 {
		inform(ui.win, tr.L("Empty Trash"), tr.L("The Trash of {{.Account}} is already empty.", tr.M{"Account": accountName(a)}))
		return
	}
	msg := tr.N("Delete the {{.Count}} message in the Trash of {{.Account}} for ever?", "Delete the {{.Count}} messages in the Trash of {{.Account}} for ever?",
		trash.Total, tr.M{"Account": accountName(a)})
	switch a.Kind {
	case localstore.KindIMAP:
		msg += "\n" + tr.N("It is also removed from the server, so your other devices will not have it either.",
			"They are also removed from the server, so your other devices will not have them either.", trash.Total)
	case localstore.KindPOP:
		if acct, err := accounts.Load(ui.store, a.ID); err == nil && acct.Settings.ServerCopies.Mode == accounts.OnDelete {
			msg += "\n" + tr.N("As chosen in this account's settings, it is also removed from the server at the next check.",
				"As chosen in this account's settings, they are also removed from the server at the next check.", trash.Total)
		} else {
			msg += "\n" + tr.N("The copy on the server is not touched.", "The copies on the server are not touched.", trash.Total)
		}
	}
	confirm(ui.win, tr.L("Empty Trash?"), msg, tr.L("Empty Trash"), tr.L("Cancel"), func(ok bool) {
		if !ok {
			return
		}
		ui.bg(func() {
			if _, err := ui.store.EmptyTrash(a.ID); err != nil {
				fyne.Do(func() { ui.showError(tr.L("Could not empty the Trash"), err) })
			}
		})
	})
}
