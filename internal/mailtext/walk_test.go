package mailtext

import (
	"bytes"
	"io"
	"testing"

	"github.com/emersion/go-message"

	"github.com/postie-mail/postie/internal/testmail"
)

func TestWalkStopsAtTheNestingLimit(t *testing.T) {
	raw := testmail.Nested(20000)
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var parts []Part
	Walk(e, func(p Part) bool {
		parts = append(parts, p)
		if p.Opaque {
			io.Copy(io.Discard, p.Entity.Body)
		}
		return true
	})
	if len(parts) != 1 || !parts[0].Opaque || len(parts[0].Path) != MaxDepth {
		t.Fatalf("parts: %d, first %+v", len(parts), parts[0])
	}
}

func TestWalkHandsOutEveryLeaf(t *testing.T) {
	raw := []byte("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\none\r\n" +
		"--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>three</p>\r\n--b--\r\n" +
		"--a\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: x-unknown\r\n\r\n%PDF\r\n--a--\r\n")
	e, _ := message.Read(bytes.NewReader(raw))
	var paths [][]int
	Walk(e, func(p Part) bool { paths = append(paths, p.Path); return true })
	if len(paths) != 4 || len(paths[1]) != 2 || paths[3][0] != 2 {
		t.Fatalf("paths %v", paths)
	}
}

func BenchmarkWalkNested2MB(b *testing.B) {
	raw := testmail.NestedOfSize(2 << 20)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		e, _ := message.Read(bytes.NewReader(raw))
		Walk(e, func(p Part) bool { io.Copy(io.Discard, p.Entity.Body); return true })
	}
}
