package localstore

import "database/sql"

// Identity is what names this profile's secrets in the OS keyring (#26):
// a random identity made when the profile was made (or first opened by a
// Postie that has it), so two profiles never share an entry.
type Identity struct {
	Profile string // 32 hex digits
	// KeyringMigrated: the entries filed under the old names
	// ("account-<id>/<role>", shared by every profile) were moved.
	KeyringMigrated bool
	// LegacyLastID is the highest account id when the profile got its
	// identity: only accounts up to it can have entries under the old
	// names (a later account's old name is another profile's).
	LegacyLastID int64
}

// Identity returns the profile's identity.
func (s *Store) Identity() (Identity, error) {
	var id Identity
	err := s.r.QueryRow(`SELECT profile, keyring_migrated, legacy_last_id FROM profile_identity WHERE one = 1`).
		Scan(&id.Profile, &id.KeyringMigrated, &id.LegacyLastID)
	return id, err
}

// SetKeyringMigrated records that the old keyring entries were moved, so
// they are never looked at again.
func (s *Store) SetKeyringMigrated() error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE profile_identity SET keyring_migrated = 1 WHERE one = 1`)
		return err
	})
}
