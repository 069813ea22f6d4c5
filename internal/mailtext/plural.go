package mailtext

import "strconv"

// Plural is one or many, as n asks ("message" or "messages").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count is n with its word: "1 message", "3 messages", "12,345 messages".
func Count(n int, one, many string) string {
	return Number(n) + " " + Plural(n, one, many)
}

// Number writes n with thousands separators: 12,345.
func Number(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
