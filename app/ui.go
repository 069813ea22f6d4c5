// Package app is Postie's window: folders, messages and the reader, drawn
// with Fyne from the local store. It is the only package that turns engine
// and store events into UI updates (always through fyne.Do), and it never
// speaks a mail protocol itself.
package app

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

// Preferences of the window.
const (
	prefPlain   = "preferPlainText"     // show the plain-text version of messages
	prefThreads = "groupByConversation" // keep conversations together in the list
)

// setGrouped turns conversation grouping on or off and shows the folder
// again.
func (ui *UI) setGrouped(on bool) {
	ui.list.grouped = on
	if f, ok := ui.folders.folder(ui.list.folderID); ok && ui.list.query == "" {
		ui.list.showFolder(f.ID, f.Total)
		ui.setListTitle(f)
	}
}

// Options are what the window needs beyond the store: how to find and
// check server settings, and where passwords go.
type Options struct {
	Discoverer *setup.Discoverer
	Checker    setup.Checker
	Secrets    secrets.Secrets // the OS keyring
	AutoCheck  bool            // check for mail at start and every few minutes
	Version    string          // for Help › About
	Profile    string          // the profile folder, where View › Language… keeps the choice ("": the store's folder)
}

// UI is the main window and what it shows.
type UI struct {
	app   fyne.App
	win   fyne.Window
	store *localstore.Store
	opts  Options
	// asked holds passwords of accounts set to "ask each time", for this
	// run only.
	asked *secrets.Memory

	folders *folderTree
	list    *messageList
	reader  *reader

	addAccount                                   *widget.Button
	addAccountBox                                *fyne.Container
	toolbar                                      *fyne.Container
	getMail, write, reply, del, markRead, flagIt *toolButton
	archive                                      *toolButton
	moving                                       *moveDialog // the open "Move to…" picker
	contextMenu                                  *fyne.Menu  // the last right-click menu
	drag                                         *dragState  // messages being dragged to a folder
	panes                                        *panes
	printed                                      string                                  // the last PDF made for printing
	lastSaved                                    fyne.URI                                // the last file saved (tests look)
	opener                                       func(*url.URL) error                    // nil: the system's (tests replace it)
	commander                                    func(name string, args ...string) error // nil: exec (tests replace it)
	webClient                                    *http.Client                            // remote pictures; nil: safehttp's (tests reach 127.0.0.1)
	search                                       *searchBox
	allFolders                                   *checkBox
	status                                       *widget.Label
	statusFix                                    *widget.Button // the one button that fixes what the status bar says
	statusBar                                    *fyne.Container
	listTitle                                    *widget.Label

	busy           string              // what a long task is doing, shown in the status bar
	pendingSelect  int64               // a folder to select once the tree shows it
	lastCompose    *composeView        // the newest compose window (for tests)
	outbox         *outboxView         // the Outbox window, when open
	outboxProblems int                 // messages in the Outbox that need the person
	outboxWaiting  int                 // messages in the Outbox waiting to be sent
	trouble        map[int64]trouble   // accounts whose last sync failed
	unfetched      map[int64]unfetched // accounts whose server could not send some messages (#25)
	serverAccounts int                 // how many accounts have a server
	sched          *mailsync.Scheduler // when accounts sync (see scheduler())
	closing        bool                // the window closes once the sync under way ends
	wizard         *wizardView         // the account wizard, once opened
	stopWatch      func()              // ends the background syncing
	saving         sync.RWMutex        // held while an account and its password are being saved (#29)
	undo           undoState           // the last delete, move or archive, for Undo (#29)
	networkUp      func() bool         // whether this computer has a network (nil: look at its interfaces)
	refreshing     bool                // a folder refresh is under way…
	refreshAgain   bool                // …and another is wanted after it
	draftEvery     time.Duration       // how often compose windows save a draft (0: only on close)
	searchTimer    *time.Timer
	screen         func(fyne.Window) screenArea // the screen a window opens on (nil: the system's; windowsize.go)
	tips           *tipLayer                    // tips over the window (attachmentarea.go)
	cancelSub      func()
	shortcuts      map[string]func() // the window's shortcuts by name, for the list, which takes the keyboard's (windowShortcut)
	textSizeItems  []*fyne.MenuItem  // View › Text size
	contrastItem   *fyne.MenuItem    // View › High contrast

	// bg runs slow work off the UI goroutine and debounce waits for a
	// pause in typing; tests make both synchronous.
	bg       func(func())
	debounce func(func())
	now      func() time.Time
	// later runs f on the UI goroutine after d (the Undo notice's end);
	// tests keep the timers and fire them themselves, on their own
	// goroutine, since the test driver's fyne.Do runs f where it is
	// called.
	later func(d time.Duration, f func())

	// editTarget is what had the keyboard last of what Edit › Cut, Copy,
	// Paste and Select all act on: Fyne's menu bar takes the keyboard
	// when it opens, and gives it back to nothing.
	editTarget fyne.Shortcutable
}

