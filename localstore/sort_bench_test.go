package localstore_test

import (
	"testing"
	"time"

	"github.com/postie-mail/postie/localstore"
)

// eachOrder runs a benchmark for every key, both ways (#29), in the
// folder sorted so (its index made first, as when the person sorts it).
func eachOrder(b *testing.B, s *localstore.Store, folder int64, fn func(b *testing.B, o localstore.Order)) {
	for _, k := range localstore.SortKeys {
		for _, asc := range []bool{false, true} {
			o := localstore.Order{By: k, Ascending: asc}
			name := string(k) + "/desc"
			if asc {
				name = string(k) + "/asc"
			}
			b.Run(name, func(b *testing.B) {
				start := time.Now()
				if err := s.SetFolderOrder(folder, o); err != nil {
					b.Fatal(err)
				}
				made := time.Since(start)
				fn(b, o)
				b.ReportMetric(made.Seconds(), "s-sorting")
			})
		}
	}
	if err := s.SetFolderOrder(folder, localstore.NewestFirst); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSortedFirstPage: the first 200 messages of a 100,000-message
// folder in every order (s-sorting: SetFolderOrder, which makes the
// folder's index for the key; the other direction finds it made).
func BenchmarkSortedFirstPage(b *testing.B) {
	s, in := big(b)
	eachOrder(b, s, in.ID, func(b *testing.B, o localstore.Order) {
		for b.Loop() {
			if page, err := s.MessagesIn(in.ID, o, nil, 200); err != nil || len(page) != 200 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSortedDeepPage: a page 90,000 rows down in every order
// (keyset: as fast as the first).
func BenchmarkSortedDeepPage(b *testing.B) {
	s, in := big(b)
	eachOrder(b, s, in.ID, func(b *testing.B, o localstore.Order) {
		var cur *localstore.Cursor
		for n := 0; n < bigFolder()*9/10; n += 1000 {
			page, err := s.MessagesIn(in.ID, o, cur, 1000)
			if err != nil || len(page) == 0 {
				b.Fatal(err)
			}
			cur = o.Cursor(page[len(page)-1])
		}
		b.ResetTimer()
		for b.Loop() {
			if page, err := s.MessagesIn(in.ID, o, cur, 200); err != nil || len(page) != 200 {
				b.Fatal(err)
			}
		}
	})
}
