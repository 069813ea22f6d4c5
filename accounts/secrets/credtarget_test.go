package secrets

import "testing"

// The name Credential Manager shows is the readable label; a name that
// another entry has already gets a number, and an entry keeps its own
// name (#29 item 14).
func TestCredTarget(t *testing.T) {
	const label = "Postie — kim@example.org (incoming mail)"
	key := "3f1c/account-2/incoming"
	if got := credTarget(label, key, nil); got != label {
		t.Fatalf("free: %q", got)
	}
	other := map[string]string{label: "9a9a/account-1/incoming"}
	if got := credTarget(label, key, other); got != label+" (2)" {
		t.Fatalf("taken: %q", got)
	}
	other[label+" (2)"] = key
	if got := credTarget(label, key, other); got != label+" (2)" {
		t.Fatalf("its own: %q", got)
	}
	other[label+" (2)"] = "legacy-without-key-" // another's
	other[label+" (3)"] = ""                    // an entry without a key is another's too
	if got := credTarget(label, key, other); got != label+" (4)" {
		t.Fatalf("several: %q", got)
	}
	if got := credTarget("", key, nil); got != "Postie — 3f1c/account-2/incoming" {
		t.Fatalf("no label: %q", got)
	}
	if got := credTarget("kim@example.org\n(incoming)", key, nil); got != "Postie — kim@example.org (incoming)" {
		t.Fatalf("not Postie's: %q", got)
	}
	// A label can never take the name go-keyring's entries have.
	if got := credTarget("Postie:"+key, key, nil); got != "Postie — Postie:"+key {
		t.Fatalf("legacy-like: %q", got)
	}
	if credLegacyTarget(key) != "Postie:3f1c/account-2/incoming" {
		t.Fatal(credLegacyTarget(key))
	}
}
