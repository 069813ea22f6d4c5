package app

import (
	"fmt"
	"net/mail"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

// maxShown caps the text put on screen at once: Fyne lays out text in time
// that grows fast with its length. The whole message stays stored.
const maxShown = 300 << 10

// reader is the right pane: the selected message.
type reader struct {
	ui        *UI
	currentID int64
	shownID   int64 // the message whose body is laid out

	subject          *widget.Label
	from, to, cc, dt *widget.Label
	headers          *fyne.Container
	keys             map[string]*widget.Label
	body             *widget.RichText
	remote           *fyne.Container // "pictures from the internet are hidden"
	draftBar         *fyne.Container // "this is a draft: continue writing"
	notHere          *fyne.Container // "downloading" / "on the server only"
	damaged          *fyne.Container // "Postie could not read all of this message"
	notHereText      *widget.Label
	notHereRetry     *widget.Button
	retry            func()
	draftOf          localstore.Summary
	attachments      *fyne.Container // one line per attachment
	attachArea       *fyne.Container // the lines, and beside them Save all and the count
	attachCount      *widget.Label
	attachHead       *fyne.Container
	raw              []byte
	view             mailview.View
	shownBlocks      int
	blocks           []mailview.Block    // the message's blocks, long paragraphs split (splitLong)
	cont             map[int]bool        // blocks that go on the paragraph before them
	pictures         string              // private temp folder for pictures
	allowRemote      bool                // the person asked to see pictures from the internet
	fetched          map[string]fyne.URI // pictures by src or "cid:"+Content-ID; nil: not shown
	refused          map[string]string   // pictures not shown, and the line said instead
	loading          map[string]bool     // pictures from the internet on their way
	budget           mailview.PictureBudget
	toFetch          []string     // pictures to fetch once the body is laid out
	marks            []searchTerm // what the search found, marked in the text (#29)
	more             *widget.Button
	scroll           *container.Scroll
	content          *fyne.Container
	empty            *widget.Label
	root             *fyne.Container
}

func newReader(ui *UI) *reader {
	r := &reader{ui: ui}
	r.subject = widget.NewLabel("")
	r.subject.TextStyle.Bold = true
	r.subject.SizeName = theme.SizeNameSubHeadingText
	r.subject.Wrapping = fyne.TextWrapWord
	mk := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		return l
	}
	r.from, r.to, r.cc, r.dt = mk(), mk(), mk(), mk()
	key := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.TextStyle.Bold = true
		return l
	}
	r.keys = map[string]*widget.Label{"From": key("From"), "To": key("To"), "Cc": key("Cc"), "Date": key("Date")}
	r.headers = container.New(layout.NewFormLayout())
	r.body = widget.NewRichText()
	r.body.Wrapping = fyne.TextWrapWord
	hidden := widget.NewLabel("Pictures from the internet are hidden to protect your privacy.")
	hidden.Wrapping = fyne.TextWrapWord
	showOnce := widget.NewButton("Show them for this message", func() { r.showRemote(false) })
	showAlways := widget.NewButton("Always show them for this sender", func() { r.showRemote(true) })
	r.remote = container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.VisibilityOffIcon()), nil, hidden),
		container.NewHBox(showOnce, showAlways))
	notSent := widget.NewLabel("This is a draft: it has not been sent.")
	notSent.Wrapping = fyne.TextWrapWord
	r.draftBar = container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentCreateIcon()),
		widget.NewButtonWithIcon("Continue writing", theme.DocumentCreateIcon(), func() { ui.editDraft(r.draftOf) }), notSent)
	r.draftBar.Hide()
	r.notHereText = widget.NewLabel("")
	r.notHereText.Wrapping = fyne.TextWrapWord
	r.notHereRetry = widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), func() {
		if r.retry != nil {
			r.retry()
		}
	})
	r.notHere = container.NewBorder(nil, nil, widget.NewIcon(theme.DownloadIcon()), r.notHereRetry, r.notHereText)
	r.notHere.Hide()
	damagedText := widget.NewLabel("Part of this message is damaged, or Postie could not read all of it. What could be read is shown here; the message itself is kept whole, exactly as it arrived.")
	damagedText.Wrapping = fyne.TextWrapWord
	r.damaged = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, damagedText)
	r.damaged.Hide()
	r.attachments = container.NewVBox()
	// Beside the lines rather than over them: every line the text keeps
	// counts.
	r.attachCount = widget.NewLabel("")
	r.attachCount.Importance = widget.LowImportance
	r.attachHead = container.NewVBox(widget.NewButtonWithIcon("Save all…", theme.DocumentSaveIcon(), r.saveAll), r.attachCount)
	r.attachArea = container.NewBorder(nil, nil, nil, r.attachHead, attachmentScroll(r.attachments))
	r.attachArea.Hide()
	r.more = widget.NewButton("Show more of this message", r.showMore)
	r.scroll = container.NewVScroll(container.NewVBox(container.NewThemeOverride(r.body, markerTheme{}), r.more))
	r.content = container.NewBorder(container.NewVBox(r.subject, r.draftBar, r.headers, r.notHere, r.damaged, r.attachArea, r.remote, widget.NewSeparator()), nil, nil, nil,
		r.scroll)
	r.empty = widget.NewLabel("Select a message to read it.")
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.Importance = widget.LowImportance
	r.root = container.NewStack(container.NewCenter(r.empty), r.content)
	r.content.Hide()
	return r
}

// fillBody lays out the next portion of the message's blocks: up to
// portion blocks and about portionChars characters (at least one block).
func (r *reader) fillBody() {
	n, chars := r.shownBlocks, 0
	for n < len(r.blocks) && n-r.shownBlocks < portion && (n == r.shownBlocks || chars < portionChars) {
		chars += len(r.blocks[n].Text())
		n++
	}
	r.shownBlocks = n
	r.layBody()
}

