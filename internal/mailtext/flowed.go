package mailtext

import "strings"

// Unflowed is a text part's text as the reader shows it: a format=flowed
// one (RFC 3676) with its soft line breaks joined, else as it stands. The
// search index holds the same words.
func Unflowed(s string, params map[string]string) string {
	if !strings.EqualFold(params["format"], "flowed") {
		return s
	}
	return unflow(s, strings.EqualFold(params["delsp"], "yes"))
}

// unflow joins the soft line breaks of format=flowed text (RFC 3676 §4.2):
// a line ending in a space continues on the next (the space deleted when
// delsp=yes); space-stuffing goes.
func unflow(s string, delsp bool) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimPrefix(l, " ") // space-stuffing
		if strings.HasSuffix(l, " ") && l != "-- " {
			if delsp {
				l = l[:len(l)-1]
			}
			b.WriteString(l)
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}
