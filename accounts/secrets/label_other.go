//go:build !linux && !windows

package secrets

import "github.com/zalando/go-keyring"

// setLabelled: on macOS go-keyring files the entry under the service
// name ("Postie", which Keychain Access shows as its name) and the key
// as its account; it offers no label, so none is set.
func setLabelled(service, user, _, secret string) error {
	return keyring.Set(service, user, secret)
}
