package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/postie-mail/postie/localstore"
)

func rawOf(t *testing.T, s *localstore.Store, folder int64) [][]byte {
	t.Helper()
	page, err := s.Messages(folder, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for i := len(page) - 1; i >= 0; i-- { // oldest first: the file's order for equal dates
		raw, _ := s.Raw(page[i].ID)
		out = append(out, raw)
	}
	return out
}

// Real mail that old parsers refused is kept byte for byte: obsolete
// header syntax, only MIME headers, an .eml saved with its mbox From_
// line (only that line goes, the last line break stays).
func TestImportKeepsOddButRealMail(t *testing.T) {
	cases := map[string]struct{ file, want string }{
		"obsolete.eml": {"Subject : old style\r\nFrom : a@example.com\r\n\r\nbody\r\n", "Subject : old style\r\nFrom : a@example.com\r\n\r\nbody\r\n"},
		"mimeonly.eml": {"MIME-Version: 1.0\nContent-Type: text/plain\n\nonly MIME headers\n", "MIME-Version: 1.0\nContent-Type: text/plain\n\nonly MIME headers\n"},
		"fromline.eml": {"From kim@example.org Mon Nov  2 10:00:00 2026\nFrom: kim@example.org\nSubject: saved with a From_ line\n\nlast line\n", "From: kim@example.org\nSubject: saved with a From_ line\n\nlast line\n"},
	}
	for name, c := range cases {
		s, in := openStore(t, t.TempDir())
		p := filepath.Join(t.TempDir(), name)
		os.WriteFile(p, []byte(c.file), 0o644)
		rep, err := (&Importer{Store: s, FolderID: in.ID}).Import(p)
		if err != nil || rep.Added != 1 || len(rep.Problems) != 0 {
			t.Fatalf("%s: %+v %v", name, rep, err)
		}
		if got := rawOf(t, s, in.ID); len(got) != 1 || string(got[0]) != c.want {
			t.Fatalf("%s stored as %q", name, got)
		}
	}
}

// An mbox written without quoting a From_ line in a body: with
// Content-Length the line stays in that body; without it, a piece that
// cannot stand as a message (no header line) stays with the message
// before it. Nothing is dropped, no empty message is reported.
func TestMboxUnquotedFromLinesStayInTheirMessage(t *testing.T) {
	first := "From: a@example.com\nSubject: one\nContent-Length: 57\n\nhello\n\nFrom the desk of the director: this is still body\n"
	second := "From: b@example.com\nSubject: two\n\nsecond body\n"
	third := "From: c@example.com\nSubject: three\n\nI wrote\n\nFrom here on it is not a message\nstill three\n"
	file := "From a@example.com Mon Nov  2 10:00:00 2026\n" + first + "\n" +
		"From b@example.com Mon Nov  2 10:01:00 2026\n" + second + "\n" +
		"From c@example.com Mon Nov  2 10:02:00 2026\n" + third
	if len("hello\n\nFrom the desk of the director: this is still body\n") != 57 {
		t.Fatal("fix the test's Content-Length")
	}
	s, in := openStore(t, t.TempDir())
	p := filepath.Join(t.TempDir(), "unquoted.mbox")
	os.WriteFile(p, []byte(file), 0o644)
	rep, err := (&Importer{Store: s, FolderID: in.ID}).Import(p)
	if err != nil || rep.Added != 3 || len(rep.Problems) != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
	got := rawOf(t, s, in.ID)
	want := map[string]bool{first: true, second: true, third: true}
	for _, g := range got {
		if !want[string(g)] {
			t.Errorf("stored %q", g)
		}
	}
	total := 0
	for _, g := range got {
		total += len(g)
	}
	if total != len(first)+len(second)+len(third) || !bytes.Contains(got[len(got)-1], []byte("From here on")) && !bytes.Contains(got[0], []byte("From here on")) {
		t.Fatalf("text was lost: %d bytes stored", total)
	}
}
