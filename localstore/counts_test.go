package localstore

import (
	"fmt"
	"testing"
	"time"
)

// The folder list's counts are kept by triggers, not counted each time:
// after every kind of change they equal what a count of the messages
// gives.
func TestFolderCountsFollowEveryChange(t *testing.T) {
	s := testStore(t)
	acct, err := s.CreateAccount(Account{Name: "Work", Kind: KindIMAP}, []Folder{
		{Name: "Inbox", Path: "INBOX", Role: RoleInbox}, {Name: "Trash", Path: "Trash", Role: RoleTrash}, {Name: "Old", Path: "Old"}})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByPath(acct.ID, "INBOX")
	old, _ := s.FolderByPath(acct.ID, "Old")
	check := func(step string) {
		t.Helper()
		fs, err := s.Folders(acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			var total, unread int
			s.r.QueryRow(`SELECT count(*), coalesce(sum(flags & 1 = 0), 0) FROM messages WHERE folder_id = ?`, f.ID).Scan(&total, &unread)
			if f.Total != total || f.Unread != unread {
				t.Fatalf("after %s, %s shows %d (%d unread), holds %d (%d unread)", step, f.Name, f.Total, f.Unread, total, unread)
			}
		}
	}
	var msgs []NewMessage
	for i := 0; i < 20; i++ {
		msgs = append(msgs, NewMessage{Raw: fmt.Appendf(nil, "Subject: n%d\r\nMessage-ID: <%d@x>\r\n\r\nhi\r\n", i, i),
			ServerKey: fmt.Sprint(i + 1), Flags: Flags(i%2) * Seen, Received: time.Now()})
	}
	added, err := s.Add(in.ID, msgs)
	if err != nil {
		t.Fatal(err)
	}
	check("adding 20")
	ids := func(from, to int) []int64 {
		var out []int64
		for _, a := range added[from:to] {
			out = append(out, a.ID)
		}
		return out
	}
	s.SetFlags(ids(0, 6), Seen, true)
	check("marking read")
	s.SetFlags(ids(0, 3), Seen, false)
	check("marking unread")
	s.SetFlags(ids(3, 5), Flagged, true)
	check("flagging (unread unchanged)")
	s.Move(ids(5, 9), old.ID)
	check("moving")
	s.ApplyServerFlags(in.ID, map[string]Flags{"10": Seen, "11": 0, "12": Seen | Answered})
	check("flags from the server")
	s.Delete(ids(12, 14))
	check("deleting to the Trash")
	s.DeleteForever(ids(14, 15))
	check("deleting for ever")
	s.RemoveByKeys(in.ID, []string{"16", "17"})
	check("removed on the server")
	s.CompleteAll(in.ID, nil)
	if _, err := s.Add(in.ID, []NewMessage{{Raw: []byte("Subject: h\r\n\r\n"), ServerKey: "99", Partial: true, Size: 40}}); err != nil {
		t.Fatal(err)
	}
	s.Complete(in.ID, "99", []byte("Subject: h\r\n\r\nbody\r\n"))
	check("a header, then its body")
	if err := s.DeleteFolder(old.ID); err != nil {
		t.Fatal(err)
	}
	check("deleting a folder")
	f, _ := s.CreateFolder(acct.ID, Folder{Name: "New", Path: "New"})
	check("a new, empty folder")
	s.Move(ids(19, 20), f.ID)
	check("moving into the new folder")
}

// A store from before the counts were kept gets them filled in when it
// is opened.
func TestFolderCountsFilledWhenUpdating(t *testing.T) {
	dir := t.TempDir()
	s, err := openDB(dir, 8)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.w.Exec(`INSERT INTO accounts (name, kind) VALUES ('Old', 'local')`)
	if err != nil {
		t.Fatal(err)
	}
	aid, _ := res.LastInsertId()
	res, _ = s.w.Exec(`INSERT INTO folders (account_id, name, path, role) VALUES (?, 'Inbox', 'INBOX', 'inbox')`, aid)
	fid, _ := res.LastInsertId()
	for i := 0; i < 7; i++ {
		if _, err := s.w.Exec(`INSERT INTO messages (folder_id, date, flags, size, sha256) VALUES (?, 0, ?, 1, x'00')`, fid, i%3%2); err != nil {
			t.Fatal(err)
		}
	}
	s.closeDB()
	s, err = openDB(dir, SchemaVersion)
	if err != nil {
		t.Fatal(err)
	}
	defer s.closeDB()
	f, err := s.Folder(fid)
	if err != nil || f.Total != 7 || f.Unread != 5 {
		t.Fatalf("updated store: %+v %v", f, err)
	}
}