// layBody lays out the blocks shown so far.
func (r *reader) layBody() {
	v := r.view
	r.body.Segments = highlight(segments(r.blocks[:r.shownBlocks], r.cont, r.openLink, r.picture), r.marks)
	if r.shownBlocks < len(r.blocks) {
		r.more.SetText(fmt.Sprintf("Show more of this message (%d%% shown)", 100*r.shownBlocks/len(r.blocks)))
		r.more.Show()
	} else {
		r.more.Hide()
		if v.Cut {
			r.body.Segments = append(r.body.Segments, &widget.TextSegment{Text: "This message is very long: only its first part is shown here.",
				Style: widget.RichTextStyle{ColorName: theme.ColorNameWarning, TextStyle: fyne.TextStyle{Italic: true}}})
		}
	}
	r.body.Refresh()
	pending := r.toFetch
	r.toFetch = nil
	for _, src := range pending {
		r.fetchPicture(src)
	}
}

func (r *reader) showMore() { r.fillBody() }

// refill lays out the blocks shown so far again (a picture arrived).
func (r *reader) refill() { r.layBody() }

// prefRemote lists senders whose pictures from the internet are shown.
const prefRemote = "remotePicturesFrom"

func senderAddress(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		return strings.ToLower(a.Address)
	}
	return ""
}

// listed says whether the person chose "Always show them" for from.
func (r *reader) listed(from string) bool {
	addr := senderAddress(from)
	if addr == "" {
		return false
	}
	for _, a := range r.ui.app.Preferences().StringList(prefRemote) {
		if a == addr {
			return true
		}
	}
	return false
}

// trusted says whether the pictures of a message from from load without
// asking: the sender is listed and the provider vouches for the From
// line (sendertrust.go).
func (r *reader) trusted(from string) bool {
	return r.listed(from) && r.senderVouched(from)
}

// showRemote loads the pictures from the internet of this message (and,
// with always, of every later message from this sender).
func (r *reader) showRemote(always bool) {
	if always {
		if addr := senderAddress(r.view.From); addr != "" && !r.listed(r.view.From) {
			r.ui.app.Preferences().SetStringList(prefRemote, append(r.ui.app.Preferences().StringList(prefRemote), addr))
		}
	}
	r.allowRemote = true
	r.remote.Hide()
	r.refill()
	r.content.Refresh()
}

func (r *reader) clear() {
	r.currentID = 0
	r.content.Hide()
	r.empty.Show()
}

// showNotDownloaded says the body is not here yet (on: the bar shows
// text; retry, when set, gets a "Try again" button).
func (r *reader) showNotDownloaded(on bool, text string, retry func()) {
	if !on {
		r.notHere.Hide()
		return
	}
	r.body.Segments = nil // only the header is here: no "no text" placeholder
	r.body.Refresh()
	r.notHereText.SetText(text)
	r.retry = retry
	if retry != nil {
		r.notHereRetry.Show()
	} else {
		r.notHereRetry.Hide()
	}
	r.notHere.Show()
	r.content.Refresh()
}

// showDraft offers "Continue writing" when m is a draft.
func (r *reader) showDraft(m localstore.Summary, isDraft bool) {
	r.draftOf = m
	if isDraft {
		r.draftBar.Show()
	} else {
		r.draftBar.Hide()
	}
}

// show puts a parsed message on screen (UI goroutine).
func (r *reader) show(id int64, v mailview.View, raw []byte) {
	r.currentID = id
	r.raw, r.view = raw, v
	r.fetched, r.refused, r.loading = map[string]fyne.URI{}, map[string]string{}, map[string]bool{}
	r.budget = mailview.PictureBudget{}
	r.allowRemote = r.trusted(v.From)
	r.empty.Hide()
	subj := oneLine(v.Subject)
	if subj == "" {
		subj = "(no subject)"
	}
	r.subject.SetText(subj)
	r.from.SetText(v.From)
	r.to.SetText(v.To)
	r.cc.SetText(v.Cc)
	r.dt.SetText(fullDate(v.Date))
	// Only the headers the message has get a row.
	r.headers.Objects = nil
	for _, h := range []struct {
		key string
		val *widget.Label
	}{{"From", r.from}, {"To", r.to}, {"Cc", r.cc}, {"Date", r.dt}} {
		if h.val.Text != "" {
			r.headers.Objects = append(r.headers.Objects, r.keys[h.key], h.val)
		}
	}
	r.headers.Refresh()
	if v.Damaged {
		r.damaged.Show()
	} else {
		r.damaged.Hide()
	}
	r.shownBlocks = 0
	r.marks = searchTerms(r.ui.list.query)
	r.blocks, r.cont = splitLong(v.Blocks)
	r.fillBody()
	if id != r.shownID {
		r.scroll.ScrollToTop() // every message opens at its top
		r.shownID = id
	}
	if v.RemoteContent > 0 && !r.allowRemote {
		r.remote.Show()
	} else {
		r.remote.Hide()
	}
	r.attachments.Objects = nil
	var total int64
	for _, a := range v.Attachments {
		if !a.Inline {
			r.attachments.Add(r.attachmentRow(a))
			total += a.Size
		}
	}
	r.attachments.Refresh()
	switch n := len(r.attachments.Objects); {
	case n == 0:
		r.attachArea.Hide()
	case n == 1:
		r.attachHead.Hide()
		r.attachArea.Show()
	default:
		r.attachCount.SetText(fmt.Sprintf("%d files, %s", n, accounts.SizeText(total)))
		r.attachHead.Show()
		r.attachArea.Show()
	}
	r.content.Show()
	r.content.Refresh() // the header block's height changed: lay out again
}
