package secrets

import (
	"fmt"
	"testing"
	"time"

	"github.com/danieljoos/wincred"
)

// Credential Manager lists Postie's entries by names a person can read,
// one address in two profiles gets two names, and each is found by its
// own key (#29 item 14). Uses the real Credential Manager (also under
// Wine, which keeps no attributes: the target alias finds them there).
func TestCredentialManagerNamesForPeople(t *testing.T) {
	const label = "Postie — kim@example.org (incoming mail)"
	run := fmt.Sprint(time.Now().UnixNano())
	a := &Keyring{Profile: "wintest-a-" + run, Label: func(int64, Role) string { return label }}
	b := &Keyring{Profile: "wintest-b-" + run, Label: func(int64, Role) string { return label }}
	t.Cleanup(func() { a.Delete(1, Incoming); b.Delete(1, Incoming) })
	if err := a.Set(1, Incoming, "pw-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.Set(1, Incoming, "pw-b ü"); err != nil {
		t.Fatal(err)
	}
	if err := a.Set(1, Incoming, "pw-a2"); err != nil { // rewritten: keeps its name
		t.Fatal(err)
	}
	names := map[string]string{}
	list, err := wincred.FilteredList(label + "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		names[c.TargetName] = credKey(c)
	}
	ka, _ := a.key(1, Incoming)
	kb, _ := b.key(1, Incoming)
	if names[label] != ka || names[label+" (2)"] != kb || len(names) != 2 {
		t.Fatalf("names: %v", names)
	}
	if pw, err := a.Get(1, Incoming); pw != "pw-a2" || err != nil {
		t.Fatalf("a: %q %v", pw, err)
	}
	if pw, err := b.Get(1, Incoming); pw != "pw-b ü" || err != nil {
		t.Fatalf("b: %q %v", pw, err)
	}
	if err := a.Delete(1, Incoming); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Get(1, Incoming); err != ErrNoPassword {
		t.Fatalf("after delete: %v", err)
	}
	if pw, _ := b.Get(1, Incoming); pw != "pw-b ü" {
		t.Fatal("deleting a's entry touched b's")
	}
}

// An entry written under go-keyring's name ("Postie:<key>", by Postie
// before #29) is found, and moved to the readable name.
func TestCredentialManagerRenamesOldEntries(t *testing.T) {
	run := fmt.Sprint(time.Now().UnixNano())
	k := &Keyring{Profile: "wintest-old-" + run}
	key, _ := k.key(2, Outgoing)
	old := wincred.NewGenericCredential(credLegacyTarget(key))
	old.UserName = "Postie — old-" + run + "@example.org (outgoing mail)"
	old.Comment = old.UserName
	old.CredentialBlob = []byte("old-pw")
	if err := old.Write(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Delete(2, Outgoing) })
	if pw, err := k.Get(2, Outgoing); pw != "old-pw" || err != nil {
		t.Fatalf("get: %q %v", pw, err)
	}
	if _, err := wincred.GetGenericCredential(credLegacyTarget(key)); err == nil {
		t.Fatal("the old name is still there")
	}
	c, err := wincred.GetGenericCredential(old.UserName)
	if err != nil || string(c.CredentialBlob) != "old-pw" || credKey(&c.Credential) != key {
		t.Fatalf("renamed: %v %v", c, err)
	}
	if pw, err := k.Get(2, Outgoing); pw != "old-pw" || err != nil {
		t.Fatalf("get again: %q %v", pw, err)
	}
}
