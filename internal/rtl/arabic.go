package rtl

// Arabic letters change shape with their neighbours (initial, medial,
// final, alone). A renderer that draws characters one by one, like the
// PDF printout, needs the shaped letters themselves: Unicode's Arabic
// Presentation Forms, which common fonts (DejaVu Sans, Arial, Tahoma,
// Segoe UI) carry. This is the classic joining of Arabic, Persian and
// Urdu letters and the lam-alef ligatures; other ligatures and the
// marks' placement are not done.

// forms are a letter's isolated, final, initial and medial forms; a letter
// that joins only to the one before it (alef, dal, reh, waw…) has no
// initial and medial forms (0).
type forms [4]rune

var arabicForms = map[rune]forms{
	0x0621: {0xFE80, 0, 0, 0}, // hamza: joins nothing
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	0x0671: {0xFB50, 0xFB51, 0, 0},
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59}, // Persian peh
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D}, // tcheh
	0x0698: {0xFB8A, 0xFB8B, 0, 0},           // jeh
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, // keheh
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95}, // gaf
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF}, // Farsi yeh
}

// lamAlef are the ligatures of lam with a following alef: isolated, final.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const tatweel = 0x0640

// transparent marks (harakat, superscript alef) sit on a letter without
// breaking its joining.
func transparent(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || (r >= 0x06D6 && r <= 0x06ED)
}

// joinsNext reports whether r connects to the letter after it.
func joinsNext(r rune) bool {
	if r == tatweel {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f[2] != 0
}

// joinsPrev reports whether r connects to the letter before it.
func joinsPrev(r rune) bool {
	if r == tatweel {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f[1] != 0
}

// Shape replaces Arabic letters by their joined forms, in logical order.
// src[k] is the text that out[k] stands for: the letter itself, or lam and
// alef for their ligature, so that a caller without a font for a form can
// fall back to the plain letters.
func Shape(s []rune) (out []rune, src [][]rune) {
	has := false
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			has = true
			break
		}
	}
	if !has {
		return s, nil
	}
	// neighbour finds the letter before (step -1) or after (+1) i,
	// past transparent marks.
	neighbour := func(i, step int) rune {
		for j := i + step; j >= 0 && j < len(s); j += step {
			if !transparent(s[j]) {
				return s[j]
			}
		}
		return 0
	}
	out = make([]rune, 0, len(s))
	src = make([][]rune, 0, len(s))
	for i := 0; i < len(s); i++ {
		r := s[i]
		f, ok := arabicForms[r]
		if !ok {
			out, src = append(out, r), append(src, s[i:i+1])
			continue
		}
		prev := joinsNext(neighbour(i, -1)) && f[1] != 0
		if r == 0x0644 { // lam + alef: one ligature
			j := i + 1
			for j < len(s) && transparent(s[j]) {
				j++
			}
			if j < len(s) {
				if lig, ok := lamAlef[s[j]]; ok && j == i+1 {
					form := lig[0]
					if prev {
						form = lig[1]
					}
					out, src = append(out, form), append(src, s[i:j+1])
					i = j
					continue
				}
			}
		}
		next := f[2] != 0 && joinsPrev(neighbour(i, +1))
		form := f[0]
		switch {
		case prev && next:
			form = f[3]
		case prev:
			form = f[1]
		case next:
			form = f[2]
		}
		out, src = append(out, form), append(src, s[i:i+1])
	}
	return out, src
}
