package popsync

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
)

// POP against a real Cyrus 3.6 pop3d (issue #25): the fixture starts it
// beside imapd; messages are put in with IMAP APPEND as the cyd user.

func cyrusPOPMsg(i int) []byte {
	return []byte(fmt.Sprintf("From: Sam <sam@example.com>\r\nTo: cyd@example.com\r\nSubject: pop %d\r\nMessage-ID: <pop%d@example.com>\r\n"+
		"Date: Mon, 1 Jun 2026 10:00:00 +0000\r\n\r\n.a line with a leading dot\r\n%s\r\n", i, i, strings.Repeat("body line\r\n", 5*i)))
}

// cyrusPOP is a POP account on Cyrus, and the bytes the server holds by
// Message-ID (read over IMAP).
func cyrusPOP(t *testing.T, cy *testservers.Cyrus, copies accounts.ServerCopies) (*Engine, accounts.Account, func() map[string][]byte) {
	t.Helper()
	s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: cy.POP3, Security: netconf.Plain, Username: "cyd"}, copies)
	e := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	server := func() map[string][]byte {
		out := map[string][]byte{}
		for subj, m := range acctest.NewPhoneAt(t, cy.IMAP, "cyd", "pw").Box("INBOX") {
			out[subj] = m.BodySection[0].Bytes
		}
		return out
	}
	return e, acct, server
}

// stored is the account's Inbox by subject.
func storedBySubject(t *testing.T, e *Engine, acct accounts.Account) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, raw := range storedRaw(t, e.Store, acct) {
		for _, line := range strings.Split(string(raw), "\r\n") {
			if s, ok := strings.CutPrefix(line, "Subject: "); ok {
				out[s] = raw
				break
			}
		}
	}
	return out
}

func TestCyrusPOPFirstDownloadByteForByte(t *testing.T) {
	cy := testservers.StartCyrus(t, testservers.Users{"cyd": "pw"})
	for i := 1; i <= 8; i++ {
		cy.Append("cyd", "INBOX", cyrusPOPMsg(i), "")
	}
	e, acct, server := cyrusPOP(t, cy, accounts.ServerCopies{Mode: accounts.Keep})
	want := server()
	res, err := e.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 8 || res.Removed != 0 || len(res.Unfetched) != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	got := storedBySubject(t, e, acct)
	if len(got) != 8 {
		t.Fatalf("%d stored", len(got))
	}
	for subj, raw := range want {
		if !bytes.Equal(got[subj], raw) {
			t.Fatalf("%s: not stored byte for byte", subj)
		}
	}
	logPOPCounts(t, "Cyrus POP · first download, keep on the server", e.Store, acct, want, got, res)
	if res, err = e.Sync(context.Background(), acct); err != nil || res.Downloaded != 0 {
		t.Fatalf("second sync: %+v %v", res, err)
	}
	logPOPCounts(t, "Cyrus POP · the sync after", e.Store, acct, want, storedBySubject(t, e, acct), res)
}

// One message file Cyrus cannot read ("-ERR [SYS/PERM] Could not read
// message file"), with "remove from the server after download": the
// rest is downloaded and removed, that one is never removed and is
// named; once readable it comes, byte for byte, and goes.
func TestCyrusPOPUnreadableMessageWithRemoveAfterDownload(t *testing.T) {
	cy := testservers.StartCyrus(t, testservers.Users{"cyd": "pw"})
	for i := 1; i <= 6; i++ {
		cy.Append("cyd", "INBOX", cyrusPOPMsg(i), "")
	}
	e, acct, server := cyrusPOP(t, cy, accounts.ServerCopies{Mode: accounts.AfterDownload})
	want := server()
	file := cy.MessageFile("cyd", "INBOX", 3)
	if err := os.Chmod(file, 0); err != nil {
		t.Fatal(err)
	}
	missing := []accounts.Unfetched{{Folder: "Inbox", Count: 1, Reason: reasonUnreadable}}
	for round := 1; round <= 2; round++ {
		res, err := e.Sync(context.Background(), acct)
		if err != nil || !slices.Equal(res.Unfetched, missing) {
			t.Fatalf("sync %d: %+v %v", round, res, err)
		}
		if round == 1 && (res.Downloaded != 5 || res.Removed != 5) {
			t.Fatalf("sync 1: %+v", res)
		}
		// (The phone cannot read it either: the count is STATUS's.)
		if n := cyrusCount(t, cy); n != 1 {
			t.Fatalf("sync %d: the server holds %d messages", round, n)
		}
		if !strings.Contains(res.Summary(), "1 message in Inbox could not be downloaded") {
			t.Fatalf("told %q", res.Summary())
		}
		logPOPTold(t, fmt.Sprintf("Cyrus POP · one message unreadable, remove after download, sync %d", round), len(storedBySubject(t, e, acct)), 6, res)
	}
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := e.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 1 || res.Removed != 1 || len(res.Unfetched) != 0 {
		t.Fatalf("readable again: %+v %v", res, err)
	}
	got := storedBySubject(t, e, acct)
	for subj, raw := range want {
		if !bytes.Equal(got[subj], raw) {
			t.Fatalf("%s: not stored byte for byte", subj)
		}
	}
	if n := cyrusCount(t, cy); n != 0 {
		t.Fatalf("%d left on the server", n)
	}
	logPOPCounts(t, "Cyrus POP · readable again (compared with what the server held before removing)", e.Store, acct, want, got, res)
}

// cyrusCount is how many messages cyd's INBOX holds.
func cyrusCount(t *testing.T, cy *testservers.Cyrus) int {
	t.Helper()
	for _, line := range cy.Must("cyd", "STATUS INBOX (MESSAGES)") {
		var n int
		if _, err := fmt.Sscanf(line, "* STATUS INBOX (MESSAGES %d)", &n); err == nil {
			return n
		}
	}
	t.Fatal("no STATUS answer")
	return -1
}

// A message whose header is raw UTF-8 (kept as is with munge8bit: no;
// Cyrus' APPEND otherwise rewrites those bytes to 'X') comes over POP
// byte for byte.
func TestCyrusPOPRawUTF8Header(t *testing.T) {
	cy := testservers.StartCyrusWith(t, testservers.Users{"cyd": "pw"}, "munge8bit: no")
	raw := []byte("From: Jürgen Groß <jg@example.de>\r\nTo: cyd@example.com\r\nSubject: Grüße aus Köln\r\nMessage-ID: <gruesse@example.de>\r\n" +
		"Date: Mon, 1 Jun 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBis bald, schöne Grüße.\r\n")
	cy.Append("cyd", "INBOX", raw, "")
	e, acct, server := cyrusPOP(t, cy, accounts.ServerCopies{Mode: accounts.Keep})
	if held := server()["Grüße aus Köln"]; !bytes.Equal(held, raw) {
		t.Fatalf("Cyrus holds %q", held)
	}
	res, err := e.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	for _, got := range storedRaw(t, e.Store, acct) {
		if !bytes.Equal(got, raw) {
			t.Fatalf("stored %q", got)
		}
	}
	logPOPCounts(t, "Cyrus POP · raw UTF-8 header", e.Store, acct, map[string][]byte{"Grüße aus Köln": raw}, storedBySubject(t, e, acct), res)
}
