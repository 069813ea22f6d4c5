package app

import (
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// pageSize rows are read from the store at a time, as the list scrolls.
const pageSize = 200

// messageList is the middle pane: a folder's messages (or search results),
// in the folder's order (newest first unless sorted: sortheader.go). Rows
// are read page by page with keyset pagination, so a folder of 100,000
// messages opens as fast as one of ten, in any order.
type messageList struct {
	ui   *UI
	list *keyList

	folderID int64
	query    string // non-empty: showing search results
	total    int    // rows the folder has (for a folder view)
	rows     []localstore.Summary
	complete bool // every row is loaded
	loading  bool
	gen      int // bumped whenever what is shown changes; stale loads are dropped

	selectedID int64
	marked     map[int64]bool   // several selected (see selection.go)
	anchorID   int64            // where a Shift-click range starts
	clickMod   fyne.KeyModifier // the modifier of the click being handled
	keepMarks  bool             // the list moves the selection by itself

	pendingMessage int64 // a message to select once the list holds it (remember.go)

	grouped bool           // conversations kept together (View menu)
	reply   map[int64]bool // grouped: not the first of its conversation
	size    map[int64]int  // grouped: messages in the conversation it starts

	order                 localstore.Order           // of the folder shown (search results too)
	orders                map[int64]localstore.Order // each folder's, once read from the store
	header                *sortHeader
	sortItems             map[localstore.SortKey]*fyne.MenuItem // View › Sort by
	descending, ascending *fyne.MenuItem
}

// keyList is a List that moves the selection with the arrow keys and
// deletes with the Delete key.
type keyList struct {
	widget.List
	ml          *messageList
	onKey       func(*fyne.KeyEvent) bool
	onSelectAll func()
	onShortcut  func(fyne.Shortcut) // the window's shortcuts (the list takes the keyboard's)
	onFocus     func()              // it took the keyboard (the Edit menu's target)
}

// FocusGained tells the window (onFocus) before the list shows it.
func (l *keyList) FocusGained() {
	l.List.FocusGained()
	if l.onFocus != nil {
		l.onFocus()
	}
}

// TypedShortcut: Ctrl+A (Cmd+A) selects every message; the window's
// other shortcuts work here too.
func (l *keyList) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.KeyName == fyne.KeyA && cs.Modifier == selectionModifier && l.onSelectAll != nil {
		l.onSelectAll()
		return
	}
	if _, ok := s.(*fyne.ShortcutSelectAll); ok && l.onSelectAll != nil {
		l.onSelectAll()
		return
	}
	if l.onShortcut != nil {
		l.onShortcut(s)
	}
}

func (l *keyList) TypedKey(ev *fyne.KeyEvent) {
	if passEscape(l, ev) {
		return
	}
	if l.onKey != nil && l.onKey(ev) {
		return
	}
	l.List.TypedKey(ev)
}

// AccessibilityLabel: "5 messages in Inbox. Selected: Unread. From Kim
// Lee, “Tickets for Friday”, yesterday 16:30".
func (l *keyList) AccessibilityLabel() string {
	ml := l.ml
	what := ml.listLabel()
	sel := ml.selection()
	switch {
	case len(sel) > 1:
		m, _ := ml.selected()
		return tr.N("{{.List}}. {{.Count}} message selected; shown: {{.Message}}", "{{.List}}. {{.Count}} messages selected; shown: {{.Message}}",
			len(sel), tr.M{"List": what, "Message": ml.rowLabel(m)})
	case len(sel) == 1:
		return tr.L("{{.List}}. Selected: {{.Message}}", tr.M{"List": what, "Message": ml.rowLabel(sel[0])})
	}
	return tr.L("{{.List}}. No message is selected.", tr.M{"List": what})
}

func (l *keyList) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// listLabel says what the list shows: "120 messages in Inbox", "3
// messages matching “tickets”".
func (ml *messageList) listLabel() string {
	if ml.query != "" {
		return searchTitle(len(ml.rows), ml.query)
	}
	f, _ := ml.ui.folders.folder(ml.folderID)
	n := max(ml.total, len(ml.rows))
	if ml.grouped || ml.complete {
		n = max(f.Total, len(ml.rows))
	}
	return tr.N("{{.Count}} message in {{.Folder}}", "{{.Count}} messages in {{.Folder}}", n, tr.M{"Folder": folderName(f)})
}

// searchTitle is the list's title for search results.
func searchTitle(n int, query string) string {
	return tr.N("{{.Count}} message matching “{{.Query}}”", "{{.Count}} messages matching “{{.Query}}”", n, tr.M{"Query": query})
}

