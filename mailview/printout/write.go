package printout

import (
	"unicode"

	fontfind "github.com/postie-mail/postie/internal/fonts"
	"github.com/postie-mail/postie/internal/rtl"
)

// Text is written glyph by glyph: each character in the first font that
// has it (the bundled one, then fonts found for Chinese, Japanese,
// Korean, Hebrew, Arabic…), lines broken at spaces and between CJK
// characters, right-to-left runs put in the order they are read (gopdf
// draws characters from left to right and joins nothing).

type glyph struct {
	r      rune
	family string // the font's name in the PDF
	w      float64
	level  uint8 // bidi level: odd is right-to-left
}

type widthKey struct {
	family string
	size   float64
	r      rune
}

// glyphs shapes a paragraph and picks each character's font; rtlPara
// says the paragraph reads from right to left.
func (d *doc) glyphs(para string, font string, size float64) (gs []glyph, rtlPara bool) {
	var rs []rune
	for _, r := range para {
		switch {
		case r == '\t':
			rs = append(rs, ' ', ' ', ' ', ' ')
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r) && r != 0x200D:
			// invisible: bidi controls, zero-width spaces, BOM, soft hyphens
		default:
			rs = append(rs, r)
		}
	}
	shaped, src := rtl.Shape(rs)
	primary := d.primary[0]
	if font == "bold" {
		primary = d.primary[1]
	}
	// Fonts for what the bundled one lacks: the Arabic forms and, should
	// no font have a form, the letters it stands for.
	var missing []rune
	for _, r := range shaped {
		if !primary.Covers(r) && !unicode.IsSpace(r) {
			missing = append(missing, r)
		}
	}
	for i := range src {
		if shaped[i] != src[i][0] {
			missing = append(missing, src[i]...)
		}
	}
	faces := []*fontfind.Face{primary}
	if len(missing) > 0 && d.fallback != nil {
		faces = append(faces, d.fallback(missing, fontfind.Lang(rs))...)
	}
	pick := func(r rune) *fontfind.Face {
		if unicode.IsSpace(r) {
			return primary
		}
		for _, f := range faces {
			if f.Covers(r) {
				return f
			}
		}
		return nil
	}
	var out []rune
	var fs []*fontfind.Face
	for i, r := range shaped {
		if f := pick(r); f != nil {
			out, fs = append(out, r), append(fs, f)
			continue
		}
		if src != nil && shaped[i] != src[i][0] { // the plain letters, unjoined
			for _, s := range src[i] {
				out, fs = append(out, s), append(fs, pick(s))
			}
			continue
		}
		out, fs = append(out, r), append(fs, nil)
	}
	rtlPara = rtl.IsRTL(out)
	levels := rtl.Levels(out, rtlPara)
	for i, r := range out {
		f := fs[i]
		if f == nil {
			d.missing = true
			r, f = '?', primary
		}
		fam, err := d.family(f)
		if err != nil { // a font gopdf took apart but will not embed
			d.missing = true
			r, fam = '?', font
		}
		gs = append(gs, glyph{r: r, family: fam, w: d.width(fam, size, r), level: levels[i]})
	}
	return gs, rtlPara
}

// family adds a fallback font to the PDF the first time it is used.
func (d *doc) family(f *fontfind.Face) (string, error) {
	if name, ok := d.families[f]; ok {
		return name, nil
	}
	name := "fallback" + string(rune('a'+len(d.families)))
	if err := d.pdf.AddTTFFontData(name, f.Data); err != nil {
		return "", err
	}
	d.families[f] = name
	return name, nil
}

// width of r in a font and size, in points.
func (d *doc) width(family string, size float64, r rune) float64 {
	k := widthKey{family, size, r}
	if w, ok := d.widths[k]; ok {
		return w
	}
	w := 0.0
	if d.pdf.SetFont(family, "", size) == nil {
		w, _ = d.pdf.MeasureTextWidth(string(r))
	}
	d.widths[k] = w
	return w
}

// wide characters (CJK) can be broken between, as they have no spaces.
func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// Japanese and Chinese punctuation that never starts a line, and that
// never ends one (kinsoku).
const (
	noStart = "、。，．・：；？！ー…‥）」』】〕〉》〙〗｝］ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.!?:;)]}"
	noEnd   = "（「『【〔〈《〘〖｛［([{"
)

func in(set string, r rune) bool {
	for _, c := range set {
		if c == r {
			return true
		}
	}
	return false
}

// canBreak reports whether a line may end between a and b.
func canBreak(a, b rune) bool {
	if in(noStart, b) || in(noEnd, a) {
		return false
	}
	return a == ' ' || wide(a) || wide(b)
}

// wrap breaks glyphs into lines no wider than width (a word longer than
// a line is cut); spaces where a line breaks are left out. An empty
// paragraph is one empty line.
func (d *doc) wrap(gs []glyph, width float64) [][]glyph {
	var lines [][]glyph
	for len(gs) > 0 {
		x, brk, end := 0.0, 0, len(gs)
		for i, g := range gs {
			if i > 0 && canBreak(gs[i-1].r, g.r) {
				brk = i
			}
			if x+g.w > width && g.r != ' ' && i > 0 {
				end = i
				if brk > 0 {
					end = brk
				}
				break
			}
			x += g.w
		}
		line := gs[:end]
		for len(line) > 0 && line[len(line)-1].r == ' ' {
			line = line[:len(line)-1]
		}
		lines = append(lines, line)
		gs = gs[end:]
		for len(gs) > 0 && gs[0].r == ' ' {
			gs = gs[1:]
		}
	}
	if len(lines) == 0 {
		lines = append(lines, nil)
	}
	return lines
}

func lineWidth(line []glyph) float64 {
	w := 0.0
	for _, g := range line {
		w += g.w
	}
	return w
}

// visual puts a line in the order it is drawn, left to right, with
// brackets in right-to-left runs mirrored.
func visual(line []glyph) []glyph {
	levels := make([]uint8, len(line))
	hasRTL := false
	for i, g := range line {
		levels[i] = g.level
		hasRTL = hasRTL || g.level > 0
	}
	if !hasRTL {
		return line
	}
	out := make([]glyph, 0, len(line))
	for _, i := range rtl.OrderLevels(runesOf(line), levels) {
		g := line[i]
		if g.level%2 == 1 {
			g.r = rtl.Mirror(g.r)
		}
		out = append(out, g)
	}
	return out
}

func runesOf(line []glyph) []rune {
	rs := make([]rune, len(line))
	for i, g := range line {
		rs[i] = g.r
	}
	return rs
}

// line draws glyphs from x, one run per font, all on the bundled font's
// baseline.
func (d *doc) line(gs []glyph, x, size float64) error {
	baseline := d.y + d.primary[0].Ascent*size
	for i := 0; i < len(gs); {
		j := i
		for j < len(gs) && gs[j].family == gs[i].family {
			j++
		}
		if err := d.pdf.SetFont(gs[i].family, "", size); err != nil {
			return err
		}
		d.pdf.SetXY(x, baseline)
		if err := d.pdf.Text(string(runesOf(gs[i:j]))); err != nil {
			return err
		}
		x += lineWidth(gs[i:j])
		i = j
	}
	return nil
}
