package secrets

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestKeyringForReal uses the OS keyring: in CI, gnome-keyring on a
// private D-Bus session (./dev.sh test starts it). Where no Secret Service
// can be reached it says so and tests the in-memory store instead.
func TestKeyringForReal(t *testing.T) {
	var s Secrets = &Keyring{Profile: "test-profile-for-real"}
	if err := KeyringWorks(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide a Secret Service (./dev.sh test starts gnome-keyring): %v", err)
		}
		t.Logf("NOTE: no Secret Service here (%v); testing the in-memory password store instead", err)
		s = &Memory{}
	} else {
		t.Log("using the real OS keyring")
	}
	const id = 987654
	t.Cleanup(func() { s.Delete(id, Incoming); s.Delete(id, Outgoing) })
	if _, err := s.Get(id, Incoming); !errors.Is(err, ErrNoPassword) {
		t.Fatalf("Get before Set = %v", err)
	}
	if err := s.Set(id, Incoming, "s3cret-π ünïcode"); err != nil {
		t.Fatal(err)
	}
	s.Set(id, Outgoing, "other")
	if got, err := s.Get(id, Incoming); err != nil || got != "s3cret-π ünïcode" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if got, _ := s.Get(id, Outgoing); got != "other" {
		t.Fatalf("roles mixed up: %q", got)
	}
	if err := s.Delete(id, Incoming); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(id, Incoming); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
	if _, err := s.Get(id, Incoming); !errors.Is(err, ErrNoPassword) {
		t.Fatalf("Get after Delete = %v", err)
	}
}

// A keyring that cannot be used is said in plain words; the system's own
// message stays inside the error, out of what is shown.
func TestKeyringErrorInPlainWords(t *testing.T) {
	err := keyringError{errors.New(`exec: "dbus-launch": executable file not found in $PATH`)}
	if !errors.Is(err, ErrNoKeyring) || strings.Contains(err.Error(), "exec") || strings.Contains(err.Error(), "dbus") {
		t.Fatalf("%v", err)
	}
}
