package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/postie-mail/postie/localstore"
)

// subjects are the list's rows, top down.
func subjects(ui *UI) []string {
	var out []string
	for _, m := range ui.list.rows {
		out = append(out, m.Subject)
	}
	return out
}

func wantRows(t *testing.T, ui *UI, step string, want ...string) {
	t.Helper()
	if got := subjects(ui); !slices.Equal(got, want) {
		t.Fatalf("%s: rows\n%s\nwant\n%s", step, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// sortItem is View › Sort by › label.
func sortItem(t *testing.T, ui *UI, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range ui.win.MainMenu().Items {
		if m.Label != "View" {
			continue
		}
		for _, it := range m.Items {
			if it.Label == "Sort by" && it.ChildMenu != nil {
				for _, c := range it.ChildMenu.Items {
					if c.Label == label {
						return c
					}
				}
			}
		}
	}
	t.Fatalf("no View › Sort by › %s", label)
	return nil
}

// wantSorted checks the headers and the View menu show the order.
func wantSorted(t *testing.T, ui *UI, k localstore.SortKey, arrow string) {
	t.Helper()
	for key, c := range ui.list.header.cells {
		if c.key == k {
			if !c.arrow.Visible() || c.arrow.Text != arrow || !c.label.TextStyle.Bold {
				t.Fatalf("header %s shows %q (visible %v), want %s", key, c.arrow.Text, c.arrow.Visible(), arrow)
			}
		} else if c.arrow.Visible() {
			t.Fatalf("header %s also shows an arrow", key)
		}
	}
	for key, it := range ui.list.sortItems {
		if it.Checked != (key == k) {
			t.Fatalf("View › Sort by › %s checked: %v", sortLabels[key], it.Checked)
		}
	}
	if ui.list.descending.Checked != (arrow == "▼") || ui.list.ascending.Checked != (arrow == "▲") {
		t.Fatalf("Descending %v, Ascending %v, want %s", ui.list.descending.Checked, ui.list.ascending.Checked, arrow)
	}
}

const (
	holiday  = "Holiday plans for June"
	garden   = "Re: Garden club meeting"
	books    = "Your books are due next week"
	dentist  = "Appointment reminder"
	photos   = "Photos from the weekend"
	statemnt = "Statement for October"
)

// Column headers and View › Sort by sort the list, both ways; each
// folder keeps its order, also after Postie starts again.
func TestSortByHeadersAndViewMenu(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	h := ui.list.header
	wantRows(t, ui, "at first", holiday, garden, books, dentist, photos)
	wantSorted(t, ui, localstore.ByDate, "▼")

	test.Tap(h.cells[localstore.BySender])
	wantRows(t, ui, "From", holiday, garden, books, dentist, photos) // Anna, Bob, City, Dr. Chen, Grandma
	wantSorted(t, ui, localstore.BySender, "▲")
	test.Tap(h.cells[localstore.BySender])
	wantRows(t, ui, "From again", photos, dentist, books, garden, holiday)
	wantSorted(t, ui, localstore.BySender, "▼")

	test.Tap(h.cells[localstore.ByFlagged])
	wantRows(t, ui, "flagged", dentist, holiday, garden, books, photos)
	wantSorted(t, ui, localstore.ByFlagged, "▼")
	test.Tap(h.cells[localstore.ByUnread])
	wantRows(t, ui, "unread", holiday, garden, books, dentist, photos)

	test.Tap(h.cells[localstore.BySize])
	wantSorted(t, ui, localstore.BySize, "▼")
	for i := 1; i < len(ui.list.rows); i++ {
		if ui.list.rows[i].Size > ui.list.rows[i-1].Size {
			t.Fatalf("by size: row %d is larger than the one above", i)
		}
	}

	// The View menu: a key in its usual direction, then the other way.
	sortItem(t, ui, "Subject").Action()
	wantRows(t, ui, "View › Sort by › Subject", dentist, garden, holiday, photos, books) // "Re:" left aside
	wantSorted(t, ui, localstore.BySubject, "▲")
	sortItem(t, ui, "Descending").Action()
	wantRows(t, ui, "Descending", books, photos, holiday, garden, dentist)
	wantSorted(t, ui, localstore.BySubject, "▼")
	ui.list.list.Select(3) // the garden message stays selected when sorting again
	sortItem(t, ui, "Ascending").Action()
	if m, ok := ui.list.selected(); !ok || m.Subject != garden {
		t.Fatalf("after sorting again, selected %q", m.Subject)
	}

	// Another folder has its own order; back in the Inbox, the Inbox's.
	var arch localstore.Folder
	for _, f := range ui.localFolders() {
		if f.Role == localstore.RoleArchive {
			arch = f
		}
	}
	ui.folders.tree.Select(folderUID(arch.ID))
	wantSorted(t, ui, localstore.ByDate, "▼")
	wantRows(t, ui, "Archive", statemnt)
	in := inbox(t, ui)
	ui.folders.tree.Select(folderUID(in.ID))
	wantSorted(t, ui, localstore.BySubject, "▲")
	wantRows(t, ui, "the Inbox again", dentist, garden, holiday, photos, books)

	// Postie starts again on the same store.
	again := uiOn(t, ui.app, s)
	if again.list.folderID != in.ID {
		t.Fatalf("started in folder %d, want the Inbox", again.list.folderID)
	}
	wantSorted(t, again, localstore.BySubject, "▲")
	wantRows(t, again, "after starting again", dentist, garden, holiday, photos, books)
}

// Paging in a sorted folder: the rows after the first page continue the
// order (the cursor carries the key), each message once.
func TestSortedFolderPagesOn(t *testing.T) {
	ui, s := newTestUI(t)
	in := inbox(t, ui)
	var msgs []localstore.NewMessage
	names := []string{"Zed", "amy", "Émile", "bob", "Carl"}
	for i := range 2*pageSize + 30 {
		msgs = append(msgs, testMsg(100+i, names[i%len(names)]+" <x@example.com>", "Note", "hi", fixedNow.Add(-time.Duration(i)*time.Minute)))
	}
	if _, err := s.Add(in.ID, msgs); err != nil {
		t.Fatal(err)
	}
	ui.folders.selectFolder(in.ID)
	test.Tap(ui.list.header.cells[localstore.BySender])
	for i := 0; i < ui.list.length(); i++ {
		ui.list.ensure(i)
	}
	if len(ui.list.rows) != 2*pageSize+31 { // with the welcome message
		t.Fatalf("%d rows loaded", len(ui.list.rows))
	}
	o := ui.list.order
	seen := map[int64]bool{}
	for i, m := range ui.list.rows {
		if seen[m.ID] {
			t.Fatalf("row %d (%d) twice", i, m.ID)
		}
		seen[m.ID] = true
		if i > 0 && o.Compare(ui.list.rows[i-1], m) >= 0 {
			t.Fatalf("rows %d and %d out of order: %s, %s", i-1, i, ui.list.rows[i-1].From, m.From)
		}
	}
	// Ctrl+A loads the rest in the same order.
	ui.list.complete = false
	ui.list.rows = ui.list.rows[:10]
	ui.list.selectAll()
	if len(ui.list.rows) != 2*pageSize+31 || o.Compare(ui.list.rows[10], ui.list.rows[11]) >= 0 {
		t.Fatal("Ctrl+A read the folder in another order")
	}
}

// Search results follow the order of the folder searched from, and a
// header re-sorts them (and is kept for that folder).
func TestSearchResultsFollowTheOrder(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	test.Tap(ui.list.header.cells[localstore.BySender])
	ui.search.SetText("example")
	wantRows(t, ui, "search by sender", holiday, garden, books, dentist, photos)
	test.Tap(ui.list.header.cells[localstore.BySender])
	wantRows(t, ui, "search, Z to A", photos, dentist, books, garden, holiday)
	ui.search.SetText("")
	wantRows(t, ui, "the folder again", photos, dentist, books, garden, holiday)
	if o, _ := s.FolderOrder(inbox(t, ui).ID); o != (localstore.Order{By: localstore.BySender}) {
		t.Fatalf("kept %v", o)
	}
}

// Grouped by conversation, the conversations follow the order: by
// sender, the sender of the message that starts each; the messages of
// one stay oldest first.
func TestConversationsFollowTheOrder(t *testing.T) {
	ui, s := newTestUI(t)
	fill(t, ui, s)
	in := inbox(t, ui)
	reply := "From: Zoe <zoe@example.org>\r\nTo: anna@example.com\r\nSubject: Re: Holiday plans for June\r\nIn-Reply-To: <s1@example.com>\r\nReferences: <s1@example.com>\r\nDate: " +
		fixedNow.Add(-time.Hour).Format(time.RFC1123Z) + "\r\n\r\nYes!\r\n"
	if _, err := s.Add(in.ID, []localstore.NewMessage{{Raw: []byte(reply)}}); err != nil {
		t.Fatal(err)
	}
	ui.setGrouped(true)
	test.Tap(ui.list.header.cells[localstore.BySender])
	wantRows(t, ui, "grouped, by sender", holiday, "Re: "+holiday, garden, books, dentist, photos)
	test.Tap(ui.list.header.cells[localstore.BySender])
	wantRows(t, ui, "grouped, Z to A", photos, dentist, books, garden, holiday, "Re: "+holiday)
	test.Tap(ui.list.header.cells[localstore.ByDate])
	wantRows(t, ui, "grouped, newest first", holiday, "Re: "+holiday, garden, books, dentist, photos)
	test.Tap(ui.list.header.cells[localstore.ByDate])
	wantRows(t, ui, "grouped, oldest first", photos, dentist, books, garden, holiday, "Re: "+holiday)
	if !ui.list.reply[ui.list.rows[5].ID] {
		t.Fatal("the reply is not marked as one")
	}
}

// In Sent the sender column is the recipients', as the rows show them.
func TestSentSortsByRecipient(t *testing.T) {
	ui, s := newTestUI(t)
	var sent localstore.Folder
	for _, f := range ui.localFolders() {
		if f.Role == localstore.RoleSent {
			sent = f
		}
	}
	msg := func(i int, to, subj string) localstore.NewMessage {
		m := testMsg(i, "Me <me@example.org>", subj, "hi", fixedNow.Add(-time.Duration(i)*time.Hour))
		m.Raw = []byte(strings.Replace(string(m.Raw), "To: You <you@example.org>", "To: "+to, 1))
		return m
	}
	if _, err := s.Add(sent.ID, []localstore.NewMessage{msg(1, "Zack <z@example.com>", "one"), msg(2, "Ann <a@example.com>", "two"), msg(3, "Ömer <o@example.com>", "three")}); err != nil {
		t.Fatal(err)
	}
	ui.folders.selectFolder(sent.ID)
	who := ui.list.header.cells[localstore.BySender]
	if who.label.Text != "To" {
		t.Fatalf("the sender column in Sent says %q", who.label.Text)
	}
	test.Tap(who)
	if ui.list.order.By != localstore.ByRecipient {
		t.Fatalf("sorted by %s", ui.list.order.By)
	}
	wantRows(t, ui, "Sent by recipient", "two", "three", "one")
}

// The headers fit the list at 800 px without cutting a label; the
// picture is for looking at.
func TestSortHeadersFitAt800(t *testing.T) {
	ui, s := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	fill(t, ui, s)
	ui.win.Resize(fyne.NewSize(800, 600))
	test.Tap(ui.list.header.cells[localstore.BySize])
	ui.list.list.Select(0)
	checkHeaderFits(t, ui)
	capture(t, ui, "sort-by-size-800")
	test.Tap(ui.list.header.cells[localstore.BySubject])
	checkHeaderFits(t, ui)
	capture(t, ui, "sort-by-subject-800")
}

func checkHeaderFits(t *testing.T, ui *UI) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	h := ui.list.header
	hx := d.AbsolutePositionForObject(h.Container).X
	lx := d.AbsolutePositionForObject(ui.list.list).X
	if hx < lx-1 || hx+h.Size().Width > lx+ui.list.list.Size().Width+1 {
		t.Fatalf("the header (%v at %v) is wider than the list (%v at %v)", h.Size(), hx, ui.list.list.Size(), lx)
	}
	var left, right float32 = 0, h.Size().Width // the left group's end, the right group's start
	for k, c := range h.cells {
		if c.Size().Width < c.MinSize().Width-0.5 || c.label.Size().Width < c.label.MinSize().Width-0.5 {
			t.Fatalf("header %s is cut: %v of %v", k, c.Size(), c.MinSize())
		}
		x := d.AbsolutePositionForObject(c).X - hx
		switch k {
		case localstore.ByUnread, localstore.BySender, localstore.BySubject:
			left = max(left, x+c.Size().Width)
		default:
			right = min(right, x)
		}
		if x < 0 || x+c.Size().Width > h.Size().Width+0.5 {
			t.Fatalf("header %s is outside the row", k)
		}
	}
	if left > right {
		t.Fatalf("the headers overlap: the left ones end at %v, the right ones start at %v", left, right)
	}
	// Rows recycled for other messages are laid out again: a longer
	// date where a time was is not cut. (Read as drawn: LaidOutObjects
	// would lay them out first.)
	rows := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *rowView:
			if o.Visible() && o.id >= 0 && o.id < len(ui.list.rows) {
				rows++
				date := o.r.date
				if date.Size().Width < date.MinSize().Width-0.5 {
					t.Fatalf("row %d: the date %q is cut (%v of %v)", o.id, date.Text, date.Size(), date.MinSize())
				}
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			if r := test.WidgetRenderer(o); r != nil {
				for _, c := range r.Objects() {
					walk(c)
				}
			}
		}
	}
	walk(ui.list.list)
	if rows == 0 {
		t.Fatal("no rows found")
	}
}
