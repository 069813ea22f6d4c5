package accounts

import (
	"context"

	"github.com/postie-mail/postie/localstore"
)

// Syncer runs one sync of any account with the right engine. The window's
// "Get mail" and `postie sync` both use it.
type Syncer struct {
	Store   *localstore.Store
	Secrets func(Account) Secrets // where each account's password is
	Net     Net
	OnEvent func(Event)
}

// Sync syncs one account and returns a one-sentence summary.
func (s *Syncer) Sync(ctx context.Context, a Account) (string, error) {
	if a.Settings.Protocol != POP {
		res, err := (&IMAPSync{Store: s.Store, Secrets: s.Secrets(a), Net: s.Net, OnEvent: s.OnEvent}).Sync(ctx, a)
		if err != nil {
			return "", err
		}
		return res.Summary(), nil
	}
	p := &POPSync{Store: s.Store, Secrets: s.Secrets(a), Net: s.Net, OnEvent: s.OnEvent}
	res, err := p.Sync(ctx, a)
	if err != nil {
		return "", err
	}
	return res.Summary(), nil
}
