package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// folderChoice is one folder the "Move to…" picker offers.
type folderChoice struct {
	id    int64
	label string // "Account › Folder"
}

// moveChoices lists every folder but the message's own, its account's
// first, in tree order.
func (ui *UI) moveChoices(from localstore.Folder) []folderChoice {
	var own, others []folderChoice
	for _, a := range ui.folders.accounts {
		for _, f := range ui.folders.folders[a.ID] {
			if f.ID == from.ID {
				continue
			}
			c := folderChoice{id: f.ID, label: accountName(a) + " › " + folderName(f)}
			if a.ID == from.AccountID {
				own = append(own, c)
			} else {
				others = append(others, c)
			}
		}
	}
	return append(own, others...)
}

// moveDialog is the open "Move to…" picker (tests reach it).
type moveDialog struct {
	filter *textField
	list   *namedList
	shown  []folderChoice
	move   func(folderChoice)
}

// doMoveTo asks where to move the selected messages: a list of folders
// that narrows as the person types.
func (ui *UI) doMoveTo() {
	sel := ui.list.selection()
	if len(sel) == 0 {
		return
	}
	m := sel[0]
	from, _ := ui.folders.folder(m.FolderID)
	all := ui.moveChoices(from)
	md := &moveDialog{filter: newTextField(tr.L("Folder")), shown: all}
	md.filter.SetPlaceHolder(tr.L("Type part of a folder's name"))
	md.list = newNamedList(tr.L("Folders to move to"), func() int { return len(md.shown) },
		func() fyne.CanvasObject { return widget.NewLabel("Account › Folder") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(md.shown[i].label) })
	var d dialog.Dialog
	md.move = func(c folderChoice) {
		d.Hide()
		ui.moveMessages(ids(sel), c.id)
	}
	md.list.OnSelected = func(i widget.ListItemID) { md.move(md.shown[i]) }
	md.filter.OnChanged = func(q string) {
		q = strings.ToLower(strings.TrimSpace(q))
		md.shown = md.shown[:0:0]
		for _, c := range all {
			if q == "" || strings.Contains(strings.ToLower(c.label), q) {
				md.shown = append(md.shown, c)
			}
		}
		md.list.UnselectAll()
		md.list.Refresh()
	}
	md.filter.OnSubmitted = func(string) {
		if len(md.shown) > 0 {
			md.move(md.shown[0])
		}
	}
	question := tr.L("Move “{{.Subject}}” to:", tr.M{"Subject": oneLine(m.Subject)})
	if len(sel) > 1 {
		question = tr.N("Move {{.Count}} message to:", "Move {{.Count}} messages to:", len(sel))
	}
	content := topFirst(container.NewVBox(para(question), md.filter), md.list)
	d = dialog.NewCustom(tr.L("Move to folder"), tr.L("Cancel"), content, ui.win)
	ui.moving = md
	presentTall(ui.win, d, 460)
	ui.win.Canvas().Focus(md.filter)
}

// moveMessages moves messages to a folder, in the background.
func (ui *UI) moveMessages(ids []int64, dest int64) {
	what := func(n int) string { return tr.N("{{.Count}} message moved.", "{{.Count}} messages moved.", n) }
	if f, ok := ui.folders.folder(dest); ok {
		what = func(n int) string {
			return tr.N("{{.Count}} message moved to {{.Folder}}.", "{{.Count}} messages moved to {{.Folder}}.", n, tr.M{"Folder": folderName(f)})
		}
	}
	ui.undoable(ids, what, tr.L("Could not move the message"), func(ids []int64) error { return ui.store.Move(ids, dest) })
}

// doArchive moves the selected messages to their account's Archive folder.
func (ui *UI) doArchive() {
	sel := ui.list.selection()
	if len(sel) == 0 {
		return
	}
	ui.undoable(ids(sel), func(n int) string {
		return tr.N("{{.Count}} message archived.", "{{.Count}} messages archived.", n)
	}, tr.L("Could not archive the message"), ui.store.Archive)
}

// messageMenu is what a right click on a message offers.
func (ui *UI) messageMenu(m localstore.Summary) *fyne.Menu {
	read := tr.L("Mark as read")
	if m.Flags&localstore.Seen != 0 {
		read = tr.L("Mark as unread")
	}
	flag := tr.L("Flag")
	if m.Flags&localstore.Flagged != 0 {
		flag = tr.L("Unflag")
	}
	item := func(label string, icon fyne.Resource, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, f)
		it.Icon = icon
		return it
	}
	return fyne.NewMenu("",
		item(tr.L("Reply"), theme.MailReplyIcon(), func() { ui.doReply(false) }),
		item(tr.L("Reply all"), theme.MailReplyAllIcon(), func() { ui.doReply(true) }),
		item(tr.L("Forward"), theme.MailForwardIcon(), ui.doForward),
		fyne.NewMenuItemSeparator(),
		item(tr.L("Move to…"), theme.FolderOpenIcon(), ui.doMoveTo),
		item(tr.L("Archive"), theme.StorageIcon(), ui.doArchive),
		fyne.NewMenuItemSeparator(),
		item(read, theme.MailComposeIcon(), ui.doToggleRead),
		item(flag, assets.FlagIcon, ui.doToggleFlag),
		item(tr.L("Delete"), theme.DeleteIcon(), ui.doDelete),
	)
}
