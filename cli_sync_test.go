package main

import (
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
)

// postie sync never says "up to date" while the server could not send
// a message, and names each one (#25).
func TestSyncLineNamesWhatIsMissing(t *testing.T) {
	out := mailsync.Outcome{Summary: "No new messages in 4 folders; up to date.",
		Unfetched: []accounts.Unfetched{{Folder: "Inbox", Count: 1, Reason: "the server failed while sending it"}}}
	line := syncLine(out)
	if strings.Contains(line, "up to date") {
		t.Fatalf("says up to date with a message missing: %q", line)
	}
	if !strings.Contains(line, "1 message in Inbox could not be downloaded: the server failed while sending it") {
		t.Fatalf("does not name the missing message: %q", line)
	}
	if got := syncLine(mailsync.Outcome{Summary: "No new messages in 4 folders; up to date."}); got != "No new messages in 4 folders; up to date." {
		t.Fatalf("a complete sync reads %q", got)
	}
}

// postie sync exits non-zero, and names the message, while the server
// could not send one; once it comes, it exits 0 (#25).
func TestSyncExitCodeWhileAMessageIsMissing(t *testing.T) {
	f := testservers.StartCourierIMAP(t, kim, "pw-kim")
	f.Append("INBOX", []byte("From: a@example.com\r\nSubject: fine\r\nMessage-ID: <fine@example.com>\r\n\r\nhi\r\n"))
	bad := f.Append("INBOX", []byte("From: a@example.com\r\nSubject: unreadable\r\nMessage-ID: <bad@example.com>\r\n\r\nhi\r\n"))
	f.Unreadable("INBOX", bad, true)
	p := t.TempDir()
	s, err := openProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := accounts.ProfileKeyring(s)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := accounts.Create(s, keys, accounts.Account{Name: "Kim", Email: kim, Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: kim}}}, "pw-kim")
	s.Close()
	if err != nil {
		t.Skipf("no keyring here (run the tests as dev.sh does): %v", err)
	}
	t.Cleanup(func() { _ = keys.Delete(acct.ID, secrets.Incoming) })
	out, errs, code := mailCLI(t, "", "sync", "--profile", p)
	if code == 0 || !strings.Contains(out, "1 message in Inbox could not be downloaded: the server sent a notice in its place") || strings.Contains(out, "up to date") {
		t.Fatalf("with a message missing: exit %d\n%s%s", code, out, errs)
	}
	f.Unreadable("INBOX", bad, false)
	out, errs, code = mailCLI(t, "", "sync", "--profile", p)
	if code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("complete: exit %d\n%s%s", code, out, errs)
	}
}
