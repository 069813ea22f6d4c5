package rtl

import "testing"

// A line is drawn as it is read: Hebrew and Arabic words right to left,
// numbers and Latin words inside them left to right, brackets mirrored.
func TestVisual(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc (def) 123", "abc (def) 123"},
		{"שלום עולם", "םלוע םולש"},
		{"מחיר 100 שקל", "לקש 100 ריחמ"},
		{"hello שלום world", "hello םולש world"},
		{"שלום hello עולם", "םלוע hello םולש"},
		{"(שלום)", "(םולש)"},
		{"עברית: שלום, 123.", ".123 ,םולש :תירבע"},
		{"price: 1,000.50 ש\"ח", "price: 1,000.50 ח\"ש"},
		{"סה\"כ 12.5% הנחה", "החנה 12.5% כ\"הס"},
		{"مرحبا 2024 بالعالم", "ملاعلاب 2024 ابحرم"},
		{"שלום  ", "  םולש"}, // trailing spaces are at the paragraph's (left) end
		{"", ""},
	} {
		if got := Visual(c.in); got != c.want {
			t.Errorf("Visual(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Marks (Hebrew points, Arabic harakat) stay after the letter they are
// on, as a renderer drawing left to right needs.
func TestMarksFollowTheirLetter(t *testing.T) {
	in := "שָׁלוֹם" // shin, qamats, shin dot, lamed, vav, holam, final mem
	got := []rune(Visual(in))
	want := []rune{'ם', 'ו', 'ֹ', 'ל', 'ש', 'ָ', 'ׁ'}
	if string(got) != string(want) {
		t.Fatalf("Visual(%q) = %q (% x), want %q", in, string(got), got, string(want))
	}
}

func TestDirection(t *testing.T) {
	if IsRTL([]rune("123 abc שלום")) || !IsRTL([]rune("123 שלום abc")) || IsRTL([]rune("123")) {
		t.Fatal("the paragraph's direction is its first strong letter's")
	}
	if Has([]rune("Привет 日本 123")) || !Has([]rune("x ب")) {
		t.Fatal("Has")
	}
}

// Arabic letters join: initial, medial, final and alone, lam-alef as one.
func TestShapeArabic(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []rune
	}{
		{"سلام", []rune{0xFEB3, 0xFEFC, 0xFEE1}},         // seen initial, lam-alef final, meem alone
		{"بيت", []rune{0xFE91, 0xFEF4, 0xFE96}},          // beh initial, yeh medial, teh final
		{"دار", []rune{0xFEA9, 0xFE8D, 0xFEAD}},          // dal, alef and reh join nothing after them
		{"لا", []rune{0xFEFB}},                           // lam-alef alone
		{"بَيت", []rune{0xFE91, 0x064E, 0xFEF4, 0xFE96}}, // a fatha does not break the joining
		{"پدر", []rune{0xFB58, 0xFEAA, 0xFEAD}},          // Persian peh
		{"a ب b", []rune{'a', ' ', 0xFE8F, ' ', 'b'}},
	} {
		got, src := Shape([]rune(c.in))
		if string(got) != string(c.want) {
			t.Errorf("Shape(%q) = % X, want % X", c.in, got, c.want)
		}
		var back []rune
		for _, s := range src {
			back = append(back, s...)
		}
		if string(back) != c.in {
			t.Errorf("Shape(%q): the sources make %q", c.in, string(back))
		}
	}
	if got, src := Shape([]rune("no Arabic")); string(got) != "no Arabic" || src != nil {
		t.Error("text without Arabic is left alone")
	}
}
