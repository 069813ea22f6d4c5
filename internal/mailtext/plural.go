package mailtext

import "github.com/postie-mail/postie/internal/tr"

// Plural is one or many, as n asks ("message" or "messages").
//
// Deprecated: English only, and it glues words into sentences that other
// languages order differently. Write the whole sentence with tr.N
// (#28); Plural stays until every caller has moved.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count is n with its word: "1 message", "3 messages", "12,345 messages".
//
// Deprecated: use tr.N("{{.Count}} message", "{{.Count}} messages", n),
// which the person's language can say (#28).
func Count(n int, one, many string) string {
	return Number(n) + " " + Plural(n, one, many)
}

// Number writes n as the person writes numbers: 12,345 in English,
// 12.345 in German.
//
// Deprecated: use tr.Number (#28).
func Number(n int) string { return tr.Number(n) }
