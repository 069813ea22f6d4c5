package localstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func testStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func genMessage(i int, date time.Time, subject, body string) []byte {
	return []byte(fmt.Sprintf("From: Sender %d <sender%d@example.com>\r\nTo: me@example.org\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <m%d@example.com>\r\n\r\n%s\r\n",
		i%50, i%50, subject, date.Format(time.RFC1123Z), i, body))
}

func localInbox(t testing.TB, s *Store) Folder {
	t.Helper()
	a, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.FolderByRole(a.ID, RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFirstRunCreatesLocalAccountOnce(t *testing.T) {
	s := testStore(t)
	welcome := []byte("From: Postie <welcome@postie.invalid>\r\nSubject: Welcome to Postie\r\n\r\nHello.\r\n")
	a, err := s.EnsureLocalAccount(welcome)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureLocalAccount(welcome); err != nil {
		t.Fatal(err)
	}
	accts, _ := s.Accounts()
	if len(accts) != 1 || accts[0].Name != LocalAccountName {
		t.Fatalf("accounts = %+v", accts)
	}
	fs, _ := s.Folders(a.ID)
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	if got := fmt.Sprint(names); got != "[Inbox Drafts Sent Archive Trash]" {
		t.Fatalf("folders = %s", got)
	}
	if fs[0].Total != 1 || fs[0].Unread != 1 {
		t.Fatalf("inbox counts = %d/%d, want 1 welcome message, unread", fs[0].Total, fs[0].Unread)
	}
}

func TestRawBytesRoundTripExactly(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	odd := []byte("Subject: odd\n\n.leading dot\r\nbare\rCR\x00NUL \xff\xfe 8-bit\r\n\r\n")
	added, err := s.Add(in.ID, []NewMessage{{Raw: odd}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Raw(added[0].ID)
	if err != nil || !bytes.Equal(got, odd) {
		t.Fatalf("raw = %q, %v; want %q", got, err, odd)
	}
}

func TestAddIsAllOrNothing(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	// A folder that does not exist makes the foreign key fail on the
	// first insert: nothing of the batch may remain.
	_, err := s.Add(in.ID+1000, []NewMessage{{Raw: genMessage(1, time.Now(), "a", "b")}})
	if err == nil {
		t.Fatal("adding to a missing folder succeeded")
	}
	var n int
	s.r.QueryRow(`SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM raw)`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d rows left behind by a failed Add", n)
	}
}

func TestDuplicatesAreNotStoredTwice(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	m := genMessage(1, time.Now(), "same", "same")
	if _, err := s.Add(in.ID, []NewMessage{{Raw: m}}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Add(in.ID, []NewMessage{{Raw: m}, {Raw: m, ServerKey: "k1"}, {Raw: m, ServerKey: "k1"}})
	if err != nil {
		t.Fatal(err)
	}
	// The keyed copy adopts the identical keyless one (a message moved
	// here, or kept across a UIDVALIDITY change): still one message.
	if !r[0].Duplicate || !r[1].Duplicate || !r[2].Duplicate || r[1].ID != r[0].ID {
		t.Fatalf("duplicates = %+v", r)
	}
	if m, _ := s.Message(r[1].ID); m.ServerKey != "k1" {
		t.Fatalf("the server key was not adopted: %+v", m)
	}
	f, _ := s.Folder(in.ID)
	if f.Total != 1 {
		t.Fatalf("%d messages, want 1", f.Total)
	}
}

func TestPaginationCrossesPagesWithoutGapsOrRepeats(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var msgs []NewMessage
	for i := 0; i < 257; i++ {
		// Runs of equal dates test the (date, id) tie-break.
		msgs = append(msgs, NewMessage{Raw: genMessage(i, base.Add(time.Duration(i/3)*time.Hour), fmt.Sprint("s", i), "b")})
	}
	if _, err := s.Add(in.ID, msgs); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	var last *Summary
	var cur *Cursor
	for pages := 0; ; pages++ {
		page, err := s.Messages(in.ID, cur, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			m := page[i]
			if seen[m.ID] {
				t.Fatalf("message %d on two pages", m.ID)
			}
			seen[m.ID] = true
			if last != nil && (m.Date.After(last.Date) || m.Date.Equal(last.Date) && m.ID > last.ID) {
				t.Fatalf("not newest first: %v after %v", m.Date, last.Date)
			}
			last = &m
		}
		cur = page[len(page)-1].Cursor()
	}
	if len(seen) != 257 {
		t.Fatalf("saw %d messages, want 257", len(seen))
	}
}

func TestFlagsCountsAndQueueForServerAccounts(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	r, _ := s.Add(in.ID, []NewMessage{{Raw: genMessage(1, time.Now(), "a", "b")}})
	if err := s.SetFlags([]int64{r[0].ID}, Seen|Flagged, true); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message(r[0].ID)
	if m.Flags != Seen|Flagged {
		t.Fatalf("flags = %b", m.Flags)
	}
	f, _ := s.Folder(in.ID)
	if f.Unread != 0 || f.Total != 1 {
		t.Fatalf("counts %d/%d", f.Unread, f.Total)
	}
	if n, _ := s.PendingCount(0); n != 0 {
		t.Fatalf("local account queued %d server changes", n)
	}

	imap, err := s.CreateAccount(Account{Name: "Work", Email: "me@work.example", Kind: KindIMAP}, []Folder{{Name: "Inbox", Path: "INBOX", Role: RoleInbox}, {Name: "Archive", Path: "Archive", Role: RoleArchive}})
	if err != nil {
		t.Fatal(err)
	}
	wi, _ := s.FolderByRole(imap.ID, RoleInbox)
	wa, _ := s.FolderByRole(imap.ID, RoleArchive)
	r, _ = s.Add(wi.ID, []NewMessage{{Raw: genMessage(2, time.Now(), "w", "b"), ServerKey: "42"}})
	if err := s.SetFlags([]int64{r[0].ID}, Seen, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFlags([]int64{r[0].ID}, Seen, true); err != nil { // no change: no second op
		t.Fatal(err)
	}
	if err := s.Move([]int64{r[0].ID}, wa.ID); err != nil {
		t.Fatal(err)
	}
	ops, _ := s.Pending(imap.ID)
	if len(ops) != 2 || ops[0].Kind != OpFlags || ops[0].Flags != Seen || !ops[0].Set || ops[0].ServerKey != "42" ||
		ops[1].Kind != OpMove || ops[1].Folder != "INBOX" || ops[1].Dest != "Archive" {
		t.Fatalf("ops = %+v", ops)
	}
	moved, _ := s.Message(r[0].ID)
	if moved.FolderID != wa.ID || moved.ServerKey != "" {
		t.Fatalf("moved = %+v", moved)
	}
	if err := s.DonePending(ops[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.PendingCount(imap.ID); n != 1 {
		t.Fatalf("pending = %d after one done", n)
	}
}

func TestDeleteGoesToTrashThenForever(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	r, _ := s.Add(in.ID, []NewMessage{{Raw: genMessage(1, time.Now(), "bye", "gone soon")}})
	id := r[0].ID
	if err := s.Delete([]int64{id}); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message(id)
	tr, _ := s.Folder(m.FolderID)
	if tr.Role != RoleTrash {
		t.Fatalf("deleted message is in %q", tr.Name)
	}
	if res, _ := s.Search("gone", 0, 10); len(res) != 1 {
		t.Fatalf("search in trash = %d", len(res))
	}
	if err := s.Delete([]int64{id}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Message(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("message still there: %v", err)
	}
	if _, err := s.Raw(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("raw still there: %v", err)
	}
	if res, _ := s.Search("gone", 0, 10); len(res) != 0 {
		t.Fatalf("deleted message still found: %d", len(res))
	}
}

func TestSearch(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	a, _ := s.EnsureLocalAccount(nil)
	arch, _ := s.FolderByRole(a.ID, RoleArchive)
	raw := func(from, to, subj, body string) NewMessage {
		return NewMessage{Raw: []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subj + "\r\nDate: Mon, 2 Jan 2023 10:00:00 +0000\r\n\r\n" + body)}
	}
	s.Add(in.ID, []NewMessage{
		raw("Anna Müller <anna@example.com>", "bob@example.org", "Holiday plans", "We fly to Köln on Monday."),
		raw("bob@example.org", "anna@example.com", "Re: Holiday plans", "Great, see you at the airport."),
		raw("=?utf-8?q?J=C3=B6rg?= <jorg@example.net>", "me@example.org", "=?iso-8859-1?q?Gr=FC=DFe?=", "Invoice attached, pay by Friday."),
	})
	s.Add(arch.ID, []NewMessage{raw("carol@example.com", "me@example.org", "Old invoice", "the airport parking bill")})
	cases := []struct {
		q      string
		folder int64
		want   int
	}{
		{"holiday", 0, 2},
		{"holi", 0, 2},          // the word being typed matches as a prefix
		{"koln", 0, 1},          // diacritics folded
		{`"see you at"`, 0, 1},  // phrase
		{`"you see at"`, 0, 0},  // phrase order matters
		{"from:anna", 0, 1},     // column filter
		{"to:anna", 0, 1},       //
		{"from:jörg", 0, 1},     // decoded encoded-word name
		{"subject:grüße", 0, 1}, // decoded encoded-word subject
		{"airport", 0, 2},
		{"airport", in.ID, 1}, // one folder
		{"subject:invoice", 0, 1},
		{`from:"anna@example.com"`, 0, 1},
		{"invoice friday", 0, 1}, // all words must match
		{`"unbalanced`, 0, 0},
		{`* ( ) : "`, 0, 0},
	}
	for _, c := range cases {
		res, err := s.Search(c.q, c.folder, 50)
		if err != nil {
			t.Errorf("Search(%q): %v", c.q, err)
			continue
		}
		if len(res) != c.want {
			t.Errorf("Search(%q) = %d results, want %d (match %q)", c.q, len(res), c.want, ParseQuery(c.q).Match)
		}
	}
}

func TestMigrationFromVersion1(t *testing.T) {
	dir := t.TempDir()
	old, err := openDB(dir, 1) // a store as the first Postie left it
	if err != nil {
		t.Fatal(err)
	}
	res, _ := old.w.Exec(`INSERT INTO accounts (name, kind) VALUES ('On this computer', 'local')`)
	aid, _ := res.LastInsertId()
	res, _ = old.w.Exec(`INSERT INTO folders (account_id, name, path, role) VALUES (?, 'Inbox', 'INBOX', 'inbox')`, aid)
	fid, _ := res.LastInsertId()
	raw := genMessage(7, time.Now(), "Quarterly zeppelin report", "numbers")
	res, err = old.w.Exec(`INSERT INTO messages (folder_id, date, subject, size, sha256) VALUES (?, 0, 'Quarterly zeppelin report', ?, x'00')`, fid, len(raw))
	if err != nil {
		t.Fatal(err)
	}
	mid, _ := res.LastInsertId()
	old.w.Exec(`INSERT INTO raw (message_id, bytes) VALUES (?, ?)`, mid, raw)
	old.closeDB()

	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.r.QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion {
		t.Fatalf("version %d, want %d", v, SchemaVersion)
	}
	if res, err := s.Search("zeppelin", 0, 10); err != nil || len(res) != 1 {
		t.Fatalf("old message not searchable after migration: %v %v", res, err)
	}
}

func TestNewerStoreIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.w.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion+5))
	s.Close()
	if _, err := Open(dir); err == nil {
		t.Fatal("a store from a newer Postie was opened")
	}
}

func TestSecondOpenOfProfileIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrProfileInUse) {
		t.Fatalf("second Open = %v, want ErrProfileInUse", err)
	}
	s.Close()
	s2, err := Open(dir)
	if err != nil {
		t.Fatalf("reopen after close: %v", err)
	}
	s2.Close()
}

func TestConcurrentReaderAndWriter(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var readErr error
	reads := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			page, err := s.Messages(in.ID, nil, 50)
			if err != nil {
				readErr = err
				return
			}
			// A page is always whole batches: a multiple of 10.
			if f, err := s.Folder(in.ID); err != nil || len(page) > f.Total {
				readErr = fmt.Errorf("page %d > total %d (%v)", len(page), f.Total, err)
				return
			}
			reads++
		}
	}()
	for b := 0; b < 30; b++ {
		var batch []NewMessage
		for i := 0; i < 10; i++ {
			batch = append(batch, NewMessage{Raw: genMessage(b*10+i, time.Now(), "c", "d")})
		}
		if _, err := s.Add(in.ID, batch); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
	if readErr != nil {
		t.Fatal(readErr)
	}
	t.Logf("%d reads while writing", reads)
}

func TestChangeNotifications(t *testing.T) {
	s := testStore(t)
	in := localInbox(t, s)
	var got []Change
	cancel := s.Subscribe(func(c Change) { got = append(got, c) })
	s.Add(in.ID, []NewMessage{{Raw: genMessage(1, time.Now(), "n", "n")}})
	cancel()
	s.Add(in.ID, []NewMessage{{Raw: genMessage(2, time.Now(), "n", "n")}})
	if len(got) != 1 || len(got[0].Folders) != 1 || got[0].Folders[0] != in.ID {
		t.Fatalf("changes = %+v", got)
	}
}

func TestSeenKeysOutliveDeletedMessages(t *testing.T) {
	s := testStore(t)
	pop, err := s.CreateAccount(Account{Name: "Home", Kind: KindPOP}, StandardFolders())
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(pop.ID, RoleInbox)
	before := time.Now().Add(-time.Second)
	r, _ := s.Add(in.ID, []NewMessage{{Raw: genMessage(1, time.Now(), "a", "b"), ServerKey: "UIDL-1"}, {Raw: genMessage(2, time.Now(), "c", "d"), ServerKey: "UIDL-2"}})
	if err := s.DeleteForever([]int64{r[0].ID}); err != nil {
		t.Fatal(err)
	}
	seen, _ := s.SeenKeys(pop.ID)
	if len(seen) != 2 || seen["UIDL-1"].FirstSeen.Before(before) {
		t.Fatalf("seen = %+v", seen)
	}
	s.MarkRemoved(pop.ID, []string{"UIDL-2"})
	s.ForgetKeys(pop.ID, []string{"UIDL-1"})
	seen, _ = s.SeenKeys(pop.ID)
	if len(seen) != 1 || !seen["UIDL-2"].Removed {
		t.Fatalf("seen = %+v", seen)
	}
	// Local accounts keep no such record.
	local := localInbox(t, s)
	s.Add(local.ID, []NewMessage{{Raw: genMessage(3, time.Now(), "e", "f"), ServerKey: "x"}})
	a, _ := s.EnsureLocalAccount(nil)
	if seen, _ := s.SeenKeys(a.ID); len(seen) != 0 {
		t.Fatalf("local seen = %+v", seen)
	}
}

// A store written with layout 4 (before held messages and header-only
// messages) keeps its Outbox and messages across migrations 5 and 6.
func TestMigrationFromVersion4(t *testing.T) {
	dir := t.TempDir()
	old, err := openDB(dir, 4)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := old.w.Exec(`INSERT INTO accounts (name, kind) VALUES ('Home', 'pop')`)
	aid, _ := res.LastInsertId()
	res, _ = old.w.Exec(`INSERT INTO folders (account_id, name, path, role) VALUES (?, 'Inbox', 'INBOX', 'inbox')`, aid)
	fid, _ := res.LastInsertId()
	raw := genMessage(1, time.Now(), "Kept across layouts", "body")
	res, _ = old.w.Exec(`INSERT INTO messages (folder_id, date, subject, size, sha256) VALUES (?, 0, 'Kept across layouts', ?, x'00')`, fid, len(raw))
	mid, _ := res.LastInsertId()
	old.w.Exec(`INSERT INTO raw (message_id, bytes) VALUES (?, ?)`, mid, raw)
	if _, err := old.w.Exec(`INSERT INTO outbox (account_id, message_id, sender, rcpt, raw, state, attempts, last_error, created)
		VALUES (?, 'm@h', 'me@h', 'kim@example.org', x'41', 'unsure', 2, 'lost answer', 5)`, aid); err != nil {
		t.Fatal(err)
	}
	old.closeDB()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out, err := s.AllOutgoing()
	if err != nil || len(out) != 1 || out[0].State != OutUnsure || out[0].Attempts != 2 || out[0].LastError != "lost answer" || string(out[0].Raw) != "A" {
		t.Fatalf("outbox after migration: %+v %v", out, err)
	}
	if err := s.SetOutState(out[0].ID, OutHeld, "x"); err != nil {
		t.Fatal("held refused after migration:", err)
	}
	if b, err := s.Raw(mid); err != nil || string(b) != string(raw) {
		t.Fatalf("message after migration: %v", err)
	}
}
