package localstore

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestHeaderFirstThenBody(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}, {Name: "Old", Path: "Old"}})
	in, _ := s.FolderByPath(acct.ID, "INBOX")
	full := []byte("From: Ann <ann@example.org>\r\nSubject: Beans\r\nDate: Tue, 24 Nov 2026 09:00:00 +0000\r\n\r\nPurple runner beans grow tall.\r\n")
	hdr := full[:bytes.Index(full, []byte("\r\n\r\n"))+4]
	added, err := s.Add(in.ID, []NewMessage{{Raw: hdr, ServerKey: "5", Partial: true, Size: int64(len(full))}})
	if err != nil {
		t.Fatal(err)
	}
	id := added[0].ID
	m, _ := s.Message(id)
	if !m.Partial || m.Subject != "Beans" || m.Size != int64(len(full)) {
		t.Fatalf("header-only message: %+v", m)
	}
	if raw, err := s.Raw(id); !errors.Is(err, ErrNotDownloaded) || !bytes.Equal(raw, hdr) {
		t.Fatalf("Raw of a partial message: %q %v", raw, err)
	}
	if todo, _ := s.ToDownload(in.ID, time.Time{}, 10); len(todo) != 1 || todo[0].ID != id {
		t.Fatalf("to download: %+v", todo)
	}
	if ok, err := s.Complete(in.ID, "5", full); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if raw, err := s.Raw(id); err != nil || !bytes.Equal(raw, full) {
		t.Fatalf("after Complete: %q %v", raw, err)
	}
	if found, _ := s.Search("runner", 0, 10); len(found) != 1 {
		t.Fatal("the body is not searchable once downloaded")
	}
	if ok, _ := s.Complete(in.ID, "5", full); ok {
		t.Fatal("completed twice")
	}

	// Keeping only recent mail: the body goes, the header, size, preview
	// and search entry stay; the server copy is what is left.
	if n, err := s.DropBodies(in.ID, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)); n != 1 || err != nil {
		t.Fatal(n, err)
	}
	m, _ = s.Message(id)
	if raw, err := s.Raw(id); !errors.Is(err, ErrNotDownloaded) || !bytes.Equal(raw, hdr) || m.Size != int64(len(full)) || m.Preview == "" {
		t.Fatalf("after DropBodies: %q %v %+v", raw, err, m)
	}
	if found, _ := s.Search("runner", 0, 10); len(found) != 1 {
		t.Fatal("search lost the body's words")
	}

	// Never to another account with only its header.
	local, _ := s.EnsureLocalAccount(nil)
	lf, _ := s.Folders(local.ID)
	if err := s.Move([]int64{id}, lf[0].ID); !errors.Is(err, ErrPartialMove) {
		t.Fatalf("moved a header-only message out of its account: %v", err)
	}
	// Within the account it moves (the server moves it too).
	old, _ := s.FolderByPath(acct.ID, "Old")
	if err := s.Move([]int64{id}, old.ID); err != nil {
		t.Fatal(err)
	}
	// The server gives it a UID there; its header arrives: the same
	// message, adopted, not a second one.
	again, _ := s.Add(old.ID, []NewMessage{{Raw: hdr, ServerKey: "9", Partial: true, Size: int64(len(full))}})
	if !again[0].Duplicate || again[0].ID != id {
		t.Fatalf("a moved message came back twice: %+v", again)
	}
}

func TestHeaderAdoptsWholeKeylessCopy(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}})
	in, _ := s.FolderByPath(acct.ID, "INBOX")
	full := []byte("From: a@example.org\r\nSubject: s\r\n\r\nbody\r\n")
	first, _ := s.Add(in.ID, []NewMessage{{Raw: full}}) // kept across a UIDVALIDITY change
	hdr := full[:bytes.Index(full, []byte("\r\n\r\n"))+4]
	again, _ := s.Add(in.ID, []NewMessage{{Raw: hdr, ServerKey: "1", Partial: true, Size: int64(len(full))}})
	if !again[0].Duplicate || again[0].ID != first[0].ID {
		t.Fatalf("%+v", again)
	}
	if m, _ := s.Message(first[0].ID); m.Partial || m.ServerKey != "1" {
		t.Fatalf("the whole copy must stay whole and get the key: %+v", m)
	}
	// Same header, different size: another message.
	other, _ := s.Add(in.ID, []NewMessage{{Raw: hdr, ServerKey: "2", Partial: true, Size: 999}})
	if other[0].Duplicate {
		t.Fatal("a different message was taken for the same one")
	}
}

