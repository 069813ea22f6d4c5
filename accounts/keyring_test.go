package accounts_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/localstore"
)

func openProfile(t *testing.T, dir string) *localstore.Store {
	t.Helper()
	s, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureLocalAccount(nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func workAccount(email, host string) accounts.Account {
	return accounts.Account{Name: email, Email: email, Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: host, Port: 993, Security: netconf.TLS, Username: email}}}
}

// Two profiles, each with its first mail account (id 2 in both): each
// signs in with its own password, and removing the account in one leaves
// the other's (#26). On the old code the second profile read the first
// one's password from "account-2/incoming" and Remove deleted it.
func TestProfilesKeepTheirOwnPasswords(t *testing.T) {
	defer secrets.UseMemoryKeyring()()
	home, work := openProfile(t, t.TempDir()), openProfile(t, t.TempDir())
	defer home.Close()
	defer work.Close()
	hk, err := accounts.ProfileKeyring(home)
	if err != nil {
		t.Fatal(err)
	}
	wk, _ := accounts.ProfileKeyring(work)
	a, err := accounts.Create(home, hk, workAccount("kim@example.org", "imap.example.org"), "home-pw")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := accounts.Create(work, wk, workAccount("kim@corp.example", "imap.corp.example"), "work-pw")
	if a.ID != b.ID {
		t.Fatalf("ids %d and %d: the case of #26 is the same id in both", a.ID, b.ID)
	}
	if pw, _ := wk.Get(b.ID, secrets.Incoming); pw != "work-pw" {
		t.Fatalf("the work profile signs in with %q", pw)
	}
	if err := accounts.Remove(work, wk, b.ID, false); err != nil {
		t.Fatal(err)
	}
	if pw, _ := hk.Get(a.ID, secrets.Incoming); pw != "home-pw" {
		t.Fatalf("removing in the work profile changed home's password: %q", pw)
	}
	// A new account in the work profile never gets b's id (and so never
	// a secret a failed delete left behind).
	c, _ := accounts.Create(work, wk, workAccount("sam@corp.example", "imap.corp.example"), "pw-c")
	if c.ID == b.ID {
		t.Fatalf("id %d given again", c.ID)
	}
}

// The first start of a Postie with profile identities moves the entries
// of the accounts the profile had from the old shared names, once; a
// later old-named entry (another profile's, written by an older Postie)
// is never read. Uses the real OS keyring (./dev.sh test starts one).
func TestProfileKeyringMigratesOldEntriesOnce(t *testing.T) {
	if err := secrets.KeyringWorks(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("no OS keyring here: %v", err)
	}
	dir := t.TempDir()
	s := openProfile(t, dir)
	acct, err := accounts.Create(s, &secrets.Memory{}, workAccount("kim@example.org", "imap.example.org"), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The store as an older Postie left it: accounts up to acct.ID,
	// entries under the old names, nothing moved yet.
	db, err := sql.Open("sqlite", filepath.Join(dir, "postie.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE profile_identity SET legacy_last_id = ?, keyring_migrated = 0`, acct.ID); err != nil {
		t.Fatal(err)
	}
	db.Close()
	old := "account-" + itoa(acct.ID) + "/incoming"
	if err := keyring.Set(secrets.KeyringService, old, "old-pw"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = keyring.Delete(secrets.KeyringService, old) })

	s = openProfile(t, dir)
	defer s.Close()
	k, err := accounts.ProfileKeyring(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = accounts.ForgetSecrets(k, acct.ID) })
	if pw, err := k.Get(acct.ID, secrets.Incoming); pw != "old-pw" {
		t.Fatalf("after moving: %q, %v", pw, err)
	}
	if _, err := keyring.Get(secrets.KeyringService, old); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the old entry is still there: %v", err)
	}
	if id, _ := s.Identity(); !id.KeyringMigrated {
		t.Fatal("not recorded as moved")
	}
	// Another profile's entry under the old name, written later.
	keyring.Set(secrets.KeyringService, old, "other-profile-pw")
	k2, _ := accounts.ProfileKeyring(s)
	if pw, _ := k2.Get(acct.ID, secrets.Incoming); pw != "old-pw" {
		t.Fatalf("read again: %q", pw)
	}
	if pw, _ := keyring.Get(secrets.KeyringService, old); pw != "other-profile-pw" {
		t.Fatalf("the other profile's entry was touched: %q", pw)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
