package popsync

import (
	"context"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/internal/testmail"
)

// The messages that crashed a sync (empty In-Reply-To) or froze it (parts
// nested 20,000 deep) arrive over POP from Dovecot, byte for byte, with
// their subject and sender; the sync completes and the next one
// downloads nothing again.
func TestHostileMessagesOverPOP(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"pat": "pw"}, "")
	hostile := [][]byte{testmail.EmptyInReplyTo(), testmail.Nested(20000)}
	for _, raw := range hostile {
		d.Deliver("pat", "INBOX", raw)
	}
	s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS, Username: "pat"}, accounts.ServerCopies{Mode: accounts.Keep}, d.CertSHA256)
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	if _, err := p.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	// Dovecot holds what was delivered (CRLF line ends kept).
	acctest.CheckStored(t, s, acct.ID, map[string][]byte{"a reply with nothing in In-Reply-To": hostile[0], "nested parts": hostile[1]})
	if res, err := p.Sync(context.Background(), acct); err != nil || res.Downloaded != 0 {
		t.Fatalf("second sync: %+v %v", res, err)
	}
}
