package fonts

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/signintech/gopdf"
)

// Fonts of this machine the tests use (dev.sh installs them): WenQuanYi
// Micro Hei (a TrueType collection: CJK and Hangul), Droid Sans Fallback
// (TrueType, no Hangul), DejaVu Sans (Hebrew, Arabic) and Noto Sans CJK
// (CFF: gopdf cannot embed it).
const (
	wqy    = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
	droid  = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	noto   = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
)

func readOrSkip(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s is not installed (dev.sh installs it): %v", path, err)
	}
	return data
}

// A font of a .ttc collection comes out as a TrueType font gopdf embeds,
// and a PDF made with it has the characters.
func TestCollectionFontForGopdf(t *testing.T) {
	data := readOrSkip(t, wqy)
	for i := 0; i < 2; i++ {
		f, err := Load("wqy", data, i)
		if err != nil {
			t.Fatalf("font %d: %v", i, err)
		}
		if !bytes.HasPrefix(f.Data, []byte{0, 1, 0, 0}) {
			t.Fatalf("font %d is not a single TrueType font", i)
		}
		for _, r := range "日本語中文한국어あア" {
			if !f.Covers(r) {
				t.Errorf("font %d lacks %c", i, r)
			}
		}
		if f.Covers('א') {
			t.Errorf("font %d says it has Hebrew", i)
		}
		pdf := gopdf.GoPdf{}
		pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
		if err := pdf.AddTTFFontData("cjk", f.Data); err != nil {
			t.Fatal(err)
		}
		pdf.AddPage()
		if err := pdf.SetFont("cjk", "", 12); err != nil {
			t.Fatal(err)
		}
		if err := pdf.Cell(nil, "日本語 한국어"); err != nil {
			t.Fatal(err)
		}
		if _, err := pdf.GetBytesPdfReturnErr(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Load("wqy", data, 2); err == nil {
		t.Error("a collection of two has no third font")
	}
}

// CFF fonts (Noto Sans CJK, any .otf) and what is no font are refused.
func TestCFFIsRefused(t *testing.T) {
	if _, err := Load("junk", []byte("not a font at all, really"), 0); !errors.Is(err, ErrNotTrueType) {
		t.Errorf("junk: %v", err)
	}
	data := readOrSkip(t, noto)
	if _, err := Load("noto", data, 0); !errors.Is(err, ErrNotTrueType) {
		t.Errorf("Noto Sans CJK: %v, want ErrNotTrueType", err)
	}
}

// The per-system tables, as paths: Windows and macOS cannot be tried
// here, so their lists are checked as they are spelled.
func TestCandidatesPerSystem(t *testing.T) {
	env := map[string]string{"WINDIR": `D:\Win`, "LOCALAPPDATA": `C:\Users\kim\AppData\Local`, "HOME": "/home/kim"}
	get := func(k string) string { return env[k] }
	paths := func(goos string) []string {
		var out []string
		for _, c := range Candidates(goos, get) {
			out = append(out, c.Path)
		}
		return out
	}
	win := paths("windows")
	for _, want := range []string{`D:\Win\Fonts\YuGothM.ttc`, `D:\Win\Fonts\msyh.ttc`, `D:\Win\Fonts\malgun.ttf`, `D:\Win\Fonts\arial.ttf`,
		`C:\Users\kim\AppData\Local\Microsoft\Windows\Fonts\msyh.ttc`} {
		if !slices.Contains(win, want) {
			t.Errorf("windows: %s missing from %q", want, win)
		}
	}
	if got := Candidates("windows", func(string) string { return "" })[0].Path; got != `C:\Windows\Fonts\YuGothM.ttc` {
		t.Errorf("windows without WINDIR: %s", got)
	}
	mac := paths("darwin")
	for _, want := range []string{"/System/Library/Fonts/STHeiti Light.ttc", "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
		"/System/Library/Fonts/AppleSDGothicNeo.ttc", "/home/kim/Library/Fonts/Arial Unicode.ttf"} {
		if !slices.Contains(mac, want) {
			t.Errorf("darwin: %s missing", want)
		}
	}
	lin := paths("linux")
	for _, want := range []string{wqy, droid, dejavu, "/home/kim/.local/share/fonts/truetype/wqy/wqy-microhei.ttc"} {
		if !slices.Contains(lin, want) {
			t.Errorf("linux: %s missing", want)
		}
	}
	if !slices.Equal(paths("freebsd"), lin) {
		t.Error("the BSDs look where Linux does")
	}
	for _, p := range append(win, mac...) {
		if strings.Contains(p, "$") || strings.Contains(p, "~") {
			t.Errorf("unexpanded: %s", p)
		}
	}
}

// Each system's table is tried in order, per language, with stand-ins
// for its files (this machine's fonts under Windows' and macOS' names):
// Japanese text gets the Japanese font, Korean the Korean one, Hebrew
// and Arabic a font that has them; absent files are passed over.
func TestFinderPerSystem(t *testing.T) {
	cjk, fallback, he := readOrSkip(t, wqy), readOrSkip(t, droid), readOrSkip(t, dejavu)
	cases := []struct {
		goos  string
		files map[string][]byte
		text  string
		lang  string
		want  []string
	}{
		{"windows", map[string][]byte{`C:\Windows\Fonts\YuGothM.ttc`: cjk, `C:\Windows\Fonts\msyh.ttc`: cjk, `C:\Windows\Fonts\malgun.ttf`: fallback},
			"日本語", "ja", []string{`C:\Windows\Fonts\YuGothM.ttc`}},
		{"windows", map[string][]byte{`C:\Windows\Fonts\meiryo.ttc`: cjk, `C:\Windows\Fonts\msyh.ttc`: cjk},
			"日本語", "ja", []string{`C:\Windows\Fonts\meiryo.ttc`}},
		{"windows", map[string][]byte{`C:\Windows\Fonts\YuGothM.ttc`: cjk, `C:\Windows\Fonts\msyh.ttc`: cjk},
			"中文", "zh", []string{`C:\Windows\Fonts\msyh.ttc`}},
		{"windows", map[string][]byte{`C:\Windows\Fonts\malgun.ttf`: cjk, `C:\Windows\Fonts\msyh.ttc`: fallback},
			"한국어", "ko", []string{`C:\Windows\Fonts\malgun.ttf`}},
		// Droid has no Hangul: the Korean font is still found for it.
		{"windows", map[string][]byte{`C:\Windows\Fonts\msyh.ttc`: fallback, `C:\Windows\Fonts\gulim.ttc`: cjk},
			"中文 한국어", "zh", []string{`C:\Windows\Fonts\msyh.ttc`, `C:\Windows\Fonts\gulim.ttc`}},
		{"windows", map[string][]byte{`C:\Windows\Fonts\arial.ttf`: he, `C:\Windows\Fonts\msyh.ttc`: cjk},
			"שלום سلام", "", []string{`C:\Windows\Fonts\arial.ttf`}},
		{"darwin", map[string][]byte{"/System/Library/Fonts/Supplemental/Arial Unicode.ttf": cjk},
			"日本語 한국어", "ja", []string{"/System/Library/Fonts/Supplemental/Arial Unicode.ttf"}},
		{"darwin", map[string][]byte{"/System/Library/Fonts/STHeiti Light.ttc": cjk, "/System/Library/Fonts/Supplemental/Arial.ttf": he},
			"中文 שלום", "zh", []string{"/System/Library/Fonts/STHeiti Light.ttc", "/System/Library/Fonts/Supplemental/Arial.ttf"}},
		{"linux", map[string][]byte{droid: fallback, wqy: cjk, dejavu: he},
			"日本語 한국어 עברית", "ja", []string{wqy, dejavu}},
		{"linux", map[string][]byte{droid: fallback},
			"日本語 한국어", "ja", []string{droid}}, // Hangul: none
		{"linux", map[string][]byte{noto: readOrSkip(t, noto)},
			"日本語", "ja", nil}, // CFF only: nothing gopdf can use
	}
	for _, c := range cases {
		reads := 0
		read := func(p string) ([]byte, error) {
			reads++
			if d, ok := c.files[p]; ok {
				return d, nil
			}
			return nil, os.ErrNotExist
		}
		env := func(k string) string { return map[string]string{"HOME": "/home/kim"}[k] }
		f := NewFinder(Candidates(c.goos, env), nil, read)
		var missing []rune
		for _, r := range c.text {
			if r != ' ' {
				missing = append(missing, r)
			}
		}
		var got []string
		for _, face := range f.For(missing, c.lang) {
			got = append(got, face.Name)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %q: %q, want %q", c.goos, c.text, got, c.want)
		}
		before := reads
		f.For(missing, c.lang)
		if reads != before {
			t.Errorf("%s: files read again", c.goos)
		}
	}
}

// On this machine, the finder finds a font for CJK, Hebrew and Arabic
// (through its table, and fontscan when the table has none).
func TestSystemFinder(t *testing.T) {
	readOrSkip(t, wqy)
	faces := System().For([]rune("日本語한국어שלוםسلام"), "ja")
	covered := func(r rune) bool {
		for _, f := range faces {
			if f.Covers(r) {
				return true
			}
		}
		return false
	}
	for _, r := range "日本語한국어שלוםسلام" {
		if !covered(r) {
			t.Errorf("no font for %c in %d fonts", r, len(faces))
		}
	}
	// Without the table: fontscan's list alone.
	more := NewFinder(nil, scanSystem, os.ReadFile).For([]rune("日한"), "")
	if len(more) == 0 || !more[0].Covers('日') {
		t.Errorf("fontscan found no TrueType CJK font: %v", more)
	}
}

func TestLang(t *testing.T) {
	for s, want := range map[string]string{"会議の予定": "ja", "会议安排": "zh", "회의 일정": "ko", "Hello": "", "漢字と한글": "ja"} {
		if got := Lang([]rune(s)); got != want {
			t.Errorf("Lang(%q) = %q, want %q", s, got, want)
		}
	}
}
