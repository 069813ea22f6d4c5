package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
)

// searchBox is the search field above the list (#29): Escape clears it
// and shows the folder again, and while it holds text a clear (×) button
// at its end does the same; empty, the end shows a magnifier. A screen
// reader calls it "Search" and says what it holds (textField).
type searchBox struct {
	textField
	clearBtn *searchClear
	onClear  func() // the search is given up (Escape or ×)
	onFocus  func() // it took the keyboard (the Edit menu's target)
}

// FocusGained tells the window (onFocus) before the field shows it.
func (s *searchBox) FocusGained() {
	s.textField.FocusGained()
	if s.onFocus != nil {
		s.onFocus()
	}
}

func newSearchBox(onClear func()) *searchBox {
	s := &searchBox{onClear: onClear}
	s.name = tr.L("Search")
	s.clearBtn = &searchClear{box: s, icon: canvas.NewImageFromResource(theme.SearchIcon())}
	s.clearBtn.ExtendBaseWidget(s.clearBtn)
	s.ActionItem = s.clearBtn
	s.SetPlaceHolder(tr.L("Search mail"))
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey: Escape gives the search up (when empty, it goes to the
// window); other keys are the entry's.
func (s *searchBox) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		if s.Text != "" {
			s.clear()
			return
		}
		if passEscape(s, ev) {
			return
		}
	}
	s.Entry.TypedKey(ev)
}

// clear empties the field and shows the folder again at once (not after
// the pause that typing waits for).
func (s *searchBox) clear() {
	s.SetText("")
	if s.onClear != nil {
		s.onClear()
	}
}

// textChanged shows the clear button while there is text (the entry's
// OnChanged, wrapped by ui.go).
func (s *searchBox) textChanged() { s.clearBtn.Refresh() }

// searchClear is the end of the search field: a magnifier while it is
// empty, a × that clears it while it holds text.
type searchClear struct {
	widget.BaseWidget
	box     *searchBox
	icon    *canvas.Image
	hovered bool
}

func (c *searchClear) AccessibilityLabel() string {
	if c.active() {
		return tr.L("Clear the search")
	}
	return tr.L("Search")
}

func (c *searchClear) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// active says whether the × is shown (and a tap clears).
func (c *searchClear) active() bool { return c.box.Text != "" }

func (c *searchClear) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHover))
	bg.CornerRadius = theme.InputRadiusSize()
	r := &searchClearRenderer{c: c, bg: bg}
	r.Refresh() // the first frame already shows the right end
	return r
}

func (c *searchClear) Tapped(*fyne.PointEvent) {
	if c.active() && !c.box.Disabled() {
		c.box.clear()
	}
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		cv.Focus(c.box)
	}
}

