package app

import ()

// Postie opens where the person left it: the same folder and message,
// the same accounts expanded, the panes the same width.

const (
	prefLastFolder  = "lastFolder"
	prefLastMessage = "lastMessage"
	prefExpanded    = "expandedAccounts"
	prefTreeWidth   = "paneFolders"  // the folder pane's share of the window
	prefListWidth   = "paneMessages" // the list's share of the rest
)

// savedPanes are the dividers' places remembered, or the defaults. The
// preferences keep the folders' share of the window and the list's
// share of the rest (as Postie kept them when the panes were two Splits).
func (ui *UI) savedPanes() [2]float64 {
	p := ui.app.Preferences()
	tree := p.FloatWithFallback(prefTreeWidth, 0.25)
	list := p.FloatWithFallback(prefListWidth, 0.42)
	return [2]float64{tree, tree + (1-tree)*list}
}

// rememberPanes keeps the panes' widths (when the window closes).
func (ui *UI) rememberPanes() {
	if ui.panes == nil {
		return
	}
	p := ui.app.Preferences()
	tree, list := ui.panes.Offsets[0], ui.panes.Offsets[1]
	p.SetFloat(prefTreeWidth, tree)
	if tree < 1 {
		p.SetFloat(prefListWidth, (list-tree)/(1-tree))
	}
}

// rememberFolder and rememberMessage note what is open.
func (ui *UI) rememberFolder(id int64) {
	ui.app.Preferences().SetInt(prefLastFolder, int(id))
}

func (ui *UI) rememberMessage(id int64) {
	ui.app.Preferences().SetInt(prefLastMessage, int(id))
}

// rememberExpanded notes which accounts are open in the tree.
func (ui *UI) rememberExpanded(uid string, open bool) {
	p := ui.app.Preferences()
	var list []string
	for _, u := range p.StringList(prefExpanded) {
		if u != uid {
			list = append(list, u)
		}
	}
	if open {
		list = append(list, uid)
	}
	p.SetStringList(prefExpanded, list)
}

// firstFolder is the folder to open at start: the one open last time if
// it still exists, else the first account's first folder (0: none). The
// accounts expanded last time are opened again.
func (ui *UI) firstFolder() int64 {
	for _, uid := range ui.app.Preferences().StringList(prefExpanded) {
		if _, id := parseUID(uid); id != 0 {
			if _, ok := ui.folders.account(id); ok {
				ui.folders.tree.OpenBranch(uid)
			}
		}
	}
	if id := int64(ui.app.Preferences().Int(prefLastFolder)); id != 0 {
		if _, ok := ui.folders.folder(id); ok {
			ui.list.pendingMessage = int64(ui.app.Preferences().Int(prefLastMessage))
			return id
		}
	}
	if len(ui.folders.accounts) > 0 {
		if fs := ui.folders.folders[ui.folders.accounts[0].ID]; len(fs) > 0 {
			return fs[0].ID
		}
	}
	return 0
}

// selectPending selects the message remembered from last time once the
// list holds it.
func (ml *messageList) selectPending() {
	if ml.pendingMessage == 0 {
		return
	}
	if i := ml.indexOf(ml.pendingMessage); i >= 0 {
		ml.pendingMessage = 0
		ml.list.Select(i)
		ml.list.ScrollTo(i)
	}
}
