package localstore

import (
	"testing"
	"time"
)

// MessagesByMessageID finds the message in any folder, every copy of it,
// and nothing for an unknown Message-ID.
func TestMessagesByMessageID(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	sent, err := s.FolderByRole(in.AccountID, RoleSent)
	if err != nil {
		t.Fatal(err)
	}
	raw := genMessage(7, time.Now(), "hello", "hi")
	for _, f := range []Folder{in, sent} {
		if _, err := s.Add(f.ID, []NewMessage{{Raw: raw}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.MessagesByMessageID("m7@example.com")
	if err != nil || len(got) != 2 || got[0].FolderID != in.ID || got[1].FolderID != sent.ID {
		t.Fatalf("%v %+v", err, got)
	}
	if got, err := s.MessagesByMessageID("nobody@example.com"); err != nil || len(got) != 0 {
		t.Fatalf("unknown: %v %+v", err, got)
	}
}
