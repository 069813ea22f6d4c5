package app

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// folderTree is the left pane: accounts and their folders, with unread
// counts, standard folders first.
type folderTree struct {
	ui       *UI
	tree     *treeView
	accounts []localstore.Account
	folders  map[int64][]localstore.Folder // by account
	byID     map[int64]localstore.Folder
	ids      map[string][]string          // cached child IDs (Tree asks often)
	nodes    map[fyne.CanvasObject]string // what each node's box shows now (for drops)
	focusAt  string                       // the node the keyboard is on
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

// RoleWord is a standard folder's word in the person's language
// (Inbox, Sent…); ok is false for a folder with no role. The window and
// the command line both name folders with it.
func RoleWord(r localstore.Role) (word string, ok bool) {
	switch r {
	case localstore.RoleInbox:
		return tr.X("folder.inbox", "Inbox"), true
	case localstore.RoleDrafts:
		return tr.X("folder.drafts", "Drafts"), true
	case localstore.RoleSent:
		return tr.X("folder.sent", "Sent"), true
	case localstore.RoleArchive:
		return tr.X("folder.archive", "Archive"), true
	case localstore.RoleJunk:
		return tr.X("folder.junk", "Junk"), true
	case localstore.RoleTrash:
		return tr.X("folder.trash", "Trash"), true
	}
	return "", false
}

// folderName is how a folder is shown: the standard folders (Inbox,
// Sent…) by their role, in the words the person's system and mail
// programs use for them; others by their own name. Display only: the
// folder keeps its name in the store and on the server.
func folderName(f localstore.Folder) string {
	if w, ok := RoleWord(f.Role); ok {
		return w
	}
	return f.Name
}

// accountName is how an account is shown: "On this computer" in the
// person's language, the others by the name they were given.
func accountName(a localstore.Account) string {
	if a.Kind == localstore.KindLocal && a.Name == localstore.LocalAccountName {
		return tr.X("account.local", "On this computer")
	}
	return a.Name
}

// treeView is the folder tree: Fyne's Tree, which says to a screen
// reader which folder is open, opens the folder the arrow keys go to
// and opens a folder or account with Enter.
type treeView struct {
	widget.Tree
	ft *folderTree
}

// AccessibilityLabel: "Folders. Selected: Inbox, 3 unread".
func (t *treeView) AccessibilityLabel() string {
	if f, ok := t.ft.folder(t.ft.ui.list.folderID); ok {
		return tr.L("Folders. Selected: {{.Folder}}", tr.M{"Folder": folderLabel(f)})
	}
	return tr.L("Folders. None is selected.")
}

func (t *treeView) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// TypedKey: the arrows move through the tree and open the folder they
// come to (as mail programs do); Enter opens the folder, or opens and
// closes an account; Escape goes to the window.
func (t *treeView) TypedKey(k *fyne.KeyEvent) {
	if passEscape(t, k) {
		return
	}
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if kind, _ := parseUID(t.ft.focusAt); kind == 'a' {
			t.ToggleBranch(t.ft.focusAt)
		} else if t.ft.focusAt != "" {
			t.Select(t.ft.focusAt)
		}
		return
	}
	before := t.ft.focusAt
	t.Tree.TypedKey(k)
	if k.Name == fyne.KeyUp || k.Name == fyne.KeyDown {
		if kind, _ := parseUID(t.ft.focusAt); kind == 'f' && t.ft.focusAt != before {
			t.Select(t.ft.focusAt)
		}
	}
}

// folderRow is one node of the tree: an icon, the name, the unread
// count, saying "Inbox, 3 unread" to a screen reader.
type folderRow struct {
	widget.BaseWidget
	box   *fyne.Container
	label string
}

func newFolderRow() *folderRow {
	name := widget.NewLabel("Folder name here")
	name.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel("")
	count.TextStyle.Bold = true
	r := &folderRow{box: container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), count, name)}
	r.ExtendBaseWidget(r)
	return r
}

func (r *folderRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *folderRow) AccessibilityLabel() string { return r.label }

func (r *folderRow) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// folderLabel is a folder as a screen reader says it: "Inbox, 3 unread".
func folderLabel(f localstore.Folder) string {
	if f.Unread > 0 {
		return tr.N("{{.Folder}}, {{.Count}} unread", "{{.Folder}}, {{.Count}} unread", f.Unread, tr.M{"Folder": folderName(f)})
	}
	return folderName(f)
}

func newFolderTree(ui *UI) *folderTree {
	ft := &folderTree{ui: ui, folders: map[int64][]localstore.Folder{}, byID: map[int64]localstore.Folder{}, ids: map[string][]string{}, nodes: map[fyne.CanvasObject]string{}}
	t := &treeView{ft: ft}
	t.ChildUIDs = func(uid string) []string { return ft.ids[uid] }
	t.IsBranch = func(uid string) bool { k, _ := parseUID(uid); return uid == "" || k == 'a' }
	t.CreateNode = func(branch bool) fyne.CanvasObject { return newFolderRow() }
	t.UpdateNode = ft.updateNode
	t.OnBranchOpened = func(uid string) { ui.rememberExpanded(uid, true) }
	t.OnBranchClosed = func(uid string) { ui.rememberExpanded(uid, false) }
	t.OnHighlighted = func(uid string) { ft.focusAt = uid }
	t.OnSelected = func(uid string) {
		ft.focusAt = uid
		if k, id := parseUID(uid); k == 'f' {
			ui.openFolder(id)
		} else if k == 'a' {
			t.OpenBranch(uid)
		}
	}
	t.ExtendBaseWidget(t)
	ft.tree = t
	return ft
}

func (ft *folderTree) updateNode(uid string, branch bool, obj fyne.CanvasObject) {
	row := obj.(*folderRow)
	c := row.box
	ft.nodes[c] = uid
	name := c.Objects[0].(*widget.Label)
	icon := c.Objects[1].(*widget.Icon)
	count := c.Objects[2].(*widget.Label)
	k, id := parseUID(uid)
	if k == 'a' {
		for _, a := range ft.accounts {
			if a.ID == id {
				name.SetText(accountName(a))
				name.TextStyle.Bold = true
				name.Refresh()
				if a.Kind == localstore.KindLocal {
					icon.SetResource(theme.ComputerIcon())
				} else {
					icon.SetResource(theme.AccountIcon())
				}
				row.label = tr.L("Account: {{.Account}}", tr.M{"Account": accountName(a)})
			}
		}
		count.SetText("")
		return
	}
	f := ft.byID[id]
	name.TextStyle.Bold = f.Unread > 0
	name.SetText(folderName(f))
	icon.SetResource(roleIcon(f.Role))
	if f.Unread > 0 {
		count.SetText(tr.Number(f.Unread))
	} else {
		count.SetText("")
	}
	row.label = folderLabel(f)
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
