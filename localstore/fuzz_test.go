package localstore

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/postie-mail/postie/internal/testmail"
)

// seedMessages adds the reader's test messages and the hostile ones to a
// fuzz corpus.
func seedMessages(f *testing.F) {
	files, _ := filepath.Glob("../mailview/testdata/*.eml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(testmail.EmptyInReplyTo())
	f.Add(testmail.Nested(40))
	f.Add([]byte("In-Reply-To:\r\nReferences:\r\nFrom:\r\nDate:\r\n\r\n"))
}

// FuzzParseMessage: reading any bytes as the store does never panics
// (a guarded stage that panics marks the message damaged: the fuzzer
// counts that as a crash), and what the list shows is valid UTF-8.
func FuzzParseMessage(f *testing.F) {
	seedMessages(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		p := parseMessage(raw)
		if p.damaged {
			t.Fatal("reading the message panicked (see the log above)")
		}
		for _, s := range []string{p.subject, p.from, p.to, p.cc, p.preview, p.body} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
	})
}

// FuzzAddAndAdopt: any message is stored byte for byte; and when only
// its header arrives from the server later (IMAP, after a move here), the
// copy already stored is adopted instead of stored twice.
func FuzzAddAndAdopt(f *testing.F) {
	seedMessages(f)
	s, err := Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	a, err := s.CreateAccount(Account{Name: "fuzz", Email: "f@example.com", Kind: KindIMAP}, nil)
	if err != nil {
		f.Fatal(err)
	}
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 {
			return
		}
		folder, err := s.CreateFolder(a.ID, Folder{Name: "F", Path: "F" + strconv.FormatInt(n.Add(1), 10)})
		if err != nil {
			t.Fatal(err)
		}
		added, err := s.Add(folder.ID, []NewMessage{{Raw: raw}})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Raw(added[0].ID); err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("stored bytes differ (%v)", err)
		}
		hdr, body := splitHeader(raw)
		header := raw[:len(raw)-len(body)]
		if len(bytes.TrimSpace(hdr)) == 0 {
			return // nothing to recognise it by: stored as new, by design
		}
		again, err := s.Add(folder.ID, []NewMessage{{Raw: header, ServerKey: "7", Partial: true, Size: int64(len(raw))}})
		if err != nil {
			t.Fatal(err)
		}
		if !again[0].Duplicate || again[0].ID != added[0].ID {
			t.Fatalf("the server's header did not adopt the stored copy: %+v", again[0])
		}
		if got, _ := s.Raw(added[0].ID); !bytes.Equal(got, raw) {
			t.Fatal("adoption changed the stored bytes")
		}
	})
}
