package imapsync

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// Dovecot ends the connection when it cannot read a message file (here
// the file is mode 000 and Dovecot's mail processes are not root: mail_uid
// is nobody, or the test's own user). Within the same sync Postie
// reconnects and narrows down to the one message: everything else is
// stored, the sync succeeds and names the missing message (#25).
func TestDovecotUnreadableMessageDoesNotHoldTheRestBackInTheSameSync(t *testing.T) {
	for _, keep := range []int{0, 30} { // whole at once (listWhole), headers first (listNew, downloadBodies)
		t.Run(fmt.Sprintf("keepDays=%d", keep), func(t *testing.T) {
			d := testservers.Start(t, testservers.Users{"una": "pw"}, "")
			var msgs [][]byte
			for i := 0; i < 30; i++ {
				msgs = append(msgs, []byte(fmt.Sprintf("From: Sam <sam@example.com>\r\nSubject: note %02d\r\nMessage-ID: <n%d@example.com>\r\nDate: %s\r\n\r\nbody %d\r\n",
					i, i, time.Now().Format(time.RFC1123Z), i)))
			}
			d.FillMaildir("una", msgs)
			files, _ := filepath.Glob(filepath.Join(d.Dir, "mail", "una", "cur", "*"))
			var bad string
			for _, f := range files {
				if b, _ := os.ReadFile(f); strings.Contains(string(b), "Subject: note 17\r\n") {
					bad = f
				}
			}
			if err := os.Chmod(bad, 0); err != nil {
				t.Fatal(err)
			}
			s, e, acct := imapAccount(t, d.IMAP, "una")
			acct.Settings.KeepDays = keep
			res, err := e.Sync(context.Background(), acct)
			if err != nil {
				t.Fatalf("sync 1: %v (%s)", err, accounts.Explain(err))
			}
			in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
			stored := storedWhole(t, s, in.ID)
			t.Logf("sync 1: %d of 29 readable messages stored whole; %q", stored, res.Summary())
			if stored != 29 {
				t.Fatalf("sync 1 stored %d of the 29 readable messages", stored)
			}
			want := "1 message in Inbox could not be downloaded: the server failed while sending it"
			if !strings.Contains(res.Summary(), want) || strings.Contains(res.Summary(), "up to date") {
				t.Fatalf("the person was told %q", res.Summary())
			}
			// Later syncs do not stop either, and still name it.
			res, err = e.Sync(context.Background(), acct)
			if err != nil || !strings.Contains(res.Summary(), want) {
				t.Fatalf("sync 2: %v %q", err, res.Summary())
			}
			logTold(t, fmt.Sprintf("Dovecot IMAP · one message unreadable, keepDays=%d, sync 2", keep), storedWhole(t, s, in.ID), 30, res.Summary())
			// Readable again: stored byte for byte.
			if err := os.Chmod(bad, 0o600); err != nil {
				t.Fatal(err)
			}
			res, err = e.Sync(context.Background(), acct)
			if err != nil || len(res.Unfetched) != 0 || !strings.Contains(res.Summary(), "up to date") {
				t.Fatalf("readable again: %v %q", err, res.Summary())
			}
			server := map[string][]byte{}
			for _, m := range acctest.NewPhone(t, d, "una", "pw").Box("INBOX") {
				server[m.Envelope.Subject] = m.BodySection[0].Bytes
			}
			acctest.CheckStored(t, s, acct.ID, server)
			if n := storedWhole(t, s, in.ID); n != 30 {
				t.Fatalf("%d of 30 whole", n)
			}
			logCounts(t, fmt.Sprintf("Dovecot IMAP · one message unreadable, keepDays=%d, readable again", keep), phoneView(t, d.IMAP, "una", "pw"), s, acct.ID, res.Summary())
		})
	}
}

// storedWhole counts a folder's messages stored whole.
func storedWhole(t *testing.T, s *localstore.Store, folderID int64) int {
	t.Helper()
	page, err := s.Messages(folderID, nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range page {
		if !m.Partial {
			n++
		}
	}
	return n
}

// The same in the download of bodies: headers listed while every file
// was readable (older than the account keeps offline), then one file
// unreadable and the account set to keep everything: the other bodies
// come in that sync, the one missing is named, and it comes once
// readable.
func TestDovecotUnreadableBodyDoesNotHoldTheRestBack(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"una": "pw"}, "")
	var msgs [][]byte
	for i := 0; i < 30; i++ {
		msgs = append(msgs, []byte(fmt.Sprintf("From: Sam <sam@example.com>\r\nSubject: old %02d\r\nMessage-ID: <o%d@example.com>\r\nDate: Mon, 1 Jun 2020 10:00:00 +0000\r\n\r\n%s\r\n", i, i, strings.Repeat("old body line\r\n", 20))))
	}
	d.FillMaildir("una", msgs)
	s, e, acct := imapAccount(t, d.IMAP, "una")
	acct.Settings.KeepDays = 30
	if _, err := e.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if n := storedWhole(t, s, in.ID); n != 0 {
		t.Fatalf("%d stored whole, want headers only", n)
	}
	files, _ := filepath.Glob(filepath.Join(d.Dir, "mail", "una", "cur", "*"))
	var bad string
	for _, f := range files {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), "Subject: old 08\r\n") {
			bad = f
		}
	}
	if err := os.Chmod(bad, 0); err != nil {
		t.Fatal(err)
	}
	acct.Settings.KeepDays = 0
	res, err := e.Sync(context.Background(), acct)
	if err != nil {
		t.Fatalf("sync with an unreadable body: %v (%s)", err, accounts.Explain(err))
	}
	if n := storedWhole(t, s, in.ID); n != 29 || !strings.Contains(res.Summary(), "1 message in Inbox could not be downloaded: the server failed while sending it") {
		t.Fatalf("%d of 29 readable bodies stored; told %q", n, res.Summary())
	}
	logTold(t, "Dovecot IMAP · one body unreadable (header listed)", storedWhole(t, s, in.ID), 30, res.Summary())
	if err := os.Chmod(bad, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err = e.Sync(context.Background(), acct)
	if err != nil || len(res.Unfetched) != 0 {
		t.Fatalf("readable again: %v %q", err, res.Summary())
	}
	server := map[string][]byte{}
	for _, m := range acctest.NewPhone(t, d, "una", "pw").Box("INBOX") {
		server[m.Envelope.Subject] = m.BodySection[0].Bytes
	}
	acctest.CheckStored(t, s, acct.ID, server)
	logCounts(t, "Dovecot IMAP · one body unreadable, readable again", phoneView(t, d.IMAP, "una", "pw"), s, acct.ID, res.Summary())
}
