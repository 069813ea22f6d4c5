package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/tr/trtest"
)

// speak makes tr say the sentences in words in German until the test
// ends (trtest.German).
func speak(t *testing.T, words map[string]string) { trtest.German(t, words) }

// The import's summary and problem lines, and the export's note, are
// whole sentences in the person's language with the counts written their
// way.
func TestReportsInThePersonsLanguage(t *testing.T) {
	r := Report{Added: 12345, Duplicates: 1, Problems: []string{"x", "y"}}
	if got := r.Summary(); got != "12,345 messages imported, 1 already here, 2 problems (see the list)." {
		t.Errorf("English: %q", got)
	}
	speak(t, map[string]string{
		"{{.Count}} messages imported, {{.Duplicates}} already here, {{.Problems}} (see the list).#other": "{{.Count}} Nachrichten importiert, {{.Duplicates}} schon vorhanden, {{.Problems}} (siehe Liste).",
		"{{.Count}} messages imported.#one": "Eine Nachricht importiert.",
		"archive.problems#other":            "{{.Count}} Probleme",
		"{{.File}}: skipped, {{.Reason}}":   "{{.File}}: übersprungen, {{.Reason}}",
		"it is empty":                       "sie ist leer",
		"{{.File}}, message {{.Number}}":    "{{.File}}, Nachricht {{.Number}}",
		"{{.Count}} messages were not exported because they are kept on the server only (not downloaded): open them first, or set the account to keep all mail for reading offline, then export again.#other": "{{.Count}} Nachrichten wurden nicht exportiert, weil sie nur auf dem Server liegen.",
	})
	if got := r.Summary(); got != "12.345 Nachrichten importiert, 1 schon vorhanden, 2 Probleme (siehe Liste)." {
		t.Errorf("German: %q", got)
	}
	if got := (Report{Added: 1}).Summary(); got != "Eine Nachricht importiert." {
		t.Errorf("German: %q", got)
	}
	if got := LeftOnServerText(1500); got != "1.500 Nachrichten wurden nicht exportiert, weil sie nur auf dem Server liegen." {
		t.Errorf("German: %q", got)
	}

	s, in := openStore(t, t.TempDir())
	dir := t.TempDir()
	empty := filepath.Join(dir, "leer.eml")
	mbox := filepath.Join(dir, "alt.mbox")
	if os.WriteFile(empty, nil, 0o644) != nil || os.WriteFile(mbox, []byte("From x@y Mon Jan  2 15:04:05 2006\n\n"), 0o644) != nil {
		t.Fatal("cannot write the test files")
	}
	rep, err := (&Importer{Store: s, FolderID: in.ID}).Import(empty, mbox)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rep.Problems, "\n"); got != empty+": übersprungen, sie ist leer\n"+mbox+", Nachricht 1: übersprungen, sie ist leer" {
		t.Errorf("German problems:\n%s", got)
	}
}