// afterOnUI is later's real form.
func afterOnUI(d time.Duration, f func()) {
	time.AfterFunc(d, func() { fyne.Do(f) })
}

// New builds the main window on store. Call Window().ShowAndRun().
func New(a fyne.App, store *localstore.Store, opts Options) *UI {
	ui := &UI{app: a, store: store, opts: opts, asked: &secrets.Memory{}, bg: func(f func()) { go f() }, now: time.Now,
		later: afterOnUI, trouble: map[int64]trouble{}, draftEvery: draftEvery}
	ui.debounce = ui.afterPause
	ui.win = a.NewWindow("Postie")
	ui.win.SetIcon(assets.Icon)
	ui.build()
	ui.applyAppearance() // the text size and contrast chosen last time
	ui.cancelSub = store.Subscribe(func(c localstore.Change) { fyne.Do(func() { ui.storeChanged(c) }) })
	ui.win.SetCloseIntercept(ui.closeWhenIdle)
	ui.win.SetOnClosed(func() {
		ui.removePrinted()
		ui.rememberPanes()
		ui.rememberWindowSize()
		ui.cancelSub()
		if ui.stopWatch != nil {
			ui.stopWatch()
			ui.stopWatch = nil
		}
	})
	ui.sizeWindow(ui.win, ui.mainWindowSize())
	ui.refreshFolders(true)
	ui.askPasswords()
	if opts.AutoCheck {
		ui.stopWatch = ui.scheduler().Watch()
	}
	return ui
}

// Window is the main window.
func (ui *UI) Window() fyne.Window { return ui.win }

// openURL hands a file or web address to the system.
func (ui *UI) openURL(u *url.URL) error {
	if ui.opener != nil {
		return ui.opener(u)
	}
	return ui.app.OpenURL(u)
}

func (ui *UI) build() {
	ui.tips = newTipLayer()
	ui.folders = newFolderTree(ui)
	ui.list = newMessageList(ui)
	ui.reader = newReader(ui)

	ui.addAccount = widget.NewButtonWithIcon(tr.L("Add an email account"), theme.ContentAddIcon(), ui.showAddAccount)
	ui.addAccount.Importance = widget.HighImportance
	ui.getMail = newToolButton(tr.L("Get mail"), theme.DownloadIcon(), ui.tips, ui.doGetMail)
	ui.write = newToolButton(tr.L("Write"), theme.MailComposeIcon(), ui.tips, ui.doWrite)
	ui.reply = newToolButton(tr.L("Reply"), theme.MailReplyIcon(), ui.tips, func() { ui.doReply(false) })
	ui.del = newToolButton(tr.L("Delete"), theme.DeleteIcon(), ui.tips, ui.doDelete)
	ui.archive = newToolButton(tr.L("Archive"), theme.StorageIcon(), ui.tips, ui.doArchive)
	ui.markRead = newToolButton(tr.L("Mark as unread"), assets.UnreadIcon, ui.tips, ui.doToggleRead, tr.L("Mark as read"))
	ui.flagIt = newToolButton(tr.L("Flag"), assets.FlagIcon, ui.tips, ui.doToggleFlag, tr.L("Unflag"))
	ui.search = newSearchBox(ui.clearSearch)
	ui.search.onFocus = func() { ui.editTarget = ui.search }
	ui.list.list.onFocus = func() { ui.editTarget = ui.list.list }
	ui.search.OnChanged = func(q string) {
		ui.search.textChanged()
		ui.searchChanged(q)
	}
	// Enter in the search box goes to what it found.
	ui.search.OnSubmitted = func(string) { ui.win.Canvas().Focus(ui.list.list) }
	ui.allFolders = newCheckBox(tr.L("All folders"), func(bool) {
		if ui.search.Text != "" {
			ui.list.search(ui.search.Text)
		}
	})
	ui.status = widget.NewLabel("")
	ui.status.Truncation = fyne.TextTruncateEllipsis
	// The one button that fixes what the status bar says: it always has
	// a text when shown (status.go), which a screen reader says.
	ui.statusFix = widget.NewButtonWithIcon("", theme.SettingsIcon(), nil)
	ui.statusFix.Hide()
	ui.statusBar = container.NewBorder(nil, nil, nil, ui.statusFix, ui.status)
	ui.listTitle = widget.NewLabel("")
	ui.listTitle.TextStyle.Bold = true
	ui.listTitle.Truncation = fyne.TextTruncateEllipsis

	ui.toolbar = newToolbarRow(ui.getMail, ui.write, ui.reply, ui.archive, ui.del, ui.markRead, ui.flagIt)
	ui.addAccountBox = container.NewPadded(ui.addAccount)
	// Tab goes through what comes first in the window's containers: each
	// pane's top row before what fills it, and the panes in the order
	// search box and messages, the message, the folders (panes.go).
	left := topFirst(ui.addAccountBox, ui.folders.tree)
	// The search box sits above the messages it searches: it keeps its
	// width however narrow the window (in the toolbar it was squeezed
	// to nothing at 800 px).
	searchRow := container.NewBorder(nil, nil, nil, ui.allFolders, ui.search)
	middle := topFirst(container.NewVBox(searchRow, ui.listTitle, ui.list.header.Container), ui.list.list)
	right := container.NewBorder(nil, nil, nil, nil, ui.reader.root)
	ui.panes = newPanes(left, middle, right, ui.savedPanes())
	ui.win.SetContent(ui.tips.over(container.NewBorder(container.NewVBox(ui.toolbar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), ui.buildUndo(), ui.statusBar), nil, nil, ui.panes.Container)))
	ui.win.SetMainMenu(ui.menu())
	ui.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { ui.handleKey(ev) })
	ui.updateActions()
}

