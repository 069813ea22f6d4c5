package imapsync

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func oldMsg(subj string) []byte {
	return []byte(fmt.Sprintf("From: Sam <sam@example.com>\r\nSubject: %s\r\nMessage-ID: <%s@example.com>\r\nDate: Mon, 1 Jun 2020 10:00:00 +0000\r\n\r\n%s\r\n",
		subj, strings.ReplaceAll(subj, " ", "."), strings.Repeat("A line of the body of "+subj+".\r\n", 30)))
}

// Opening a message whose header only is here, on a server that gives
// estimated sizes (Exchange: RFC822.SIZE a little more than the bytes),
// stores it: the same "clearly short" rule as the sync, not an exact
// comparison that called every such message incomplete.
func TestFetchBodyWithEstimatedSizes(t *testing.T) {
	f := testservers.StartFakeIMAP(t, "zoe", "pw")
	f.Configure(func(f *testservers.FakeIMAP) { f.SizeEstimate = true })
	f.Append("INBOX", oldMsg("estimated"))
	s, e, acct := imapAccount(t, f.Port, "zoe")
	acct.Settings.KeepDays = 30
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	m := onlyMessage(t, s, acct.ID)
	if !m.Partial || m.Size <= int64(len(oldMsg("estimated"))) {
		t.Fatalf("listed %+v: want its header, with the server's estimate", m)
	}
	if err := e.FetchBody(context.Background(), acct, m); err != nil {
		t.Fatalf("opening it: %v", err)
	}
	if raw, _ := s.Raw(m.ID); !bytes.Equal(raw, oldMsg("estimated")) {
		t.Fatalf("stored %q", raw)
	}
}

// An unsolicited FETCH for another message, with other bytes, arriving
// while a message is opened: the body is stored only under the UID asked
// for, and the other message is left as it was.
func TestFetchBodyStoresOnlyTheUIDAskedFor(t *testing.T) {
	f := testservers.StartFakeIMAP(t, "zoe", "pw")
	a := f.Append("INBOX", oldMsg("asked for"))
	b := f.Append("INBOX", oldMsg("the other"))
	s, e, acct := imapAccount(t, f.Port, "zoe")
	acct.Settings.KeepDays = 30
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	f.Configure(func(f *testservers.FakeIMAP) { f.Unsolicited = map[imap.UID]imap.UID{a: b} })
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 10)
	by := map[string]localstore.Summary{}
	for _, m := range page {
		by[m.Subject] = m
	}
	otherBefore, _ := s.Raw(by["the other"].ID)
	if err := e.FetchBody(context.Background(), acct, by["asked for"]); err != nil {
		t.Fatal(err)
	}
	if raw, _ := s.Raw(by["asked for"].ID); !bytes.Equal(raw, oldMsg("asked for")) {
		t.Fatalf("the message asked for holds %q", raw)
	}
	other, err := s.Message(by["the other"].ID)
	if err != nil {
		t.Fatalf("the other message: %v (%+v)", err, by)
	}
	otherRaw, _ := s.Raw(by["the other"].ID)
	if !other.Partial || !bytes.Equal(otherRaw, otherBefore) || bytes.Contains(otherRaw, []byte("wrong bytes")) {
		t.Fatalf("the other message changed: partial %v, %q", other.Partial, otherRaw)
	}
}

func onlyMessage(t *testing.T, s *localstore.Store, accountID int64) localstore.Summary {
	t.Helper()
	in, _ := s.FolderByRole(accountID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 10)
	if len(page) != 1 {
		t.Fatalf("%d messages here", len(page))
	}
	return page[0]
}
