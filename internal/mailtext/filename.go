package mailtext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FileName makes a name from a message (an attachment's name, a subject,
// a folder or account name) safe as one file name on Windows, macOS and
// Linux: path separators and the characters Windows forbids become "_"
// (so "../x" cannot leave the folder it is saved in), control characters
// too; no leading or trailing dots or spaces (hidden files, Windows
// trimming); Windows' reserved device names (CON, NUL, COM1…) get a "_"
// in front; at most 200 bytes, cut at a character boundary keeping the
// end (where the extension is). An empty result becomes fallback.
func FileName(name, fallback string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case bidiControl(r):
			return -1 // a right-to-left override makes exe.pdf look like a PDF
		case r == utf8.RuneError || unicode.IsControl(r) || strings.ContainsRune(`<>:"/\|?*`, r):
			return '_'
		case unicode.IsSpace(r):
			return ' ' // no-break, ideographic, en… spaces: one kind
		}
		return r
	}, name)
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
