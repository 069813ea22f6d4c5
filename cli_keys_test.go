package main

import (
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/localstore"
)

// profileKeys is the keyring of the profile in s, as the commands use it.
func profileKeys(t *testing.T, s *localstore.Store) *secrets.Keyring {
	t.Helper()
	k, err := accounts.ProfileKeyring(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