// shortcut is a key with the platform's shortcut modifier (Ctrl, or Cmd
// on macOS) and, with shift, Shift.
func shortcut(k fyne.KeyName, shift bool) *desktop.CustomShortcut {
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: k, Modifier: mod}
}

// notWhileTyping is a menu item's shortcut that the menu shows but does
// not take from a text field: Fyne gives a key to the main menu before
// the field with the keyboard, and Ctrl+Backspace in the search box
// deletes the word before the cursor, not the message. The window
// takes it everywhere else (addShortcut). macOS's own menu bar takes
// Cmd+Backspace itself, as Apple's Mail does.
type notWhileTyping struct{ desktop.CustomShortcut }

func (s *notWhileTyping) ShortcutName() string {
	return "NotWhileTyping:" + s.CustomShortcut.ShortcutName()
}

// addShortcut makes s run f in the main window (also while the message
// list has the keyboard).
func (ui *UI) addShortcut(s fyne.Shortcut, f func()) {
	if ui.shortcuts == nil {
		ui.shortcuts = map[string]func(){}
	}
	name := s.ShortcutName()
	if ns, ok := s.(*notWhileTyping); ok {
		s = &ns.CustomShortcut
		name = s.ShortcutName()
	}
	ui.shortcuts[name] = f
	ui.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { f() })
}

// windowShortcut runs the window's shortcut s (the message list hands
// on those it does not take itself).
func (ui *UI) windowShortcut(s fyne.Shortcut) {
	if f := ui.shortcuts[s.ShortcutName()]; f != nil {
		f()
	}
}