func newMessageList(ui *UI) *messageList {
	ml := &messageList{ui: ui, order: localstore.NewestFirst, orders: map[int64]localstore.Order{}}
	l := &keyList{}
	l.Length = ml.length
	l.CreateItem = ml.createRow
	l.UpdateItem = ml.updateRow
	l.OnSelected = func(id widget.ListItemID) {
		if id < len(ml.rows) {
			if !ml.keepMarks {
				ml.clicked(id)
			}
			ml.selectedID = ml.rows[id].ID
			ml.showFocus(id)
			ui.openMessage(ml.rows[id])
		}
	}
	l.ml = ml
	l.onKey = ui.handleKey
	l.onSelectAll = ml.selectAll
	l.onShortcut = ui.windowShortcut
	l.ExtendBaseWidget(l)
	ml.list = l
	ml.header = newSortHeader(ml)
	return ml
}

func (ml *messageList) length() int {
	if ml.query != "" || ml.complete {
		return len(ml.rows)
	}
	return max(ml.total, len(ml.rows))
}

type row struct {
	unread, flag, attach     *widget.Icon
	sender, date, subj, size *widget.Label     // size: shown when sorted by size
	bg                       *canvas.Rectangle // shows a row selected among several
	content                  *fyne.Container   // laid out again when the date's or size's width changes
}

func (ml *messageList) createRow() fyne.CanvasObject {
	r := &row{
		unread: widget.NewIcon(nil), flag: widget.NewIcon(nil), attach: widget.NewIcon(nil),
		sender: widget.NewLabel("Sender name"), date: widget.NewLabel("12 Dec 2026"), subj: widget.NewLabel("Subject"),
		size: widget.NewLabel("999 KB"),
	}
	r.size.SizeName = theme.SizeNameCaptionText
	r.size.Hide()
	r.sender.Truncation = fyne.TextTruncateEllipsis
	r.subj.Truncation = fyne.TextTruncateEllipsis
	line1 := container.NewBorder(nil, nil, nil, r.date, r.sender)
	line2 := container.NewBorder(nil, nil, nil, container.NewHBox(r.size, r.attach, r.flag), r.subj)
	box := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()*2), line1, line2)
	r.bg = canvas.NewRectangle(color.Transparent)
	r.content = container.NewStack(r.bg, container.NewBorder(nil, nil, r.unread, nil, box))
	v := &rowView{content: r.content, r: r, ml: ml, id: -1}
	v.ExtendBaseWidget(v)
	return v
}

// rowView is a list row: its layout and the widgets to fill in.
type rowView struct {
	widget.BaseWidget
	content *fyne.Container
	r       *row
	ml      *messageList
	id      widget.ListItemID // the row it shows
}

// AccessibilityLabel is the message as a screen reader says it:
// "Unread, flagged. From Kim Lee, “Tickets for Friday”, yesterday 16:30,
// with attachments".
func (v *rowView) AccessibilityLabel() string {
	if v.id < 0 || v.id >= len(v.ml.rows) {
		return tr.L("Loading…")
	}
	return v.ml.rowLabel(v.ml.rows[v.id])
}

func (v *rowView) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// rowLabel is what a screen reader says for a message of the list.
func (ml *messageList) rowLabel(m localstore.Summary) string {
	unread, flagged := m.Flags&localstore.Seen == 0, m.Flags&localstore.Flagged != 0
	var state string
	switch {
	case unread && flagged:
		state = tr.L("Unread, flagged.")
	case unread:
		state = tr.L("Unread.")
	case flagged:
		state = tr.L("Flagged.")
	}
	who := tr.L("From {{.Name}}", tr.M{"Name": oneLine(senderName(m.From))})
	if f, ok := ml.ui.folders.folder(m.FolderID); ok && (f.Role == localstore.RoleSent || f.Role == localstore.RoleDrafts) {
		who = oneLine(recipientNames(m.To))
	}
	subj := oneLine(m.Subject)
	if subj == "" {
		subj = tr.L("(no subject)")
	}
	parts := []string{who, tr.L("“{{.Subject}}”", tr.M{"Subject": subj}), spokenDate(m.Date, ml.ui.now())}
	if m.HasAttachment {
		parts = append(parts, tr.L("with attachments"))
	}
	if ml.grouped && ml.query == "" {
		if ml.reply[m.ID] {
			parts = append(parts, tr.L("a reply in the conversation above"))
		} else if n := ml.size[m.ID]; n > 1 {
			parts = append(parts, tr.N("a conversation of {{.Count}} message", "a conversation of {{.Count}} messages", n))
		}
	}
	if ml.isMarked(m.ID) {
		parts = append(parts, tr.L("selected"))
	}
	return strings.TrimSpace(state + " " + strings.Join(parts, ", "))
}

