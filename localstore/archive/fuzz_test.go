package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/postie-mail/postie/localstore"
)

// FuzzImport: any file, read as an mbox (it starts with a From_ line) and
// as a single .eml, imports without a panic or a store error; a single
// .eml that is taken is stored byte for byte.
func FuzzImport(f *testing.F) {
	for _, m := range trickyMessages() {
		f.Add(m)
	}
	f.Add([]byte("From a@b Sat Jan  3 01:05:34 1996\nSubject: x\n\nFrom inside a body\n>From quoted\n\nFrom b@c Sat Jan  3 01:05:34 1996\n\n"))
	f.Add([]byte("From a@b\r\nContent-Length: 5\r\n\r\nFrom \r\n"))
	s, err := localstore.Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	a, err := s.EnsureLocalAccount(nil)
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, data []byte) {
		i := strconv.FormatInt(n.Add(1), 10)
		folder, err := s.CreateFolder(a.ID, localstore.Folder{Name: "F" + i, Path: "F" + i})
		if err != nil {
			t.Fatal(err)
		}
		mbox := filepath.Join(dir, i+".mbox")
		eml := filepath.Join(dir, i+".eml")
		os.WriteFile(mbox, append([]byte("From fuzz@example.com Mon Jan  1 00:00:00 2026\n"), data...), 0o600)
		os.WriteFile(eml, data, 0o600)
		defer os.Remove(mbox)
		defer os.Remove(eml)
		im := &Importer{Store: s, FolderID: folder.ID}
		if _, err := im.Import(mbox); err != nil {
			t.Fatal(err)
		}
		single, err := s.CreateFolder(a.ID, localstore.Folder{Name: "G" + i, Path: "G" + i})
		if err != nil {
			t.Fatal(err)
		}
		im = &Importer{Store: s, FolderID: single.ID}
		rep, err := im.Import(eml)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Added == 1 && !bytes.HasPrefix(data, []byte("From ")) {
			var got []byte
			s.EachRaw(single.ID, func(_ localstore.Summary, raw []byte) error { got = raw; return nil })
			if !bytes.Equal(got, data) {
				t.Fatalf("the .eml was not stored byte for byte")
			}
		}
	})
}
