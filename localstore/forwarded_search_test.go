package localstore

import "testing"

// Search finds what the reader shows: the body of a forwarded message,
// and a text part shown inline that carries a file name.
func TestSearchFindsForwardedAndNamedInlineText(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Folders(acct.ID)
	raw := "From: lee@example.org\r\nSubject: Fwd: notes\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhave a look\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: kim@example.org\r\nSubject: notes\r\n\r\nthe zanzibar figures are in\r\n--b\r\nContent-Type: text/plain; name=minutes.txt\r\nContent-Disposition: inline; filename=minutes.txt\r\n\r\nquokka sighting at the meeting\r\n--b--\r\n"
	if _, err := s.Add(fs[0].ID, []NewMessage{{Raw: []byte(raw)}}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"zanzibar", "quokka", "look"} {
		if hits, err := s.Search(q, 0, 10); err != nil || len(hits) != 1 {
			t.Errorf("search %q: %d hits %v", q, len(hits), err)
		}
	}
}

// A message with two Subject lines shows the first in the list, as the
// reader does.
func TestTwoSubjectsTheFirstCounts(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, _ := s.EnsureLocalAccount(nil)
	fs, _ := s.Folders(acct.ID)
	if _, err := s.Add(fs[0].ID, []NewMessage{{Raw: []byte("From: a@b.c\r\nSubject: first\r\nSubject: second\r\n\r\nbody\r\n")}}); err != nil {
		t.Fatal(err)
	}
	page, _ := s.Messages(fs[0].ID, nil, 10)
	for _, m := range page {
		if m.Subject == "second" {
			t.Fatal("the list shows the second Subject")
		}
	}
}
