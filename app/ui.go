// Package app is Postie's window: folders, messages and the reader, drawn
// with Fyne from the local store. It is the only package that turns engine
// and store events into UI updates (always through fyne.Do), and it never
// speaks a mail protocol itself.
package app

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/postie-mail/postie/internal/mailtext"
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
	getMail, write, reply, del, markRead, flagIt *widget.Button
	archive                                      *widget.Button
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
	allFolders                                   *widget.Check
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
	ui.cancelSub = store.Subscribe(func(c localstore.Change) { fyne.Do(func() { ui.storeChanged(c) }) })
	ui.win.SetCloseIntercept(ui.closeWhenIdle)
	ui.win.SetOnClosed(func() {
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

	ui.addAccount = widget.NewButtonWithIcon("Add an email account", theme.ContentAddIcon(), ui.showAddAccount)
	ui.addAccount.Importance = widget.HighImportance
	ui.getMail = widget.NewButtonWithIcon("Get mail", theme.DownloadIcon(), ui.doGetMail)
	ui.write = widget.NewButtonWithIcon("Write", theme.MailComposeIcon(), ui.doWrite)
	ui.reply = widget.NewButtonWithIcon("Reply", theme.MailReplyIcon(), func() { ui.doReply(false) })
	ui.del = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), ui.doDelete)
	ui.archive = widget.NewButtonWithIcon("Archive", theme.StorageIcon(), ui.doArchive)
	ui.markRead = widget.NewButtonWithIcon("Mark as unread", theme.MailComposeIcon(), ui.doToggleRead)
	ui.flagIt = widget.NewButtonWithIcon("Flag", assets.FlagIcon, ui.doToggleFlag)
	ui.search = newSearchBox(ui.clearSearch)
	ui.search.OnChanged = func(q string) {
		ui.search.textChanged()
		ui.searchChanged(q)
	}
	ui.allFolders = widget.NewCheck("All folders", func(bool) {
		if ui.search.Text != "" {
			ui.list.search(ui.search.Text)
		}
	})
	ui.status = widget.NewLabel("")
	ui.status.Truncation = fyne.TextTruncateEllipsis
	ui.statusFix = widget.NewButtonWithIcon("", theme.SettingsIcon(), nil)
	ui.statusFix.Hide()
	ui.statusBar = container.NewBorder(nil, nil, nil, ui.statusFix, ui.status)
	ui.listTitle = widget.NewLabel("")
	ui.listTitle.TextStyle.Bold = true
	ui.listTitle.Truncation = fyne.TextTruncateEllipsis

	ui.toolbar = container.NewBorder(nil, nil,
		container.NewHBox(ui.getMail, ui.write, ui.reply, ui.archive, ui.del,
			sameWidth(ui.markRead, "Mark as read", "Mark as unread"), sameWidth(ui.flagIt, "Flag", "Unflag")), nil)
	ui.addAccountBox = container.NewPadded(ui.addAccount)
	left := container.NewBorder(ui.addAccountBox, nil, nil, nil, ui.folders.tree)
	// The search box sits above the messages it searches: it keeps its
	// width however narrow the window (in the toolbar it was squeezed
	// to nothing at 800 px).
	searchRow := container.NewBorder(nil, nil, nil, ui.allFolders, ui.search)
	middle := container.NewBorder(container.NewVBox(searchRow, ui.listTitle, ui.list.header), nil, nil, nil, ui.list.list)
	right := container.NewBorder(nil, nil, nil, nil, ui.reader.root)
	ui.panes = newPanes(left, middle, right, ui.savedPanes())
	ui.win.SetContent(ui.tips.over(container.NewBorder(container.NewVBox(ui.toolbar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), ui.buildUndo(), ui.statusBar), nil, nil, ui.panes.Container)))
	ui.win.SetMainMenu(ui.menu())
	ui.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { ui.handleKey(ev) })
	ui.updateActions()
}