func (ui *UI) menu() *fyne.MainMenu {
	add := fyne.NewMenuItem(tr.L("Add an email account…"), ui.showAddAccount)
	settings := fyne.NewMenuItem(tr.L("Account settings…"), ui.showAccountSettings)
	keepCopy := fyne.NewMenuItem(tr.L("Keep a permanent copy of this account…"), ui.showKeepCopy)
	imp := fyne.NewMenuItem(tr.L("Import mail…"), ui.showImport)
	exp := fyne.NewMenuItem(tr.L("Export mail…"), ui.showExport)
	write := fyne.NewMenuItem(tr.L("Write"), ui.doWrite)
	write.Shortcut = shortcut(fyne.KeyN, false)
	reply := fyne.NewMenuItem(tr.L("Reply"), func() { ui.doReply(false) })
	reply.Shortcut = shortcut(fyne.KeyR, false)
	replyAll := fyne.NewMenuItem(tr.L("Reply all"), func() { ui.doReply(true) })
	replyAll.Shortcut = shortcut(fyne.KeyR, true)
	forward := fyne.NewMenuItem(tr.L("Forward"), ui.doForward)
	forward.Shortcut = shortcut(fyne.KeyL, false)
	forwardAtt := fyne.NewMenuItem(tr.L("Forward as attachment"), ui.doForwardAttached)
	outbox := fyne.NewMenuItem(tr.L("Outbox…"), ui.showOutbox)
	find := fyne.NewMenuItem(tr.L("Search"), func() { ui.win.Canvas().Focus(ui.search) })
	find.Shortcut = shortcut(fyne.KeyF, false)
	// Get mail: Ctrl+T as in Thunderbird (a menu shortcut needs a
	// modifier in Fyne); F5 works too (handleKey).
	get := fyne.NewMenuItem(tr.L("Get mail"), ui.doGetMail)
	get.Shortcut = shortcut(fyne.KeyT, false)
	del := fyne.NewMenuItem(tr.L("Delete"), ui.doDelete)
	del.Shortcut = &notWhileTyping{*shortcut(fyne.KeyBackspace, false)} // and the Delete key (handleKey)
	moveTo := fyne.NewMenuItem(tr.L("Move to…"), ui.doMoveTo)
	moveTo.Shortcut = shortcut(fyne.KeyM, true)
	archive := fyne.NewMenuItem(tr.L("Archive"), ui.doArchive) // and the A key (handleKey)
	archive.Shortcut = shortcut(fyne.KeyA, true)
	read := fyne.NewMenuItem(tr.L("Mark as read / unread"), ui.doToggleRead)
	read.Shortcut = shortcut(fyne.KeyU, true)
	flag := fyne.NewMenuItem(tr.L("Flag / unflag"), ui.doToggleFlag)
	flag.Shortcut = shortcut(fyne.KeyL, true)
	source := fyne.NewMenuItem(tr.L("View source"), ui.showSource)
	printIt := fyne.NewMenuItem(tr.L("Print…"), ui.doPrint)
	printIt.Shortcut = shortcut(fyne.KeyP, false)
	savePDF := fyne.NewMenuItem(tr.L("Save as PDF…"), ui.doSavePDF)
	saveEML := fyne.NewMenuItem(tr.L("Save as .eml…"), ui.saveEML)
	undo := fyne.NewMenuItem(tr.L("Undo"), ui.undoKey)
	undo.Shortcut = &fyne.ShortcutUndo{}
	undo.Disabled = true
	ui.undo.item = undo
	larger := fyne.NewMenuItem(tr.L("Larger"), func() { ui.changeTextSize(1) })
	larger.Shortcut = shortcut(fyne.KeyPlus, false)
	smaller := fyne.NewMenuItem(tr.L("Smaller"), func() { ui.changeTextSize(-1) })
	smaller.Shortcut = shortcut(fyne.KeyMinus, false)
	normal := fyne.NewMenuItem(tr.L("Normal"), func() { ui.changeTextSize(0) })
	normal.Shortcut = shortcut(fyne.Key0, false)
	ui.textSizeItems = []*fyne.MenuItem{larger, smaller, normal}
	textSize := fyne.NewMenuItem(tr.L("Text size"), nil)
	textSize.ChildMenu = fyne.NewMenu("", larger, smaller, normal)
	contrast := fyne.NewMenuItem(tr.L("High contrast"), nil)
	contrast.Checked = ui.app.Preferences().Bool(prefHighContrast)
	contrast.Action = func() {
		contrast.Checked = !contrast.Checked
		ui.setHighContrast(contrast.Checked)
		ui.refreshMenu()
	}
	ui.contrastItem = contrast
	language := fyne.NewMenuItem(tr.L("Language…"), func() { ui.showLanguage() })
	// Menu shortcuts work wherever the focus is, also in the search box,
	// because Fyne checks the menu's first; these make them work where
	// the window has no menu of its own to check (tests, some drivers)
	// and while the message list has the keyboard.
	for _, it := range []*fyne.MenuItem{write, reply, replyAll, forward, find, get, del, moveTo, archive, read, flag, printIt, undo, larger, smaller, normal} {
		it := it
		ui.addShortcut(it.Shortcut, func() {
			if !it.Disabled && it.Action != nil {
				it.Action()
			}
		})
	}
	// Ctrl++ is Ctrl+= (with or without Shift) on many keyboards.
	ui.addShortcut(shortcut(fyne.KeyEqual, false), func() { ui.changeTextSize(1) })
	ui.addShortcut(shortcut(fyne.KeyEqual, true), func() { ui.changeTextSize(1) })
	ui.addShortcut(shortcut(fyne.KeyPlus, true), func() { ui.changeTextSize(1) })
	plain := fyne.NewMenuItem(tr.L("Prefer plain text"), nil)
	plain.Checked = ui.app.Preferences().Bool(prefPlain)
	plain.Action = func() {
		plain.Checked = !plain.Checked
		ui.app.Preferences().SetBool(prefPlain, plain.Checked)
		if m, ok := ui.list.selected(); ok {
			ui.reader.currentID = 0
			ui.openMessage(m)
		}
	}
	group := fyne.NewMenuItem(tr.L("Group by conversation"), nil)
	group.Checked = ui.app.Preferences().Bool(prefThreads)
	ui.list.grouped = group.Checked
	group.Action = func() {
		group.Checked = !group.Checked
		ui.app.Preferences().SetBool(prefThreads, group.Checked)
		ui.setGrouped(group.Checked)
	}
	edit := ui.editItems()
	return fyne.NewMainMenu(
		// Get mail, print and save under File, the source under View,
		// Search under Edit, as in Thunderbird: the Message menu was
		// taller than the window at 150 % (#29, seen in the real
		// window).
		fyne.NewMenu(tr.X("menu.file", "File"), get, fyne.NewMenuItemSeparator(), add, settings, fyne.NewMenuItemSeparator(), imp, exp, keepCopy, fyne.NewMenuItemSeparator(), printIt, savePDF, saveEML),
		fyne.NewMenu(tr.X("menu.edit", "Edit"), undo, fyne.NewMenuItemSeparator(), edit[0], edit[1], edit[2], fyne.NewMenuItemSeparator(), edit[3], fyne.NewMenuItemSeparator(), find),
		fyne.NewMenu(tr.X("menu.folder", "Folder"), fyne.NewMenuItem(tr.L("New folder…"), ui.showNewFolder), fyne.NewMenuItem(tr.L("Rename folder…"), ui.showRenameFolder),
			fyne.NewMenuItem(tr.L("Delete folder…"), ui.showDeleteFolder), fyne.NewMenuItemSeparator(), fyne.NewMenuItem(tr.L("Empty Trash…"), ui.showEmptyTrash)),
		fyne.NewMenu(tr.X("menu.view", "View"), plain, group, ui.list.sortMenu(), source, fyne.NewMenuItemSeparator(), textSize, contrast, language,
			fyne.NewMenuItemSeparator(), fyne.NewMenuItem(tr.L("Senders whose pictures are shown…"), func() { ui.showRemoteSenders() })),
		fyne.NewMenu(tr.X("menu.message", "Message"), outbox, write, reply, replyAll, forward, forwardAtt, fyne.NewMenuItemSeparator(), read, flag, moveTo, archive, del),
		ui.helpMenu(),
	)
}

