package app

import (
	"image/color"
	"net/mail"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
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
	focus            *readerFocus // takes the keyboard and says the message to a screen reader
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
	r.keys = map[string]*widget.Label{"From": key(tr.L("From")), "To": key(tr.L("To")), "Cc": key(tr.L("Cc")), "Date": key(tr.L("Date"))}
	r.headers = container.New(layout.NewFormLayout())
	r.body = widget.NewRichText()
	r.body.Wrapping = fyne.TextWrapWord
	hidden := widget.NewLabel(tr.L("Pictures from the internet are hidden to protect your privacy."))
	hidden.Wrapping = fyne.TextWrapWord
	showOnce := widget.NewButton(tr.L("Show them for this message"), func() { r.showRemote(false) })
	showAlways := widget.NewButton(tr.L("Always show them for this sender"), func() { r.showRemote(true) })
	r.remote = container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.VisibilityOffIcon()), nil, hidden),
		container.NewHBox(showOnce, showAlways))
	notSent := widget.NewLabel(tr.L("This is a draft: it has not been sent."))
	notSent.Wrapping = fyne.TextWrapWord
	r.draftBar = container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentCreateIcon()),
		widget.NewButtonWithIcon(tr.L("Continue writing"), theme.DocumentCreateIcon(), func() { ui.editDraft(r.draftOf) }), notSent)
	r.draftBar.Hide()
	r.notHereText = widget.NewLabel("")
	r.notHereText.Wrapping = fyne.TextWrapWord
	r.notHereRetry = widget.NewButtonWithIcon(tr.L("Try again"), theme.ViewRefreshIcon(), func() {
		if r.retry != nil {
			r.retry()
		}
	})
	r.notHere = container.NewBorder(nil, nil, widget.NewIcon(theme.DownloadIcon()), r.notHereRetry, r.notHereText)
	r.notHere.Hide()
	damagedText := widget.NewLabel(tr.L("Part of this message is damaged, or Postie could not read all of it. What could be read is shown here; the message itself is kept whole, exactly as it arrived."))
	damagedText.Wrapping = fyne.TextWrapWord
	r.damaged = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, damagedText)
	r.damaged.Hide()
	r.attachments = container.NewVBox()
	// Beside the lines rather than over them: every line the text keeps
	// counts.
	r.attachCount = widget.NewLabel("")
	r.attachCount.Importance = widget.LowImportance
	r.attachHead = container.NewVBox(widget.NewButtonWithIcon(tr.L("Save all…"), theme.DocumentSaveIcon(), r.saveAll), r.attachCount)
	r.attachArea = container.NewBorder(nil, nil, nil, r.attachHead, attachmentScroll(r.attachments))
	r.attachArea.Hide()
	r.more = widget.NewButton(tr.L("Show more of this message"), r.showMore)
	r.scroll = container.NewVScroll(container.NewVBox(r.body, r.more))
	// The header's buttons come before the text's links for Tab.
	r.content = topFirst(container.NewVBox(r.subject, r.draftBar, r.headers, r.notHere, r.damaged, r.attachArea, r.remote, widget.NewSeparator()),
		r.scroll)
	r.empty = widget.NewLabel(tr.L("Select a message to read it."))
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.Importance = widget.LowImportance
	r.focus = newReaderFocus(r)
	// A plain container, which Fyne's screen-reader bridge looks into:
	// it finds the message's description first, then its parts.
	r.root = container.NewStack(r.focus, container.NewCenter(r.empty), r.content)
	r.content.Hide()
	return r
}

// readerFocus lies under the open message, as large as the pane: Enter
// on the list gives it the keyboard (a frame shows it), the arrows and
// Page Up/Down scroll the message, Escape goes back to the list. It
// says the message to a screen reader ("Message from Kim Lee, subject
// …, received …: the text").
type readerFocus struct {
	widget.BaseWidget
	r       *reader
	focused bool
}

func newReaderFocus(r *reader) *readerFocus {
	f := &readerFocus{r: r}
	f.ExtendBaseWidget(f)
	return f
}

// spokenChars is how much of a message's text its description holds.
const spokenChars = 2000

