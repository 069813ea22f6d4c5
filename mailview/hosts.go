package mailview

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// DisplayHost is how a link's host is shown, as browsers do: the
// readable Unicode name, except where it could pass for another — a name
// mixing Latin letters with Cyrillic, Greek or Armenian ones in one
// label ("pаypal" with a Cyrillic а), or a label written wholly in one of
// those scripts under a Latin top-level domain ("аррӏе.com"). Those are
// shown in their xn-- form, and lookalike is true so the reader can warn.
func DisplayHost(host string) (shown string, lookalike bool) {
	uni, err := idna.ToUnicode(strings.ToLower(host))
	if err != nil {
		return host, false
	}
	labels := strings.Split(uni, ".")
	tldLatin := isLatinOrDigits(labels[len(labels)-1])
	for _, l := range labels {
		scripts := scriptsOf(l)
		confusable := scripts["Cyrillic"] || scripts["Greek"] || scripts["Armenian"]
		if confusable && (scripts["Latin"] || tldLatin) {
			ascii, err := idna.ToASCII(uni)
			if err != nil {
				return host, true
			}
			return ascii, true
		}
	}
	return uni, false
}

// DisplayLink is a link as the confirmation shows it: its host as
// DisplayHost shows it.
func DisplayLink(link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return link, false
	}
	shown, lookalike := DisplayHost(u.Hostname())
	if port := u.Port(); port != "" {
		shown += ":" + port
	}
	u.Host = shown
	return u.String(), lookalike
}

func scriptsOf(label string) map[string]bool {
	m := map[string]bool{}
	for _, r := range label {
		switch {
		case r < 0x80:
			if unicode.IsLetter(r) {
				m["Latin"] = true
			}
		case unicode.Is(unicode.Cyrillic, r):
			m["Cyrillic"] = true
		case unicode.Is(unicode.Greek, r):
			m["Greek"] = true
		case unicode.Is(unicode.Armenian, r):
			m["Armenian"] = true
		case unicode.Is(unicode.Latin, r):
			m["Latin"] = true
		}
	}
	return m
}

func isLatinOrDigits(label string) bool {
	for _, r := range label {
		if r >= 0x80 && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}
