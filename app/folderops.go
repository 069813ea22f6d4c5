package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
)

// The Folder menu: new, rename, delete. For IMAP accounts the store
// queues each change for the server.

func (ui *UI) currentFolder() (localstore.Folder, bool) {
	return ui.folders.folder(ui.list.folderID)
}

func (ui *UI) askName(title, initial string, done func(string)) {
	e := widget.NewEntry()
	e.SetText(initial)
	d := dialog.NewForm(title, "OK", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", e)}, func(ok bool) {
		if ok {
			done(e.Text)
		}
	}, ui.win)
	d.Resize(fyne.NewSize(400, 160))
	d.Show()
	ui.win.Canvas().Focus(e)
}

func (ui *UI) showNewFolder() {
	f, ok := ui.currentFolder()
	if !ok {
		return
	}
	a, _ := ui.folders.account(f.AccountID)
	ui.askName("New folder in "+a.Name, "", func(name string) {
		ui.bg(func() {
			nf, err := ui.store.NewFolder(a.ID, name)
			fyne.Do(func() {
				if err != nil {
					ui.showError("Could not create the folder", err)
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
		dialog.ShowInformation("Rename folder", f.Name+" is a standard folder and keeps its name.", ui.win)
		return
	}
	ui.askName("Rename "+f.Name, f.Name, func(name string) {
		ui.bg(func() {
			if err := ui.store.RenameFolderTo(f.ID, name); err != nil {
				fyne.Do(func() { ui.showError("Could not rename the folder", err) })
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
		dialog.ShowInformation("Delete folder", f.Name+" is a standard folder and cannot be deleted.", ui.win)
		return
	}
	msg := fmt.Sprintf("Delete the folder “%s”? It is empty.", f.Name)
	if f.Total > 0 {
		msg = fmt.Sprintf("Delete the folder “%s”? Its %s will go to the Trash first, so nothing is lost.", f.Name, mailtext.Count(f.Total, "message", "messages"))
	}
	if a, _ := ui.folders.account(f.AccountID); a.Kind == localstore.KindIMAP {
		msg += "\nThe folder is also deleted on the server."
	}
	d := dialog.NewConfirm("Delete folder?", msg, func(ok bool) {
		if !ok {
			return
		}
		ui.bg(func() {
			if err := ui.store.RemoveFolder(f.ID); err != nil {
				fyne.Do(func() { ui.showError("Could not delete the folder", err) })
			}
		})
	}, ui.win)
	d.SetConfirmText("Delete folder")
	d.SetDismissText("Keep it")
	d.Show()
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
		dialog.ShowInformation("Empty Trash", "The Trash of "+a.Name+" is already empty.", ui.win)
		return
	}
	msg := fmt.Sprintf("Delete the %s in the Trash of %s for ever?", mailtext.Count(trash.Total, "message", "messages"), a.Name)
	switch a.Kind {
	case localstore.KindIMAP:
		msg += "\nThey are also removed from the server, so your other devices will not have them either."
	case localstore.KindPOP:
		if acct, err := accounts.Load(ui.store, a.ID); err == nil && acct.Settings.ServerCopies.Mode == accounts.OnDelete {
			msg += "\nAs chosen in this account's settings, they are also removed from the server at the next check."
		} else {
			msg += "\nThe copies on the server are not touched."
		}
	}
	d := dialog.NewConfirm("Empty Trash?", msg, func(ok bool) {
		if !ok {
			return
		}
		ui.bg(func() {
			if _, err := ui.store.EmptyTrash(a.ID); err != nil {
				fyne.Do(func() { ui.showError("Could not empty the Trash", err) })
			}
		})
	}, ui.win)
	d.SetConfirmText("Empty Trash")
	d.SetDismissText("Cancel")
	d.Show()
}