func (f *readerFocus) AccessibilityLabel() string {
	r := f.r
	if !r.content.Visible() {
		return tr.L("No message is open. Select a message to read it.")
	}
	v := r.view
	var text strings.Builder
	for _, b := range r.blocks {
		if text.Len() >= spokenChars {
			break
		}
		if t := strings.TrimSpace(b.Text()); t != "" {
			if text.Len() > 0 {
				text.WriteString("\n")
			}
			text.WriteString(t)
		}
	}
	body := text.String()
	if len(body) > spokenChars {
		cut := spokenChars
		for cut > 0 && !utf8.RuneStart(body[cut]) {
			cut--
		}
		body = body[:cut] + "…"
	}
	return tr.L("Message from {{.Name}}, subject {{.Subject}}, received {{.Date}}: {{.Text}}", tr.M{
		"Name": senderName(v.From), "Subject": r.subject.Text, "Date": fullDate(v.Date), "Text": body})
}

func (f *readerFocus) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

func (f *readerFocus) FocusGained()   { f.focused = true; f.Refresh() }
func (f *readerFocus) FocusLost()     { f.focused = false; f.Refresh() }
func (f *readerFocus) TypedRune(rune) {}

// TypedKey scrolls the message; Escape gives the keyboard back to the
// list.
func (f *readerFocus) TypedKey(k *fyne.KeyEvent) {
	s := f.r.scroll
	line := theme.TextSize() * 3
	page := max(s.Size().Height-line, line)
	end := s.Content.MinSize().Height - s.Size().Height
	to := s.Offset.Y
	switch k.Name {
	case fyne.KeyEscape:
		if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil {
			c.Focus(f.r.ui.list.list)
		}
		return
	case fyne.KeyDown:
		to += line
	case fyne.KeyUp:
		to -= line
	case fyne.KeyPageDown, fyne.KeySpace:
		to += page
	case fyne.KeyPageUp:
		to -= page
	case fyne.KeyHome:
		to = 0
	case fyne.KeyEnd:
		to = end
	default:
		return
	}
	s.ScrollToOffset(fyne.NewPos(0, max(min(to, end), 0)))
}

func (f *readerFocus) CreateRenderer() fyne.WidgetRenderer {
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeWidth = 2
	r := &readerFocusRenderer{f: f, frame: frame}
	r.Refresh()
	return r
}

type readerFocusRenderer struct {
	f     *readerFocus
	frame *canvas.Rectangle
}

func (r *readerFocusRenderer) Layout(s fyne.Size) {
	r.frame.Resize(s)
	r.frame.Move(fyne.NewPos(0, 0))
}

func (r *readerFocusRenderer) MinSize() fyne.Size { return fyne.NewSize(0, 0) }

func (r *readerFocusRenderer) Refresh() {
	r.frame.StrokeColor = theme.Color(theme.ColorNameFocus)
	r.frame.Hidden = !r.f.focused
	r.frame.Refresh()
}

func (r *readerFocusRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.frame} }
func (r *readerFocusRenderer) Destroy()                     {}

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
		r.more.SetText(tr.L("Show more of this message ({{.Percent}}% shown)", tr.M{"Percent": tr.Number(100 * r.shownBlocks / len(r.blocks))}))
		r.more.Show()
	} else {
		r.more.Hide()
		if v.Cut {
			r.body.Segments = append(r.body.Segments, &widget.TextSegment{Text: tr.L("This message is very long: only its first part is shown here."),
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
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.focus); c != nil && c.Focused() == r.focus {
		c.Focus(r.ui.list.list) // nothing to read: the keyboard goes back to the list
	}
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
		subj = tr.L("(no subject)")
	}
	r.subject.SetText(subj)
	r.from.SetText(v.From)
	r.to.SetText(v.To)
	r.cc.SetText(v.Cc)
	r.dt.SetText(fullDate(v.Date))
	if v.DateZoneUnknown && !v.Date.IsZero() {
		// The sender's time zone could not be read: the time is a guess.
		r.dt.SetText(tr.L("{{.Date}} (time zone not known)", tr.M{"Date": fullDate(v.Date)}))
	}
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
		r.attachCount.SetText(tr.N("{{.Count}} file, {{.Size}}", "{{.Count}} files, {{.Size}}", n, tr.M{"Size": accounts.SizeText(total)}))
		r.attachHead.Show()
		r.attachArea.Show()
	}
	r.content.Show()
	r.content.Refresh() // the header block's height changed: lay out again
}
