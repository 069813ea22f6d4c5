package app

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
)

// folderTree is the left pane: accounts and their folders, with unread
// counts, standard folders first.
type folderTree struct {
	ui       *UI
	tree     *widget.Tree
	accounts []localstore.Account
	folders  map[int64][]localstore.Folder // by account
	byID     map[int64]localstore.Folder
	ids      map[string][]string          // cached child IDs (Tree asks often)
	nodes    map[fyne.CanvasObject]string // what each node widget shows now (for drops)
}

func accountUID(id int64) string { return "a" + strconv.FormatInt(id, 10) }
func folderUID(id int64) string  { return "f" + strconv.FormatInt(id, 10) }

func parseUID(uid string) (kind byte, id int64) {
	if len(uid) < 2 {
		return 0, 0
	}
	id, _ = strconv.ParseInt(uid[1:], 10, 64)
	return uid[0], id
}

func newFolderTree(ui *UI) *folderTree {
	ft := &folderTree{ui: ui, folders: map[int64][]localstore.Folder{}, byID: map[int64]localstore.Folder{}, ids: map[string][]string{}, nodes: map[fyne.CanvasObject]string{}}
	ft.tree = widget.NewTree(
		func(uid string) []string { return ft.ids[uid] },
		func(uid string) bool { k, _ := parseUID(uid); return uid == "" || k == 'a' },
		func(branch bool) fyne.CanvasObject {
			name := widget.NewLabel("Folder name here")
			name.Truncation = fyne.TextTruncateEllipsis
			count := widget.NewLabel("")
			count.TextStyle.Bold = true
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), count, name)
		},
		ft.updateNode,
	)
	ft.tree.OnBranchOpened = func(uid string) { ui.rememberExpanded(uid, true) }
	ft.tree.OnBranchClosed = func(uid string) { ui.rememberExpanded(uid, false) }
	ft.tree.OnSelected = func(uid string) {
		if k, id := parseUID(uid); k == 'f' {
			ui.openFolder(id)
		} else if k == 'a' {
			ft.tree.OpenBranch(uid)
		}
	}
	return ft
}

func (ft *folderTree) updateNode(uid string, branch bool, obj fyne.CanvasObject) {
	ft.nodes[obj] = uid
	c := obj.(*fyne.Container)
	name := c.Objects[0].(*widget.Label)
	icon := c.Objects[1].(*widget.Icon)
	count := c.Objects[2].(*widget.Label)
	k, id := parseUID(uid)
	if k == 'a' {
		for _, a := range ft.accounts {
			if a.ID == id {
				name.SetText(a.Name)
				name.TextStyle.Bold = true
				name.Refresh()
				if a.Kind == localstore.KindLocal {
					icon.SetResource(theme.ComputerIcon())
				} else {
					icon.SetResource(theme.AccountIcon())
				}
			}
		}
		count.SetText("")
		return
	}
	f := ft.byID[id]
	name.TextStyle.Bold = f.Unread > 0
	name.SetText(f.Name)
	icon.SetResource(roleIcon(f.Role))
	if f.Unread > 0 {
		count.SetText(mailtext.Number(f.Unread))
	} else {
		count.SetText("")
	}
	// The count's width changes with its digits: lay the row out again,
	// or a reused row keeps the old width and cuts the number ("2" of
	// 299).
	c.Refresh()
}

func roleIcon(r localstore.Role) fyne.Resource {
	switch r {
	case localstore.RoleInbox:
		return theme.DownloadIcon()
	case localstore.RoleDrafts:
		return theme.DocumentCreateIcon()
	case localstore.RoleSent:
		return theme.MailSendIcon()
	case localstore.RoleArchive:
		return theme.StorageIcon()
	case localstore.RoleJunk:
		return theme.WarningIcon()
	case localstore.RoleTrash:
		return theme.DeleteIcon()
	}
	return theme.FolderIcon()
}

// load reads accounts and folders from the store (any goroutine).
func loadFolders(s *localstore.Store) ([]localstore.Account, map[int64][]localstore.Folder, error) {
	accts, err := s.Accounts()
	if err != nil {
		return nil, nil, err
	}
	fs := map[int64][]localstore.Folder{}
	for _, a := range accts {
		list, err := s.Folders(a.ID)
		if err != nil {
			return nil, nil, err
		}
		fs[a.ID] = list
	}
	return accts, fs, nil
}

// set replaces what the tree shows (UI goroutine).
func (ft *folderTree) set(accts []localstore.Account, fs map[int64][]localstore.Folder) {
	ft.accounts, ft.folders = accts, fs
	ft.byID = map[int64]localstore.Folder{}
	ft.ids = map[string][]string{}
	for _, a := range accts {
		ft.ids[""] = append(ft.ids[""], accountUID(a.ID))
		for _, f := range fs[a.ID] {
			ft.byID[f.ID] = f
			ft.ids[accountUID(a.ID)] = append(ft.ids[accountUID(a.ID)], folderUID(f.ID))
		}
	}
	ft.tree.Refresh()
}

func (ft *folderTree) folder(id int64) (localstore.Folder, bool) {
	f, ok := ft.byID[id]
	return f, ok
}

func (ft *folderTree) account(id int64) (localstore.Account, bool) {
	for _, a := range ft.accounts {
		if a.ID == id {
			return a, true
		}
	}
	return localstore.Account{}, false
}

func (ft *folderTree) hasServerAccount() bool {
	for _, a := range ft.accounts {
		if a.Kind != localstore.KindLocal {
			return true
		}
	}
	return false
}

func (ft *folderTree) selectFolder(id int64) {
	f, ok := ft.byID[id]
	if !ok {
		return
	}
	ft.tree.OpenBranch(accountUID(f.AccountID))
	ft.tree.Select(folderUID(id))
}