func (ui *UI) menu() *fyne.MainMenu {
	mod := fyne.KeyModifierShortcutDefault
	sc := func(k fyne.KeyName) fyne.Shortcut { return &desktop.CustomShortcut{KeyName: k, Modifier: mod} }
	add := fyne.NewMenuItem("Add an email account…", ui.showAddAccount)
	settings := fyne.NewMenuItem("Account settings…", ui.showAccountSettings)
	keepCopy := fyne.NewMenuItem("Keep a permanent copy of this account…", ui.showKeepCopy)
	imp := fyne.NewMenuItem("Import mail…", ui.showImport)
	exp := fyne.NewMenuItem("Export mail…", ui.showExport)
	write := fyne.NewMenuItem("Write", ui.doWrite)
	write.Shortcut = sc(fyne.KeyN)
	reply := fyne.NewMenuItem("Reply", func() { ui.doReply(false) })
	reply.Shortcut = sc(fyne.KeyR)
	replyAll := fyne.NewMenuItem("Reply all", func() { ui.doReply(true) })
	forward := fyne.NewMenuItem("Forward", ui.doForward)
	forwardAtt := fyne.NewMenuItem("Forward as attachment", ui.doForwardAttached)
	outbox := fyne.NewMenuItem("Outbox…", ui.showOutbox)
	find := fyne.NewMenuItem("Search", func() { ui.win.Canvas().Focus(ui.search) })
	find.Shortcut = sc(fyne.KeyF)
	get := fyne.NewMenuItem("Get mail", ui.doGetMail)
	del := fyne.NewMenuItem("Delete", ui.doDelete)
	moveTo := fyne.NewMenuItem("Move to…", ui.doMoveTo)
	moveTo.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: mod | fyne.KeyModifierShift}
	archive := fyne.NewMenuItem("Archive (A)", ui.doArchive)
	read := fyne.NewMenuItem("Mark as read / unread", ui.doToggleRead)
	flag := fyne.NewMenuItem("Flag / unflag", ui.doToggleFlag)
	source := fyne.NewMenuItem("View source", ui.showSource)
	printIt := fyne.NewMenuItem("Print…", ui.doPrint)
	printIt.Shortcut = sc(fyne.KeyP)
	savePDF := fyne.NewMenuItem("Save as PDF…", ui.doSavePDF)
	saveEML := fyne.NewMenuItem("Save as .eml…", ui.saveEML)
	undo := fyne.NewMenuItem("Undo", ui.undoKey)
	undo.Shortcut = &fyne.ShortcutUndo{}
	undo.Disabled = true
	ui.undo.item = undo
	// Ctrl+N, Ctrl+R and Ctrl+F work wherever the focus is, also in the
	// search box, because menu shortcuts are checked first.
	for _, it := range []*fyne.MenuItem{write, reply, find, moveTo, printIt, undo} {
		it := it
		ui.win.Canvas().AddShortcut(it.Shortcut, func(fyne.Shortcut) {
			if !it.Disabled && it.Action != nil {
				it.Action()
			}
		})
	}
	plain := fyne.NewMenuItem("Prefer plain text", nil)
	plain.Checked = ui.app.Preferences().Bool(prefPlain)
	plain.Action = func() {
		plain.Checked = !plain.Checked
		ui.app.Preferences().SetBool(prefPlain, plain.Checked)
		if m, ok := ui.list.selected(); ok {
			ui.reader.currentID = 0
			ui.openMessage(m)
		}
	}
	group := fyne.NewMenuItem("Group by conversation", nil)
	group.Checked = ui.app.Preferences().Bool(prefThreads)
	ui.list.grouped = group.Checked
	group.Action = func() {
		group.Checked = !group.Checked
		ui.app.Preferences().SetBool(prefThreads, group.Checked)
		ui.setGrouped(group.Checked)
	}
	return fyne.NewMainMenu(
		fyne.NewMenu("File", add, settings, fyne.NewMenuItemSeparator(), imp, exp, keepCopy),
		fyne.NewMenu("Edit", undo),
		fyne.NewMenu("Folder", fyne.NewMenuItem("New folder…", ui.showNewFolder), fyne.NewMenuItem("Rename folder…", ui.showRenameFolder),
			fyne.NewMenuItem("Delete folder…", ui.showDeleteFolder), fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Empty Trash…", ui.showEmptyTrash)),
		fyne.NewMenu("View", plain, group, ui.list.sortMenu(), fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Senders whose pictures are shown…", func() { ui.showRemoteSenders() })),
		fyne.NewMenu("Message", get, outbox, fyne.NewMenuItemSeparator(), write, reply, replyAll, forward, forwardAtt, fyne.NewMenuItemSeparator(), read, flag, moveTo, archive, del, fyne.NewMenuItemSeparator(),
			printIt, savePDF, source, saveEML, fyne.NewMenuItemSeparator(), find),
		ui.helpMenu(),
	)
}

// handleKey: arrows move through the list, Delete deletes, A archives.
func (ui *UI) handleKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown:
		ui.list.move(1)
	case fyne.KeyUp:
		ui.list.move(-1)
	case fyne.KeyDelete:
		ui.doDelete()
	case fyne.KeyA:
		ui.doArchive()
	default:
		return false
	}
	return true
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
				ui.showError("Could not read your folders", err)
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
	t := f.Name + " — " + a.Name
	if a.Kind == localstore.KindPOP {
		t += " · on this computer only"
	}
	if ui.list.query != "" {
		t = fmt.Sprintf("%s matching “%s”", mailtext.Count(len(ui.list.rows), "message", "messages"), ui.list.query)
	} else if ui.list.grouped && f.Total > maxThreaded {
		t += fmt.Sprintf(" (conversations among the newest %d)", maxThreaded)
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
				ui.showError("Could not open this message", err)
				return
			}
			f, _ := ui.folders.folder(m.FolderID)
			ui.reader.showDraft(m, m.Flags&localstore.Draft != 0 || f.Role == localstore.RoleDrafts)
			ui.reader.show(m.ID, v, raw)
			ui.reader.showNotDownloaded(partial, "Downloading this message from the server…", nil)
		})
		if err == nil && m.Flags&localstore.Seen == 0 {
			if err := ui.store.SetFlags([]int64{m.ID}, localstore.Seen, true); err != nil {
				fyne.Do(func() { ui.showError("Could not mark the message as read", err) })
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
			why := "This message is kept on the server only, and Postie could not download it now: " + accounts.Explain(err)
			if mailsync.IsOffline(err) {
				why = "This message is kept on the server only, and the server cannot be reached now. It opens as soon as you are online again."
			}
			ui.reader.showNotDownloaded(true, why, func() {
				ui.reader.showNotDownloaded(true, "Downloading this message from the server…", nil)
				ui.bg(func() { ui.fetchBody(m) })
			})
			return
		}
		if fresh, err := ui.store.Message(m.ID); err == nil && !fresh.Partial {
			ui.reader.currentID = 0
			ui.openMessage(fresh)
		} else {
			ui.reader.showNotDownloaded(true, "This message could not be downloaded: it may have been moved or deleted on another device.", nil)
		}
	})
}

