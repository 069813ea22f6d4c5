package archive

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/sample"
)

// realisticWithOddOnes is n realistic messages where some are replaced by
// mail with no header at all (as servers do hand out), some have body
// lines starting with "From " (quoted or not), and some end without a
// line break.
func realisticWithOddOnes(n int) [][]byte {
	base := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	out := make([][]byte, n)
	for i := range out {
		raw := sample.Realistic(i, base)
		switch i % 250 {
		case 17:
			raw = fmt.Appendf(nil, "no header at all, number %d\r\njust text\r\n", i)
		case 18:
			raw = fmt.Appendf(nil, "\r\nstarts with an empty line, number %d\r\n", i)
		case 19:
			raw = fmt.Appendf(nil, "From the desk of number %d: no header, first line From\n\nFrom again\n>From quoted\n", i)
		case 20:
			raw = fmt.Appendf(nil, "headerless %d without a final line break", i)
		case 40:
			raw = append(bytes.TrimRight(raw, "\r\n"), fmt.Sprintf("\r\n\r\nFrom here on %d\r\n>From quoted\r\n>>From twice\r\n\r\nFrom ", i)...)
		case 41:
			raw = bytes.TrimRight(raw, "\r\n") // ends without a line break
		}
		out[i] = raw
	}
	return out
}

func sortedSums(msgs [][]byte) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, fmt.Sprintf("%x", sha256.Sum256(m)))
	}
	sort.Strings(out)
	return out
}

// An mbox Postie wrote reads back as exactly the messages written, byte
// for byte — also those with no header at all, which the guess for other
// writers' files would glue onto the message before (#27: 1,998 of 2,000
// came back before).
func TestMboxRoundTripOfRealisticMailIsExact(t *testing.T) {
	const n = 2000
	want := realisticWithOddOnes(n)
	src, srcInbox := openStore(t, t.TempDir())
	var msgs []localstore.NewMessage
	for _, m := range want {
		msgs = append(msgs, localstore.NewMessage{Raw: m})
	}
	for i := 0; i < n; i += 500 {
		if _, err := src.Add(srcInbox.ID, msgs[i:min(i+500, n)]); err != nil {
			t.Fatal(err)
		}
	}
	if stored := allRaw(t, src, srcInbox.ID); len(stored) != n {
		t.Fatalf("the source store holds %d messages, not %d", len(stored), n)
	}
	out := t.TempDir()
	if got, err := ExportFolder(src, srcInbox, Mbox, out); err != nil || got != n {
		t.Fatalf("export = %d, %v", got, err)
	}
	dst, dstInbox := openStore(t, t.TempDir())
	rep, err := (&Importer{Store: dst, FolderID: dstInbox.ID}).Import(filepath.Join(out, "Inbox.mbox"))
	if err != nil || len(rep.Problems) != 0 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	got := allRaw(t, dst, dstInbox.ID)
	t.Logf("%d messages written, %d came back", n, len(got))
	if rep.Added != n || len(got) != n {
		t.Fatalf("%d messages written, %d came back (report %+v)", n, len(got), rep.Summary())
	}
	ws, gs := sortedSums(want), sortedSums(got)
	for i := range ws {
		if ws[i] != gs[i] {
			t.Fatalf("the messages read back are not the bytes written (first difference at sorted digest %d)", i)
		}
	}
}

// Other programs' mboxes still split where they meant to: a piece with no
// header after a real message stays in that message (an unquoted From_
// line in its body), Content-Length still holds a body together, and a
// From_ line of another writer's that merely has a "remote from" tail is
// not taken for Postie's.
func TestOtherWritersMboxStillSplitsAsBefore(t *testing.T) {
	first := "From: a@example.com\nSubject: one\n\nI wrote\n\nFrom here on it is not a message\nstill one\n"
	second := "From: b@example.com\nSubject: two\nContent-Length: 30\n\nbody\n\nFrom inside, no quoting\n"
	third := "From: c@example.com\nSubject: three\n\nthird\n\nFrom uucp\nno header here\n"
	file := "From a@example.com Mon Nov  2 10:00:00 2026\n" + first + "\n" +
		"From b@example.com Mon Nov  2 10:01:00 2026\n" + second + "\n" +
		"From c@example.com Mon Nov  2 10:02:00 2026 remote from kremvax\n" + third
	p := filepath.Join(t.TempDir(), "other.mbox")
	if err := os.WriteFile(p, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	s, in := openStore(t, t.TempDir())
	rep, err := (&Importer{Store: s, FolderID: in.ID}).Import(p)
	if err != nil || rep.Added != 3 || len(rep.Problems) != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
	got := allRaw(t, s, in.ID)
	var texts []string
	for _, g := range got {
		texts = append(texts, string(g))
	}
	sort.Strings(texts)
	if texts[0] != first || texts[1] != second || texts[2] != third {
		t.Fatalf("split differently: %q", texts)
	}
	if markOf([]byte("From c@example.com Mon Nov  2 10:02:00 2026 remote from kremvax\n")) != otherWriter {
		t.Fatal("another host's remote-from tail taken for Postie's")
	}
	if !strings.HasSuffix(postieMarkNoEOL, ".noeol") || markOf([]byte("From a@b Mon Nov  2 10:02:00 2026"+postieMark+"\r\n")) != postieWriter {
		t.Fatal("Postie's mark not recognised")
	}
}
