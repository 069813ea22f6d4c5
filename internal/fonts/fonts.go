// Package fonts finds, on this computer, TrueType fonts for the
// characters the bundled font lacks — Chinese, Japanese, Korean, Hebrew,
// Arabic… — for the PDF printout, which embeds them (subset).
//
// The window needs none of this: Fyne falls back to the system's fonts by
// itself. The printout's PDF library (gopdf) reads only TrueType (glyf)
// fonts, one at a time, with a Unicode cmap; a .ttc collection's font is
// copied out for it, and CFF fonts (.otf, Noto Sans CJK) are passed over.
//
// Where to look is a table per operating system (Candidates), in order
// of preference per language, since Chinese, Japanese and Korean share
// characters drawn differently; then every TrueType font that fontscan
// (go-text, which Fyne uses for the same purpose) finds on the system.
// No UI code.
package fonts

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-text/typesetting/fontscan"
	"github.com/signintech/gopdf/fontmaker/core"
)

// Face is a TrueType font that gopdf can embed.
type Face struct {
	Name   string  // where it came from: a file (#n for a collection's font), or "bundled"
	Data   []byte  // one TrueType font
	Ascent float64 // the typographic ascender, in ems: where the baseline is below a line's top
	chars  map[int]uint
}

// Covers reports whether the font has a glyph for r.
func (f *Face) Covers(r rune) bool {
	gid, ok := f.chars[int(r)]
	return ok && gid != 0
}

// Load reads font index of data (a .ttf, or a .ttc collection) as gopdf
// will: the error says why a font cannot be used (ErrNotTrueType for CFF).
func Load(name string, data []byte, index int) (*Face, error) {
	sfnt, err := standalone(data, index)
	if err != nil {
		return nil, err
	}
	var p core.TTFParser
	if err := p.ParseFontData(sfnt); err != nil {
		return nil, err
	}
	face := &Face{Name: name, Data: sfnt, chars: p.Chars()}
	if p.UnitsPerEm() > 0 {
		face.Ascent = float64(p.TypoAscender()) / float64(p.UnitsPerEm())
	}
	return face, nil
}

// Candidate is a font file where one may be, and the language its Han
// characters are drawn for ("ja", "ko", "zh"; "" for none in particular).
type Candidate struct {
	Path  string
	Index int // the font within a .ttc collection
	Lang  string
}

