package localstore

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Whatever is typed or pasted into the search box gives results or none,
// never an error: a NUL byte, other control characters.
func TestSearchAnyInput(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{"a\x00b", "\x00", "from:\x01x", "\"unterminated", "subject:\x7f"} {
		if _, err := s.Search(q, 0, 10); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
}

// The quick first page is Search's first page when mail was stored in the
// order it is dated (as a sync stores it), and only ever holds matches.
func TestSearchNewestIsTheFirstPage(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var msgs []NewMessage
	for i := 0; i < 300; i++ {
		word := "plain"
		if i%3 == 0 {
			word = "garden"
		}
		msgs = append(msgs, NewMessage{Raw: []byte(fmt.Sprintf("From: a@example.com\r\nSubject: note %d\r\nDate: %s\r\n\r\nthe %s news\r\n", i, base.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), word))})
	}
	if _, err := s.Add(in.ID, msgs); err != nil {
		t.Fatal(err)
	}
	full, _ := s.Search("garden", 0, 20)
	quick, err := s.SearchNewest("garden", 0, 20, 40)
	if err != nil || len(quick) != 20 || len(full) != 20 {
		t.Fatalf("%d quick, %d full, %v", len(quick), len(full), err)
	}
	for i := range full {
		if quick[i].ID != full[i].ID {
			t.Fatalf("row %d: %q, want %q", i, quick[i].Subject, full[i].Subject)
		}
	}
	if none, _ := s.SearchNewest("nowhere", in.ID, 20, 40); len(none) != 0 {
		t.Fatalf("%d results for a word no message has", len(none))
	}
}

// While a word is typed, the quick page looks it up as a whole word
// first; when that fills no page, the word is also the start of longer
// ones (as in Search).
func TestSearchNewestTriesTheWholeWordFirst(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var msgs []NewMessage
	add := func(i int, body string) {
		msgs = append(msgs, NewMessage{Raw: []byte(fmt.Sprintf("From: a@example.com\r\nSubject: note %d\r\nDate: %s\r\n\r\n%s\r\n", i, base.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), body))})
	}
	for i := 0; i < 30; i++ {
		add(i, "the garden news")
	}
	for i := 30; i < 35; i++ {
		add(i, "gardening tips") // the newest
	}
	add(35, "a gardener's diary")
	if _, err := s.Add(in.ID, msgs); err != nil {
		t.Fatal(err)
	}
	if q := ParseQuery("from:ann garden"); q.Whole != `sender : "ann" AND "garden"` || q.Match != `sender : "ann" AND "garden"*` {
		t.Fatalf("parsed: %+v", q)
	}
	if q := ParseQuery("garden "); q.Whole != "" {
		t.Fatalf("a finished word has no prefix form: %+v", q)
	}
	// A page of whole-word matches: that page.
	quick, _ := s.SearchNewest("garden", 0, 20, 400)
	if len(quick) != 20 || !strings.Contains(quick[0].Subject, "note 29") {
		t.Fatalf("quick page: %d rows, first %q", len(quick), quick[0].Subject)
	}
	// Fewer whole-word matches than a page: the longer words too.
	quick, _ = s.SearchNewest("garden", 0, 50, 400)
	if len(quick) != 36 || quick[0].Subject != "note 35" {
		t.Fatalf("short page: %d rows, first %q", len(quick), quick[0].Subject)
	}
	quick, _ = s.SearchNewest("gard", 0, 20, 400)
	if len(quick) != 20 || quick[0].Subject != "note 35" {
		t.Fatalf("a word being typed: %d rows, first %q", len(quick), quick[0].Subject)
	}
}
