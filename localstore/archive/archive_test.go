package archive

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
)

func openStore(t testing.TB, dir string) (*localstore.Store, localstore.Folder) {
	t.Helper()
	s, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.FolderByRole(a.ID, localstore.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	return s, f
}

// tricky messages: what mbox quoting, line endings and 8-bit must survive.
func trickyMessages() [][]byte {
	return [][]byte{
		[]byte("From: a@example.com\r\nSubject: crlf\r\nDate: Mon, 2 Jan 2023 10:00:00 +0000\r\n\r\nFrom the start of a line\r\n>From quoted once\r\n>>From quoted twice\r\n\r\nFrom after a blank line\r\n"),
		[]byte("From: b@example.com\nSubject: lf only\nDate: Tue, 3 Jan 2023 10:00:00 +0000\n\nbody with \xff 8-bit bytes\n.\n..\n"),
		[]byte("From: \"Doe, John\" <c@example.com>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nDate: Wed, 4 Jan 2023 10:00:00 +0000\r\n\r\n\r\n\r\ntrailing blank lines\r\n\r\n\r\n"),
	}
}

func allRaw(t *testing.T, s *localstore.Store, folder int64) [][]byte {
	var out [][]byte
	if err := s.EachRaw(folder, func(_ localstore.Summary, raw []byte) error {
		out = append(out, raw)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportImportRoundTripIsByteIdentical(t *testing.T) {
	for _, format := range []Format{Mbox, Maildir, EML} {
		t.Run(string(format), func(t *testing.T) {
			src, srcInbox := openStore(t, t.TempDir())
			var msgs []localstore.NewMessage
			for _, m := range trickyMessages() {
				msgs = append(msgs, localstore.NewMessage{Raw: m, Flags: localstore.Seen})
			}
			if _, err := src.Add(srcInbox.ID, msgs); err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			n, err := ExportFolder(src, srcInbox, format, out)
			if err != nil || n != 3 {
				t.Fatalf("export = %d, %v", n, err)
			}
			if _, err := ExportFolder(src, srcInbox, format, out); err == nil {
				t.Fatal("export overwrote an earlier export")
			}
			dst, dstInbox := openStore(t, t.TempDir())
			target := filepath.Join(out, "Inbox")
			if format == Mbox {
				target += ".mbox"
			}
			rep, err := (&Importer{Store: dst, FolderID: dstInbox.ID}).Import(target)
			if err != nil || rep.Added != 3 || len(rep.Problems) != 0 {
				t.Fatalf("import = %+v, %v", rep, err)
			}
			got, want := allRaw(t, dst, dstInbox.ID), allRaw(t, src, srcInbox.ID)
			for i := range want {
				if !bytes.Equal(got[i], want[i]) {
					t.Errorf("message %d changed:\n got %q\nwant %q", i, got[i], want[i])
				}
			}
			if format == Maildir {
				page, _ := dst.Messages(dstInbox.ID, nil, 10)
				for _, m := range page {
					if m.Flags != localstore.Seen {
						t.Errorf("flags not kept through Maildir: %b", m.Flags)
					}
				}
			}
			// Importing the same thing again adds nothing.
			rep, _ = (&Importer{Store: dst, FolderID: dstInbox.ID}).Import(target)
			if rep.Added != 0 || rep.Duplicates != 3 {
				t.Fatalf("second import = %+v", rep)
			}
		})
	}
}

func TestBadInputIsReportedAndGoodMailStillGetsIn(t *testing.T) {
	s, in := openStore(t, t.TempDir())
	before := []localstore.NewMessage{{Raw: []byte("From: keep@example.com\r\nSubject: already here\r\n\r\nstay\r\n")}}
	if _, err := s.Add(in.ID, before); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	garbage := make([]byte, 4096)
	rand.Read(garbage)
	garbage[0] = 0
	paths := []string{
		write("truncated.mbox", []byte("From a@b Mon Jan  2 15:04:05 2006\nFrom: a@example.com\nSubject: good one\n\nhello\n\nFrom b@c Mon Jan  2 15:04:05 2006\nFrom: b@example.com\nSubject: cut off\n\nthis message stops in the midd")),
		write("empty.eml", nil),
		write("notmail.eml", []byte("Dear diary, today I wrote no email at all.\n")),
		write("noheaders.eml", []byte("\r\njust a body with no headers\r\n")),
		write("garbage.bin", garbage),
		filepath.Join(dir, "does-not-exist.mbox"),
		write("good.eml", []byte("From: c@example.com\r\nSubject: good eml\r\n\r\nfine\r\n")),
		write("junk.mbox", []byte("From x@y Mon Jan  2 15:04:05 2006\n\x00\x01\x02 binary\n")),
	}
	rep, err := (&Importer{Store: s, FolderID: in.ID}).Import(paths...)
	if err != nil {
		t.Fatal(err)
	}
	// An .eml is mail whatever its headers: notmail.eml and noheaders.eml
	// are kept byte for byte; only empty and binary files are refused.
	if rep.Added != 5 {
		t.Errorf("added %d, want 5 (two from the truncated mbox, good.eml, notmail.eml, noheaders.eml)", rep.Added)
	}
	joined := strings.Join(rep.Problems, "\n")
	for _, want := range []string{"cut off at the end", "empty.eml: skipped, it is empty",
		"garbage.bin: skipped, it contains binary data", "does-not-exist.mbox: there is no such file", "junk.mbox, message 1: skipped"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no problem line containing %q in:\n%s", want, joined)
		}
	}
	t.Logf("report: %s\n%s", rep.Summary(), joined)
	page, _ := s.Messages(in.ID, nil, 10)
	found := false
	for _, m := range page {
		if m.Subject == "already here" {
			raw, _ := s.Raw(m.ID)
			found = bytes.Equal(raw, before[0].Raw)
		}
	}
	if !found {
		t.Error("a message stored before the import changed or vanished")
	}
}

func TestSafeNameCannotEscapeTheFolder(t *testing.T) {
	for _, in := range []string{"../../etc/passwd", `..\..\win`, "a/b", "..", "", "con:\x00"} {
		got := mailtext.FileName(in, "untitled")
		if strings.ContainsAny(got, `/\:`) || got == ".." || got == "" || strings.HasPrefix(got, ".") {
			t.Errorf("FileName(%q) = %q", in, got)
		}
	}
}

// The crash test runs an import in a child process and kills it (SIGKILL)
// while it writes. The store must open, pass SQLite's integrity check, and
// hold only whole messages whose bytes match what was imported.
func TestImportKilledMidwayLeavesWholeMessagesOnly(t *testing.T) {
	if os.Getenv("POSTIE_CRASH_CHILD") != "" {
		crashChild()
		return
	}
	dir := t.TempDir()
	mbox := filepath.Join(dir, "big.mbox")
	f, _ := os.Create(mbox)
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(f, "From x@y Mon Jan  2 15:04:05 2006\nFrom: n%d@example.com\nSubject: number %d\nMessage-ID: <%d@crash>\n\n%s\n\n", i, i, i, strings.Repeat(fmt.Sprintf("line %d of the body\n", i), 20))
	}
	f.Close()
	for round, afterBatches := range []int{1, 4, 9, 15} {
		profile := filepath.Join(dir, fmt.Sprint("profile", round))
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportKilledMidwayLeavesWholeMessagesOnly$")
		cmd.Env = append(os.Environ(), "POSTIE_CRASH_CHILD=1", "POSTIE_CRASH_PROFILE="+profile, "POSTIE_CRASH_MBOX="+mbox)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the child to report some stored batches, then kill it
		// at a random moment inside the next one.
		sc := bufio.NewScanner(out)
		for seen := 0; seen < afterBatches && sc.Scan(); {
			if strings.HasPrefix(sc.Text(), "stored ") {
				seen++
			}
		}
		time.Sleep(time.Duration(mrand.IntN(15)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		io.Copy(io.Discard, out)
		cmd.Wait()

		s, err := localstore.Open(profile)
		if err != nil {
			t.Fatalf("round %d: store does not open after the kill: %v", round, err)
		}
		a, _ := s.EnsureLocalAccount(nil)
		in, _ := s.FolderByRole(a.ID, localstore.RoleInbox)
		n := 0
		err = s.EachRaw(in.ID, func(m localstore.Summary, raw []byte) error {
			n++
			var i int
			if _, err := fmt.Sscanf(m.Subject, "number %d", &i); err != nil {
				return fmt.Errorf("message %d has subject %q", m.ID, m.Subject)
			}
			want := fmt.Sprintf("From: n%d@example.com\nSubject: number %d\nMessage-ID: <%d@crash>\n\n%s\n", i, i, i, strings.Repeat(fmt.Sprintf("line %d of the body\n", i), 20))
			if string(raw) != want {
				return fmt.Errorf("message %d is not whole: %d bytes, want %d", i, len(raw), len(want))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if ok, err := s.IntegrityCheck(); err != nil || !ok {
			t.Fatalf("round %d: integrity check failed: %v", round, err)
		}
		f, _ := s.Folder(in.ID)
		if f.Total != n || n%batchSize != 0 || n < afterBatches*batchSize || n >= 20000 {
			t.Fatalf("round %d: folder says %d, found %d (whole batches of %d, killed mid-import, expected)", round, f.Total, n, batchSize)
		}
		t.Logf("round %d: killed after batch %d with %d messages stored; store consistent", round, afterBatches, n)
		s.Close()
	}
}

func crashChild() {
	s, err := localstore.Open(os.Getenv("POSTIE_CRASH_PROFILE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	a, _ := s.EnsureLocalAccount(nil)
	in, _ := s.FolderByRole(a.ID, localstore.RoleInbox)
	im := &Importer{Store: s, FolderID: in.ID, Progress: func(done int) { fmt.Printf("stored %d\n", done) }}
	im.Import(os.Getenv("POSTIE_CRASH_MBOX"))
	os.Exit(0)
}
