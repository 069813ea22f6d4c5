package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/postie-mail/postie/localstore/archive"
	"github.com/postie-mail/postie/mailview"
)

var updateRealWorld = flag.Bool("update-realworld", false, "rewrite testdata/realworld/expect.tsv from what the reader shows now")

// TestRealWorldMail measures Postie against 356 messages from other MIME
// parsers' test suites (testdata/realworld/SOURCES.md): each is imported
// as an .eml file, stored and exported byte for byte, shown by the reader
// without a fault, with its Subject and From where it has them, every
// listed attachment can be saved, and no encoded word is left in a
// Subject. What the reader shows for each is kept in expect.tsv, so a
// change shows up as a diff.
func TestRealWorldMail(t *testing.T) {
	root := "testdata/realworld"
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) != "LICENSE" && filepath.Dir(p) != root {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) < 300 {
		t.Fatalf("only %d messages in the corpus", len(files))
	}

	// Import: every file as an .eml.
	in := t.TempDir()
	want := map[[32]byte]string{} // the bytes each must be stored as
	for i, f := range files {
		raw, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(in, fmt.Sprintf("%04d.eml", i)), raw, 0o644)
		if bytes.HasPrefix(raw, []byte("From ")) { // an mbox From_ line: that line goes
			if _, rest, ok := bytes.Cut(raw, []byte("\n")); ok {
				raw = rest
			}
		}
		want[sha256.Sum256(raw)] = f
	}
	s, err := openProfile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	folder, err := localFolder(s, "Corpus")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := (&archive.Importer{Store: s, FolderID: folder.ID}).Import(in)
	if err != nil {
		t.Fatal(err)
	}
	imported := rep.Added + rep.Duplicates

	// Stored and exported byte for byte.
	out := t.TempDir()
	if _, err := archive.ExportFolder(s, folder, archive.EML, out); err != nil {
		t.Fatal(err)
	}
	identical := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			if _, ok := want[sha256.Sum256(b)]; ok {
				identical++
			}
		}
		return nil
	})

	// The reader.
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	var lines []string
	faults, missingHeaders, attachments, unsaveable, encoded := 0, 0, 0, 0, 0
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		logged.Reset()
		v := mailview.Parse(raw)
		if strings.Contains(logged.String(), "showing a message failed") {
			faults++
			t.Errorf("%s: the reader hit a fault: %s", f, firstLine(logged.String()))
		}
		hasSubject, hasFrom := rawHas(raw, "subject"), rawHas(raw, "from")
		if hasSubject && v.Subject == "" || hasFrom && v.From == "" {
			missingHeaders++
			t.Errorf("%s: has a Subject (%v) or From (%v) the reader does not show: %q %q", f, hasSubject, hasFrom, v.Subject, v.From)
		}
		for _, a := range v.Attachments {
			attachments++
			if _, err := mailview.AttachmentData(raw, a); err != nil {
				unsaveable++
				t.Errorf("%s: attachment %q cannot be saved: %v", f, a.Name, err)
			}
		}
		if strings.Contains(v.Subject, "=?") && strings.Contains(v.Subject, "?=") {
			encoded++
			t.Errorf("%s: Subject left encoded: %q", f, v.Subject)
		}
		var names []string
		for _, a := range v.Attachments {
			names = append(names, a.Name)
		}
		lines = append(lines, strings.Join([]string{strings.TrimPrefix(f, root+"/"), clip(v.Subject), clip(v.From),
			fmt.Sprint(len(v.Text)), clip(strings.Join(names, "|")), fmt.Sprint(v.Damaged)}, "\t"))
	}
	t.Logf("%d messages: %d imported (%.1f%%), %d byte-identical after export, %d reader faults, %d with a Subject/From not shown, %d attachments (%d not saveable), %d Subjects left encoded; refused: %v",
		len(files), imported, 100*float64(imported)/float64(len(files)), identical, faults, missingHeaders, attachments, unsaveable, encoded, rep.Problems)
	if imported*100 < len(files)*99 {
		t.Errorf("only %d of %d imported", imported, len(files))
	}
	if identical != rep.Added {
		t.Errorf("%d of %d stored messages came back byte for byte", identical, rep.Added)
	}

	expect := filepath.Join(root, "expect.tsv")
	got := "# file\tsubject\tfrom\ttext length\tattachments\tnot wholly read\n" + strings.Join(lines, "\n") + "\n"
	if *updateRealWorld {
		os.WriteFile(expect, []byte(got), 0o644)
		return
	}
	old, _ := os.ReadFile(expect)
	if string(old) != got {
		t.Errorf("what the reader shows changed (run go test -run TestRealWorldMail -update-realworld . and review the diff of %s):\n%s", expect, firstDiff(string(old), got))
	}
}

// rawHas says whether the message's own header block has that field with
// a value.
func rawHas(raw []byte, field string) bool {
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			return false
		}
		k, v, ok := strings.Cut(line, ":")
		if line[0] != ' ' && line[0] != '\t' && (!ok || strings.ContainsAny(strings.TrimRight(k, " \t"), " \t")) {
			return false // a line that is no field ends the header (#27)
		}
		if ok && strings.EqualFold(strings.TrimSpace(k), field) && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

func clip(s string) string {
	s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	return s
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}
