// Package printout renders a message as the reader shows it — subject,
// sender, recipients, date, the text and the pictures sent inside it — to
// a PDF, for printing (boarding passes, tickets, letters) or keeping.
//
// It has no UI code: the window passes the fonts (so the PDF covers the
// same scripts the screen does; they are embedded, subset) and where the
// message's own pictures are. Pictures from the internet are never
// fetched here: only those the person already allowed reach it.
package printout

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/signintech/gopdf"

	fontfind "github.com/postie-mail/postie/internal/fonts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/mailview"
)

// Fonts are TrueType fonts (regular and bold) to embed. Fallback, when
// set, gives fonts for the characters they lack (Chinese, Japanese,
// Korean, Hebrew, Arabic…): lang says whose way of drawing Han characters
// suits the paragraph (fonts.Lang); fonts.System().For finds them on this
// computer.
type Fonts struct {
	Regular, Bold []byte
	Fallback      func(missing []rune, lang string) []*fontfind.Face
}

// Pictures gives a picture's bytes (PNG or JPEG) by Content-ID, or nil.
type Pictures func(cid string) []byte

// Page geometry, in points (A4).
const (
	pageW, pageH = 595.0, 842.0
	margin       = 50.0
	textW        = pageW - 2*margin
)

type doc struct {
	pdf    *gopdf.GoPdf
	y      float64
	budget mailview.PictureBudget // pictures are measured before gopdf decodes them

	primary  []*fontfind.Face // regular, bold
	fallback func([]rune, string) []*fontfind.Face
	families map[*fontfind.Face]string // the fonts in the PDF, by their name there
	widths   map[widthKey]float64
	missing  bool // a character no font has was printed as "?"
}

// PDF renders v; date is the date as the reader shows it.
func PDF(v mailview.View, date string, fonts Fonts, pictures Pictures) ([]byte, error) {
	d := &doc{pdf: &gopdf.GoPdf{}, fallback: fonts.Fallback, families: map[*fontfind.Face]string{}, widths: map[widthKey]float64{}}
	d.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	for _, f := range []struct {
		name string
		data []byte
	}{{"regular", fonts.Regular}, {"bold", fonts.Bold}} {
		face, err := fontfind.Load(f.name, f.data, 0)
		if err == nil {
			err = d.pdf.AddTTFFontData(f.name, face.Data)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tr.L("the font for the PDF cannot be used"), err)
		}
		d.families[face] = f.name
		d.primary = append(d.primary, face)
	}
	d.newPage()
	subject := strings.TrimSpace(v.Subject)
	if subject == "" {
		subject = tr.L("(no subject)")
	}
	if err := d.text(subject, "bold", 16, 0, gray(0)); err != nil {
		return nil, err
	}
	d.y += 4
	for _, h := range headerLines(v, date) {
		if err := d.text(h, "regular", 10, 0, gray(60)); err != nil {
			return nil, err
		}
	}
	d.rule()
	for _, b := range v.Blocks {
		if err := d.block(b, pictures); err != nil {
			return nil, err
		}
	}
	if len(v.Attachments) > 0 {
		var names []string
		for _, a := range v.Attachments {
			if !a.Inline {
				names = append(names, a.Name)
			}
		}
		if len(names) > 0 {
			d.rule()
			if err := d.text(tr.L("Attachments: {{.Files}}", tr.M{"Files": strings.Join(names, ", ")}), "regular", 9, 0, gray(90)); err != nil {
				return nil, err
			}
		}
	}
	if d.missing {
		d.y += 6
		if err := d.text(tr.L("Some characters of this message could not be printed: this computer has no font for them."), "regular", 9, 0, gray(110)); err != nil {
			return nil, err
		}
	}
	if err := d.pageNumbers(); err != nil {
		return nil, err
	}
	return d.pdf.GetBytesPdfReturnErr()
}

// headerLines are the message's From, To, Cc and Date as printed, the
// labels in the person's language (those that are empty left out).
func headerLines(v mailview.View, date string) []string {
	var out []string
	for _, h := range []struct{ value, line string }{
		{v.From, tr.L("From: {{.From}}", tr.M{"From": v.From})},
		{v.To, tr.L("To: {{.To}}", tr.M{"To": v.To})},
		{v.Cc, tr.L("Cc: {{.Cc}}", tr.M{"Cc": v.Cc})},
		{date, tr.L("Date: {{.Date}}", tr.M{"Date": date})},
	} {
		if strings.TrimSpace(h.value) != "" {
			out = append(out, h.line)
		}
	}
	return out
}

// pageLabel is the line at the foot of a page of a longer printout.
func pageLabel(page, pages int) string {
	return tr.L("Page {{.Page}} of {{.Pages}}", tr.M{"Page": tr.Number(page), "Pages": tr.Number(pages)})
}

