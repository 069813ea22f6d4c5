package mailtext

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FileName makes a name from a message (an attachment's name, a subject,
// a folder or account name) safe as one file name on Windows, macOS and
// Linux: path separators and the characters Windows forbids become "_"
// (so "../x" cannot leave the folder it is saved in), control characters
// too; invisible characters that reorder or hide text (bidi controls such
// as U+202E, zero-width spaces, soft hyphens, byte-order marks, tags:
// Unicode's format characters) are dropped, except a zero-width joiner
// or non-joiner between letters (Persian, Indic scripts, emoji); every
// run of spaces becomes one (a wide gap pushes ".exe" out of sight); no
// leading or trailing dots or spaces (hidden files, Windows trimming);
// Windows' reserved device names (CON, NUL, COM1…) get a "_" in front; at
// most 200 bytes, cut at a character boundary keeping the end (where the
// extension is). An empty result becomes fallback.
//
// It is also the name to show for an attachment: what the person sees
// is what is saved.
func FileName(name, fallback string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == zwnj || r == zwj:
			if i > 0 && i+1 < len(rs) && joins(rs[i-1]) && joins(rs[i+1]) {
				b.WriteRune(r)
			}
		case bidiControl(r) || unicode.Is(unicode.Cf, r) || invisibleFiller(r):
			// a right-to-left override makes exe.pdf look like a PDF
		case r == utf8.RuneError || unicode.IsControl(r) || strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteByte('_')
		case unicode.IsSpace(r):
			if !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ') // no-break, ideographic, en… spaces: one kind, one at a time
			}
		default:
			b.WriteRune(r)
		}
	}
	name = b.String()
	// Windows drops trailing dots and spaces: "invoice.exe " is invoice.exe.
	name = strings.Trim(name, ". ")
	if reservedDevice(name) {
		name = "_" + name
	}
	for len(name) > 200 {
		_, size := utf8.DecodeRuneInString(name)
		name = name[size:]
	}
	name = strings.TrimLeft(name, ". ")
	if name == "" {
		return fallback
	}
	return name
}

const zwnj, zwj = '\u200C', '\u200D'

// joins says whether a zero-width (non-)joiner next to r does what it is
// for: shape letters or join emoji.
func joins(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.So, r)
}

// invisibleFiller are letters that draw nothing (Hangul fillers, the
// blank Braille pattern): a name of them looks empty.
func invisibleFiller(r rune) bool {
	return r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0 || r == 0x2800
}

// ShortFileName is a file name for a label of about max characters: a
// longer one loses its middle, never its end (where the extension is).
func ShortFileName(name string, max int) string {
	r := []rune(name)
	if len(r) <= max || max < 10 {
		return name
	}
	keep := max - 1
	tail := keep / 3
	if ext := []rune(filepath.Ext(name)); len(ext) > tail && len(ext) < keep-4 {
		tail = len(ext)
	}
	return string(r[:keep-tail]) + "…" + string(r[len(r)-tail:])
}

// bidiControl are the invisible characters that reorder text.
func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// reservedDevice says whether Windows would take name for a device.
func reservedDevice(name string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(name), ".")
	base = strings.TrimRight(base, " ")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '1' && base[3] <= '9' {
		return true
	}
	return false
}
