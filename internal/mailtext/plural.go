package mailtext

import "strconv"

// Plural is one or many, as n asks ("message" or "messages").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count is n with its word: "1 message", "3 messages".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}