// pageNumbers writes "Page N of M" centred under the text of every page,
// once the pages are known; a printout of one page has none.
func (d *doc) pageNumbers() error {
	pages := d.pdf.GetNumberOfPages()
	if pages < 2 {
		return nil
	}
	const size = 8.5
	for p := 1; p <= pages; p++ {
		if err := d.pdf.SetPage(p); err != nil {
			return err
		}
		gs, _ := d.glyphs(pageLabel(p, pages), "regular", size)
		d.y = pageH - margin + 14
		d.pdf.SetTextColor(110, 110, 110)
		if err := d.line(visual(gs), (pageW-lineWidth(gs))/2, size); err != nil {
			return err
		}
	}
	return nil
}

type rgb [3]uint8

func gray(v uint8) rgb { return rgb{v, v, v} }

func (d *doc) newPage() {
	d.pdf.AddPage()
	d.y = margin
}

// text writes s wrapped to the text width (less indent), starting a new
// page when needed; see write.go.
func (d *doc) text(s, font string, size float64, indent float64, c rgb) error {
	lineH := size * 1.35
	for _, para := range strings.Split(s, "\n") {
		gs, rtlPara := d.glyphs(para, font, size)
		for _, line := range d.wrap(gs, textW-indent) {
			if d.y+lineH > pageH-margin {
				d.newPage()
			}
			d.pdf.SetTextColor(c[0], c[1], c[2])
			x := margin + indent
			if rtlPara { // right-to-left paragraphs end at the right margin
				x = pageW - margin - lineWidth(line)
			}
			if err := d.line(visual(line), x, size); err != nil {
				return err
			}
			d.y += lineH
		}
	}
	return nil
}

func (d *doc) rule() {
	d.y += 6
	d.pdf.SetStrokeColor(180, 180, 180)
	d.pdf.SetLineWidth(0.5)
	d.pdf.Line(margin, d.y, pageW-margin, d.y)
	d.y += 10
}

// block writes one block of the body as the reader lays it out.
func (d *doc) block(b mailview.Block, pictures Pictures) error {
	switch b.Kind {
	case mailview.Rule:
		d.rule()
		return nil
	case mailview.Image:
		return d.picture(b, pictures)
	case mailview.Heading:
		d.y += 4
		return d.text(b.Text(), "bold", 14-float64(min(b.Level, 4)), 0, gray(0))
	case mailview.Quote:
		return d.text(spansText(b.Spans), "regular", 10.5, 16, gray(90))
	case mailview.Pre:
		return d.text(b.Text(), "regular", 9.5, 8, gray(30))
	case mailview.ListItem:
		return d.text("•  "+spansText(b.Spans), "regular", 11, 12*float64(max(b.Level, 1)), gray(0))
	}
	if err := d.text(spansText(b.Spans), "regular", 11, 0, gray(0)); err != nil {
		return err
	}
	d.y += 5 // between paragraphs
	return nil
}

// spansText is a paragraph's text; a link whose text is not its address
// gets the address after it, since paper cannot be clicked.
func spansText(spans []mailview.Span) string {
	var s strings.Builder
	for _, sp := range spans {
		s.WriteString(sp.Text)
		if sp.Link == "" {
			continue
		}
		addr := sp.Link
		if u, err := url.Parse(sp.Link); err == nil && u.Scheme == "mailto" {
			addr = u.Opaque
		}
		if !strings.Contains(sp.Text, strings.TrimPrefix(strings.TrimPrefix(addr, "https://"), "http://")) {
			s.WriteString(" <" + addr + ">")
		}
	}
	return s.String()
}

// picture places a picture sent inside the message, scaled to fit the
// width; one that is not there (or from the internet) is left out, one
// too large to decode safely is replaced by a line saying so.
func (d *doc) picture(b mailview.Block, pictures Pictures) error {
	if b.CID == "" || pictures == nil {
		return nil
	}
	data := pictures(b.CID)
	if data == nil {
		return nil
	}
	pw, ph, err := d.budget.Take(data) // before gopdf reads more than its header
	if err != nil {
		return d.text(mailview.PictureNote(err), "regular", 9.5, 0, gray(110))
	}
	img, err := gopdf.ImageHolderByBytes(data)
	if err != nil {
		return nil
	}
	w, h := float64(pw)*0.75, float64(ph)*0.75 // pixels at 96 dpi to points
	if w > textW {
		w, h = textW, h*textW/w
	}
	if maxH := pageH - 2*margin; h > maxH {
		w, h = w*maxH/h, maxH
	}
	if d.y+h > pageH-margin {
		d.newPage()
	}
	if err := d.pdf.ImageByHolder(img, margin, d.y, &gopdf.Rect{W: w, H: h}); err != nil {
		return nil // a picture the PDF cannot hold is left out
	}
	d.y += h + 8
	return nil
}
