package main

import (
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
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
