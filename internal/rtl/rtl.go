// Package rtl puts right-to-left text (Hebrew, Arabic) in the order it is
// read on a line, for drawing that knows no directions: the PDF printout
// writes characters from left to right, one after the other.
//
// It implements the parts of the Unicode Bidirectional Algorithm (UAX #9)
// that plain mail needs — the paragraph's direction from its first strong
// letter, weak and neutral types (numbers, punctuation, spaces), levels,
// reordering and mirrored brackets — on one line at a time. Explicit
// embeddings, overrides and isolates (U+202A–202E, U+2066–2069) are
// ignored, as are bracket pairs (N0); Arabic letters are joined with
// Shape. It has no UI code.
package rtl

import "golang.org/x/text/unicode/bidi"

// Has reports whether s has a right-to-left letter (Hebrew, Arabic,
// Syriac, Thaana, N'Ko…): only then is reordering needed.
func Has(s []rune) bool {
	for _, r := range s {
		if r < 0x0590 {
			continue
		}
		if c := class(r); c == bidi.R || c == bidi.AL {
			return true
		}
	}
	return false
}

func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	if c == bidi.Control || c >= bidi.LRO { // explicit formatting: ignored
		return bidi.BN
	}
	return c
}

// IsRTL reports whether a paragraph that starts with s is right-to-left:
// its first strong letter is Hebrew or Arabic (rules P2, P3).
func IsRTL(s []rune) bool {
	for _, r := range s {
		switch class(r) {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

// Levels resolves the embedding level of each rune of a line (0, 1 or 2:
// even is left-to-right) in a paragraph of the given direction.
func Levels(s []rune, paraRTL bool) []uint8 {
	n := len(s)
	t := make([]bidi.Class, n)
	for i, r := range s {
		t[i] = class(r)
	}
	e := bidi.L // the embedding direction, also sos and eos
	if paraRTL {
		e = bidi.R
	}
	// W1: a mark takes the type of what it is on.
	prev := e
	for i := range t {
		switch t[i] {
		case bidi.NSM:
			t[i] = prev
		case bidi.BN:
		default:
			prev = t[i]
		}
	}
	// W2, W3: European digits after Arabic letters are Arabic numbers;
	// Arabic letters are right-to-left.
	strong := e
	for i := range t {
		switch t[i] {
		case bidi.L, bidi.R:
			strong = t[i]
		case bidi.AL:
			strong = bidi.AL
			t[i] = bidi.R
		case bidi.EN:
			if strong == bidi.AL {
				t[i] = bidi.AN
			}
		}
	}
	// W4: one separator between two numbers of a kind joins them.
	for i := 1; i+1 < n; i++ {
		a, b := t[i-1], t[i+1]
		switch {
		case t[i] == bidi.ES && a == bidi.EN && b == bidi.EN:
			t[i] = bidi.EN
		case t[i] == bidi.CS && a == b && (a == bidi.EN || a == bidi.AN):
			t[i] = a
		}
	}
	// W5: terminators ($, %, °) next to European digits are digits.
	for i := 0; i < n; {
		if t[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < n && (t[j] == bidi.ET || t[j] == bidi.BN) {
			j++
		}
		if (i > 0 && t[i-1] == bidi.EN) || (j < n && t[j] == bidi.EN) {
			for k := i; k < j; k++ {
				t[k] = bidi.EN
			}
		}
		i = j
	}
	// W6: the remaining separators and terminators are neutral.
	for i := range t {
		switch t[i] {
		case bidi.ES, bidi.ET, bidi.CS:
			t[i] = bidi.ON
		}
	}
	// W7: European digits after a left-to-right letter are left-to-right.
	strong = e
	for i := range t {
		switch t[i] {
		case bidi.L, bidi.R:
			strong = t[i]
		case bidi.EN:
			if strong == bidi.L {
				t[i] = bidi.L
			}
		}
	}
	// N1, N2: neutrals between two letters of one direction (numbers
	// count as right-to-left) take it; others the paragraph's.
	dir := func(c bidi.Class) bidi.Class {
		switch c {
		case bidi.L:
			return bidi.L
		case bidi.R, bidi.EN, bidi.AN:
			return bidi.R
		}
		return bidi.ON
	}
	for i := 0; i < n; {
		if dir(t[i]) != bidi.ON {
			i++
			continue
		}
		j := i
		for j < n && dir(t[j]) == bidi.ON {
			j++
		}
		before, after := e, e
		if i > 0 {
			before = dir(t[i-1])
		}
		if j < n {
			after = dir(t[j])
		}
		d := e
		if before == after {
			d = before
		}
		for k := i; k < j; k++ {
			t[k] = d
		}
		i = j
	}
	// I1, I2.
	lv := make([]uint8, n)
	for i, c := range t {
		switch {
		case !paraRTL && c == bidi.R:
			lv[i] = 1
		case !paraRTL && (c == bidi.EN || c == bidi.AN):
			lv[i] = 2
		case paraRTL && c == bidi.R:
			lv[i] = 1
		case paraRTL:
			lv[i] = 2
		}
	}
	// L1: spaces at the end of the line, and before tabs, are at the
	// paragraph's level.
	base := uint8(0)
	if paraRTL {
		base = 1
	}
	trailing := true
	for i := n - 1; i >= 0; i-- {
		c := class(s[i])
		switch {
		case c == bidi.S || c == bidi.B:
			lv[i] = base
			trailing = true
		case trailing && (c == bidi.WS || c == bidi.BN):
			lv[i] = base
		default:
			trailing = false
		}
	}
	return lv
}

// Order is the visual order of a line: Order(s, rtl)[k] is the index in
// s of the rune drawn k-th from the left. Marks stay after the letter
// they are on, as a renderer drawing left to right needs (rule L3).
func Order(s []rune, paraRTL bool) []int {
	return OrderLevels(s, Levels(s, paraRTL))
}

// OrderLevels is Order with the levels given (those of a paragraph, for
// one of its lines).
func OrderLevels(s []rune, lv []uint8) []int {
	idx := make([]int, len(s))
	for i := range idx {
		idx[i] = i
	}
	// L2: from the highest level down to the lowest odd one, reverse
	// every sequence at that level or higher.
	for level := uint8(2); level >= 1; level-- {
		for i := 0; i < len(idx); {
			if lv[idx[i]] < level {
				i++
				continue
			}
			j := i
			for j < len(idx) && lv[idx[j]] >= level {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				idx[a], idx[b] = idx[b], idx[a]
			}
			i = j
		}
	}
	// L3: reversed marks went before their letter: put them back after.
	for i := 0; i < len(idx); i++ {
		if lv[idx[i]]%2 == 0 || !isMark(s[idx[i]]) {
			continue
		}
		j := i
		for j < len(idx) && isMark(s[idx[j]]) && lv[idx[j]]%2 == 1 {
			j++
		}
		if j < len(idx) && lv[idx[j]]%2 == 1 { // the letter they are on
			for a, b := i, j; a < b; a, b = a+1, b-1 {
				idx[a], idx[b] = idx[b], idx[a]
			}
		}
		i = j
	}
	return idx
}

func isMark(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.NSM
}

// Mirror is the character drawn for r in right-to-left text: an opening
// bracket there looks like a closing one (rule L4).
func Mirror(r rune) rune {
	p, _ := bidi.LookupRune(r)
	if !p.IsBracket() {
		switch r {
		case '<':
			return '>'
		case '>':
			return '<'
		case '«':
			return '»'
		case '»':
			return '«'
		case '‹':
			return '›'
		case '›':
			return '‹'
		}
		return r
	}
	m := []rune(bidi.ReverseString(string(r)))
	if len(m) == 1 {
		return m[0]
	}
	return r
}

// Visual is the line s as drawn from left to right: in visual order,
// brackets mirrored in right-to-left runs. A line without right-to-left
// letters comes back as it is.
func Visual(s string) string {
	rs := []rune(s)
	if !Has(rs) {
		return s
	}
	rtl := IsRTL(rs)
	lv := Levels(rs, rtl)
	out := make([]rune, 0, len(rs))
	for _, i := range Order(rs, rtl) {
		r := rs[i]
		if lv[i]%2 == 1 {
			r = Mirror(r)
		}
		out = append(out, r)
	}
	return string(out)
}