// showFocus puts the list's keyboard focus on row i, where the
// selection is, when the list has the keyboard.
func (ml *messageList) showFocus(i int) {
	c := fyne.CurrentApp().Driver().CanvasForObject(ml.list)
	if c != nil && c.Focused() == ml.list {
		ml.list.Highlight(i)
	}
}

// TappedSecondary (a right click) selects the row and offers what can be
// done with the message.
func (v *rowView) TappedSecondary(ev *fyne.PointEvent) {
	ml := v.ml
	if v.id < 0 || v.id >= len(ml.rows) {
		return
	}
	if !ml.isMarked(ml.rows[v.id].ID) { // a right click in a selection of several keeps it
		ml.list.Select(v.id)
	}
	ml.ui.contextMenu = ml.ui.messageMenu(ml.rows[v.id])
	widget.ShowPopUpMenuAtPosition(ml.ui.contextMenu, ml.ui.win.Canvas(), ev.AbsolutePosition)
}

func (v *rowView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.content) }

func (ml *messageList) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	obj.(*rowView).id = id
	r := obj.(*rowView).r
	if id >= len(ml.rows) {
		r.bg.FillColor = color.Transparent
		r.bg.Refresh()
		r.sender.SetText("…") // being read from the store
		r.subj.SetText("")
		r.showDate("")
		r.unread.SetResource(nil)
		r.flag.SetResource(nil)
		r.attach.SetResource(nil)
		r.showSize("")
		ml.ensure(id)
		return
	}
	m := ml.rows[id]
	if ml.isMarked(m.ID) {
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	} else {
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
	unread := m.Flags&localstore.Seen == 0
	r.sender.TextStyle.Bold = unread
	r.subj.TextStyle.Bold = unread
	who := senderName(m.From)
	if f, ok := ml.ui.folders.folder(m.FolderID); ok && (f.Role == localstore.RoleSent || f.Role == localstore.RoleDrafts) {
		who = recipientNames(m.To) // one's own name in every row says nothing
	}
	r.sender.SetText(oneLine(who))
	subj := oneLine(m.Subject)
	if subj == "" {
		subj = tr.L("(no subject)")
	}
	if ml.grouped && ml.query == "" {
		if ml.reply[m.ID] {
			subj = "↳ " + subj
		} else if n := ml.size[m.ID]; n > 1 {
			subj = tr.L("{{.Subject}} ({{.Count}})", tr.M{"Subject": subj, "Count": tr.Number(n)})
		}
	}
	r.subj.SetText(subj)
	r.showDate(listDate(m.Date, ml.ui.now()))
	if unread {
		r.unread.SetResource(assets.UnreadIcon)
	} else {
		r.unread.SetResource(nil)
	}
	if m.Flags&localstore.Flagged != 0 {
		r.flag.SetResource(assets.FlagIcon)
	} else {
		r.flag.SetResource(nil)
	}
	if m.HasAttachment {
		r.attach.SetResource(theme.MailAttachmentIcon())
	} else {
		r.attach.SetResource(nil)
	}
	size := ""
	if ml.order.By == localstore.BySize {
		size = shortSize(m.Size)
	}
	r.showSize(size)
}

// showDate shows a date in the row. A recycled row showed another (once
// the list is sorted anew, every row does): "25 Oct 2025" where "14:30"
// was is laid out again, or it was cut.
func (r *row) showDate(s string) {
	if s == r.date.Text {
		return
	}
	r.date.SetText(s)   // its size first…
	r.content.Refresh() // …then the row's layout
}

// showSize shows a message's size in its row ("": none).
func (r *row) showSize(s string) {
	if s == r.size.Text && r.size.Visible() == (s != "") {
		return
	}
	r.size.SetText(s)
	if s == "" {
		r.size.Hide()
	} else {
		r.size.Show()
	}
	r.content.Refresh() // its width changed
}

// shortSize is a size as the list shows it: "512 B", "24 KB", "3.1 MB"
// (3,1 MB in German).
func shortSize(n int64) string {
	switch {
	case n >= 1<<20:
		return tr.L("{{.Size}} MB", tr.M{"Size": tr.Decimal(float64(n)/(1<<20), 1)})
	case n >= 1<<10:
		return tr.L("{{.Size}} KB", tr.M{"Size": tr.Number(int((n + 1<<10 - 1) >> 10))})
	}
	return tr.L("{{.Size}} B", tr.M{"Size": tr.Number(int(n))})
}

