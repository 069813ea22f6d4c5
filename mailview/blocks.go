package mailview

import (
	"net/url"
	"strings"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/tr"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// BlockKind is the kind of a block of the body.
type BlockKind int

// The kinds of block.
const (
	Paragraph BlockKind = iota
	Heading
	Quote
	Pre
	ListItem
	Rule
	Image // a picture: from the message itself (CID) or from the internet (Src)
)

// Block is one paragraph-like piece of the body.
type Block struct {
	Kind  BlockKind
	Spans []Span
	Level int    // heading level (1–6) or list depth
	CID   string // for Image: the Content-ID of the picture's part
	Src   string // for Image: a web address (loaded only when the person asks)
}

// Text is the block's plain text.
func (b Block) Text() string {
	var s strings.Builder
	for _, sp := range b.Spans {
		s.WriteString(sp.Text)
	}
	return s.String()
}

// Span is a run of text with one style.
type Span struct {
	Text         string
	Bold, Italic bool
	Code         bool
	Link         string // http, https or mailto only
	Suspicious   bool   // the visible text shows another web address than Link
}

// maxBlocksText caps how much HTML text becomes blocks.
const maxBlocksText = 1 << 20

// htmlBlocks converts HTML to blocks. Scripts, styles, forms, frames and
// embedded objects are dropped; images become a short placeholder, and
// remote ones are counted (never fetched).
func htmlBlocks(s string) (blocks []Block, remote int) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		// x/net/html refuses documents nested more than 512 elements
		// deep (some mailing-list software makes them): the text is
		// shown plain rather than not at all. Nothing remote is loaded
		// in plain text.
		return textBlocks(mailtext.HTMLText(s)), 0
	}
	c := &conv{}
	c.walk(doc, style{})
	c.flush()
	return c.blocks, c.remote
}

type style struct {
	bold, italic, code, pre bool
	link                    string
	suspicious              bool
	quote, list             int
	heading                 int
}

type conv struct {
	blocks []Block
	cur    []Span
	kind   BlockKind
	level  int
	remote int
	size   int
}

func (c *conv) flush() {
	if len(c.cur) == 0 {
		return
	}
	// Trim the block's outer whitespace.
	c.cur[0].Text = strings.TrimLeft(c.cur[0].Text, " \n")
	last := len(c.cur) - 1
	c.cur[last].Text = strings.TrimRight(c.cur[last].Text, " \n")
	text := ""
	for _, sp := range c.cur {
		text += sp.Text
	}
	if strings.TrimSpace(text) != "" || c.kind == Rule {
		c.blocks = append(c.blocks, Block{Kind: c.kind, Spans: c.cur, Level: c.level})
	}
	c.cur = nil
}

func (c *conv) start(k BlockKind, level int) {
	c.flush()
	c.kind, c.level = k, level
}

func (c *conv) text(t string, st style) {
	if c.size > maxBlocksText {
		return
	}
	if !st.pre {
		t = collapse(t)
		if t == "" || (t == " " && (len(c.cur) == 0 || strings.HasSuffix(c.cur[len(c.cur)-1].Text, " "))) {
			return
		}
	}
	c.size += len(t)
	sp := Span{Text: t, Bold: st.bold || st.heading > 0, Italic: st.italic, Code: st.code, Link: st.link, Suspicious: st.suspicious}
	if n := len(c.cur); n > 0 {
		prev := &c.cur[n-1]
		if prev.Bold == sp.Bold && prev.Italic == sp.Italic && prev.Code == sp.Code && prev.Link == sp.Link {
			prev.Text += t
			return
		}
	}
	c.cur = append(c.cur, sp)
}

