package imapsync

import (
	"context"
	"testing"

	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/internal/testmail"
)

// The messages that crashed a sync (empty In-Reply-To) or froze it (parts
// nested 20,000 deep) arrive over IMAP from Dovecot, byte for byte, with
// their subject and sender (mailview's own tests show them in the
// reader); the sync completes and the next one downloads nothing again.
func TestHostileMessagesOverIMAP(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	for _, raw := range [][]byte{testmail.EmptyInReplyTo(), testmail.Nested(20000)} {
		d.Deliver("ann", "INBOX", raw)
	}
	s, sy, acct := dovecotAccount(t, d, 0)
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	server := map[string][]byte{}
	for subj, m := range acctest.NewPhone(t, d, "ann", "pw").Box("INBOX") {
		server[subj] = m.BodySection[0].Bytes
	}
	acctest.CheckStored(t, s, acct.ID, server)
	if res, err := sy.Sync(context.Background(), acct); err != nil || res.New != 0 {
		t.Fatalf("second sync: %+v %v", res, err)
	}
}
