package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
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
	names := make([]string, len(folders)) // as shown, translated: looked up by place
	chosen := folders[0]
	for i, f := range folders {
		names[i] = folderName(f)
		if f.ID == ui.list.folderID {
			chosen = f
		}
	}
	where := tr.L("Put the messages in")
	sel := newDropDown(where, names, func(n string) {
		for i := range names {
			if names[i] == n {
				chosen = folders[i]
			}
		}
	})
	sel.SetSelected(folderName(chosen))
	var d dialog.Dialog
	start := func(path string) {
		d.Hide()
		ui.runImport(chosen, path)
	}
	pickFile := widget.NewButton(tr.L("Choose a file (mbox or .eml)…"), func() {
		present(ui.win, dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				r.Close()
				start(r.URI().Path())
			}
		}, ui.win))
	})
	pickDir := widget.NewButton(tr.L("Choose a folder (Maildir, or a folder of .eml files)…"), func() {
		present(ui.win, dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				start(u.Path())
			}
		}, ui.win))
	})
	help := widget.NewLabel(tr.L("Bring in mail saved by another program. Your messages are copied into the folder you choose under “{{.Account}}”; the original files are not changed.",
		tr.M{"Account": tr.X("account.local", "On this computer")}))
	help.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(help, widget.NewForm(widget.NewFormItem(where, sel)), pickFile, pickDir)
	d = dialog.NewCustom(tr.L("Import mail"), tr.L("Cancel"), body, ui.win)
	d.Resize(fyne.NewSize(520, 300))
	present(ui.win, d)
}

// runImport imports in the background, with progress in the status bar.
func (ui *UI) runImport(f localstore.Folder, path string) {
	name := folderName(f)
	ui.setStatus(tr.L("Importing into {{.Folder}}…", tr.M{"Folder": name}))
	ui.bg(func() {
		im := &archive.Importer{Store: ui.store, FolderID: f.ID, Progress: func(n int) {
			fyne.Do(func() {
				ui.setStatus(tr.N("Importing into {{.Folder}}… {{.Count}} message so far", "Importing into {{.Folder}}… {{.Count}} messages so far", n, tr.M{"Folder": name}))
			})
		}}
		rep, err := im.Import(path)
		fyne.Do(func() {
			ui.clearStatus()
			if err != nil {
				ui.showError(tr.L("The import stopped. Messages imported before this point are kept"), err)
				return
			}
			ui.showReport(tr.L("Import finished"), rep)
		})
	})
}

// importSummary says how an import went, in whole sentences.
func importSummary(rep archive.Report) string {
	parts := []string{tr.N("{{.Count}} message imported.", "{{.Count}} messages imported.", rep.Added)}
	if rep.Duplicates > 0 {
		parts = append(parts, tr.N("{{.Count}} message was already here.", "{{.Count}} messages were already here.", rep.Duplicates))
	}
	if n := len(rep.Problems); n > 0 {
		parts = append(parts, tr.N("{{.Count}} problem: see the list below.", "{{.Count}} problems: see the list below.", n))
	}
	return strings.Join(parts, " ")
}

func (ui *UI) showReport(title string, rep archive.Report) {
	text := importSummary(rep)
	if len(rep.Problems) > 0 {
		text += "\n\n" + tr.L("These could not be imported or may be incomplete:") + "\n• " + strings.Join(rep.Problems, "\n• ")
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, tr.L("OK"), container.NewVScroll(l), ui.win)
	d.Resize(fyne.NewSize(560, 320))
	present(ui.win, d)
}

func (ui *UI) showExport() {
	mbox, maildir, eml := tr.L("mbox (one file per folder)"), tr.L("Maildir"), tr.L(".eml files (one per message)")
	format := newChoice(tr.L("Format"), []string{mbox, maildir, eml}, nil)
	format.SetSelected(mbox)
	thisFolder, wholeAccount := tr.L("This folder"), tr.L("The whole account")
	scope := newChoice(tr.L("What to export"), []string{thisFolder, wholeAccount}, nil)
	scope.SetSelected(thisFolder)
	help := widget.NewLabel(tr.L("Save a copy of your mail that other programs can open. The copies are exactly the messages as they arrived."))
	help.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(help, widget.NewForm(widget.NewFormItem(format.name, format), widget.NewFormItem(scope.name, scope)))
	d := dialog.NewCustomConfirm(tr.L("Export mail"), tr.L("Choose where…"), tr.L("Cancel"), body, func(ok bool) {
		if !ok {
			return
		}
		fm := archive.Mbox
		switch format.Selected {
		case maildir:
			fm = archive.Maildir
		case eml:
			fm = archive.EML
		}
		whole := scope.Selected == wholeAccount
		present(ui.win, dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				ui.runExport(fm, whole, u.Path())
			}
		}, ui.win))
	}, ui.win)
	present(ui.win, d)
}

func (ui *UI) runExport(fm archive.Format, whole bool, dir string) {
	f, ok := ui.folders.folder(ui.list.folderID)
	if !ok {
		return
	}
	a, _ := ui.folders.account(f.AccountID)
	ui.setStatus(tr.L("Exporting…"))
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
				ui.showError(tr.L("The export did not finish"), err)
				return
			}
			text := tr.N("{{.Count}} message saved in {{.Folder}}.", "{{.Count}} messages saved in {{.Folder}}.", n, tr.M{"Folder": dir})
			if left > 0 {
				text += "\n\n" + tr.N("{{.Count}} message was not exported because it is kept on the server only (not downloaded): open it first, or set the account to keep all mail for reading offline, then export again.",
					"{{.Count}} messages were not exported because they are kept on the server only (not downloaded): open them first, or set the account to keep all mail for reading offline, then export again.", left)
			}
			inform(ui.win, tr.L("Export finished"), text)
		})
	})
}
