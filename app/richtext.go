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
func spanSegments(spans []mailview.Span, onLink func(string, bool)) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	for _, sp := range spans {
		if sp.Link != "" {
			u, err := url.Parse(sp.Link)
			if err == nil {
				link, sus := sp.Link, sp.Suspicious
				text := sp.Text
				if sus {
					text += " ⚠"
				}
				out = append(out, &widget.HyperlinkSegment{Text: text, URL: u, OnTapped: func() { onLink(link, sus) }})
				// The real destination next to the text, unless the text is it.
				if host := u.Hostname(); host != "" && !strings.Contains(strings.ToLower(sp.Text), strings.ToLower(strings.TrimPrefix(host, "www."))) {
					dest := widget.RichTextStyleInline
					dest.ColorName = theme.ColorNameDisabled
					if sus {
						dest.ColorName = theme.ColorNameWarning
					}
					out = append(out, &widget.TextSegment{Text: " (" + host + ")", Style: dest})
				}
				continue
			}
		}
		st := widget.RichTextStyleInline
		st.TextStyle = fyne.TextStyle{Bold: sp.Bold, Italic: sp.Italic, Monospace: sp.Code}
		out = append(out, &widget.TextSegment{Text: sp.Text, Style: st})
	}
	// End the paragraph.
	out = append(out, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
	return out
}
