package compose

import (
	"html"
	"regexp"
	"strings"
)

// Simple formatting: the compose window writes plain text, where
// *bold*, _italic_ and lines starting with "- " (a list) are the usual
// plain-text conventions. A message that uses them is sent as
// multipart/alternative: the text as typed, and an HTML version in which
// they are real bold, italics and lists (links become links, quoted
// lines a quote). Readers that show plain text see the conventions.

var (
	boldRe   = regexp.MustCompile(`(^|[\s(\[{"'])\*([^\s*](?:[^*\n]*[^\s*])?)\*($|[\s)\]}"'.,;:!?])`)
	italicRe = regexp.MustCompile(`(^|[\s(\[{"'])_([^\s_](?:[^_\n]*[^\s_])?)_($|[\s)\]}"'.,;:!?])`)
	urlRe    = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)\]]`)
)

func isListLine(l string) bool {
	return strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "• ") || strings.HasPrefix(l, "* ")
}

// HasFormatting says whether text uses bold, italics or a list.
func HasFormatting(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if isListLine(l) && !strings.HasPrefix(l, "> ") {
			return true
		}
	}
	return boldRe.MatchString(text) || italicRe.MatchString(text)
}

// inline turns one line of text into HTML: escaped, with bold, italics
// and links.
func inline(l string) string {
	// Links first, on the raw text, so a URL's own _ or * stays as it is.
	var b strings.Builder
	last := 0
	for _, m := range urlRe.FindAllStringIndex(l, -1) {
		b.WriteString(emphasis(html.EscapeString(l[last:m[0]])))
		u := l[m[0]:m[1]]
		b.WriteString(`<a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + `</a>`)
		last = m[1]
	}
	b.WriteString(emphasis(html.EscapeString(l[last:])))
	return b.String()
}

func emphasis(s string) string {
	s = boldRe.ReplaceAllString(s, "$1<b>$2</b>$3")
	return italicRe.ReplaceAllString(s, "$1<i>$2</i>$3")
}

// TextToHTML renders text with its simple formatting as a small HTML
// document: paragraphs, line breaks, lists, quotes, bold, italics, links.
func TextToHTML(text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"></head><body>\r\n")
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); {
		l := lines[i]
		switch {
		case strings.TrimSpace(l) == "":
			i++
		case strings.HasPrefix(l, ">"):
			var q []string
			for ; i < len(lines) && strings.HasPrefix(lines[i], ">"); i++ {
				q = append(q, strings.TrimPrefix(strings.TrimPrefix(lines[i], ">"), " "))
			}
			b.WriteString("<blockquote style=\"margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex\">\r\n")
			b.WriteString(strings.TrimSuffix(TextToHTMLBody(strings.Join(q, "\n")), "\r\n"))
			b.WriteString("\r\n</blockquote>\r\n")
		case isListLine(l):
			b.WriteString("<ul>\r\n")
			for ; i < len(lines) && isListLine(lines[i]); i++ {
				b.WriteString("<li>" + inline(lines[i][strings.Index(lines[i], " ")+1:]) + "</li>\r\n")
			}
			b.WriteString("</ul>\r\n")
		default:
			var p []string
			for ; i < len(lines) && strings.TrimSpace(lines[i]) != "" && !isListLine(lines[i]) && !strings.HasPrefix(lines[i], ">"); i++ {
				p = append(p, inline(lines[i]))
			}
			b.WriteString("<p>" + strings.Join(p, "<br>\r\n") + "</p>\r\n")
		}
	}
	b.WriteString("</body></html>\r\n")
	return b.String()
}

// TextToHTMLBody is TextToHTML without the document around it.
func TextToHTMLBody(text string) string {
	h := TextToHTML(text)
	h = h[strings.Index(h, "<body>\r\n")+len("<body>\r\n"):]
	return strings.TrimSuffix(h, "</body></html>\r\n")
}
