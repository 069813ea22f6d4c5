package printout

import (
	"strings"
	"testing"
)

func glyphsOf(s string) []glyph {
	var gs []glyph
	for _, r := range s {
		w := 5.0
		if wide(r) {
			w = 10
		}
		gs = append(gs, glyph{r: r, w: w})
	}
	return gs
}

func lines(ls [][]glyph) []string {
	var out []string
	for _, l := range ls {
		out = append(out, string(runesOf(l)))
	}
	return out
}

// Lines break at spaces (left out), between CJK characters but not
// before their closing punctuation, and inside a word too long for a line.
func TestWrap(t *testing.T) {
	d := &doc{}
	for _, c := range []struct {
		in    string
		width float64
		want  string
	}{
		{"aaa bbb ccc", 40, "aaa bbb|ccc"},
		{"日本語のメールです。", 50, "日本語の|メールで|す。"}, // ー and 。 do not start a line
		{"日本語の、メール", 40, "日本語|の、メー|ル"},     // nor 、
		{"「日本語」です", 30, "「日本|語」で|す"},
		{"aaaaaaaaaaaa", 20, "aaaa|aaaa|aaaa"},
		{"", 20, ""},
		{"한국어 메일을 읽습니다", 35, "한국어|메일을|읽습니|다"},
		{"「日本", 20, "「日|本"}, // 「 does not end a line
	} {
		if got := strings.Join(lines(d.wrap(glyphsOf(c.in), c.width)), "|"); got != c.want {
			t.Errorf("wrap(%q, %v) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// A right-to-left line is drawn in reading order, brackets mirrored.
func TestVisualLine(t *testing.T) {
	gs := []glyph{{r: '('}, {r: 'א', level: 1}, {r: 'ב', level: 1}, {r: ')'}}
	gs[0].level, gs[3].level = 1, 1
	if got := string(runesOf(visual(gs))); got != "(בא)" {
		t.Errorf("visual = %q", got)
	}
	ltr := glyphsOf("abc")
	if got := visual(ltr); &got[0] != &ltr[0] {
		t.Error("a left-to-right line is not copied")
	}
}
