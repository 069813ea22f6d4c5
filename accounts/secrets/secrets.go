// Package secrets keeps the passwords (and later the sign-in tokens) of
// Postie's accounts: in the OS keyring, or only in memory for people who
// prefer to type the password at each start. Nothing else in Postie
// writes a secret anywhere; the store holds none.
package secrets

import (
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name Postie's passwords are filed under
// in the OS keyring.
const KeyringService = "Postie"

// Role says which of an account's servers a secret is for.
type Role string

// The roles: receiving (IMAP or POP) and sending (SMTP).
const (
	Incoming Role = "incoming"
	Outgoing Role = "outgoing"
	// OAuth is the refresh token of a sign-in on the provider's page: it
	// signs in to both servers; access tokens are never kept.
	OAuth Role = "oauth"
)

// Secrets keeps passwords: one per account and server role.
type Secrets interface {
	Get(accountID int64, role Role) (string, error)
	Set(accountID int64, role Role, password string) error
	Delete(accountID int64, role Role) error
}

// ErrNoPassword means no password is kept for that account yet.
var ErrNoPassword = errors.New("no password is kept for this account")

// ErrNoKeyring means this computer has no working password store.
var ErrNoKeyring = errors.New("this computer has no password store (keyring) that Postie can use")

func secretKey(accountID int64, role Role) string {
	return "account-" + strconv.FormatInt(accountID, 10) + "/" + string(role)
}

// legacyKey is the name entries had before #26: the same in every
// profile, so profiles shared them. Only Migrate reads it.
func legacyKey(accountID int64, role Role) string { return secretKey(accountID, role) }

// Keyring keeps passwords in the OS keyring: the Secret Service on Linux,
// the Keychain on macOS, the Credential Manager on Windows. Every entry is
// filed under the profile's own identity ("<profile>/account-<id>/<role>",
// the account id never reused within a profile), so a profile can reach
// no entry of another. Use it as a pointer (accounts.ProfileKeyring makes
// one for a store).
type Keyring struct {
	Profile string // the profile's random identity (localstore.Identity)
	// Label names an entry for a person looking in the keyring's own
	// program ("Postie — kim@example.org (incoming mail)"); nil or "": the
	// entry's name. Where the platform lets Postie set it (see
	// setLabelled); lookups never depend on it.
	Label func(accountID int64, role Role) string
}

// ErrNoProfile means a Keyring was used without its profile's identity:
// a mistake in Postie, refused so that no entry of another profile is
// ever read.
var ErrNoProfile = errors.New("the keyring was opened without the mail profile's identity")

func (k *Keyring) key(id int64, role Role) (string, error) {
	if k == nil || k.Profile == "" {
		return "", ErrNoProfile
	}
	return k.Profile + "/" + secretKey(id, role), nil
}

func (k *Keyring) label(id int64, role Role, key string) string {
	if k.Label != nil {
		if l := k.Label(id, role); l != "" {
			return l
		}
	}
	return KeyringService + " — " + key
}

// Get reads a password.
func (k *Keyring) Get(id int64, role Role) (string, error) {
	key, err := k.key(id, role)
	if err != nil {
		return "", err
	}
	return backend.get(key)
}

// Set stores a password.
func (k *Keyring) Set(id int64, role Role, password string) error {
	key, err := k.key(id, role)
	if err != nil {
		return err
	}
	return backend.set(key, k.label(id, role, key), password)
}

// Delete removes a password; a missing one is not an error.
func (k *Keyring) Delete(id int64, role Role) error {
	key, err := k.key(id, role)
	if err != nil {
		return err
	}
	return backend.del(key)
}

// Migrate moves the entries of these accounts from the names every
// profile shared before #26 to this profile's own: each is read, written
// under the new name (an entry already there is kept), and only then
// deleted under the old. The caller runs it once per profile, with the
// accounts the profile had before it had an identity, and records that
// it ran: the old names are never read after.
func (k *Keyring) Migrate(ids []int64) error {
	if _, err := k.key(0, Incoming); err != nil {
		return err
	}
	for _, id := range ids {
		for _, role := range []Role{Incoming, Outgoing, OAuth} {
			if err := k.migrate(id, role); err != nil {
				return err
			}
		}
	}
	return nil
}

func (k *Keyring) migrate(id int64, role Role) error {
	old, err := backend.get(legacyKey(id, role))
	if errors.Is(err, ErrNoPassword) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := k.Get(id, role); errors.Is(err, ErrNoPassword) {
		if err := k.Set(id, role, old); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if got, err := k.Get(id, role); err != nil || got == "" {
		return fmt.Errorf("the password moved to its new name in the keyring cannot be read back: %w", err)
	}
	return backend.del(legacyKey(id, role))
}

// keyringError is ErrNoKeyring in words a person understands; the
// system's own message (e.g. exec: "dbus-launch": not found) stays
// inside for logs, out of what is shown.
type keyringError struct{ cause error }

func (e keyringError) Error() string   { return ErrNoKeyring.Error() }
func (e keyringError) Unwrap() []error { return []error{ErrNoKeyring, e.cause} }

// entries is where Keyring's entries live: the OS keyring, or a map in
// tests (UseMemoryKeyring).
type entries interface {
	get(key string) (string, error)
	set(key, label, secret string) error
	del(key string) error
}

var backend entries = osKeyring{}

// osKeyring is the OS keyring, all entries under KeyringService.
type osKeyring struct{}

func (osKeyring) get(key string) (string, error) {
	s, err := keyring.Get(KeyringService, key)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNoPassword
	}
	if err != nil {
		return "", keyringError{err}
	}
	return s, nil
}

func (osKeyring) set(key, label, secret string) error {
	if err := setLabelled(KeyringService, key, label, secret); err != nil {
		return keyringError{err}
	}
	return nil
}

func (osKeyring) del(key string) error {
	err := keyring.Delete(KeyringService, key)
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return keyringError{err}
	}
	return nil
}

