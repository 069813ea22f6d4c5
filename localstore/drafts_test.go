package localstore

import (
	"bytes"
	"fmt"
	"net/mail"
	"testing"
)

func draftBytes(n int) []byte {
	return []byte(fmt.Sprintf("From: me@work.example\r\nTo: kim@example.org\r\nSubject: plan\r\nMessage-ID: <d%d@work.example>\r\n\r\nversion %d\r\n", n, n))
}

func TestSaveDraftKeepsOneVersionAndOneUpload(t *testing.T) {
	s := testStore(t)
	acct, err := s.CreateAccount(Account{Name: "Work", Email: "me@work.example", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for i := 1; i <= 5; i++ { // saving every few seconds, offline
		if id, err = s.SaveDraft(acct.ID, id, draftBytes(i)); err != nil {
			t.Fatal(err)
		}
	}
	drafts, err := s.FolderByRole(acct.ID, RoleDrafts)
	if err != nil {
		t.Fatal("no Drafts folder was made:", err)
	}
	msgs, _ := s.Messages(drafts.ID, nil, 10)
	if len(msgs) != 1 || msgs[0].ID != id || msgs[0].Flags&Draft == 0 {
		t.Fatalf("drafts: %+v", msgs)
	}
	if raw, _ := s.Raw(id); !bytes.Equal(raw, draftBytes(5)) {
		t.Fatalf("stored draft: %q", raw)
	}
	ops, _ := s.Pending(acct.ID)
	if len(ops) != 1 || ops[0].Kind != OpAppend || ops[0].MessageID != id || ops[0].Dest != "Drafts" {
		t.Fatalf("queued for the server: %+v", ops)
	}

	// Once uploaded (the server gave it UID 7), a new version removes the
	// server copy of the old one.
	s.DonePending(ops[0].ID)
	if err := s.SetServerKey(id, "Drafts", 0, "7"); err != nil {
		t.Fatal(err)
	}
	if id, err = s.SaveDraft(acct.ID, id, draftBytes(6)); err != nil {
		t.Fatal(err)
	}
	ops, _ = s.Pending(acct.ID)
	if len(ops) != 2 || ops[0].Kind != OpExpunge || ops[0].ServerKey != "7" || ops[1].Kind != OpAppend || ops[1].MessageID != id {
		t.Fatalf("after an uploaded version: %+v", ops)
	}

	// Sending it: queued in the Outbox and no longer a draft, together.
	if _, err := s.QueueOutgoing(acct.ID, "d6@work.example", "me@work.example", []string{"kim@example.org"}, draftBytes(6), id); err != nil {
		t.Fatal(err)
	}
	if msgs, _ := s.Messages(drafts.ID, nil, 10); len(msgs) != 0 {
		t.Fatalf("the draft is still there after sending: %+v", msgs)
	}
	if ops, _ = s.Pending(acct.ID); len(ops) != 1 || ops[0].Kind != OpExpunge {
		t.Fatalf("the unsent upload of the last version should be dropped: %+v", ops)
	}
}

func TestSetServerKeyAfterTheDraftWasRemoved(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, nil)
	id, _ := s.SaveDraft(acct.ID, 0, draftBytes(1))
	s.DiscardDraft(id)
	if err := s.SetServerKey(id, "Drafts", 0, "3"); err != ErrNotFound {
		t.Fatalf("want ErrNotFound so the engine removes the server copy, got %v", err)
	}
}

func TestOutboxHeldRetryDelete(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Home", Kind: KindPOP}, StandardFolders())
	id, _ := s.QueueOutgoing(acct.ID, "x@h", "me@h", []string{"kim@example.org"}, draftBytes(1), 0)
	if err := s.SetOutState(id, OutHeld, "too big"); err != nil {
		t.Fatal("held is a valid state:", err)
	}
	all, _ := s.AllOutgoing()
	if len(all) != 1 || all[0].State != OutHeld || all[0].LastError != "too big" {
		t.Fatalf("%+v", all)
	}
	if err := s.RetryOutgoing(id); err != nil {
		t.Fatal(err)
	}
	if all, _ = s.AllOutgoing(); all[0].State != OutQueued || all[0].LastError != "" {
		t.Fatalf("after retry: %+v", all)
	}
	s.SetOutState(id, OutSending, "")
	if err := s.DeleteOutgoing(id); err != ErrNotFound {
		t.Fatal("a message being sent must not be deleted under the engine")
	}
	s.SetOutState(id, OutUnsure, "?")
	if err := s.DeleteOutgoing(id); err != nil {
		t.Fatal(err)
	}
	if all, _ = s.AllOutgoing(); len(all) != 0 {
		t.Fatalf("%+v", all)
	}
}

func TestCorrespondents(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Home", Kind: KindPOP}, StandardFolders())
	inbox, _ := s.FolderByRole(acct.ID, RoleInbox)
	sent, _ := s.FolderByRole(acct.ID, RoleSent)
	msg := func(from, to string) NewMessage {
		return NewMessage{Raw: []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: x " + from + to + "\r\n\r\nhi\r\n")}
	}
	s.Add(inbox.ID, []NewMessage{msg("News <news@shop.example>", "me@h"), msg("News <news@shop.example>", "me@h"), msg("Ann Lee <ann@example.org>", "me@h")})
	s.Add(sent.ID, []NewMessage{msg("me@h", "\"Zoë Brandt\" <zoe@example.net>, ann@example.org")})
	list, err := s.Correspondents()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 3 || list[0].Address != "ann@example.org" || list[0].Name != "Ann Lee" || list[1].Address != "zoe@example.net" {
		t.Fatalf("ranking: %+v", list)
	}
	for q, want := range map[string]string{"zo": "zoe@example.net", "BRA": "zoe@example.net", "lee": "ann@example.org", "shop": "news@shop.example"} {
		got := Suggest(list, q, 5)
		if len(got) != 1 || got[0].Address != want {
			t.Errorf("Suggest(%q) = %+v, want %s", q, got, want)
		}
	}
	if got := list[1].String(); got != `Zoë Brandt <zoe@example.net>` {
		t.Errorf("String: %s", got)
	}
	if a, err := mail.ParseAddress(Correspondent{Name: `Kim "K" \ O'Neil`, Address: "k@x.example"}.String()); err != nil || a.Name != `Kim "K" \ O'Neil` {
		t.Errorf("does not parse back: %v %v", a, err)
	}
}

func TestDraftUploadsDoNotCountAsUrgent(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}, {Name: "Drafts", Path: "Drafts", Role: RoleDrafts}})
	s.SaveDraft(acct.ID, 0, draftBytes(1))
	if n, _ := s.PendingToPush(); n != 0 {
		t.Fatalf("a draft upload counts as urgent: %d", n)
	}
	in, _ := s.FolderByPath(acct.ID, "INBOX")
	added, _ := s.Add(in.ID, []NewMessage{{Raw: draftBytes(2), ServerKey: "4"}})
	s.SetFlags([]int64{added[0].ID}, Seen, true)
	if n, _ := s.PendingToPush(); n != 1 {
		t.Fatalf("marking read should be pushed at once: %d", n)
	}
}
