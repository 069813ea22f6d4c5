package app

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/mailview"
)

// portion is how many blocks the reader lays out at a time: Fyne's rich
// text slows down sharply with thousands of paragraphs, so a very long
// message is shown in portions ("Show more").
const portion = 150

// portionChars is about how much text a portion holds: Fyne measures and
// shapes every shown character on each layout, and the first frame of any
// message should come within 150 ms (#17).
const portionChars = 6000

// pieceChars is the longest paragraph laid out as one: a longer one (a
// 60 KB line took 20 s to wrap, as Fyne measures a run again for every
// line it breaks) is laid out as several pieces that follow each other
// without a blank line. runChars is the longest text run: longer runs are
// cut at a space, so each wrap measures little.
const (
	pieceChars = 1500
	runChars   = 200
)

// splitLong cuts paragraphs longer than pieceChars into pieces (never
// inside a link, at a space where there is one) and says which blocks go
// on the paragraph before them. No text is dropped.
func splitLong(blocks []mailview.Block) ([]mailview.Block, map[int]bool) {
	out := make([]mailview.Block, 0, len(blocks))
	cont := map[int]bool{}
	for _, b := range blocks {
		if b.Kind != mailview.Paragraph || len(b.Text()) <= pieceChars {
			out = append(out, b)
			continue
		}
		cur, n, first := mailview.Block{Kind: b.Kind, Level: b.Level}, 0, true
		flush := func() {
			if len(cur.Spans) == 0 {
				return
			}
			if !first {
				cont[len(out)] = true
			}
			out = append(out, cur)
			cur, n, first = mailview.Block{Kind: b.Kind, Level: b.Level}, 0, false
		}
		for _, sp := range b.Spans {
			if sp.Link != "" {
				if n > 0 && n+len(sp.Text) > pieceChars {
					flush()
				}
				cur.Spans = append(cur.Spans, sp)
				n += len(sp.Text)
				continue
			}
			for sp.Text != "" {
				cut := cutAt(sp.Text, pieceChars-n)
				if cut == 0 {
					flush()
					continue
				}
				piece := sp
				piece.Text = sp.Text[:cut]
				cur.Spans = append(cur.Spans, piece)
				n += cut
				sp.Text = sp.Text[cut:]
				if sp.Text != "" {
					flush()
				}
			}
		}
		flush()
	}
	return out, cont
}

// cutAt is where to cut s to keep at most room bytes: all of it, after
// the last space in the second half of room, or at a character boundary.
func cutAt(s string, room int) int {
	if len(s) <= room {
		return len(s)
	}
	if room <= 0 {
		return 0
	}
	if i := strings.LastIndexByte(s[:room], ' '); i >= room/2 {
		return i + 1
	}
	for room > 0 && !utf8.RuneStart(s[room]) {
		room--
	}
	return room
}

