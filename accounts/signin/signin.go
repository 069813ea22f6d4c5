// Package signin says how an account signs in to one of its servers: the
// password kept for it (the sending server falls back to the receiving
// server's), or the provider sign-in (OAuth2) it was set up with. The
// engines ask here and hand the result to netconf.Login.SignIn.
package signin

import (
	"errors"
	"fmt"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
)

// For is the login for the account's server in that role. A missing
// password wraps secrets.ErrNoPassword. The errors' first words are a
// sentence a person reads (through accounts.Explain), in their language.
func For(acct accounts.Account, role secrets.Role, keys secrets.Secrets) (netconf.Login, error) {
	if id := acct.Settings.OAuth; id != "" {
		p, err := oauth.Find(id)
		if err != nil {
			return netconf.Login{}, err
		}
		if !p.Usable() {
			return netconf.Login{}, fmt.Errorf("%s: %w", tr.L("this copy of Postie has no sign-in registered with {{.Provider}}, which this account was set up with",
				tr.M{"Provider": p.Name}), netconf.ErrSignInAgain)
		}
		return netconf.Login{Tokens: oauth.SessionFor(p, acct.ID, keys)}, nil
	}
	pw, err := keys.Get(acct.ID, role)
	if errors.Is(err, secrets.ErrNoPassword) && role == secrets.Outgoing {
		pw, err = keys.Get(acct.ID, secrets.Incoming)
	}
	if err != nil {
		return netconf.Login{}, fmt.Errorf("%s: %w", tr.L("no password is kept for {{.Account}}", tr.M{"Account": acct.Name}), err)
	}
	return netconf.PasswordLogin(pw), nil
}
