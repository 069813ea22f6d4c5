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

// Keyring keeps passwords in the OS keyring: the Secret Service on Linux,
// the Keychain on macOS, the Credential Manager on Windows.
type Keyring struct{}

// Get reads a password.
func (Keyring) Get(id int64, role Role) (string, error) {
	s, err := keyring.Get(KeyringService, secretKey(id, role))
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNoPassword
	}
	if err != nil {
		return "", keyringError{err}
	}
	return s, nil
}

// Set stores a password.
func (Keyring) Set(id int64, role Role, password string) error {
	if err := keyring.Set(KeyringService, secretKey(id, role), password); err != nil {
		return keyringError{err}
	}
	return nil
}

// keyringError is ErrNoKeyring in words a person understands; the
// system's own message (e.g. exec: "dbus-launch": not found) stays
// inside for logs, out of what is shown.
type keyringError struct{ cause error }

func (e keyringError) Error() string   { return ErrNoKeyring.Error() }
func (e keyringError) Unwrap() []error { return []error{ErrNoKeyring, e.cause} }

// Delete removes a password; a missing one is not an error.
func (Keyring) Delete(id int64, role Role) error {
	err := keyring.Delete(KeyringService, secretKey(id, role))
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return keyringError{err}
	}
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