// osFonts lists, per operating system, the fonts worth trying first, by
// language and then in order of preference; dirs say where they are
// ($WINDIR and ~ are filled in by Candidates). Only fonts with TrueType
// outlines are of use (many are .ttc collections); a file that is absent
// or not TrueType is passed over. Windows and macOS cannot be tried here:
// the lists are what those systems install by default (Windows 10/11:
// Yu Gothic, Meiryo, Malgun Gothic, Microsoft YaHei and JhengHei, SimSun,
// Arial; macOS: the Heiti and Songti collections, Apple SD Gothic Neo,
// AppleGothic, Arial Unicode).
var osFonts = map[string]struct {
	dirs  []string
	fonts []Candidate
}{
	"windows": {
		dirs: []string{`$WINDIR\Fonts`, `$LOCALAPPDATA\Microsoft\Windows\Fonts`},
		fonts: []Candidate{
			{Path: "YuGothM.ttc", Lang: "ja"}, {Path: "meiryo.ttc", Lang: "ja"}, {Path: "msgothic.ttc", Lang: "ja"},
			{Path: "malgun.ttf", Lang: "ko"}, {Path: "gulim.ttc", Lang: "ko"},
			{Path: "msyh.ttc", Lang: "zh"}, {Path: "simsun.ttc", Lang: "zh"}, {Path: "msjh.ttc", Lang: "zh"}, {Path: "mingliu.ttc", Lang: "zh"},
			{Path: "arial.ttf"}, {Path: "segoeui.ttf"}, {Path: "tahoma.ttf"},
		},
	},
	"darwin": {
		dirs: []string{"/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "/Library/Fonts", "~/Library/Fonts"},
		fonts: []Candidate{
			{Path: "ヒラギノ角ゴシック W3.ttc", Lang: "ja"}, {Path: "Osaka.ttf", Lang: "ja"},
			{Path: "AppleSDGothicNeo.ttc", Lang: "ko"}, {Path: "AppleGothic.ttf", Lang: "ko"},
			{Path: "PingFang.ttc", Lang: "zh"}, {Path: "STHeiti Light.ttc", Lang: "zh"}, {Path: "STHeiti Medium.ttc", Lang: "zh"}, {Path: "Songti.ttc", Lang: "zh"},
			{Path: "Arial Unicode.ttf"}, {Path: "Arial.ttf"}, {Path: "Tahoma.ttf"},
		},
	},
	"linux": {
		dirs: []string{"/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts"},
		fonts: []Candidate{
			{Path: "opentype/ipafont-gothic/ipag.ttf", Lang: "ja"}, {Path: "truetype/takao-gothic/TakaoPGothic.ttf", Lang: "ja"},
			{Path: "truetype/nanum/NanumGothic.ttf", Lang: "ko"}, {Path: "truetype/unfonts-core/UnDotum.ttf", Lang: "ko"},
			{Path: "truetype/arphic/uming.ttc", Lang: "zh"},
			// Debian and Ubuntu, Fedora, Arch: WenQuanYi Micro Hei covers
			// Chinese, Japanese kana and Korean (Droid Sans Fallback no Hangul).
			{Path: "truetype/wqy/wqy-microhei.ttc"}, {Path: "wqy-microhei/wqy-microhei.ttc"}, {Path: "wenquanyi/wqy-microhei/wqy-microhei.ttc"},
			{Path: "truetype/wqy/wqy-zenhei.ttc"}, {Path: "wqy-zenhei/wqy-zenhei.ttc"},
			{Path: "truetype/droid/DroidSansFallbackFull.ttf"}, {Path: "google-droid-sans-fonts/DroidSansFallbackFull.ttf"},
			// Hebrew and Arabic (with Arabic's joined forms).
			{Path: "truetype/dejavu/DejaVuSans.ttf"}, {Path: "dejavu-sans-fonts/DejaVuSans.ttf"}, {Path: "TTF/DejaVuSans.ttf"},
			{Path: "truetype/freefont/FreeSans.ttf"},
		},
	},
}

// Candidates lists the font files to try first on goos, each directory
// of its table in turn; getenv fills in $WINDIR, $LOCALAPPDATA and ~
// ($HOME). Paths are spelled for goos, whatever this system is.
func Candidates(goos string, getenv func(string) string) []Candidate {
	t, ok := osFonts[goos]
	if !ok {
		t = osFonts["linux"] // the BSDs lay fonts out the same way
	}
	sep := "/"
	if goos == "windows" {
		sep = `\`
	}
	var out []Candidate
	for _, dir := range t.dirs {
		d, ok := expand(dir, goos, getenv)
		if !ok {
			continue
		}
		for _, c := range t.fonts {
			c.Path = d + sep + strings.ReplaceAll(c.Path, "/", sep)
			out = append(out, c)
		}
	}
	return out
}

// expand fills in a directory's variables; false when one is unknown.
func expand(dir, goos string, getenv func(string) string) (string, bool) {
	if strings.HasPrefix(dir, "~/") {
		home := getenv("HOME")
		if home == "" {
			return "", false
		}
		return home + dir[1:], true
	}
	for _, v := range []string{"WINDIR", "LOCALAPPDATA"} {
		if !strings.Contains(dir, "$"+v) {
			continue
		}
		val := getenv(v)
		if val == "" && v == "WINDIR" {
			val = getenv("SystemRoot")
		}
		if val == "" && v == "WINDIR" && goos == "windows" {
			val = `C:\Windows`
		}
		if val == "" {
			return "", false
		}
		dir = strings.ReplaceAll(dir, "$"+v, strings.TrimRight(val, `\/`))
	}
	return dir, true
}

// Finder finds fonts for characters, loading each file once.
type Finder struct {
	candidates []Candidate
	scan       func() []Candidate // more fonts, found when the table's are not enough
	read       func(path string) ([]byte, error)

	mu    sync.Mutex
	faces map[Candidate]*Face // nil: absent or not usable
	once  sync.Once
	more  []Candidate
}

// NewFinder looks in candidates first, then in what scan finds (nil: no
// scan); read reads a file (os.ReadFile).
func NewFinder(candidates []Candidate, scan func() []Candidate, read func(string) ([]byte, error)) *Finder {
	return &Finder{candidates: candidates, scan: scan, read: read, faces: map[Candidate]*Face{}}
}

var (
	systemOnce   sync.Once
	systemFinder *Finder
)

// System is the finder for this computer: its operating system's table,
// then every TrueType font fontscan finds.
func System() *Finder {
	systemOnce.Do(func() {
		systemFinder = NewFinder(Candidates(runtime.GOOS, os.Getenv), scanSystem, os.ReadFile)
	})
	return systemFinder
}

// maxFonts bounds how many fonts one call adds (each is read and parsed).
const maxFonts = 6

// For returns fonts that together have glyphs for as many of missing as
// this computer can draw, best first: for Han characters, those made for
// lang ("ja", "ko", "zh", or "") come first.
func (f *Finder) For(missing []rune, lang string) []*Face {
	f.mu.Lock()
	defer f.mu.Unlock()
	need := map[rune]bool{}
	for _, r := range missing {
		need[r] = true
	}
	var out []*Face
	try := func(cs []Candidate) {
		for _, c := range cs {
			if len(need) == 0 || len(out) >= maxFonts {
				return
			}
			face := f.load(c)
			if face == nil || slices.Contains(out, face) {
				continue
			}
			useful := false
			for r := range need {
				if face.Covers(r) {
					delete(need, r)
					useful = true
				}
			}
			if useful {
				out = append(out, face)
			}
		}
	}
	byLang := func(keep func(string) bool) []Candidate {
		var cs []Candidate
		for _, c := range f.candidates {
			if keep(c.Lang) {
				cs = append(cs, c)
			}
		}
		return cs
	}
	if lang != "" {
		try(byLang(func(l string) bool { return l == lang }))
	}
	try(byLang(func(l string) bool { return l == "" }))
	try(byLang(func(l string) bool { return l != "" && l != lang }))
	if len(need) > 0 && f.scan != nil {
		f.once.Do(func() { f.more = f.scan() })
		try(f.more)
	}
	return out
}

// load reads and checks a candidate once; nil when it cannot be used.
func (f *Finder) load(c Candidate) *Face {
	if face, done := f.faces[c]; done {
		return face
	}
	f.faces[c] = nil
	data, err := f.read(c.Path)
	if err != nil {
		return nil
	}
	name := c.Path
	if c.Index > 0 {
		name += "#" + strconv.Itoa(c.Index)
	}
	face, err := Load(name, data, c.Index)
	if err != nil {
		return nil
	}
	f.faces[c] = face
	return face
}

// scanSystem lists the TrueType fonts fontscan finds on this computer
// (its index is kept in the user's cache folder and shared with the
// window's own fallback), those with the most characters first.
func scanSystem() []Candidate {
	fps, err := fontscan.SystemFonts(quiet{}, "")
	if err != nil {
		return nil
	}
	type sized struct {
		c Candidate
		n int
	}
	var list []sized
	for _, fp := range fps {
		switch strings.ToLower(filepath.Ext(fp.Location.File)) {
		case ".ttf", ".ttc":
		default:
			continue // .otf and others: CFF or not readable by gopdf
		}
		n := 0
		for _, r := range []rune{'日', '本', 'あ', '한', 'א', 'ب', 'ก', 'अ', 'Ա', 'ა'} {
			if fp.Runes.Contains(r) {
				n++
			}
		}
		if n == 0 {
			continue
		}
		list = append(list, sized{Candidate{Path: fp.Location.File, Index: int(fp.Location.Index)}, n})
	}
	slices.SortStableFunc(list, func(a, b sized) int { return b.n - a.n })
	out := make([]Candidate, len(list))
	for i, s := range list {
		out[i] = s.c
	}
	return out
}

type quiet struct{}

func (quiet) Printf(string, ...interface{}) {}

// Lang is the language whose drawing of Han characters suits a text:
// Japanese where it has kana, Korean where it has Hangul, Chinese where
// it has Han characters only; "" without any.
func Lang(s []rune) string {
	han := false
	for _, r := range s {
		switch {
		case r >= 0x3040 && r <= 0x30FF, r >= 0x31F0 && r <= 0x31FF, r >= 0xFF66 && r <= 0xFF9F:
			return "ja"
		case r >= 0xAC00 && r <= 0xD7AF, r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F:
			return "ko"
		case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0xF900 && r <= 0xFAFF:
			han = true
		}
	}
	if han {
		return "zh"
	}
	return ""
}
