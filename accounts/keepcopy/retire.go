package keepcopy

import (
	"errors"
	"fmt"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// ArchiveName is what the account's mail is called once the server is
// no longer used: "kim@example.com (archive)", in the person's language
// when it is named (the account keeps that name, as one the person gave).
func ArchiveName(a accounts.Account) string {
	who := a.Email
	if who == "" {
		who = a.Name
	}
	return tr.L("{{.Account}} (archive)", tr.M{"Account": who})
}

// StopUsingServer turns the account into a local archive after a
// finished, fully checked copy: "kim@example.com (archive)", with all its
// folders and messages, beside "On this computer"; its server settings and
// secrets (password, sign-in token) are removed.
// Nothing is deleted on the server. Messages still waiting in the Outbox
// must be sent or deleted first.
func StopUsingServer(s *localstore.Store, keys secrets.Secrets, a accounts.Account) error {
	run, err := s.CopyRunOf(a.ID)
	if errors.Is(err, localstore.ErrNotFound) || (err == nil && run.Finished.IsZero()) {
		return errors.New(tr.L("first keep a permanent copy of this account, checked to the last message; then the server can be let go"))
	} else if err != nil {
		return err
	}
	if out, err := s.Outbox(a.ID); err != nil {
		return err
	} else if n := len(out); n > 0 {
		return errors.New(tr.N("{{.Count}} message in the Outbox of {{.Account}} still waits to be sent: send or delete it first",
			"{{.Count}} messages in the Outbox of {{.Account}} still wait to be sent: send or delete them first", n, tr.M{"Account": a.Name}))
	}
	if err := s.MakeLocal(a.ID, ArchiveName(a)); err != nil {
		return err
	}
	if err := accounts.ForgetSecrets(keys, a.ID); err != nil {
		return fmt.Errorf("%s (%w)", tr.L("the account now keeps its mail on this computer only, but its password could not be deleted from this computer's keyring: remove “{{.Entry}}” there by hand",
			tr.M{"Entry": secrets.KeyringService}), err)
	}
	return nil
}
