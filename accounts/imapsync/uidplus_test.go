package imapsync

import (
	"context"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/localstore"
)

// On an IMAP4rev1 server without UIDPLUS, Postie cannot expunge just one
// message, so what it deletes or moves keeps \Deleted on the server. Such
// a message must not come back here as normal mail at the next sync.
func TestIMAPWithoutUIDPLUSDeletedStaysGone(t *testing.T) {
	u, port := memServer(t, false)
	appendMem(t, u, "INBOX", "keep me")
	appendMem(t, u, "INBOX", "delete me")
	appendMem(t, u, "INBOX", "archive me")
	s, sy, acct := imapAccount(t, port, "zoe")
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	arch, _ := s.FolderByPath(acct.ID, "Archive")
	by := map[string]localstore.Summary{}
	page, _ := s.Messages(in.ID, nil, 10)
	for _, m := range page {
		by[m.Subject] = m
	}
	if err := s.DeleteForever([]int64{by["delete me"].ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.Move([]int64{by["archive me"].ID}, arch.ID); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second sync is the one that brought them back
		if _, err := sy.Sync(context.Background(), acct); err != nil {
			t.Fatal(err)
		}
	}
	page, _ = s.Messages(in.ID, nil, 10)
	if len(page) != 1 || page[0].Subject != "keep me" {
		var subjects []string
		for _, m := range page {
			subjects = append(subjects, m.Subject)
		}
		t.Fatalf("the Inbox here shows %q, want only \"keep me\"", subjects)
	}
	if f, _ := s.Folder(arch.ID); f.Total != 1 {
		t.Fatalf("Archive here holds %d", f.Total)
	}
	// The server still has both marked \Deleted (no expunge without
	// UIDPLUS: a plain EXPUNGE could remove other clients' messages).
	st, _ := u.Status("INBOX", &imap.StatusOptions{NumMessages: true})
	if *st.NumMessages != 3 {
		t.Fatalf("INBOX on the server: %d", *st.NumMessages)
	}
}
