// Package sample makes synthetic but realistic mail for tests and
// benchmarks: varied senders, subjects, dates and body sizes.
package sample

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/postie-mail/postie/localstore"
)

var (
	names    = []string{"Anna Müller", "Bob Stone", "Carol Díaz", "Dmitri Ivanov", "Emma Wilson", "Fatima Khan", "George Brown", "Hana Sato", "Ivan Petrov", "Julia Rossi"}
	domains  = []string{"example.com", "example.org", "mail.example.net", "school.example", "shop.example"}
	subjects = []string{"Meeting on %s", "Invoice %d", "Re: holiday photos", "Your order %d has shipped", "Garden club news", "Fwd: recipe for %s", "Question about the report", "Tickets for Saturday", "Weekly update %d", "Lunch?"}
	words    = strings.Fields("the quick brown fox jumps over a lazy dog while our team plans next quarter budget meeting garden tomatoes invoice payment holiday trip Köln Zürich café report draft review thanks regards see attached photos weekend train station library books appointment")
)

// Message returns message i: deterministic for a given i. Bodies are mostly
// small (0.5–4 KB) with a few larger ones.
func Message(i int, base time.Time) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	name := names[r.IntN(len(names))]
	addr := strings.ToLower(strings.Fields(name)[0]) + "@" + domains[r.IntN(len(domains))]
	subj := subjects[r.IntN(len(subjects))]
	if strings.Contains(subj, "%s") {
		subj = fmt.Sprintf(subj, words[r.IntN(len(words))])
	} else if strings.Contains(subj, "%d") {
		subj = fmt.Sprintf(subj, 1000+r.IntN(9000))
	}
	date := base.Add(-time.Duration(i) * 7 * time.Minute)
	size := 500 + r.IntN(3500)
	if r.IntN(50) == 0 {
		size = 20000 + r.IntN(80000)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s <%s>\r\nTo: You <you@example.org>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <gen%d@%s>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
		name, addr, subj, date.Format(time.RFC1123Z), i, domains[0])
	line := 0
	for b.Len() < size {
		b.WriteString(words[r.IntN(len(words))])
		line++
		if line%12 == 0 {
			b.WriteString("\r\n")
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// Fill adds n generated messages to a folder in batches.
func Fill(s *localstore.Store, folderID int64, n int) error {
	base := time.Now()
	batch := make([]localstore.NewMessage, 0, 1000)
	for i := 0; i < n; i++ {
		batch = append(batch, localstore.NewMessage{Raw: Message(i, base), Flags: localstore.Flags(i%3) & localstore.Seen})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := s.Add(folderID, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}
