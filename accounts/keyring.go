package accounts

import (
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// ProfileKeyring is the OS keyring for the profile in s: entries filed
// under the profile's own identity and labelled with the account's
// address. The first time a profile is opened by a Postie that files
// them so, its accounts' entries are moved from the old names every
// profile shared (#26), for the accounts it had then; a keyring that cannot be used now is tried again
// at the next start. Only the accounts the profile has are moved, and
// only once: afterwards the old names are never read.
func ProfileKeyring(s *localstore.Store) (*secrets.Keyring, error) {
	id, err := s.Identity()
	if err != nil {
		return nil, err
	}
	k := &secrets.Keyring{Profile: id.Profile, Label: func(accountID int64, role secrets.Role) string {
		return keyringLabel(s, accountID, role)
	}}
	if id.KeyringMigrated {
		return k, nil
	}
	list, err := s.Accounts()
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range list {
		if a.Kind != localstore.KindLocal && a.ID <= id.LegacyLastID {
			ids = append(ids, a.ID)
		}
	}
	if err := k.Migrate(ids); err != nil {
		return k, nil // no keyring now: the entries stay where they are until one works
	}
	return k, s.SetKeyringMigrated()
}

// keyringLabel is what a person sees in Seahorse or Credential Manager:
// "Postie — kim@example.org (incoming mail)", in their language when the
// password is stored. It is only shown: entries are found by their key
// (secrets.Keyring), never by this label, so a label in another
// language loses nothing.
func keyringLabel(s *localstore.Store, accountID int64, role secrets.Role) string {
	a, err := s.Account(accountID)
	if err != nil {
		return ""
	}
	who := a.Email
	if who == "" {
		who = a.Name
	}
	m := tr.M{"Account": who}
	switch role {
	case secrets.Incoming:
		return tr.L("Postie — {{.Account}} (incoming mail)", m)
	case secrets.Outgoing:
		return tr.L("Postie — {{.Account}} (outgoing mail)", m)
	case secrets.OAuth:
		return tr.L("Postie — {{.Account}} (sign-in)", m)
	}
	return tr.L("Postie — {{.Account}}", m)
}