func (ui *UI) updateActions() {
	_, ok := ui.list.selected()
	for _, b := range []*widget.Button{ui.del, ui.archive, ui.markRead, ui.flagIt, ui.reply} {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	sel := ui.list.selection()
	if ok && anyWithout(sel, localstore.Seen) {
		ui.markRead.SetText("Mark as read")
	} else {
		ui.markRead.SetText("Mark as unread")
	}
	if ok && !anyWithout(sel, localstore.Flagged) {
		ui.flagIt.SetText("Unflag")
	} else {
		ui.flagIt.SetText("Flag")
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
			fyne.Do(func() { ui.showError("Could not change the message", err) })
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
				fyne.Do(func() { ui.showError("Could not delete the message", err) })
			}
		})
	}
	if f.Role != localstore.RoleTrash { // to the Trash: Undo takes it back
		ui.undoable(ids(sel), "moved to the Trash", "Could not delete the message", ui.store.Delete)
		return
	}
	msg := "This message is already in the Trash. Deleting it here removes it for ever."
	if len(sel) > 1 {
		msg = fmt.Sprintf("These %d messages are already in the Trash. Deleting them here removes them for ever.", len(sel))
	}
	if a, _ := ui.folders.account(f.AccountID); a.Kind == localstore.KindIMAP {
		msg += "\nIt is also removed from the server, so your other devices will not have it either."
	}
	d := dialog.NewConfirm("Delete for ever?", msg, func(yes bool) {
		if yes {
			run()
		}
	}, ui.win)
	d.SetConfirmText("Delete for ever")
	d.SetDismissText("Keep it")
	d.Show()
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
	ui.list.search(q)
	ui.reader.clear()
	if f, ok := ui.folders.folder(ui.list.folderID); ok {
		ui.setListTitle(f)
	}
}

func (ui *UI) doGetMail() {
	if !ui.folders.hasServerAccount() {
		dialog.ShowInformation("No email account yet",
			"Postie has no email account to check yet. Choose “Add an email account” to set one up.\n"+
				"Mail under “On this computer” is kept only here, so there is nothing to get for it.", ui.win)
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
	title := "New mail from " + notificationText(senderName(m.From), 60)
	body := notificationText(m.Subject, 120)
	if len(ids) > 1 {
		title = fmt.Sprintf("%d new messages", len(ids))
		body = "The newest from " + notificationText(senderName(m.From), 60) + ": " + body
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

func (ui *UI) showError(what string, err error) {
	dialog.ShowError(fmt.Errorf("%s.\n\n%s", what, accounts.Explain(err)), ui.win)
}