// editItems are Edit › Cut, Copy, Paste and Select all, as every program
// has them (#29: the Edit menu had Undo alone): each does what its keys
// do where the keyboard is — in a text field, the reader's text, the
// message list (Select all).
func (ui *UI) editItems() []*fyne.MenuItem {
	var items []*fyne.MenuItem
	clip := ui.app.Clipboard()
	for _, e := range []struct {
		name string
		sc   fyne.Shortcut
	}{
		{tr.L("Cut"), &fyne.ShortcutCut{Clipboard: clip}},
		{tr.L("Copy"), &fyne.ShortcutCopy{Clipboard: clip}},
		{tr.L("Paste"), &fyne.ShortcutPaste{Clipboard: clip}},
		{tr.L("Select all"), &fyne.ShortcutSelectAll{}},
	} {
		sc := e.sc
		it := fyne.NewMenuItem(e.name, func() {
			// As Fyne's window does with the keys when no menu takes
			// them: to what has the keyboard (a disabled text field
			// only copies), else to the window.
			c := ui.win.Canvas()
			f, ok := c.Focused().(fyne.Shortcutable)
			if !ok && ui.editTarget != nil {
				// The menu bar has the keyboard: what had it before
				// gets it back, and the action (#29, seen in the real
				// window: Select all, Copy and Paste did nothing).
				f, ok = ui.editTarget, true
				if fo, isF := f.(fyne.Focusable); isF {
					c.Focus(fo)
				}
			}
			if !ok {
				if cs, ok := c.(fyne.Shortcutable); ok {
					cs.TypedShortcut(sc)
				}
				return
			}
			if d, ok := f.(fyne.Disableable); ok && d.Disabled() && sc.ShortcutName() != "Copy" {
				return
			}
			f.TypedShortcut(sc)
		})
		it.Shortcut = sc
		items = append(items, it)
	}
	return items
}

