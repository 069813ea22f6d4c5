package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// localFolders are the folders mail can be imported into: those of
// "On this computer".
func (ui *UI) localFolders() []localstore.Folder {
	for _, a := range ui.folders.accounts {
		if a.Kind == localstore.KindLocal {
			return ui.folders.folders[a.ID]
		}
	}
	return nil
}

func (ui *UI) showImport() {
	folders := ui.localFolders()
	if len(folders) == 0 {
		return
	}
	names := make([]string, len(folders))
	chosen := folders[0]
	for i, f := range folders {
		names[i] = f.Name
		if f.ID == ui.list.folderID {
			chosen = f
		}
	}
	sel := widget.NewSelect(names, func(n string) {
		for _, f := range folders {
			if f.Name == n {
				chosen = f
			}
		}
	})
	sel.SetSelected(chosen.Name)
	var d dialog.Dialog
	start := func(path string) {
		d.Hide()
		ui.runImport(chosen, path)
	}
	pickFile := widget.NewButton("Choose a file (mbox or .eml)…", func() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				r.Close()
				start(r.URI().Path())
			}
		}, ui.win)
	})
	pickDir := widget.NewButton("Choose a folder (Maildir, or a folder of .eml files)…", func() {
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				start(u.Path())
			}
		}, ui.win)
	})
	help := widget.NewLabel("Bring in mail saved by another program. Your messages are copied into the folder you choose under “On this computer”; the original files are not changed.")
	help.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(help, widget.NewForm(widget.NewFormItem("Put the messages in", sel)), pickFile, pickDir)
	d = dialog.NewCustom("Import mail", "Cancel", body, ui.win)
	d.Resize(fyne.NewSize(520, 300))
	d.Show()
}

// runImport imports in the background, with progress in the status bar.
func (ui *UI) runImport(f localstore.Folder, path string) {
	ui.setStatus(fmt.Sprintf("Importing into %s…", f.Name))
	ui.bg(func() {
		im := &archive.Importer{Store: ui.store, FolderID: f.ID, Progress: func(n int) {
			fyne.Do(func() {
				ui.setStatus(fmt.Sprintf("Importing into %s… %s so far", f.Name, mailtext.Count(n, "message", "messages")))
			})
		}}
		rep, err := im.Import(path)
		fyne.Do(func() {
			ui.clearStatus()
			if err != nil {
				ui.showError("The import stopped. Messages imported before this point are kept", err)
				return
			}
			ui.showReport("Import finished", rep)
		})
	})
}

func (ui *UI) showReport(title string, rep archive.Report) {
	text := rep.Summary()
	if len(rep.Problems) > 0 {
		text += "\n\nThese could not be imported or may be incomplete:\n• " + strings.Join(rep.Problems, "\n• ")
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "OK", container.NewVScroll(l), ui.win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}

func (ui *UI) showExport() {
	format := widget.NewRadioGroup([]string{"mbox (one file per folder)", "Maildir", ".eml files (one per message)"}, nil)
	format.SetSelected("mbox (one file per folder)")
	scope := widget.NewRadioGroup([]string{"This folder", "The whole account"}, nil)
	scope.SetSelected("This folder")
	help := widget.NewLabel("Save a copy of your mail that other programs can open. The copies are exactly the messages as they arrived.")
	help.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(help, widget.NewForm(widget.NewFormItem("Format", format), widget.NewFormItem("What", scope)))
	dialog.ShowCustomConfirm("Export mail", "Choose where…", "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		fm := archive.Mbox
		switch format.Selected {
		case "Maildir":
			fm = archive.Maildir
		case ".eml files (one per message)":
			fm = archive.EML
		}
		whole := scope.Selected == "The whole account"
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				ui.runExport(fm, whole, u.Path())
			}
		}, ui.win)
	}, ui.win)
}

func (ui *UI) runExport(fm archive.Format, whole bool, dir string) {
	f, ok := ui.folders.folder(ui.list.folderID)
	if !ok {
		return
	}
	a, _ := ui.folders.account(f.AccountID)
	ui.setStatus("Exporting…")
	ui.bg(func() {
		var n int
		var err error
		var left int
		if whole {
			n, err = archive.ExportAccount(ui.store, a, fm, dir)
			left = archive.LeftOnServer(ui.store, a.ID, 0)
		} else {
			n, err = archive.ExportFolder(ui.store, f, fm, dir)
			left = archive.LeftOnServer(ui.store, a.ID, f.ID)
		}
		fyne.Do(func() {
			ui.clearStatus()
			if err != nil {
				ui.showError("The export did not finish", err)
				return
			}
			dialog.ShowInformation("Export finished", strings.TrimSpace(fmt.Sprintf("%s saved in %s.\n\n%s", mailtext.Count(n, "message", "messages"), dir,
				archive.LeftOnServerText(left))), ui.win)
		})
	})
}
