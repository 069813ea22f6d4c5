package app

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/mailview"
)

// portion is how many blocks the reader lays out at a time: Fyne's rich
// text slows down sharply with thousands of paragraphs, so a very long
// message is shown in portions ("Show more").
const portion = 150

// segments builds Fyne rich text from the message's blocks directly (never
// through Markdown, which would fetch images), one segment per run, capped
// at maxShown characters. onLink is called when a link is tapped.
func segments(blocks []mailview.Block, onLink func(link string, suspicious bool), picture func(mailview.Block) (fyne.URI, string)) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	shown := 0
	var list *widget.ListSegment
	endList := func() {
		if list != nil {
			segs = append(segs, list)
			list = nil
		}
	}
	for _, b := range blocks {
		if shown > maxShown {
			endList()
			segs = append(segs, &widget.TextSegment{Text: "This message is very long: only its first part is shown here.",
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
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: st})
		case mailview.Pre:
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: widget.RichTextStyleCodeBlock})
		case mailview.Quote:
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: widget.RichTextStyleBlockquote})
		case mailview.ListItem:
			if list == nil {
				list = &widget.ListSegment{}
			}
			list.Items = append(list.Items, &widget.TextSegment{Text: strings.TrimSpace(b.Text()), Style: widget.RichTextStyleParagraph})
		default:
			if len(segs) > 0 { // a blank line between paragraphs
				segs = append(segs, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
			}
			segs = append(segs, spanSegments(b.Spans, onLink)...)
		}
	}
	endList()
	if len(segs) == 0 {
		segs = append(segs, &widget.TextSegment{Text: "(This message has no text.)", Style: widget.RichTextStyle{ColorName: theme.ColorNameDisabled}})
	}
	return segs
}

// spanSegments lays out one paragraph: inline runs, the last ending the line.
//
// It works around Fyne 2.7's rich-text wrapping, which draws a text run
// one character per line when the run starts where not even a character
// fits: after a link that reached the end of the line (links do not
// wrap), or after another run that ended a few pixels short of it
// (fyne-io/fyne#3393, #4303; fixed for text runs after 2.7). So what
// follows a link starts a new line (a link whose text names another
// place gets the real destination on a line of its own below it), and
// every further run starts with a zero-width space, which always fits.
func spanSegments(spans []mailview.Span, onLink func(string, bool)) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	afterText := false // a text run is already on this line
	for i, sp := range spans {
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
				more := len(spans) > i+1
				// The real destination under the text, unless the text is it.
				if host != "" && (lookalike || !strings.Contains(strings.ToLower(sp.Text), strings.ToLower(strings.TrimPrefix(host, "www.")))) {
					dest := widget.RichTextStyleInline
					dest.ColorName = theme.ColorNameDisabled
					note := "↳ goes to " + host
					if lookalike {
						dest.ColorName = theme.ColorNameWarning
						note = "↳ ⚠ goes to " + host + ": its name mixes alphabets to look like another site"
					} else if sus {
						dest.ColorName = theme.ColorNameWarning
						note = "↳ ⚠ goes to " + host + ", not where its text says"
					}
					out = append(out, lineBreak(), &widget.TextSegment{Text: note, Style: dest})
				}
				if more {
					out = append(out, lineBreak())
				}
				afterText = false
				continue
			}
		}
		st := widget.RichTextStyleInline
		st.TextStyle = fyne.TextStyle{Bold: sp.Bold, Italic: sp.Italic, Monospace: sp.Code}
		text := sp.Text
		if afterText {
			text = "\u200b" + text
		}
		out = append(out, &widget.TextSegment{Text: text, Style: st})
		afterText = true
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
