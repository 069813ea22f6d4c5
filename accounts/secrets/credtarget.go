package secrets

import (
	"strconv"
	"strings"
)

// Windows' Credential Manager lists an entry by its target name, which
// is also what finds it: go-keyring's "Postie:<profile>/account-2/incoming"
// meant nothing to a person (#29 item 14). There the entry is named by its
// label ("Postie — kim@example.org (incoming mail)") and found by its key,
// kept in a credential attribute (label_windows.go). This file is the
// naming logic, without Windows, so that it is tested everywhere.

// credLegacyTarget is the target name go-keyring gives the key: entries
// written before the readable names, read once and renamed.
func credLegacyTarget(key string) string { return KeyringService + ":" + key }

// credTarget chooses the target name of key's entry. taken maps the
// target names of Postie's entries to their keys ("" for an entry with
// none). The name is the label, always starting with "Postie", so that
// credFilter finds it; where an entry of another key has that name
// already (one address in two profiles, or in two accounts), " (2)",
// " (3)"… is added. An entry of key that has one of these names keeps it.
func credTarget(label, key string, taken map[string]string) string {
	label = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, label))
	if label == "" {
		label = KeyringService + " — " + key
	}
	if !strings.HasPrefix(label, KeyringService) || strings.HasPrefix(label, KeyringService+":") {
		label = KeyringService + " — " + label
	}
	// CRED_MAX_GENERIC_TARGET_NAME_LENGTH is 32767; keep names short
	// enough to read, and the suffix always fits.
	if r := []rune(label); len(r) > 200 {
		label = string(r[:200]) + "…"
	}
	for i := 1; ; i++ {
		name := label
		if i > 1 {
			name += " (" + strconv.Itoa(i) + ")"
		}
		owner, used := taken[name]
		if !used || owner == key {
			return name
		}
	}
}
