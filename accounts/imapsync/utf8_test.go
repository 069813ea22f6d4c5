package imapsync

import (
	"bytes"
	"context"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

const rawUTF8 = "From: Jürgen Groß <jg@example.de>\r\nTo: zoe@example.com\r\nSubject: Grüße aus Köln\r\nMessage-ID: <gruesse@example.de>\r\n" +
	"Date: Mon, 1 Jun 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBis bald.\r\n"

// A server offering UTF8=ACCEPT (RFC 6855) gets ENABLE after sign-in,
// and a message whose header is raw UTF-8 is stored as the server holds
// it (without ENABLE this server downgrades it, as RFC 6855 lets it).
func TestIMAPEnablesUTF8AcceptWhereOffered(t *testing.T) {
	f := testservers.StartFakeIMAP(t, "zoe", "pw", imap.CapEnable, imap.CapUTF8Accept)
	f.Configure(func(f *testservers.FakeIMAP) { f.UTF8Downgrade = true })
	f.Append("INBOX", []byte(rawUTF8))
	s, e, acct := imapAccount(t, f.Port, "zoe")
	res, err := e.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if !containsCapability(f.Enables, imap.CapUTF8Accept) {
		t.Fatalf("UTF8=ACCEPT not enabled: %v", f.Enables)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 10)
	if len(page) != 1 || page[0].Subject != "Grüße aus Köln" {
		t.Fatalf("stored %+v", page)
	}
	if raw, _ := s.Raw(page[0].ID); !bytes.Equal(raw, []byte(rawUTF8)) {
		t.Fatalf("not stored as the server holds it:\n%q", raw)
	}
	logCounts(t, "UTF8=ACCEPT (fake) · raw UTF-8 header", fakeView(t, f, "zoe", "pw"), s, acct.ID, res.Summary())
}

// go-imap beta.8 decodes mailbox names as modified UTF-7 even with
// UTF8=ACCEPT on: a folder whose name holds '&' (which a UTF-8 name
// carries raw) would end every connection. With such a folder on the
// server Postie does not enable it, and syncs every folder.
func TestIMAPLeavesUTF8AcceptOffWithAnAmpersandFolder(t *testing.T) {
	f := testservers.StartFakeIMAP(t, "zoe", "pw", imap.CapEnable, imap.CapUTF8Accept)
	f.Create("R&D")
	f.Append("R&D", []byte("From: a@example.com\r\nSubject: plans\r\n\r\nbody\r\n"))
	s, e, acct := imapAccount(t, f.Port, "zoe")
	res, err := e.Sync(context.Background(), acct)
	if err != nil || res.New != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if len(f.Enables) != 0 {
		t.Fatalf("enabled %v with a folder named R&D", f.Enables)
	}
	if rd, err := s.FolderByPath(acct.ID, "R&D"); err != nil || rd.Total != 1 {
		t.Fatalf("R&D here: %+v %v", rd, err)
	}
}

func containsCapability(list []imap.Cap, c imap.Cap) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}
