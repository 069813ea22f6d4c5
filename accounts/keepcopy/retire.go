package keepcopy

import (
	"errors"
	"fmt"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
)

// ArchiveName is what the account's mail is called once the server is
// no longer used: "kim@example.com (archive)".
func ArchiveName(a accounts.Account) string {
	who := a.Email
	if who == "" {
		who = a.Name
	}
	return who + " (archive)"
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
		return errors.New("first keep a permanent copy of this account, checked to the last message; then the server can be let go")
	} else if err != nil {
		return err
	}
	if out, err := s.Outbox(a.ID); err != nil {
		return err
	} else if n := len(out); n > 0 {
		return fmt.Errorf("%s in the Outbox of %s still %s to be sent: send or delete %s first",
			mailtext.Count(n, "message", "messages"), a.Name, mailtext.Plural(n, "waits", "wait"), mailtext.Plural(n, "it", "them"))
	}
	if err := s.MakeLocal(a.ID, ArchiveName(a)); err != nil {
		return err
	}
	if err := accounts.ForgetSecrets(keys, a.ID); err != nil {
		return fmt.Errorf("the account now keeps its mail on this computer only, but its password could not be deleted from this computer's keyring (%w): remove “%s” there by hand", err, secrets.KeyringService)
	}
	return nil
}
