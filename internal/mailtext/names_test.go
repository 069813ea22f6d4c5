package mailtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<html><head><style>p{color:red}</style><title>T</title></head><body><p>Hello &amp; welcome,</p><p>Line two<br>Line three</p></body></html>",
			"Hello & welcome,\nLine two\nLine three"},
		{"<div>a <b>bold</b>   word</div><script>var x = '<p>';</script>after", "a bold word\nafter"},
		{"<table><tr><td>one</td><td>two</td></tr><tr><td>three</td></tr></table>", "one two\nthree"},
		{"no tags at all", "no tags at all"},
		{"", ""},
	} {
		if got := HTMLText(c.in); got != c.want {
			t.Errorf("HTMLText(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	// Nesting as deep as real broken mail: every word still there.
	deep := strings.Repeat("<div>", 5000) + "deep text" + strings.Repeat("</div>", 5000)
	if got := HTMLText(deep); got != "deep text" {
		t.Errorf("deep: %q", got)
	}
}

func TestFileNameStaysInItsFolder(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"Bericht Ä.pdf", "Bericht Ä.pdf"},
		{"../../etc/passwd", "_.._etc_passwd"},
		{`..\..\boot.ini`, `_.._boot.ini`},
		{"a/b\\c:d*e?.txt", "a_b_c_d_e_.txt"},
		{"CON.txt", "_CON.txt"},
		{"lpt9", "_lpt9"},
		{"COM10.txt", "COM10.txt"},
		{".hidden", "hidden"},
		{"..", "attachment"},
		{"", "attachment"},
		{"con:\x00", "con__"},
		{"tab\there", "tab_here"},
	} {
		if got := FileName(c.in, "attachment"); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := strings.Repeat("é", 150) + ".pdf"
	if got := FileName(long, "x"); len(got) > 200 || !strings.HasSuffix(got, "é.pdf") || !strings.HasPrefix(got, "é") {
		t.Errorf("long name: %d bytes %q", len(got), got[:10])
	}
}

// Names that try to hide what they are: the saved name shows it.
func TestFileNameTricks(t *testing.T) {
	cases := map[string]string{
		"invoice.exe\u00a0":         "invoice.exe",
		"invoice.exe\u3000":         "invoice.exe",
		"invoice.exe\u2002 ":        "invoice.exe",
		"invoice\u202Efdp.exe":      "invoicefdp.exe",
		"report\u2067gpj.scr\u2069": "reportgpj.scr",
		"COM1.txt":                  "_COM1.txt",
		// Invisible format characters (#26): zero-width space, word
		// joiner, soft hyphen, byte-order mark, Arabic letter mark, tags,
		// Hangul filler; a gap of spaces is one space.
		"invoice.pdf\u200b.exe":                "invoice.pdf.exe",
		"in\u2060voice\u00ad.exe":              "invoice.exe",
		"\ufeffreport.scr":                     "report.scr",
		"a\u061cb.exe":                         "ab.exe",
		"tag\U000E0041\U000E007F.exe":          "tag.exe",
		"\u3164\u3164.exe":                     "exe",
		"invoice.pdf                     .exe": "invoice.pdf .exe",
		"photo\u00a0\u00a0\u2003.exe":          "photo .exe",
		// Joiners between letters stay (Persian, emoji), elsewhere go.
		"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.pdf": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.pdf",
		"\U0001F468\u200d\U0001F469.png":                       "\U0001F468\u200d\U0001F469.png",
		"\u200dx.exe":                                          "x.exe",
		"x\u200c.exe":                                          "x.exe",
		"lpt9":                                                 "_lpt9",
	}
	for in, want := range cases {
		if got := FileName(in, "x"); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("é", 150) + ".pdf"
	if got := FileName(long, "x"); !utf8.ValidString(got) || len(got) > 200 {
		t.Errorf("long name cut badly: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}

func TestShortFileNameKeepsTheEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"report.pdf", 20, "report.pdf"},
		{"a very long name that goes on and on.pdf.exe", 20, "a very long n…df.exe"},
		{"quarterly-report-2026-final-final-v2.docx", 24, "quarterly-report…v2.docx"},
		{strings.Repeat("x", 40), 10, "xxxxxx…xxx"},
	} {
		got := ShortFileName(c.in, c.max)
		if got != c.want || len([]rune(got)) > c.max {
			t.Errorf("ShortFileName(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