func TestStubsAndPOPBodies(t *testing.T) {
	s := testStore(t)
	imapAcct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}, {Name: "Old", Path: "Old"}})
	in, _ := s.FolderByPath(imapAcct.ID, "INBOX")
	old, _ := s.FolderByPath(imapAcct.ID, "Old")
	hdr := []byte("From: a@example.org\r\nSubject: s\r\nDate: Mon, 2 Mar 2020 10:00:00 +0000\r\n\r\n")
	added, _ := s.Add(in.ID, []NewMessage{{Raw: hdr, ServerKey: "1", Partial: true, Size: 100}})
	s.Move([]int64{added[0].ID}, old.ID)
	if n, _ := s.RemoveStubs(old.ID); n != 0 {
		t.Fatal("a stub with its move still waiting was removed")
	}
	ops, _ := s.Pending(imapAcct.ID)
	s.DonePending(ops[0].ID) // the server refused the move: dropped
	if n, _ := s.RemoveStubs(old.ID); n != 1 {
		t.Fatal("the stub stayed")
	}
	// A POP account's bodies are never dropped: its server may not have
	// them any more.
	pop, _ := s.CreateAccount(Account{Name: "Home", Kind: KindPOP}, StandardFolders())
	pin, _ := s.FolderByRole(pop.ID, RoleInbox)
	s.Add(pin.ID, []NewMessage{{Raw: append(hdr, []byte("body\r\n")...), ServerKey: "uidl-1"}})
	if n, _ := s.DropBodies(pin.ID, time.Now()); n != 0 {
		t.Fatal("dropped the body of a POP message")
	}
}

// Gmail files sent mail itself, with bytes of its own: the copy Postie
// kept in Sent becomes that server copy (its key, header, then body), not
// a second message.
func TestSentCopyAdoptsTheProvidersOwn(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Gmail", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}, {Name: "Sent Mail", Path: "[Gmail]/Sent Mail", Role: RoleSent}})
	mine := []byte("From: me@gmail.example\r\nTo: kim@example.org\r\nSubject: hi\r\nMessage-Id: <abc@gmail.example>\r\n\r\nhello\r\n")
	id, _ := s.QueueOutgoing(acct.ID, "abc@gmail.example", "me@gmail.example", []string{"kim@example.org"}, mine, 0)
	if err := s.MarkSent(id, false); err != nil {
		t.Fatal(err)
	}
	sent, _ := s.FolderByRole(acct.ID, RoleSent)
	theirs := append([]byte("X-Gmail-Labels: Sent\r\n"), mine...)
	hdr := theirs[:bytes.Index(theirs, []byte("\r\n\r\n"))+4]
	added, err := s.Add(sent.ID, []NewMessage{{Raw: hdr, ServerKey: "77", Partial: true, Size: int64(len(theirs))}})
	if err != nil || !added[0].Duplicate {
		t.Fatalf("%+v %v", added, err)
	}
	s.Complete(sent.ID, "77", theirs)
	msgs, _ := s.Messages(sent.ID, nil, 10)
	if raw, _ := s.Raw(msgs[0].ID); len(msgs) != 1 || !bytes.Equal(raw, theirs) {
		t.Fatalf("Sent holds %d; bytes %q", len(msgs), raw)
	}
}

func TestEmptyHeaderAdoptsNothing(t *testing.T) {
	s := testStore(t)
	acct, _ := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}})
	in, _ := s.FolderByPath(acct.ID, "INBOX")
	local, _ := s.Add(in.ID, []NewMessage{{Raw: []byte("Subject: mine\r\n\r\nbody\r\n")}})
	got, _ := s.Add(in.ID, []NewMessage{{Raw: []byte("\r\n"), ServerKey: "3", Partial: true, Size: 21}})
	if got[0].Duplicate || got[0].ID == local[0].ID {
		t.Fatal("a message without a header was taken for another one of the same size")
	}
}
