package secrets

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
)

// Two profiles never see each other's entries (#26): each profile's
// first mail account is id 2, and the old key "account-2/incoming" was
// the same in both, so the second profile signed in with the first's
// password and removing the account in one deleted the other's. On the
// old code both Gets below read one entry.
func TestProfilesDoNotShareEntries(t *testing.T) {
	defer UseMemoryKeyring()()
	home := &Keyring{Profile: "aaaa"}
	work := &Keyring{Profile: "bbbb"}
	if err := home.Set(2, Incoming, "home-pw"); err != nil {
		t.Fatal(err)
	}
	if pw, err := work.Get(2, Incoming); !errors.Is(err, ErrNoPassword) {
		t.Fatalf("the other profile read %q, %v", pw, err)
	}
	work.Set(2, Incoming, "work-pw")
	if err := work.Delete(2, Incoming); err != nil {
		t.Fatal(err)
	}
	if pw, _ := home.Get(2, Incoming); pw != "home-pw" {
		t.Fatalf("removing in one profile changed the other's: %q", pw)
	}
}

// A Keyring without the profile's identity refuses everything, so no
// code path can fall back to the shared names.
func TestKeyringWithoutProfileRefuses(t *testing.T) {
	defer UseMemoryKeyring()()
	backend.set(legacyKey(2, Incoming), "", "shared")
	var k *Keyring
	for _, kr := range []*Keyring{k, {}} {
		if _, err := kr.Get(2, Incoming); !errors.Is(err, ErrNoProfile) {
			t.Fatalf("Get: %v", err)
		}
		if err := kr.Set(2, Incoming, "x"); !errors.Is(err, ErrNoProfile) {
			t.Fatalf("Set: %v", err)
		}
		if err := kr.Delete(2, Incoming); !errors.Is(err, ErrNoProfile) {
			t.Fatalf("Delete: %v", err)
		}
	}
	if s, _ := backend.get(legacyKey(2, Incoming)); s != "shared" {
		t.Fatal("the old entry was touched")
	}
}

// Migrate moves an entry from the old name to the profile's own: the new
// one is written before the old one is deleted, an entry already under
// the new name wins, and accounts not named are left alone.
func TestMigrateMovesOldEntries(t *testing.T) {
	defer UseMemoryKeyring()()
	backend.set(legacyKey(2, Incoming), "", "pw2")
	backend.set(legacyKey(2, OAuth), "", "rt2")
	backend.set(legacyKey(3, Incoming), "", "old3")
	backend.set(legacyKey(9, Incoming), "", "not-ours")
	k := &Keyring{Profile: "cccc"}
	k.Set(3, Incoming, "new3")
	if err := k.Migrate([]int64{2, 3}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   int64
		role Role
		want string
	}{{2, Incoming, "pw2"}, {2, OAuth, "rt2"}, {3, Incoming, "new3"}} {
		if got, err := k.Get(c.id, c.role); got != c.want {
			t.Errorf("%d/%s = %q, %v; want %q", c.id, c.role, got, err, c.want)
		}
		if _, err := backend.get(legacyKey(c.id, c.role)); !errors.Is(err, ErrNoPassword) {
			t.Errorf("old entry %d/%s still there", c.id, c.role)
		}
	}
	if s, _ := backend.get(legacyKey(9, Incoming)); s != "not-ours" {
		t.Error("an entry of an account this profile does not have was moved")
	}
	if _, err := k.Get(9, Incoming); !errors.Is(err, ErrNoPassword) {
		t.Error("account 9 got an entry")
	}
}

// A keyring that fails while migrating keeps the old entry (nothing is
// deleted before the new one is written).
func TestMigrateKeepsOldEntryWhenWritingFails(t *testing.T) {
	defer UseMemoryKeyring()()
	mem := backend
	backend.set(legacyKey(2, Incoming), "", "pw2")
	backend = failingSet{mem}
	err := (&Keyring{Profile: "dddd"}).Migrate([]int64{2})
	backend = mem
	if err == nil {
		t.Fatal("no error")
	}
	if s, _ := backend.get(legacyKey(2, Incoming)); s != "pw2" {
		t.Fatal("the old entry was lost")
	}
}

type failingSet struct{ entries }

func (failingSet) set(string, string, string) error { return keyringError{errors.New("locked")} }

// The entry in the real Secret Service carries the label a person reads
// in Seahorse (#29 item 14), and is found by the same attributes
// go-keyring and secret-tool use.
func TestKeyringLabelForReal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the label is read back through the Secret Service")
	}
	if err := KeyringWorks(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide a Secret Service: %v", err)
		}
		t.Skipf("no Secret Service here: %v", err)
	}
	k := &Keyring{Profile: "label-test", Label: func(id int64, role Role) string {
		return "Postie — kim@example.org (incoming mail)"
	}}
	t.Cleanup(func() { k.Delete(5, Incoming) })
	if err := k.Set(5, Incoming, "pw-ü"); err != nil {
		t.Fatal(err)
	}
	if pw, err := k.Get(5, Incoming); pw != "pw-ü" {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	label, err := secretServiceLabel(KeyringService, "label-test/account-5/incoming")
	if err != nil {
		t.Fatal(err)
	}
	if label != "Postie — kim@example.org (incoming mail)" {
		t.Fatalf("label %q", label)
	}
	k.Set(5, Incoming, "changed") // replaced, not a second item
	if pw, _ := k.Get(5, Incoming); pw != "changed" || strings.Contains(label, "Password for") {
		t.Fatalf("after a second Set: %q", pw)
	}
}
