package accounts

import (
	"context"
	"errors"

	"github.com/postie-mail/postie/localstore"
)

// ErrIMAPNotReady: two-way IMAP sync is not built yet.
var ErrIMAPNotReady = errors.New("fetching mail over IMAP is not available in this version of Postie yet; POP accounts work")

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
		return "", ErrIMAPNotReady
	}
	p := &POPSync{Store: s.Store, Secrets: s.Secrets(a), Net: s.Net, OnEvent: s.OnEvent}
	res, err := p.Sync(ctx, a)
	if err != nil {
		return "", err
	}
	return res.Summary(), nil
}
