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
func HTMLTextUpTo(s string, max int) string { return htmlText(s, max, false) }

// HTMLIndexText is HTMLTextUpTo for the search index: it also holds the
// text of pictures (their alt text), which the reader shows in their
// place.
func HTMLIndexText(s string, max int) string { return htmlText(s, max, true) }

func htmlText(s string, max int, alt bool) string {
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
			name, more := z.TagName()
			switch string(name) {
			case "img":
				if alt && skip == 0 && tt != html.EndTagToken {
					for more {
						var k, v []byte
						k, v, more = z.TagAttr()
						if string(k) == "alt" && strings.TrimSpace(string(v)) != "" {
							if lineHasText {
								b.WriteByte(' ')
							}
							b.WriteString(strings.Join(strings.Fields(string(v)), " "))
							lineHasText, space = true, false
						}
					}
				}
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