// segments builds Fyne rich text from the message's blocks directly (never
// through Markdown, which would fetch images), one segment per run, capped
// at maxShown characters. onLink is called when a link is tapped.
// Blocks in cont go on the paragraph before them (no blank line between).
func segments(blocks []mailview.Block, cont map[int]bool, onLink func(link string, suspicious bool), picture func(mailview.Block) (fyne.URI, string)) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	shown := 0
	var list *widget.ListSegment
	endList := func() {
		if list != nil {
			segs = append(segs, list)
			list = nil
		}
	}
	for i, b := range blocks {
		if shown > maxShown {
			endList()
			segs = append(segs, &widget.TextSegment{Text: tr.L("This message is very long: only its first part is shown here."),
				Style: widget.RichTextStyle{ColorName: theme.ColorNameWarning, TextStyle: fyne.TextStyle{Italic: true}}})
			break
		}
		shown += len(b.Text())
		if b.Kind != mailview.ListItem {
			endList()
		}
		switch b.Kind {
		case mailview.Rule:
			segs = append(segs, &widget.SeparatorSegment{})
		case mailview.Image:
			if u, placeholder := picture(b); u != nil {
				segs = append(segs, &widget.ImageSegment{Source: u, Title: b.Text()})
			} else if placeholder != "" {
				segs = append(segs, &widget.TextSegment{Text: placeholder, Style: widget.RichTextStyle{ColorName: theme.ColorNameDisabled}})
			}
		case mailview.Heading:
			st := widget.RichTextStyleSubHeading
			if b.Level <= 1 {
				st = widget.RichTextStyleHeading
			}
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: ownLine(st)})
		case mailview.Pre:
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: widget.RichTextStyleCodeBlock})
		case mailview.Quote:
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: ownLine(widget.RichTextStyleBlockquote)})
		case mailview.ListItem:
			if list == nil {
				list = &widget.ListSegment{}
			}
			list.Items = append(list.Items, &widget.TextSegment{Text: strings.TrimSpace(b.Text()), Style: widget.RichTextStyleParagraph})
		default:
			if len(segs) > 0 && !cont[i] { // a blank line between paragraphs
				segs = append(segs, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
			}
			segs = append(segs, spanSegments(b.Spans, onLink)...)
		}
	}
	endList()
	if len(segs) == 0 {
		segs = append(segs, &widget.TextSegment{Text: tr.L("(This message has no text.)"), Style: widget.RichTextStyle{ColorName: theme.ColorNameDisabled}})
	}
	return segs
}

// ownLine is st on a line of its own: Fyne 2.8 made its heading and
// quote styles inline (its Markdown reader now adds the line breaks), so
// a heading ran on into the paragraph after it ("Forwarded message
// From: …" on one line).
func ownLine(st widget.RichTextStyle) widget.RichTextStyle {
	st.Inline = false
	return st
}

// spanSegments lays out one paragraph: inline runs, the last ending the line.
// A link whose text names another place gets its real destination on a
// line of its own below it. (Fyne 2.7 drew a run one character per line
// when it started where not even a character fit — fyne-io/fyne#4303 —
// and this worked around it with forced line breaks and zero-width
// spaces; Fyne 2.8 wraps such runs itself. TestLinksNeverStackCharacters
// keeps watch.)
func spanSegments(spans []mailview.Span, onLink func(string, bool)) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	for _, sp := range spans {
		if sp.Link != "" {
			u, err := url.Parse(sp.Link)
			if err == nil {
				link, sus := sp.Link, sp.Suspicious
				host, lookalike := mailview.DisplayHost(u.Hostname())
				sus = sus || lookalike
				tap := func() { onLink(link, sus) }
				text := shortLinkText(sp.Text)
				if sus {
					text += " ⚠"
				}
				out = append(out, &widget.HyperlinkSegment{Text: text, URL: u, OnTapped: tap})
				// The real destination under the text, unless the text is it.
				if host != "" && (lookalike || !strings.Contains(strings.ToLower(sp.Text), strings.ToLower(strings.TrimPrefix(host, "www.")))) {
					dest := widget.RichTextStyleInline
					dest.ColorName = theme.ColorNameDisabled
					note := tr.L("↳ goes to {{.Host}}", tr.M{"Host": host})
					if lookalike {
						dest.ColorName = theme.ColorNameWarning
						note = tr.L("↳ ⚠ goes to {{.Host}}: its name mixes alphabets to look like another site", tr.M{"Host": host})
					} else if sus {
						dest.ColorName = theme.ColorNameWarning
						note = tr.L("↳ ⚠ goes to {{.Host}}, not where its text says", tr.M{"Host": host})
					}
					out = append(out, lineBreak(), &widget.TextSegment{Text: note, Style: dest})
				}
				continue
			}
		}
		st := widget.RichTextStyleInline
		st.TextStyle = fyne.TextStyle{Bold: sp.Bold, Italic: sp.Italic, Monospace: sp.Code}
		for rest := sp.Text; rest != ""; {
			cut := cutAt(rest, runChars)
			text := rest[:cut]
			rest = rest[cut:]
			out = append(out, &widget.TextSegment{Text: text, Style: st})
		}
	}
	// End the paragraph.
	out = append(out, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
	return out
}

