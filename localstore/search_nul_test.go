package localstore

import "testing"

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
