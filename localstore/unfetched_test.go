package localstore

import (
	"strings"
	"testing"
	"time"
)

// Move says "the folder to move to is gone" only when it is; any other
// failure of the lookup (a failing disk, a damaged database: here a
// table that cannot be read) keeps its own words, so the person is not
// told a folder vanished (#25).
func TestMoveSaysGoneOnlyWhenTheFolderIsGone(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	r, err := s.Add(in.ID, []NewMessage{{Raw: genMessage(1, time.Now(), "move me", "body")}})
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{r[0].ID}
	if err := s.Move(ids, 987654); err == nil || !strings.Contains(err.Error(), "the folder to move to is gone") {
		t.Fatalf("to a folder that is not there: %v", err)
	}
	a, _ := s.EnsureLocalAccount(nil)
	arch, _ := s.FolderByRole(a.ID, RoleArchive)
	if _, err := s.w.Exec(`ALTER TABLE accounts RENAME TO accounts_unreadable`); err != nil {
		t.Fatal(err)
	}
	if err := s.Move(ids, arch.ID); err == nil || strings.Contains(err.Error(), "gone") {
		t.Fatalf("a lookup that failed: %v", err)
	}
}