// UseMemoryKeyring puts every Keyring's entries in a map in this process
// until restore is called: for tests of other packages that need the
// keyring's naming without an OS keyring. Not safe for parallel tests.
func UseMemoryKeyring() (restore func()) {
	old := backend
	backend = &memoryEntries{m: map[string]string{}}
	return func() { backend = old }
}

type memoryEntries struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *memoryEntries) get(key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.m[key]; ok {
		return s, nil
	}
	return "", ErrNoPassword
}

func (m *memoryEntries) set(key, _, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[key] = secret
	return nil
}

func (m *memoryEntries) del(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
	return nil
}

// KeyringWorks tries the keyring with a throw-away entry, so the wizard
// can offer "ask for my password each time" before saving anything.
func KeyringWorks() error {
	const probe = "postie-keyring-check"
	if err := keyring.Set(KeyringService, probe, "x"); err != nil {
		return fmt.Errorf("%w (%v)", ErrNoKeyring, err)
	}
	if _, err := keyring.Get(KeyringService, probe); err != nil {
		return fmt.Errorf("%w (%v)", ErrNoKeyring, err)
	}
	_ = keyring.Delete(KeyringService, probe) // only a probe: a leftover is harmless
	return nil
}

// Memory keeps passwords in this process only, for "ask for my password
// each time Postie starts" (and for tests).
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// Get reads a password.
func (m *Memory) Get(id int64, role Role) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.m[secretKey(id, role)]; ok {
		return s, nil
	}
	return "", ErrNoPassword
}

// Set stores a password.
func (m *Memory) Set(id int64, role Role, password string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]string{}
	}
	m.m[secretKey(id, role)] = password
	return nil
}

// Delete removes a password.
func (m *Memory) Delete(id int64, role Role) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, secretKey(id, role))
	return nil
}
