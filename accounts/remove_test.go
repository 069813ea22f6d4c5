package accounts_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/localstore"
)

// stuckKeyring keeps passwords but will not delete them.
type stuckKeyring struct{ secrets.Memory }

func (*stuckKeyring) Delete(int64, secrets.Role) error { return errors.New("the keyring is locked") }

// Removing an account whose password the keyring will not delete says
// so (it used to be forgotten silently, the password left behind).
func TestRemoveSaysWhenThePasswordStays(t *testing.T) {
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keys := &stuckKeyring{}
	acct, err := accounts.Create(s, keys, accounts.Account{Name: "Work", Email: "kim@example.org", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "imap.example.org", Port: 993, Security: netconf.TLS, Username: "kim"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	err = accounts.Remove(s, keys, acct.ID, false)
	if err == nil || !strings.Contains(accounts.Explain(err), "could not be deleted from this computer's keyring") {
		t.Fatalf("removed with the password left behind: %v", err)
	}
	if _, err := s.Account(acct.ID); !errors.Is(err, localstore.ErrNotFound) {
		t.Fatalf("the account is still there: %v", err)
	}
	if err := accounts.ForgetSecrets(&secrets.Memory{}, acct.ID); err != nil {
		t.Fatalf("forgetting secrets that were never kept: %v", err)
	}
}
