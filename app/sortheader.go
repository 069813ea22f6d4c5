package app

import (
	"image/color"

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

// Sorting the list (#29): a row of column headers above it — a click
// sorts by that column, a click on the sorted one turns the order round
// — and View › Sort by. Each folder keeps its order (in the store), and
// search results follow the order of the folder searched from.

// sortLabels are the keys as the View menu names them (translated where
// shown).
var sortLabels = map[localstore.SortKey]string{
	localstore.ByDate: tr.Mark("Date"), localstore.BySender: tr.Mark("Sender"), localstore.ByRecipient: tr.Mark("Recipient"),
	localstore.BySubject: tr.Mark("Subject"), localstore.BySize: tr.Mark("Size"), localstore.ByUnread: tr.Mark("Unread"), localstore.ByFlagged: tr.Mark("Flagged"),
}

// sortHeader is the row of headers: unread, sender (or recipients),
// subject on the left, over where rows show them; flagged, size, date
// on the right. It is a plain container, so that a screen reader finds
// each header (Fyne looks for what a window holds only through
// containers: see panes.go).
type sortHeader struct {
	*fyne.Container
	ml    *messageList
	cells map[localstore.SortKey]*headerCell // by the key each sorts by; who is under BySender
}

func newSortHeader(ml *messageList) *sortHeader {
	h := &sortHeader{ml: ml, cells: map[localstore.SortKey]*headerCell{}}
	cell := func(k localstore.SortKey, text string, icon fyne.Resource) *headerCell {
		c := newHeaderCell(h, k, text, icon)
		h.cells[k] = c
		return c
	}
	left := container.New(layout.NewCustomPaddedHBoxLayout(0),
		cell(localstore.ByUnread, "", assets.UnreadIcon), cell(localstore.BySender, tr.L("From"), nil), cell(localstore.BySubject, tr.L("Subject"), nil))
	right := container.New(layout.NewCustomPaddedHBoxLayout(0),
		cell(localstore.ByFlagged, "", assets.FlagIcon), cell(localstore.BySize, tr.L("Size"), nil), cell(localstore.ByDate, tr.L("Date"), nil))
	h.Container = container.NewBorder(nil, nil, left, right)
	h.refresh()
	return h
}

// whoKey is what the sender column sorts by in the folder shown: the
// recipients in Sent and Drafts, where rows show them.
func (h *sortHeader) whoKey() localstore.SortKey {
	ml := h.ml
	if ml.order.By == localstore.BySender || ml.order.By == localstore.ByRecipient {
		return ml.order.By
	}
	if f, ok := ml.ui.folders.folder(ml.folderID); ok && (f.Role == localstore.RoleSent || f.Role == localstore.RoleDrafts) {
		return localstore.ByRecipient
	}
	return localstore.BySender
}

// refresh shows which column the list is sorted by, and which way.
func (h *sortHeader) refresh() {
	o := h.ml.order
	who := h.cells[localstore.BySender]
	who.key = h.whoKey()
	who.label.Text = tr.L("From")
	if who.key == localstore.ByRecipient {
		who.label.Text = tr.L("To")
	}
	for _, c := range h.cells {
		c.show(o.By == c.key, o.Ascending)
	}
	h.Container.Refresh() // a sorted column is wider by its arrow
}

// tapped sorts by a column: a new column in its usual direction, the
// sorted one the other way round.
func (h *sortHeader) tapped(c *headerCell) {
	o := localstore.Order{By: c.key, Ascending: c.key.StartsAscending()}
	if h.ml.order.By == c.key {
		o.Ascending = !h.ml.order.Ascending
	}
	h.ml.setOrder(o)
}

// headerCell is one column header: a word or an icon, and ▲ or ▼ when
// the list is sorted by it.
type headerCell struct {
	widget.BaseWidget
	h       *sortHeader
	key     localstore.SortKey
	label   *canvas.Text
	icon    *canvas.Image
	arrow   *canvas.Text
	hover   *canvas.Rectangle
	content fyne.CanvasObject

	sorted, ascending bool
}

func newHeaderCell(h *sortHeader, key localstore.SortKey, text string, icon fyne.Resource) *headerCell {
	c := &headerCell{h: h, key: key, label: canvas.NewText(text, theme.Color(theme.ColorNameForeground)),
		arrow: canvas.NewText("▼", theme.Color(theme.ColorNameForeground)), hover: canvas.NewRectangle(color.Transparent)}
	c.hover.CornerRadius = theme.InputRadiusSize()
	var what fyne.CanvasObject = c.label
	if icon != nil {
		c.icon = canvas.NewImageFromResource(icon)
		c.icon.FillMode = canvas.ImageFillContain
		c.icon.SetMinSize(fyne.NewSquareSize(theme.CaptionTextSize()))
		what = c.icon
	}
	p := theme.Padding()
	c.content = container.NewStack(c.hover, container.New(layout.NewCustomPaddedLayout(p/2, p/2, p, p),
		container.New(layout.NewCustomPaddedHBoxLayout(p/2), what, c.arrow)))
	c.ExtendBaseWidget(c)
	return c
}

func (c *headerCell) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.content) }