// lineBreak ends the line without a gap.
func lineBreak() widget.RichTextSegment {
	return &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph}
}

// shortLinkText shortens a link whose text is a long address (links do
// not wrap): the person sees where it goes, and the confirmation before
// opening shows it whole.
func shortLinkText(s string) string {
	const max = 48
	r := []rune(s)
	if len(r) <= max || strings.ContainsRune(s, ' ') {
		return s
	}
	return string(r[:max-1]) + "…"
}

// markStyle is how a word the search found (#29) shows: bold, on the
// box Fyne draws behind inline code, in the text's own font, size and
// colour. It stays a text run, which Fyne wraps like any other: a
// segment of our own with a yellow marker behind it was never wrapped
// (Fyne places such an object on the line however little room is left,
// and wraps the text after it in what remained — words were cut in two
// and marked words ran past the edge, seen in the real window), and a
// marker colour of our own needed a theme override on the reader, for
// which Fyne 2.8 loads every font again (300 MB more with the system's
// CJK fonts).
func markStyle(st widget.RichTextStyle) widget.RichTextStyle {
	m := widget.RichTextStyleCodeInline
	m.TextStyle = st.TextStyle
	m.TextStyle.Bold = true
	m.ColorName, m.SizeName, m.Alignment = st.ColorName, st.SizeName, st.Alignment
	return m
}

// isMark says whether s is a word the search found.
func isMark(s *widget.TextSegment) bool { return s.Style == markStyle(s.Style) }

// highlight splits the text segments at what the search terms find and
// marks those parts (markSegment). Links, pictures and rules stay as
// they are.
func highlight(segs []widget.RichTextSegment, terms []searchTerm) []widget.RichTextSegment {
	if len(terms) == 0 {
		return segs
	}
	out := make([]widget.RichTextSegment, 0, len(segs))
	for _, seg := range segs {
		switch s := seg.(type) {
		case *widget.TextSegment:
			if len(matches(s.Text, terms)) == 0 {
				out = append(out, s)
			} else if s.Style.Inline {
				out = append(out, markMatches(s.Text, s.Style, terms)...)
			} else {
				// A block (a heading, a paragraph's end): its pieces go
				// inline and an empty block of its style ends the line.
				out = append(out, markMatches(s.Text, inlineStyle(s.Style), terms)...)
				out = append(out, &widget.TextSegment{Style: s.Style})
			}
		case *widget.ListSegment:
			items := make([]widget.RichTextSegment, len(s.Items))
			for i, it := range s.Items {
				items[i] = it
				if t, ok := it.(*widget.TextSegment); ok && len(matches(t.Text, terms)) > 0 {
					// One item stays one item: its pieces make a paragraph.
					items[i] = &widget.ParagraphSegment{Texts: markMatches(t.Text, inlineStyle(t.Style), terms)}
				}
			}
			out = append(out, &widget.ListSegment{Items: items, Ordered: s.Ordered})
		default:
			out = append(out, seg)
		}
	}
	return out
}

func inlineStyle(st widget.RichTextStyle) widget.RichTextStyle {
	st.Inline = true
	return st
}

// markMatches is text cut into runs of style st, what the terms find
// marked (markStyle).
//
// A line break inside the text becomes a segment of its own: Fyne wraps
// a run that starts with one, after a marked word, in what was left of
// the line before, and cut the next word in two ("nu" / "mbers", #29,
// seen in the real window).
func markMatches(text string, st widget.RichTextStyle, terms []searchTerm) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	plain := func(s string) {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				out = append(out, lineBreak())
			}
			if line != "" {
				out = append(out, &widget.TextSegment{Text: line, Style: st})
			}
		}
	}
	at := 0
	for _, m := range matches(text, terms) {
		if m[0] > at {
			plain(text[at:m[0]])
		}
		out = append(out, &widget.TextSegment{Text: text[m[0]:m[1]], Style: markStyle(st)})
		at = m[1]
	}
	if at < len(text) {
		plain(text[at:])
	}
	return out
}
