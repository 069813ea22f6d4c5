package archive

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/sample"
)

// BenchmarkImportMbox imports an mbox of 100,000 generated messages into
// an empty store and reports messages per second.
func BenchmarkImportMbox(b *testing.B) {
	const n = 100_000
	dir := b.TempDir()
	path := filepath.Join(dir, "big.mbox")
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	base := time.Now()
	for i := 0; i < n; i++ {
		WriteMboxMessage(w, localstore.Summary{From: "x@example.com", Date: base}, sample.Message(i, base))
	}
	w.Flush()
	f.Close()
	st, _ := os.Stat(path)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := localstore.Open(filepath.Join(dir, "p", string(rune('a'+i))))
		if err != nil {
			b.Fatal(err)
		}
		a, _ := s.EnsureLocalAccount(nil)
		in, _ := s.FolderByRole(a.ID, localstore.RoleInbox)
		b.StartTimer()
		start := time.Now()
		rep, err := (&Importer{Store: s, FolderID: in.ID}).Import(path)
		if err != nil || rep.Added != n {
			b.Fatalf("%+v %v", rep, err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "msgs/s")
		b.ReportMetric(float64(st.Size())/1e6, "MB")
		s.Close()
	}
}