// showFolder switches to a folder's messages.
func (ml *messageList) showFolder(folderID int64, total int) {
	ml.gen++
	ml.folderID, ml.query, ml.total = folderID, "", total
	ml.rows, ml.complete, ml.loading = nil, false, false
	ml.selectedID, ml.marked = 0, nil
	ml.list.UnselectAll()
	ml.list.ScrollToTop()
	ml.withOrder(func() {
		if ml.grouped {
			ml.reload() // the newest messages at once, grouped
			return
		}
		ml.ensure(0)
		ml.list.Refresh()
	})
}

// withOrder takes the folder's order (read from the store the first time
// it is shown), then calls then — unless the list moved on meanwhile.
func (ml *messageList) withOrder(then func()) {
	folder := ml.folderID
	if o, ok := ml.orders[folder]; ok {
		ml.order = o
		ml.showOrder()
		then()
		return
	}
	gen := ml.gen
	ml.loading = true // no page before the order is known
	ml.ui.bg(func() {
		o, err := ml.ui.store.FolderOrder(folder)
		if err != nil {
			o = localstore.NewestFirst // shown newest first, the order is no reason to fail
		}
		fyne.Do(func() {
			ml.orders[folder] = o
			switch {
			case folder != ml.folderID:
			case gen == ml.gen:
				ml.loading = false
				ml.order = o
				ml.showOrder()
				then()
			case o != ml.order:
				// Read again meanwhile (the store changed), in the order the
				// list had: again, in the folder's.
				ml.order = o
				ml.showOrder()
				ml.reloadFor(true)
			}
		})
	})
}

// setOrder sorts the list (a header or View › Sort by), keeps the order
// for the folder, and shows the first rows in it; the selected message
// stays selected when it is among them.
func (ml *messageList) setOrder(o localstore.Order) {
	if o == ml.order || !o.Valid() || ml.folderID == 0 { // no folder shown yet
		return
	}
	ml.order = o
	folder := ml.folderID
	ml.orders[folder] = o
	ml.showOrder()
	ml.list.Refresh() // the size column comes or goes at once
	// Kept first: that makes the folder's index for the order, which
	// the rows are then read from (once per order: about a second at
	// 100,000 messages, a few for mail stored before sorting came).
	big := false
	if f, ok := ml.ui.folders.folder(folder); ok && f.Total > 5000 {
		big = true
		ml.ui.setStatus(tr.L("Sorting {{.Folder}}…", tr.M{"Folder": folderName(f)}))
	}
	ml.ui.bg(func() {
		err := ml.ui.store.SetFolderOrder(folder, o)
		fyne.Do(func() {
			if big {
				ml.ui.clearStatus()
			}
			if err != nil {
				ml.ui.showError(tr.L("Could not keep the order of this folder"), err)
			}
			if ml.folderID == folder && ml.order == o {
				ml.reloadFor(true)
			}
		})
	})
}

// ensure loads pages until row i is there.
func (ml *messageList) ensure(i int) {
	if ml.loading || ml.complete || ml.query != "" || i < len(ml.rows) {
		return
	}
	ml.loading = true
	gen, folder := ml.gen, ml.folderID
	order := ml.order
	var after *localstore.Cursor
	if n := len(ml.rows); n > 0 {
		after = order.Cursor(ml.rows[n-1])
	}
	need := ((i+1-len(ml.rows))/pageSize + 1) * pageSize
	ml.ui.bg(func() {
		page, err := ml.ui.store.MessagesIn(folder, order, after, need)
		fyne.Do(func() {
			if gen != ml.gen {
				return
			}
			ml.loading = false
			if err != nil {
				ml.ui.showError(tr.L("Could not read the messages of this folder"), err)
				return
			}
			ml.rows = append(ml.rows, page...)
			if len(page) < need {
				ml.complete = true
			}
			ml.list.Refresh()
			ml.selectPending()
		})
	})
}

// reload re-reads what is shown after the store changed, keeping the
// selection on the same message where it still exists, else on the row
// that took its place.
func (ml *messageList) reload() { ml.reloadFor(false) }

