package localstore

import (
	"bytes"
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/testmail"
)

// A message of 20,000 nested parts is stored byte for byte, with its
// header's fields, without taking minutes.
func TestDeeplyNestedMessageIsStored(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	raw := testmail.Nested(20000)
	added, err := s.Add(in.ID, []NewMessage{{Raw: raw}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Raw(added[0].ID)
	m, _ := s.Message(added[0].ID)
	if !bytes.Equal(got, raw) || m.Subject != "nested parts" || !m.HasAttachment {
		t.Fatalf("stored %+v", m)
	}
}

// BenchmarkIndex2MB reads 2 MB messages of the kinds that cost most, as
// the store does before indexing them (goal: each under 100 ms). Nested
// is parts nested as deep as they fit (it took minutes before the walk
// was bounded).
func BenchmarkIndex2MB(b *testing.B) {
	const size = 2 << 20
	hdr := "From: a@example.com\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
	for _, c := range []struct {
		name string
		raw  []byte
	}{
		{"Nested", testmail.NestedOfSize(size)},
		{"OneLine", []byte(hdr + "Content-Type: text/plain\r\n\r\n" + strings.Repeat("word ", size/5) + "\r\n")},
		{"HTML", []byte(hdr + "Content-Type: text/html\r\n\r\n" + strings.Repeat("<div><p>para <b>bold</b> <a href=\"https://example.com/x\">link</a></p></div>\r\n", size/80))},
		{"DeepHTML", []byte(hdr + "Content-Type: text/html\r\n\r\n" + strings.Repeat("<div>", size/10) + "text" + strings.Repeat("</div>", size/10))},
		{"Attachments", []byte(hdr + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" +
			strings.Repeat("--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"+strings.Repeat("QUJDRA==\r\n", 2000), size/20000/1) + "--b--\r\n")},
		{"ManyParts", []byte(hdr + "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + strings.Repeat("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n", size/40) + "--b--\r\n")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.raw)))
			for b.Loop() {
				parseMessage(c.raw)
			}
		})
	}
}
