package localstore

import (
	"bytes"
	"testing"
	"time"
)

// A POP message the server could not send is counted per account and
// key, and forgotten in the transaction that finally stores it; the
// stored size is recorded with the key.
func TestPOPTroubleClearedWhenStored(t *testing.T) {
	s := testStore(t)
	pop, _ := s.CreateAccount(Account{Name: "Home", Kind: KindPOP}, StandardFolders())
	in, _ := s.FolderByRole(pop.ID, RoleInbox)
	if tr, err := s.NotePOPTrouble(pop.ID, "U1", false, "dropped"); err != nil || tr.Failures != 1 || tr.Alone != 0 {
		t.Fatalf("%+v %v", tr, err)
	}
	s.NotePOPTrouble(pop.ID, "U1", true, "refused")
	tr, _ := s.NotePOPTrouble(pop.ID, "U1", true, "refused again")
	if tr.Failures != 1 || tr.Alone != 2 || tr.Reason != "refused again" {
		t.Fatalf("%+v", tr)
	}
	s.NotePOPTrouble(pop.ID, "U2", true, "refused")
	raw := genMessage(1, time.Now(), "a", "b")
	if _, err := s.Add(in.ID, []NewMessage{{Raw: raw, ServerKey: "U1"}}); err != nil {
		t.Fatal(err)
	}
	all, _ := s.POPTroubles(pop.ID)
	if _, ok := all["U1"]; ok || len(all) != 1 {
		t.Fatalf("after storing U1: %+v", all)
	}
	seen, _ := s.SeenKeys(pop.ID)
	if seen["U1"].Size != int64(len(raw)) {
		t.Fatalf("recorded size %d, stored %d", seen["U1"].Size, len(raw))
	}
	s.ForgetPOPTrouble(pop.ID, []string{"U2"})
	if all, _ = s.POPTroubles(pop.ID); len(all) != 0 {
		t.Fatalf("%+v", all)
	}
}

// ReplacePOP puts the whole message in place of the bytes stored before,
// keeping the message's flags and folder.
func TestReplacePOP(t *testing.T) {
	s := testStore(t)
	pop, _ := s.CreateAccount(Account{Name: "Home", Kind: KindPOP}, StandardFolders())
	in, _ := s.FolderByRole(pop.ID, RoleInbox)
	cut := []byte("From: a@example.com\r\nSubject: cut\r\n\r\nthe beginning")
	whole := []byte("From: a@example.com\r\nSubject: whole\r\n\r\nthe beginning and the end of it\r\n")
	r, _ := s.Add(in.ID, []NewMessage{{Raw: cut, ServerKey: "U1", Flags: Flagged}})
	s.NotePOPRefetch(pop.ID, "U1")
	if seen, _ := s.SeenKeys(pop.ID); seen["U1"].Refetches != 1 {
		t.Fatalf("%+v", seen)
	}
	if ok, err := s.ReplacePOP(pop.ID, "U1", whole); !ok || err != nil {
		t.Fatal(ok, err)
	}
	m, _ := s.Message(r[0].ID)
	b, _ := s.Raw(r[0].ID)
	if !bytes.Equal(b, whole) || m.Size != int64(len(whole)) || m.Subject != "whole" || m.Flags&Flagged == 0 {
		t.Fatalf("%+v %q", m, b)
	}
	if seen, _ := s.SeenKeys(pop.ID); seen["U1"].Size != int64(len(whole)) {
		t.Fatalf("%+v", seen)
	}
	if found, _ := s.Search("end", in.ID, 10); len(found) != 1 {
		t.Fatalf("search after replace: %d", len(found))
	}
	if ok, err := s.ReplacePOP(pop.ID, "nothing", whole); ok || err != nil {
		t.Fatal(ok, err)
	}
}

// The migration records the size of each POP message still stored;
// unknown (-1) for one deleted here before.
func TestMigrationRecordsPOPSizes(t *testing.T) {
	dir := t.TempDir()
	old, err := openDB(dir, layoutBeforePOPSizes)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := old.w.Exec(`INSERT INTO accounts (name, kind) VALUES ('Home', 'pop')`)
	aid, _ := res.LastInsertId()
	res, _ = old.w.Exec(`INSERT INTO folders (account_id, name, path, role) VALUES (?, 'Inbox', 'INBOX', 'inbox')`, aid)
	fid, _ := res.LastInsertId()
	old.w.Exec(`INSERT INTO messages (folder_id, server_key, date, subject, size, sha256) VALUES (?, 'K1', 0, 's', 1234, x'00')`, fid)
	old.w.Exec(`INSERT INTO server_seen (account_id, server_key, first_seen) VALUES (?, 'K1', 1), (?, 'K2', 1)`, aid, aid)
	old.closeDB()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seen, err := s.SeenKeys(aid)
	if err != nil || seen["K1"].Size != 1234 || seen["K2"].Size != -1 {
		t.Fatalf("%+v %v", seen, err)
	}
}