// reloadFor re-reads what is shown; resorted: in a new order, from its
// first rows, keeping the selected message only where it is among them
// (the row in its old place is another message now).
func (ml *messageList) reloadFor(resorted bool) {
	ml.gen++
	gen, folder, query, order := ml.gen, ml.folderID, ml.query, ml.order
	n := max(len(ml.rows), pageSize)
	grouped := ml.grouped && query == ""
	if grouped {
		n = maxThreaded
	}
	allFolders := ml.ui.allFolders.Checked
	// A new search shows a quick first page (the newest matches) at once,
	// then the full answer (#17: a common word took 90 ms to sort).
	quick := query != "" && len(ml.rows) == 0
	ml.loading = true
	show := func(page []localstore.Summary, f localstore.Folder, err error, final bool) {
		if gen != ml.gen {
			return
		}
		ml.loading = !final
		if err != nil {
			ml.ui.showError(tr.L("Could not read the messages of this folder"), err)
			return
		}
		oldIndex := ml.indexOf(ml.selectedID)
		if resorted {
			oldIndex = -1
		}
		old := ml.rows
		ml.rows, ml.total = page, f.Total
		ml.complete = query != "" || len(page) < n || grouped
		if grouped {
			ml.rows, ml.reply, ml.size = threads(page, order)
		}
		if oldIndex > 0 {
			oldIndex -= goneBefore(old[:oldIndex], ml.rows)
		}
		ml.list.Refresh()
		ml.reselect(oldIndex)
		if resorted {
			if i := ml.indexOf(ml.selectedID); i >= 0 {
				ml.list.ScrollTo(i)
			} else {
				ml.list.ScrollToTop()
			}
		}
		ml.selectPending()
		ml.ui.updateActions()
		if query != "" && final {
			// The heading counts the results that are now here.
			if f, ok := ml.ui.folders.folder(ml.folderID); ok {
				ml.ui.setListTitle(f)
			}
		}
	}
	ml.ui.bg(func() {
		var page []localstore.Summary
		var f localstore.Folder
		var err error
		if query != "" {
			scope := folder
			if allFolders {
				scope = 0
			}
			if quick {
				first, err := ml.ui.store.SearchNewest(query, scope, 50, 400)
				if err == nil && len(first) > 0 {
					slices.SortStableFunc(first, order.Compare) // until the full answer comes
					fyne.Do(func() { show(first, f, nil, false) })
				}
			}
			page, err = ml.ui.store.SearchIn(query, scope, order, 500)
		} else {
			read := order
			if grouped {
				read = localstore.NewestFirst // the newest conversations, in order (threads)
			}
			page, err = ml.ui.store.MessagesIn(folder, read, nil, n)
			if err == nil {
				f, err = ml.ui.store.Folder(folder)
			}
		}
		fyne.Do(func() { show(page, f, err, true) })
	})
}

// goneBefore counts the rows of before that are not in now: when
// several messages above the selected one went too (a selection of
// several deleted, moved or archived), the row that takes its place is
// that many rows higher (#29: the next message was skipped).
func goneBefore(before, now []localstore.Summary) int {
	here := make(map[int64]bool, len(now))
	for _, m := range now {
		here[m.ID] = true
	}
	n := 0
	for _, m := range before {
		if !here[m.ID] {
			n++
		}
	}
	return n
}

func (ml *messageList) indexOf(id int64) int {
	for i, m := range ml.rows {
		if m.ID == id {
			return i
		}
	}
	return -1
}

func (ml *messageList) reselect(oldIndex int) {
	if ml.selectedID == 0 {
		return
	}
	if i := ml.indexOf(ml.selectedID); i >= 0 {
		ml.keepMarks = true
		ml.list.Select(i) // same message: OnSelected does not reopen it
		ml.keepMarks = false
		return
	}
	ml.selectedID = 0
	ml.list.UnselectAll()
	for id := range ml.marked { // what is gone is no longer selected
		if ml.indexOf(id) < 0 {
			delete(ml.marked, id)
		}
	}
	if oldIndex >= 0 && len(ml.rows) > 0 {
		ml.list.Select(min(oldIndex, len(ml.rows)-1))
	} else {
		ml.ui.reader.clear()
	}
}

// search shows results for q ("" goes back to the folder).
func (ml *messageList) search(q string) {
	if q == "" {
		f, _ := ml.ui.folders.folder(ml.folderID)
		ml.showFolder(ml.folderID, f.Total)
		return
	}
	ml.query = q
	ml.rows = nil
	ml.selectedID = 0
	ml.list.UnselectAll()
	ml.withOrder(ml.reload) // the order of the folder searched from
}

func (ml *messageList) selected() (localstore.Summary, bool) {
	if i := ml.indexOf(ml.selectedID); i >= 0 {
		return ml.rows[i], true
	}
	return localstore.Summary{}, false
}

func (ml *messageList) move(delta int) {
	i := ml.indexOf(ml.selectedID) + delta
	if ml.selectedID == 0 {
		i = 0
	}
	if i < 0 || i >= ml.length() {
		return
	}
	ml.list.Select(i)
	ml.list.ScrollTo(i)
	ml.showFocus(i)
}
