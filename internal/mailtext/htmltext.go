package mailtext

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// HTMLText is the plain words of an HTML document: no tags, entities
// decoded, scripts, styles and the head left out, a line break where a
// block (paragraph, div, list item, row, heading, quote) or a <br> breaks
// the line, spaces collapsed, blank lines dropped. It reads tokens one by
// one, so nesting depth costs nothing. It is what the search index and a
// reopened HTML draft need; the reader's own rendering is mailview's.
func HTMLText(s string) string { return HTMLTextUpTo(s, -1) }

// HTMLTextUpTo is HTMLText that stops once about max bytes of text are
// made (max < 0: no limit): the search index keeps only the start of a
// long newsletter, so the rest is not read at all. The text is tidied as
// it is written (no second pass over it).
func HTMLTextUpTo(s string, max int) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	lineHasText, space := false, false
	newline := func() {
		if lineHasText {
			b.WriteByte('\n')
		}
		lineHasText, space = false, false
	}
	for max < 0 || b.Len() < max {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.TrimSuffix(b.String(), "\n")
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre", "hr":
				newline()
			case "td", "th":
				space = lineHasText
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			for _, r := range string(z.Text()) {
				if unicode.IsSpace(r) {
					space = lineHasText
					continue
				}
				if space {
					b.WriteByte(' ')
					space = false
				}
				b.WriteRune(r)
				lineHasText = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
