package localstore

import (
	"testing"
)

// An account id is never given twice (#26): secrets are filed under it,
// and SQLite without AUTOINCREMENT hands the id of the last account
// removed to the next one made, which then inherited a password left in
// the keyring. Fails on the old code (the third account got id 3 again).
func TestAccountIDsAreNeverReused(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureLocalAccount(nil); err != nil {
		t.Fatal(err)
	}
	a, _ := s.CreateAccount(Account{Name: "A", Kind: KindIMAP}, nil)
	b, _ := s.CreateAccount(Account{Name: "B", Kind: KindIMAP}, nil)
	if err := s.DeleteAccount(b.ID); err != nil {
		t.Fatal(err)
	}
	var c Account
	c, err = s.CreateAccount(Account{Name: "C", Kind: KindIMAP}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == b.ID || c.ID <= a.ID {
		t.Fatalf("ids a=%d b=%d (removed) c=%d: an id was given again", a.ID, b.ID, c.ID)
	}
	// Also after reopening: the mark is in the store, not in memory.
	dir := s.Dir()
	s.DeleteAccount(c.ID)
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := s.CreateAccount(Account{Name: "D", Kind: KindIMAP}, nil)
	if d.ID <= c.ID {
		t.Fatalf("after reopening: d=%d, c was %d", d.ID, c.ID)
	}
}

// Each profile has its own random identity, kept across openings.
func TestProfileIdentityIsRandomAndKept(t *testing.T) {
	s1, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s2 := testStore(t)
	id1, err := s1.Identity()
	if err != nil {
		t.Fatal(err)
	}
	id2, _ := s2.Identity()
	if len(id1.Profile) != 32 || id1.Profile == id2.Profile || id1.KeyringMigrated {
		t.Fatalf("identities %+v %+v", id1, id2)
	}
	if err := s1.SetKeyringMigrated(); err != nil {
		t.Fatal(err)
	}
	dir := s1.Dir()
	s1.Close()
	s1, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	again, _ := s1.Identity()
	if again.Profile != id1.Profile || !again.KeyringMigrated {
		t.Fatalf("after reopening %+v, was %+v", again, id1)
	}
}