func (c *searchClear) Cursor() desktop.Cursor {
	if c.active() {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (c *searchClear) MouseIn(*desktop.MouseEvent)    { c.hovered = true; c.Refresh() }
func (c *searchClear) MouseMoved(*desktop.MouseEvent) {}
func (c *searchClear) MouseOut()                      { c.hovered = false; c.Refresh() }

type searchClearRenderer struct {
	c  *searchClear
	bg *canvas.Rectangle
}

func (r *searchClearRenderer) Layout(size fyne.Size) {
	s := theme.IconInlineSize()
	r.c.icon.Resize(fyne.NewSquareSize(s))
	r.c.icon.Move(fyne.NewPos((size.Width-s)/2, (size.Height-s)/2))
	b := s + theme.InnerPadding()/2
	r.bg.Resize(fyne.NewSquareSize(b))
	r.bg.Move(fyne.NewPos((size.Width-b)/2, (size.Height-b)/2))
}

func (r *searchClearRenderer) MinSize() fyne.Size {
	return fyne.NewSquareSize(theme.IconInlineSize() + theme.InnerPadding()*2)
}

func (r *searchClearRenderer) Refresh() {
	if r.c.active() {
		r.c.icon.Resource = theme.NewThemedResource(theme.CancelIcon())
	} else {
		r.c.icon.Resource = theme.NewColoredResource(theme.SearchIcon(), theme.ColorNamePlaceHolder)
	}
	r.bg.FillColor = theme.Color(theme.ColorNameHover)
	r.bg.Hidden = !r.c.active() || !r.c.hovered
	r.c.icon.Refresh()
	r.bg.Refresh()
}

func (r *searchClearRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.c.icon}
}

func (r *searchClearRenderer) Destroy() {}

// searchTerm is what one part of a search must find in the text: a word,
// or the words of a "quoted phrase" one after the other. prefix: the
// last word also matches longer words (the last word typed, as the
// store searches while typing).
type searchTerm struct {
	words  []string // folded (foldWord)
	prefix bool
}

// searchTerms reads a search as localstore.ParseQuery does, keeping what
// the message text can show: words and phrases (from:, to: and subject:
// terms match the header, has:attachment no text at all). A word is
// what SQLite's unicode61 tokenizer takes for one: letters, digits and
// marks; case and diacritics do not count (remove_diacritics 2).
func searchTerms(q string) []searchTerm {
	q = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, q)
	toks := queryTokens(q)
	var out []searchTerm
	skipNext := false
	for i, t := range toks {
		if skipNext {
			skipNext = false
			continue
		}
		if !t.quoted {
			if k, v, ok := strings.Cut(t.text, ":"); ok {
				switch strings.ToLower(k) {
				case "from", "to", "subject":
					if v == "" && i+1 < len(toks) && toks[i+1].quoted {
						skipNext = true // from:"x y"
					}
					continue
				case "has":
					if v != "" && strings.HasPrefix("attachment", strings.ToLower(v)) {
						continue
					}
				}
			}
		}
		var words []string
		for _, w := range textWords(t.text) {
			words = append(words, foldWord(t.text[w[0]:w[1]]))
		}
		if len(words) == 0 {
			continue
		}
		out = append(out, searchTerm{words: words,
			prefix: !t.quoted && i == len(toks)-1 && !strings.HasSuffix(q, " ")})
	}
	return out
}

type queryToken struct {
	text   string
	quoted bool
}

// queryTokens splits on spaces, keeping "quoted phrases" together
// (localstore's tokenize).
func queryTokens(q string) []queryToken {
	var out []queryToken
	var cur strings.Builder
	inQuote := false
	flush := func(quoted bool) {
		if cur.Len() > 0 {
			out = append(out, queryToken{text: cur.String(), quoted: quoted})
			cur.Reset()
		}
	}
	for _, r := range q {
		switch {
		case r == '"' && !inQuote:
			flush(false)
			inQuote = true
		case r == '"' && inQuote:
			flush(true)
			inQuote = false
		case (r == ' ' || r == '\t') && !inQuote:
			flush(false)
		default:
			cur.WriteRune(r)
		}
	}
	flush(inQuote)
	return out
}

// wordChar is a character of a word for unicode61: letters, digits,
// private use, and the marks (accents) that go with them.
func wordChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Mn, r)
}

// textWords is where each word of s starts and ends (byte offsets).
func textWords(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if wordChar(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// foldWord is a word as the index compares it: lower case, without
// diacritics ("Köln" and "koln" are one word).
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// matches are the parts of s that the terms find: byte ranges, in order,
// not overlapping.
func matches(s string, terms []searchTerm) [][2]int {
	if len(terms) == 0 {
		return nil
	}
	words := textWords(s)
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = foldWord(s[w[0]:w[1]])
	}
	hit := make([]int, len(words)) // how many words from here a term covers
	for _, t := range terms {
		for i := 0; i+len(t.words) <= len(words); i++ {
			ok := true
			for j, w := range t.words {
				last := j == len(t.words)-1
				if folded[i+j] != w && !(last && t.prefix && strings.HasPrefix(folded[i+j], w)) {
					ok = false
					break
				}
			}
			if ok && len(t.words) > hit[i] {
				hit[i] = len(t.words)
			}
		}
	}
	var out [][2]int
	for i := 0; i < len(words); i++ {
		if hit[i] == 0 {
			continue
		}
		end := i + hit[i] - 1
		// A longer match starting inside this one extends it.
		for k := i + 1; k <= end && k < len(words); k++ {
			if k+hit[k]-1 > end {
				end = k + hit[k] - 1
			}
		}
		r := [2]int{words[i][0], words[end][1]}
		if n := len(out); n > 0 && out[n-1][1] >= r[0] {
			out[n-1][1] = r[1]
		} else {
			out = append(out, r)
		}
		i = end
	}
	return out
}