// refreshMenu draws the menu again (an item was checked or unchecked).
func (ui *UI) refreshMenu() {
	if m := ui.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// changeTextSize makes the text larger (1), smaller (-1) or normal (0).
func (ui *UI) changeTextSize(step int) {
	ui.setTextSize(step)
	ui.win.Content().Refresh()
}

// handleKey: arrows move through the list, Enter reads the message,
// Delete deletes, A archives, F5 gets mail — not while a dialog is open
// over the window (its keys are the dialog's).
func (ui *UI) handleKey(ev *fyne.KeyEvent) bool {
	if len(shown[ui.win]) > 0 {
		return false
	}
	switch ev.Name {
	case fyne.KeyDown:
		ui.list.move(1)
	case fyne.KeyUp:
		ui.list.move(-1)
	case fyne.KeyReturn, fyne.KeyEnter:
		ui.readSelected()
	case fyne.KeyDelete:
		ui.doDelete()
	case fyne.KeyA:
		ui.doArchive()
	case fyne.KeyF5:
		ui.doGetMail()
	default:
		return false
	}
	return true
}

// readSelected is Enter on the list: the keyboard goes to the message
// shown (already open: selecting a message shows it), where the arrows
// scroll it and a screen reader reads it; Escape comes back.
func (ui *UI) readSelected() {
	if _, ok := ui.list.selected(); !ok {
		ui.list.move(1) // nothing selected: the first message
	}
	if _, ok := ui.list.selected(); ok {
		ui.win.Canvas().Focus(ui.reader.focus)
	}
}

// refreshFolders re-reads the folder tree and counts; first selects the
// first account's Inbox.
func (ui *UI) refreshFolders(first bool) {
	// One at a time, and what changed meanwhile in one more: a first
	// sync of 10,000 messages tells of every chunk, and the tree, counts
	// and status are read again once per pause, not once per chunk.
	if ui.refreshing && !first {
		ui.refreshAgain = true
		return
	}
	ui.refreshing = true
	ui.bg(func() {
		accts, fs, err := loadFolders(ui.store)
		pending, oldest, _ := ui.store.PendingSince()
		waiting, needYou, _ := ui.store.OutboxCounts()
		fyne.Do(func() {
			ui.refreshing = false
			if ui.refreshAgain {
				ui.refreshAgain = false
				defer ui.refreshFolders(false)
			}
			if err != nil {
				ui.showError(tr.L("Could not read your folders"), err)
				return
			}
			ui.folders.set(accts, fs)
			if ui.folders.hasServerAccount() {
				ui.addAccountBox.Hide()
			} else {
				ui.addAccountBox.Show()
			}
			ui.outboxProblems, ui.outboxWaiting = needYou, waiting
			ui.serverAccounts = 0
			for _, a := range accts {
				if a.Kind != localstore.KindLocal {
					ui.serverAccounts++
				}
			}
			ui.showStatus(pending, oldest)
			if first {
				if id := ui.firstFolder(); id != 0 {
					ui.folders.selectFolder(id)
				}
			}
			if ui.pendingSelect != 0 {
				if _, ok := ui.folders.folder(ui.pendingSelect); ok {
					ui.folders.selectFolder(ui.pendingSelect)
					ui.pendingSelect = 0
				}
			}
			if f, ok := ui.folders.folder(ui.list.folderID); ok {
				ui.setListTitle(f)
			}
		})
	})
}

func (ui *UI) storeChanged(c localstore.Change) {
	ui.refreshFolders(false)
	if c.Outbox && ui.outbox != nil {
		ui.outbox.refresh()
	}
	if c.Accounts || ui.list.query != "" {
		ui.list.reload()
		return
	}
	for _, id := range c.Folders {
		if id == ui.list.folderID {
			ui.list.reload()
			return
		}
	}
}

func (ui *UI) openFolder(id int64) {
	f, ok := ui.folders.folder(id)
	if !ok {
		return
	}
	ui.rememberFolder(id)
	ui.reader.clear()
	if ui.search.Text != "" {
		ui.list.folderID = id
		ui.setListTitle(f)
		ui.list.search(ui.search.Text)
	} else {
		ui.list.showFolder(id, f.Total)
		ui.setListTitle(f)
	}
	ui.updateActions()
}

func (ui *UI) setListTitle(f localstore.Folder) {
	a, _ := ui.folders.account(f.AccountID)
	names := tr.M{"Folder": folderName(f), "Account": accountName(a)}
	t := tr.L("{{.Folder}} — {{.Account}}", names)
	if a.Kind == localstore.KindPOP {
		t = tr.L("{{.Folder}} — {{.Account}} · on this computer only", names)
	}
	if ui.list.query != "" {
		t = searchTitle(len(ui.list.rows), ui.list.query)
	} else if ui.list.grouped && f.Total > maxThreaded {
		t = tr.L("{{.Title}} (conversations among the newest {{.Count}})", tr.M{"Title": t, "Count": tr.Number(maxThreaded)})
	}
	ui.listTitle.SetText(t)
}

// openMessage shows a message and marks it read.
func (ui *UI) openMessage(m localstore.Summary) {
	ui.updateActions()
	if ui.reader.currentID == m.ID {
		return
	}
	ui.reader.currentID = m.ID
	ui.rememberMessage(m.ID)
	ui.bg(func() {
		raw, err := ui.store.Raw(m.ID)
		partial := errors.Is(err, localstore.ErrNotDownloaded)
		if partial {
			err = nil // the header is here: show it while the rest comes
		}
		v := mailview.ParseWith(raw, mailview.Options{PreferPlain: ui.app.Preferences().Bool(prefPlain)})
		v.Damaged = v.Damaged || m.Damaged
		fyne.Do(func() {
			if ui.list.selectedID != m.ID {
				return
			}
			if err != nil {
				ui.showError(tr.L("Could not open this message"), err)
				return
			}
			f, _ := ui.folders.folder(m.FolderID)
			ui.reader.showDraft(m, m.Flags&localstore.Draft != 0 || f.Role == localstore.RoleDrafts)
			ui.reader.show(m.ID, v, raw)
			ui.reader.showNotDownloaded(partial, tr.L("Downloading this message from the server…"), nil)
		})
		if err == nil && m.Flags&localstore.Seen == 0 {
			if err := ui.store.SetFlags([]int64{m.ID}, localstore.Seen, true); err != nil {
				fyne.Do(func() { ui.showError(tr.L("Could not mark the message as read"), err) })
			}
		}
		if partial {
			ui.fetchBody(m)
		}
	})
}

// fetchBody downloads a message that has only its header here, then
// shows it; when the server cannot be reached it says so and offers to
// try again (any goroutine).
func (ui *UI) fetchBody(m localstore.Summary) {
	acct := ui.accountOf(m)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	err := ui.syncer().FetchBody(ctx, acct, m)
	cancel()
	fyne.Do(func() {
		if ui.list.selectedID != m.ID {
			return
		}
		if err != nil {
			why := tr.L("This message is kept on the server only, and Postie could not download it now: {{.Reason}}", tr.M{"Reason": accounts.Explain(err)})
			if mailsync.IsOffline(err) {
				why = tr.L("This message is kept on the server only, and the server cannot be reached now. It opens as soon as you are online again.")
			}
			ui.reader.showNotDownloaded(true, why, func() {
				ui.reader.showNotDownloaded(true, tr.L("Downloading this message from the server…"), nil)
				ui.bg(func() { ui.fetchBody(m) })
			})
			return
		}
		if fresh, err := ui.store.Message(m.ID); err == nil && !fresh.Partial {
			ui.reader.currentID = 0
			ui.openMessage(fresh)
		} else {
			ui.reader.showNotDownloaded(true, tr.L("This message could not be downloaded: it may have been moved or deleted on another device."), nil)
		}
	})
}

func (ui *UI) updateActions() {
	_, ok := ui.list.selected()
	for _, b := range []*toolButton{ui.del, ui.archive, ui.markRead, ui.flagIt, ui.reply} {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	sel := ui.list.selection()
	if ok && anyWithout(sel, localstore.Seen) {
		ui.markRead.SetName(tr.L("Mark as read"))
	} else {
		ui.markRead.SetName(tr.L("Mark as unread"))
	}
	if ok && !anyWithout(sel, localstore.Flagged) {
		ui.flagIt.SetName(tr.L("Unflag"))
	} else {
		ui.flagIt.SetName(tr.L("Flag"))
	}
	ui.toolbar.Refresh() // button labels changed width
}

// doToggleRead marks the selected messages read when any of them is
// unread, else unread.
func (ui *UI) doToggleRead() {
	sel := ui.list.selection()
	ui.setFlag(sel, localstore.Seen, anyWithout(sel, localstore.Seen))
}

// doToggleFlag flags the selected messages when any is not flagged, else
// unflags them.
func (ui *UI) doToggleFlag() {
	sel := ui.list.selection()
	ui.setFlag(sel, localstore.Flagged, anyWithout(sel, localstore.Flagged))
}

func anyWithout(ms []localstore.Summary, f localstore.Flags) bool {
	for _, m := range ms {
		if m.Flags&f == 0 {
			return true
		}
	}
	return false
}

func (ui *UI) setFlag(ms []localstore.Summary, f localstore.Flags, on bool) {
	ui.bg(func() {
		if err := ui.store.SetFlags(ids(ms), f, on); err != nil {
			fyne.Do(func() { ui.showError(tr.L("Could not change the message"), err) })
		}
	})
}

func (ui *UI) doDelete() {
	sel := ui.list.selection()
	if len(sel) == 0 {
		return
	}
	f, _ := ui.folders.folder(sel[0].FolderID)
	run := func() {
		ui.bg(func() {
			if err := ui.store.Delete(ids(sel)); err != nil {
				fyne.Do(func() { ui.showError(tr.L("Could not delete the message"), err) })
			}
		})
	}
	if f.Role != localstore.RoleTrash { // to the Trash: Undo takes it back
		ui.undoable(ids(sel), func(n int) string {
			return tr.N("{{.Count}} message moved to the Trash.", "{{.Count}} messages moved to the Trash.", n)
		}, tr.L("Could not delete the message"), ui.store.Delete)
		return
	}
	n := len(sel)
	msg := tr.N("This message is already in the Trash. Deleting it here removes it for ever.",
		"These {{.Count}} messages are already in the Trash. Deleting them here removes them for ever.", n)
	if a, _ := ui.folders.account(f.AccountID); a.Kind == localstore.KindIMAP {
		msg += "\n" + tr.N("It is also removed from the server, so your other devices will not have it either.",
			"They are also removed from the server, so your other devices will not have them either.", n)
	}
	confirm(ui.win, tr.L("Delete for ever?"), msg, tr.L("Delete for ever"), tr.X("button.keep-message", "Keep it"), func(yes bool) {
		if yes {
			run()
		}
	})
}

// clearSearch gives the search up (Escape or the field's ×) and shows
// the folder again at once.
func (ui *UI) clearSearch() {
	if ui.searchTimer != nil {
		ui.searchTimer.Stop() // the search typed last must not come back
	}
	if ui.list.query != "" {
		ui.runSearch("")
	}
}

func (ui *UI) searchChanged(q string) {
	q = strings.TrimSpace(q)
	ui.debounce(func() { ui.runSearch(q) })
}

// afterPause runs f on the UI goroutine once typing has paused for 150 ms,
// so every key press does not start a search.
func (ui *UI) afterPause(f func()) {
	if ui.searchTimer != nil {
		ui.searchTimer.Stop()
	}
	ui.searchTimer = time.AfterFunc(150*time.Millisecond, func() { fyne.Do(f) })
}

func (ui *UI) runSearch(q string) {
	open, wasOpen := ui.list.selected()
	ui.list.search(q)
	if q == "" && wasOpen && open.FolderID == ui.list.folderID {
		// The message read from the results stays open, selected in its
		// folder (#29, seen in the real window: clearing the search
		// closed it).
		// It is shown again, without the marks, where it was read.
		ui.reader.currentID = 0
		ui.list.pendingMessage = open.ID
		ui.list.selectPending()
	} else {
		ui.reader.clear()
	}
	if f, ok := ui.folders.folder(ui.list.folderID); ok {
		ui.setListTitle(f)
	}
}

func (ui *UI) doGetMail() {
	if !ui.folders.hasServerAccount() {
		inform(ui.win, tr.L("No email account yet"),
			tr.L("Postie has no email account to check yet. Choose “{{.Button}}” to set one up.\nMail under “{{.Account}}” is kept only here, so there is nothing to get for it.",
				tr.M{"Button": tr.L("Add an email account"), "Account": tr.X("account.local", "On this computer")}))
		return
	}
	ui.getMail.Disable()
	ui.bg(func() {
		lines := ui.syncAll()
		fyne.Do(func() {
			ui.getMail.Enable()
			ui.busy = ""
			if len(ui.trouble) == 0 {
				ui.status.SetText(strings.Join(lines, "  ·  "))
			} // else the status bar keeps telling what is wrong
		})
	})
}

// syncAll gets mail for every account (any goroutine) and returns one
// line per account for the status bar.
func (ui *UI) syncAll() []string {
	return ui.scheduler().SyncAll(context.Background())
}

func (ui *UI) syncer() *mailsync.Syncer {
	return &mailsync.Syncer{Store: ui.store, Net: ui.opts.Checker.Net,
		Secrets: func(a accounts.Account) secrets.Secrets { ui.untilSaved(); return ui.secretsFor(a) },
		OnEvent: func(e accounts.Event) { fyne.Do(func() { ui.setStatus(e.Text) }) }}
}

// untilSaved waits while an account is being saved: a new account's
// first sync starts the moment its row is stored, before its password
// is, and must not look for the password until it is there.
func (ui *UI) untilSaved() {
	ui.saving.RLock()
	defer ui.saving.RUnlock()
}

// scheduler is what decides when accounts sync (made on first use, with
// the options set by then).
func (ui *UI) scheduler() *mailsync.Scheduler {
	if ui.sched == nil {
		ui.sched = &mailsync.Scheduler{Syncer: ui.syncer(), OnSynced: ui.synced}
	}
	return ui.sched
}

// syncAccount runs one sync now (after any sync under way).
func (ui *UI) syncAccount(a accounts.Account) (mailsync.Outcome, error) {
	return ui.scheduler().SyncNow(context.Background(), a)
}

// synced shows how any sync ended (a click's or a watcher's): whether
// the account is offline or needs the person, the new counts, and a
// notification for new mail.
func (ui *UI) synced(a accounts.Account, out mailsync.Outcome, err error) {
	fyne.Do(func() {
		ui.noteSync(a, err)
		ui.noteUnfetched(a, out, err)
		ui.busy = ""
		ui.refreshFolders(false)
	})
	if err == nil && len(out.NewInInbox) > 0 {
		ui.notifyNew(out.NewInInbox)
	}
}

// notifyNew raises a desktop notification for new mail. Sender and
// subject come from strangers: they are cleaned so no notification system
// can read them as commands or markup.
func (ui *UI) notifyNew(ids []int64) {
	m, err := ui.store.Message(ids[len(ids)-1])
	if err != nil {
		return
	}
	from := notificationText(senderName(m.From), 60)
	title := tr.L("New mail from {{.Name}}", tr.M{"Name": from})
	body := notificationText(m.Subject, 120)
	if len(ids) > 1 {
		title = tr.N("{{.Count}} new message", "{{.Count}} new messages", len(ids))
		body = tr.L("The newest from {{.Name}}: {{.Subject}}", tr.M{"Name": from, "Subject": body})
	}
	ui.app.SendNotification(fyne.NewNotification(title, body))
}

// notificationText keeps letters, digits, spaces and harmless punctuation:
// no control characters, no $ or backtick (PowerShell on Windows), no
// quotes, no markup characters (some Linux daemons render markup).
func notificationText(s string, limit int) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.Join(strings.Fields(s), " ") {
		if n >= limit {
			b.WriteString("…")
			break
		}
		switch {
		case strings.ContainsRune("$`\"'<>&“”„‘’«»{}|;", r), r < 0x20, r == 0x7f:
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func (ui *UI) setStatus(s string) {
	ui.busy = s
	ui.status.SetText(s)
}

func (ui *UI) clearStatus() {
	ui.busy = ""
	ui.refreshFolders(false)
}

// showError says what could not be done (what: a sentence through tr,
// without its full stop) and why, in Explain's words; Escape closes it.
func (ui *UI) showError(what string, err error) {
	text := tr.L("{{.Problem}}.\n\n{{.Explanation}}", tr.M{"Problem": what, "Explanation": accounts.Explain(err)})
	present(ui.win, dialog.NewError(errors.New(text), ui.win))
}