func collapse(s string) string {
	f := strings.Fields(s)
	out := strings.Join(f, " ")
	if len(f) > 0 {
		if strings.IndexAny(s[:1], " \t\r\n") == 0 {
			out = " " + out
		}
		if strings.IndexAny(s[len(s)-1:], " \t\r\n") == 0 {
			out += " "
		}
	} else if s != "" {
		out = " "
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// safeLink keeps only web and mail links.
func safeLink(href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return u.String()
	}
	return ""
}

// suspicious says whether the visible text names a web address other than
// the link's real destination.
func suspicious(visible, href string) bool {
	v := strings.TrimSpace(strings.ToLower(visible))
	if v == "" || strings.ContainsAny(v, " \t") || !strings.Contains(v, ".") {
		return false
	}
	if !strings.Contains(v, "://") {
		v = "http://" + v
	}
	vu, err1 := url.Parse(v)
	hu, err2 := url.Parse(href)
	if err1 != nil || err2 != nil || vu.Host == "" || hu.Scheme == "mailto" {
		return false
	}
	vh := strings.TrimPrefix(vu.Hostname(), "www.")
	hh := strings.TrimPrefix(strings.ToLower(hu.Hostname()), "www.")
	return vh != hh
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

func (c *conv) walk(n *html.Node, st style) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data, st)
		return
	case html.ElementNode:
	default:
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.walk(ch, st)
		}
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript, atom.Iframe, atom.Frame,
		atom.Frameset, atom.Object, atom.Embed, atom.Form, atom.Input, atom.Button, atom.Select, atom.Textarea, atom.Svg, atom.Math:
		return
	case atom.Br:
		c.text("\n", style{pre: true, bold: st.bold, italic: st.italic})
		return
	case atom.Hr:
		c.start(Rule, 0)
		c.cur = []Span{{Text: ""}}
		c.flush()
		return
	case atom.Img:
		src := strings.ToLower(attr(n, "src"))
		alt := attr(n, "alt")
		if strings.HasPrefix(src, "http:") || strings.HasPrefix(src, "https:") || strings.HasPrefix(src, "//") {
			c.remote++
			full := attr(n, "src")
			if strings.HasPrefix(full, "//") {
				full = "https:" + full
			}
			if w, h := attr(n, "width"), attr(n, "height"); w == "1" || h == "1" || w == "0" || h == "0" {
				return // a tracking pixel: never worth showing
			}
			c.flush()
			c.blocks = append(c.blocks, Block{Kind: Image, Src: full, Spans: []Span{{Text: alt}}})
			c.kind, c.level = Paragraph, 0
			return
		}
		if cid, ok := strings.CutPrefix(attr(n, "src"), "cid:"); ok && cid != "" {
			c.flush()
			c.blocks = append(c.blocks, Block{Kind: Image, CID: cid, Spans: []Span{{Text: alt}}})
			c.kind, c.level = Paragraph, 0
			return
		}
		if alt != "" {
			c.text(tr.L("[picture: {{.Caption}}]", tr.M{"Caption": alt}), st)
		}
		return
	}
	inner := st
	kind, level, block := Paragraph, 0, false
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Main, atom.Center, atom.Address, atom.Tr, atom.Dt, atom.Dd, atom.Caption:
		block = true
		kind = Paragraph
		if st.quote > 0 {
			kind = Quote
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		block, kind = true, Heading
		level = int(n.Data[1] - '0')
		inner.heading = level
	case atom.Blockquote:
		block, kind = true, Quote
		inner.quote++
	case atom.Pre:
		block, kind = true, Pre
		inner.pre = true
	case atom.Li:
		block, kind, level = true, ListItem, max(st.list, 1)
	case atom.Ul, atom.Ol:
		inner.list++
	case atom.B, atom.Strong:
		inner.bold = true
	case atom.I, atom.Em, atom.Cite:
		inner.italic = true
	case atom.Code, atom.Tt, atom.Kbd, atom.Samp:
		inner.code = true
	case atom.Td, atom.Th:
		if len(c.cur) > 0 {
			c.text(" · ", st)
		}
	case atom.A:
		if l := safeLink(attr(n, "href")); l != "" {
			inner.link = l
			inner.suspicious = suspicious(textOf(n), l)
		}
	}
	if block {
		c.start(kind, level)
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch, inner)
	}
	if block {
		c.flush()
		c.kind, c.level = Paragraph, 0
		if st.quote > 0 {
			c.kind = Quote
		}
	}
}

// textBlocks makes blocks of plain text: paragraphs at blank lines, and
// runs of "> " lines as quotes.
func textBlocks(s string) []Block {
	var out []Block
	for _, para := range strings.Split(s, "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		kind := Paragraph
		lines := strings.Split(para, "\n")
		quoted := true
		for _, l := range lines {
			if !strings.HasPrefix(strings.TrimSpace(l), ">") {
				quoted = false
			}
		}
		if quoted {
			kind = Quote
			for i, l := range lines {
				lines[i] = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(l), ">"), " ")
			}
			para = strings.Join(lines, "\n")
		}
		out = append(out, Block{Kind: kind, Spans: []Span{{Text: para}}})
	}
	return out
}