// show marks the cell sorted (with the direction) or not.
func (c *headerCell) show(sorted, ascending bool) {
	c.sorted, c.ascending = sorted, ascending
	c.Refresh()
}

// Refresh draws the cell in the current theme.
func (c *headerCell) Refresh() {
	fg := theme.Color(theme.ColorNameForeground) // not grey: small text needs the contrast
	c.label.Color, c.arrow.Color = fg, fg
	c.label.TextSize, c.arrow.TextSize = theme.CaptionTextSize(), theme.CaptionTextSize()
	c.label.TextStyle.Bold = c.sorted
	c.arrow.Text = "▼"
	if c.ascending {
		c.arrow.Text = "▲"
	}
	if c.sorted {
		c.arrow.Show()
	} else {
		c.arrow.Hide()
	}
	c.BaseWidget.Refresh()
}

// Tapped sorts by this column.
func (c *headerCell) Tapped(*fyne.PointEvent) { c.h.tapped(c) }

// AccessibilityLabel says what the header sorts by and whether the list
// is sorted by it: "Sort by Date: sorted, descending".
func (c *headerCell) AccessibilityLabel() string {
	col := tr.L(sortLabels[c.key])
	switch {
	case c.sorted && c.ascending:
		return tr.L("Sort by {{.Column}}: sorted, ascending", tr.M{"Column": col})
	case c.sorted:
		return tr.L("Sort by {{.Column}}: sorted, descending", tr.M{"Column": col})
	}
	return tr.L("Sort by {{.Column}}", tr.M{"Column": col})
}

func (c *headerCell) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// Cursor shows a hand: the header can be clicked.
func (c *headerCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn, MouseMoved and MouseOut light the header under the pointer.
func (c *headerCell) MouseIn(*desktop.MouseEvent) {
	c.hover.FillColor = theme.Color(theme.ColorNameHover)
	c.hover.Refresh()
}

func (c *headerCell) MouseMoved(*desktop.MouseEvent) {}

func (c *headerCell) MouseOut() {
	c.hover.FillColor = color.Transparent
	c.hover.Refresh()
}

// sortMenu is View › Sort by: one item per key (the one in use
// checked), then Descending and Ascending.
func (ml *messageList) sortMenu() *fyne.MenuItem {
	ml.sortItems = map[localstore.SortKey]*fyne.MenuItem{}
	var items []*fyne.MenuItem
	for _, k := range localstore.SortKeys {
		it := fyne.NewMenuItem(tr.L(sortLabels[k]), func() {
			if ml.order.By != k {
				ml.setOrder(localstore.Order{By: k, Ascending: k.StartsAscending()})
			}
		})
		ml.sortItems[k] = it
		items = append(items, it)
	}
	ml.descending = fyne.NewMenuItem(tr.L("Descending"), func() { ml.setOrder(localstore.Order{By: ml.order.By}) })
	ml.ascending = fyne.NewMenuItem(tr.L("Ascending"), func() { ml.setOrder(localstore.Order{By: ml.order.By, Ascending: true}) })
	items = append(items, fyne.NewMenuItemSeparator(), ml.descending, ml.ascending)
	sortBy := fyne.NewMenuItem(tr.L("Sort by"), nil)
	sortBy.ChildMenu = fyne.NewMenu("", items...)
	ml.showOrder()
	return sortBy
}

// showOrder shows the order in use in the headers and the View menu.
func (ml *messageList) showOrder() {
	if ml.header != nil {
		ml.header.refresh()
	}
	if ml.sortItems == nil {
		return
	}
	for k, it := range ml.sortItems {
		it.Checked = ml.order.By == k
	}
	ml.descending.Checked, ml.ascending.Checked = !ml.order.Ascending, ml.order.Ascending
	if m := ml.ui.win.MainMenu(); m != nil {
		m.Refresh()
	}
}
