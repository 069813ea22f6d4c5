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
		if r == utf8.RuneError || unicode.IsControl(r) || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, ". \t")
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
