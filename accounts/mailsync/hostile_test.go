package mailsync

import (
	"context"
	"errors"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/localstore"
)

// panicSecrets fails as a bug would, in the middle of a sync.
type panicSecrets struct{ *secrets.Memory }

func (panicSecrets) Get(int64, secrets.Role) (string, error) { panic("a bug") }

// A fault inside Postie during a sync ends that sync with an error; the
// program (and the window) go on.
func TestSyncSurvivesAFault(t *testing.T) {
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, err := accounts.Create(s, &secrets.Memory{}, accounts.Account{Name: "Ann", Email: "ann@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: 1, Security: netconf.Plain, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	sy := &Syncer{Store: s, Net: acctest.Net, Secrets: func(accounts.Account) secrets.Secrets { return panicSecrets{} }}
	if _, err := sy.Sync(context.Background(), acct); !errors.Is(err, ErrInternal) {
		t.Fatalf("err = %v", err)
	}
}
