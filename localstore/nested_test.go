package localstore

import (
	"bytes"
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

// BenchmarkIndexNested2MB reads the worst kind of 2 MB message (parts
// nested as deep as they fit) as the store does before indexing it.
func BenchmarkIndexNested2MB(b *testing.B) {
	raw := testmail.NestedOfSize(2 << 20)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		parseMessage(raw)
	}
}
