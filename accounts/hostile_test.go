package accounts

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/internal/testmail"
	"github.com/postie-mail/postie/localstore"
)

// The messages that crashed a sync (empty In-Reply-To) or froze it (parts
// nested 20,000 deep) arrive over IMAP and POP from Dovecot, byte for
// byte, with their subject and sender (mailview's own tests show them in
// the reader); the sync completes and the next one downloads nothing
// again.
func TestHostileMessagesSyncAndShow(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw", "pat": "pw"}, "")
	hostile := [][]byte{testmail.EmptyInReplyTo(), testmail.Nested(20000)}
	for _, raw := range hostile {
		d.Deliver("ann", "INBOX", raw)
		d.Deliver("pat", "INBOX", raw)
	}
	check := func(t *testing.T, s *localstore.Store, acct Account, server map[string][]byte) {
		in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
		page, _ := s.Messages(in.ID, nil, 10)
		if len(page) != 2 {
			t.Fatalf("%d messages stored", len(page))
		}
		for _, m := range page {
			raw, err := s.Raw(m.ID)
			if err != nil || !bytes.Equal(raw, server[m.Subject]) {
				t.Fatalf("%q: not stored byte for byte (%v)", m.Subject, err)
			}
			if m.Subject == "" || m.From == "" {
				t.Fatalf("the list shows %+v", m)
			}
		}
	}
	t.Run("IMAP", func(t *testing.T) {
		s, sy, acct := dovecotAccount(t, d, 0)
		if _, err := sy.Sync(context.Background(), acct); err != nil {
			t.Fatal(err)
		}
		server := map[string][]byte{}
		for subj, m := range newPhone(t, d, "ann", "pw").box("INBOX") {
			server[subj] = m.BodySection[0].Bytes
		}
		check(t, s, acct, server)
		if res, err := sy.Sync(context.Background(), acct); err != nil || res.New != 0 {
			t.Fatalf("second sync: %+v %v", res, err)
		}
	})
	t.Run("POP", func(t *testing.T) {
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS, Username: "pat"}, ServerCopies{Mode: Keep}, d.CertSHA256)
		p := &POPSync{Store: s, Secrets: sec, Net: testNet}
		if _, err := p.Sync(context.Background(), acct); err != nil {
			t.Fatal(err)
		}
		// Dovecot holds what was delivered (CRLF line ends kept).
		server := map[string][]byte{"a reply with nothing in In-Reply-To": hostile[0], "nested parts": hostile[1]}
		check(t, s, acct, server)
		if res, err := p.Sync(context.Background(), acct); err != nil || res.Downloaded != 0 {
			t.Fatalf("second sync: %+v %v", res, err)
		}
	})
}

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
	acct, err := Create(s, &secrets.Memory{}, Account{Name: "Ann", Email: "ann@example.com", Settings: Settings{Protocol: IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: 1, Security: netconf.Plain, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	sy := &Syncer{Store: s, Net: testNet, Secrets: func(Account) secrets.Secrets { return panicSecrets{} }}
	if _, err := sy.Sync(context.Background(), acct); !errors.Is(err, ErrInternal) {
		t.Fatalf("err = %v", err)
	}
}
