package localstore

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// sortMsg is a message of exactly size bytes.
func sortMsg(i int, from, to, subject string, date time.Time, size int) NewMessage {
	head := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <sort%d@example.com>\r\n\r\n",
		from, to, subject, date.Format(time.RFC1123Z), i)
	return NewMessage{Raw: []byte(head + strings.Repeat("x", size-len(head)))}
}

// sortFixture is six messages with ties in every key: n[k] is the id of
// message k (1–6).
func sortFixture(t *testing.T) (*Store, Folder, map[int]int64) {
	t.Helper()
	s := testStore(t)
	acct, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, RoleInbox)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1, t2 := t0.Add(time.Hour), t0.Add(2*time.Hour)
	added, err := s.Add(in.ID, []NewMessage{
		sortMsg(1, "Émile Zola <emile@example.com>", "Zed <zed@example.com>", "Re: Budget", t0, 900),
		sortMsg(2, "anna <anna@example.com>", "You <you@example.org>", "budget", t0, 900),
		sortMsg(3, "Anna <anna2@example.com>", "Ärzte Team <team@example.com>, Bob <bob@example.com>", "Lunch?", t1, 500),
		sortMsg(4, "bob@example.com", "You <you@example.org>", "Fwd: lunch?", t1, 1200),
		sortMsg(5, `"Zoë" <zoe@example.com>`, "You <you@example.org>", "Ärger", t2, 500),
		sortMsg(6, "Anna <anna@example.com>", "Bo <bo@example.com>", "", t0, 900),
	})
	if err != nil {
		t.Fatal(err)
	}
	n := map[int]int64{}
	for i, a := range added {
		n[i+1] = a.ID
	}
	if err := s.SetFlags([]int64{n[1], n[3], n[5]}, Seen, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFlags([]int64{n[2], n[5]}, Flagged, true); err != nil {
		t.Fatal(err)
	}
	return s, in, n
}

// walk reads a whole folder in o, page by page.
func walk(t *testing.T, s *Store, folder int64, o Order, page int) []Summary {
	t.Helper()
	var all []Summary
	var after *Cursor
	for {
		got, err := s.MessagesIn(folder, o, after, page)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, got...)
		if len(got) < page {
			return all
		}
		after = o.Cursor(got[len(got)-1])
		if len(all) > 10000 {
			t.Fatal("paging does not end")
		}
	}
}

// Every key, both ways, read in pages of 1, 2, 4 and all at once, from
// the folder's index and without one: ties follow by date, then by id,
// in the same direction; names and subjects sort without case, accents,
// quotes or "Re:".
func TestSortEveryKeyBothWays(t *testing.T) {
	s, in, n := sortFixture(t)
	descending := map[SortKey][]int{
		ByDate:      {5, 4, 3, 6, 2, 1},
		BySender:    {5, 1, 4, 3, 6, 2}, // zoe, emile zola, bob@, anna (t1), anna (t0: 6, 2)
		ByRecipient: {1, 5, 4, 2, 6, 3}, // zed, you ×3 by date, bo, arzte team
		BySubject:   {4, 3, 2, 1, 5, 6}, // lunch ×2, budget ×2, arger, (none)
		BySize:      {4, 6, 2, 1, 5, 3},
		ByUnread:    {4, 6, 2, 5, 3, 1}, // unread newest first, then read
		ByFlagged:   {5, 2, 4, 3, 6, 1},
	}
	for _, k := range SortKeys {
		for _, asc := range []bool{false, true} {
			o := Order{By: k, Ascending: asc}
			want := make([]int64, 0, 6)
			for _, i := range descending[k] {
				want = append(want, n[i])
			}
			if asc {
				slices.Reverse(want)
			}
			for _, indexed := range []bool{false, true} {
				if indexed {
					if err := s.SetFolderOrder(in.ID, o); err != nil {
						t.Fatal(err)
					}
				}
				for _, page := range []int{1, 2, 4, 100} {
					var got []int64
					for _, m := range walk(t, s, in.ID, o, page) {
						got = append(got, m.ID)
					}
					if !slices.Equal(got, want) {
						t.Errorf("%v (indexed %v) in pages of %d: %v, want %v", o, indexed, page, got, want)
					}
				}
			}
			if err := s.SetFolderOrder(in.ID, NewestFirst); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Order.Compare (the window's sorting of what it holds) agrees with the
// store's order.
func TestCompareIsTheStoresOrder(t *testing.T) {
	s, in, _ := sortFixture(t)
	for _, k := range SortKeys {
		for _, asc := range []bool{false, true} {
			o := Order{By: k, Ascending: asc}
			stored := walk(t, s, in.ID, o, 100)
			mine := slices.Clone(stored)
			slices.Reverse(mine)
			slices.SortFunc(mine, o.Compare)
			for i := range stored {
				if stored[i].ID != mine[i].ID {
					t.Fatalf("%v: Compare puts %d at %d, the store %d", o, mine[i].ID, i, stored[i].ID)
				}
			}
		}
	}
}

// Many messages equal in every key, even the date: pages split the ties
// and still give each message once, in id order.
func TestSortedPagesThroughEqualValues(t *testing.T) {
	s := testStore(t)
	acct, _ := s.EnsureLocalAccount(nil)
	in, _ := s.FolderByRole(acct.ID, RoleInbox)
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var msgs []NewMessage
	for i := range 50 {
		msgs = append(msgs, sortMsg(i, "Same <same@example.com>", "You <you@example.org>", "Same", date, 600))
	}
	added, err := s.Add(in.ID, msgs)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, a := range added {
		ids = append(ids, a.ID)
	}
	for _, k := range SortKeys {
		for _, asc := range []bool{false, true} {
			o := Order{By: k, Ascending: asc}
			if err := s.SetFolderOrder(in.ID, o); err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(ids)
			if !asc {
				slices.Reverse(want)
			}
			var got []int64
			for _, m := range walk(t, s, in.ID, o, 7) {
				got = append(got, m.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%v: %v, want %v", o, got, want)
			}
		}
	}
}

// Every order reads from an index, with no sorting step: a deep page
// costs what the first does. Newest first reads messages_by_date; a
// folder sorted by another key, the index SetFolderOrder made for it.
func TestSortedPagesSeekTheirIndex(t *testing.T) {
	s, in, _ := sortFixture(t)
	for _, k := range SortKeys {
		for _, asc := range []bool{false, true} {
			o := Order{By: k, Ascending: asc}
			if err := s.SetFolderOrder(in.ID, o); err != nil {
				t.Fatal(err)
			}
			index := sortIndex(in.ID, k)
			if k == ByDate {
				index = "messages_by_date"
			}
			for _, after := range []*Cursor{nil, {Text: "x", Num: 1, Date: 5, ID: 3}} {
				p := queryPlan(t, s, `EXPLAIN QUERY PLAN `+messagesQuery(in.ID, o, after, k != ByDate), append(o.cursorArgs(after), 200)...)
				if !strings.Contains(p, "USING INDEX "+index+" (") && !strings.Contains(p, "USING INDEX "+index) ||
					strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "SCAN") && after != nil {
					t.Errorf("%v after %v: plan %q, want a search of %s", o, after, p, index)
				}
			}
		}
	}
}

func queryPlan(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.r.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// sortIndexes are the folders' sort indexes there are.
func sortIndexes(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.r.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB 'messages_sort_*' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

// The text keys follow a header read again (a POP message downloaded
// anew): the trigger renews them.
func TestSortKeysFollowAHeaderReadAgain(t *testing.T) {
	s, in, n := sortFixture(t)
	if _, err := s.w.Exec(`UPDATE messages SET from_addr = 'Aaron <aaron@example.com>', subject = 'AW: Ärger', to_addr = 'Zack <z@example.com>' WHERE id = ?`, n[5]); err != nil {
		t.Fatal(err)
	}
	var from, to, subj string
	if err := s.r.QueryRow(`SELECT sort_from, sort_to, sort_subject FROM messages WHERE id = ?`, n[5]).Scan(&from, &to, &subj); err != nil {
		t.Fatal(err)
	}
	if from != "aaron" || to != "zack" || subj != "arger" {
		t.Fatalf("keys after the update: %q %q %q", from, to, subj)
	}
	if first := walk(t, s, in.ID, Order{By: BySender, Ascending: true}, 10)[0]; first.ID != n[5] {
		t.Fatalf("first by sender: %d (%s), want the renamed message", first.ID, first.From)
	}
}

func TestFoldKey(t *testing.T) {
	for in, want := range map[string]string{
		"Émile":                       "emile",
		`"Zoë"`:                       "zoe",
		"  ÄRGER   im\tBüro ":         "arger im buro",
		"Straße":                      "strasse",
		"'Bob'":                       "bob",
		"…":                           "",
		strings.Repeat("ab", 100):     strings.Repeat("ab", 60),
		strings.Repeat("é", 100):      strings.Repeat("e", 100),
		"x" + strings.Repeat("ü", 70): ("x" + strings.Repeat("u", 70))[:71],
	} {
		if got := foldKey(in); got != want {
			t.Errorf("foldKey(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Re: AW: Fwd:  Lunch?": "lunch",
		"RE[2]: Re : tr:Plan":  "plan",
		"Reply: soon":          "reply: soon",
		"Antwort: x":           "antwort: x",
		"Re[x]: odd":           "re[x]: odd",
		"Fwd:":                 "",
		"re":                   "re",
		"SV: Möte":             "mote",
	} {
		if got := subjectKey(in); got != want {
			t.Errorf("subjectKey(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Anna Müller <anna@example.com>, Bob <b@example.com>": "anna muller",
		`"Doe, John" <j@example.com>`:                         "doe, john",
		"bob@example.com":                                     "bob@example.com",
		"":                                                    "",
	} {
		if got := senderKey(in); got != want {
			t.Errorf("senderKey(%q) = %q, want %q", in, got, want)
		}
	}
	if got := foldKey("x" + strings.Repeat("ж", 100)); len(got) != maxSortKey-1 || !strings.HasPrefix("x"+strings.Repeat("ж", 100), got) {
		t.Errorf("a long key is cut inside a letter: %q", got)
	}
}

// SearchIn orders every match, then keeps the first: the largest
// matches, not the newest ones reordered.
func TestSearchInOrdersAllMatches(t *testing.T) {
	s, in, n := sortFixture(t)
	got, err := s.SearchIn("example", in.ID, Order{By: BySize}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != n[4] || got[1].ID != n[6] {
		t.Fatalf("largest two: %v", got)
	}
	all, err := s.SearchIn("", 0, Order{By: BySender, Ascending: true}, 10)
	if err != nil || len(all) != 0 {
		t.Fatalf("an empty search: %v %v", all, err)
	}
	byDate, _ := s.SearchIn("budget", in.ID, NewestFirst, 10)
	if len(byDate) != 2 || byDate[0].ID != n[2] || byDate[1].ID != n[1] {
		t.Fatalf("newest first: %v", byDate)
	}
}

// A folder's order is kept with the profile, and goes with the folder.
func TestFolderOrderIsKept(t *testing.T) {
	s := testStore(t)
	acct, _ := s.EnsureLocalAccount(nil)
	in, _ := s.FolderByRole(acct.ID, RoleInbox)
	if o, err := s.FolderOrder(in.ID); err != nil || o != NewestFirst {
		t.Fatalf("a folder nobody sorted: %v %v", o, err)
	}
	want := Order{By: BySubject, Ascending: true}
	if err := s.SetFolderOrder(in.ID, want); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFolderOrder(in.ID, Order{By: "colour"}); err == nil {
		t.Fatal("an unknown key was kept")
	}
	if o, _ := s.FolderOrder(in.ID); o != want {
		t.Fatalf("kept %v, want %v", o, want)
	}
	f, err := s.CreateFolder(acct.ID, Folder{Name: "Projects", Path: "Projects"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFolderOrder(f.ID, Order{By: BySize}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteFolder(f.ID); err != nil {
		t.Fatal(err)
	}
	var left int
	s.r.QueryRow(`SELECT count(*) FROM folder_order`).Scan(&left)
	if left != 1 {
		t.Fatalf("%d orders kept after deleting a folder, want 1", left)
	}
	// Each folder has the index of its order only; a deleted folder's
	// goes at the next change.
	if got, want := sortIndexes(t, s), []string{sortIndex(f.ID, BySize), sortIndex(in.ID, BySubject)}; !slices.Equal(got, want) {
		t.Fatalf("indexes %v, want %v", got, want)
	}
	if err := s.SetFolderOrder(in.ID, Order{By: ByFlagged}); err != nil {
		t.Fatal(err)
	}
	if got, want := sortIndexes(t, s), []string{sortIndex(in.ID, ByFlagged)}; !slices.Equal(got, want) {
		t.Fatalf("indexes %v, want %v", got, want)
	}
	if err := s.SetFolderOrder(in.ID, NewestFirst); err != nil {
		t.Fatal(err)
	}
	if o, _ := s.FolderOrder(in.ID); o != NewestFirst {
		t.Fatalf("back to newest first: %v", o)
	}
	if got := sortIndexes(t, s); len(got) != 0 {
		t.Fatalf("newest first keeps %v", got)
	}
}

// A store from before sorting: its messages' text keys are made when
// their folder is first sorted by one (until then, as the rows are
// read), or when one moves to another folder; every order is right
// before and after.
func TestMigrationAddsSortKeys(t *testing.T) {
	dir := t.TempDir()
	old, err := openDB(dir, layoutBeforeSorting)
	if err != nil {
		t.Fatal(err)
	}
	res, err := old.w.Exec(`INSERT INTO accounts (name, kind) VALUES ('Old', 'local')`)
	if err != nil {
		t.Fatal(err)
	}
	aid, _ := res.LastInsertId()
	res, _ = old.w.Exec(`INSERT INTO folders (account_id, name, path, role) VALUES (?, 'Inbox', 'INBOX', 'inbox')`, aid)
	fid, _ := res.LastInsertId()
	res, _ = old.w.Exec(`INSERT INTO folders (account_id, name, path) VALUES (?, 'Old', 'Old')`, aid)
	other, _ := res.LastInsertId()
	for i, m := range []struct {
		from, subject string
		size, flags   int
	}{
		{"Émile <e@example.com>", "Re: Zebra", 10, 0},
		{"bob@example.com", "apple", 30, 1 | 4},
		{"Anna Müller <a@example.com>", "Mango", 20, 1},
	} {
		if _, err := old.w.Exec(`INSERT INTO messages (folder_id, date, from_addr, subject, flags, size, sha256) VALUES (?, ?, ?, ?, ?, ?, x'00')`,
			fid, 1000+i, m.from, m.subject, m.flags, m.size); err != nil {
			t.Fatal(err)
		}
	}
	res, err = old.w.Exec(`INSERT INTO messages (folder_id, date, from_addr, subject, size, sha256) VALUES (?, 999, 'Aaron <a@example.org>', 'Kiwi', 5, x'00')`, other)
	if err != nil {
		t.Fatal(err)
	}
	moved, _ := res.LastInsertId()
	old.closeDB()
	s, err := openDB(dir, SchemaVersion)
	if err != nil {
		t.Fatal(err)
	}
	defer s.closeDB()
	unfilled := func() int {
		var n int
		s.r.QueryRow(`SELECT count(*) FROM messages WHERE sort_from IS NULL`).Scan(&n)
		return n
	}
	if n := unfilled(); n != 4 {
		t.Fatalf("%d messages without keys after the update, want 4 (made when sorted)", n)
	}
	subjects := func(o Order) string {
		var out []string
		for _, m := range walk(t, s, fid, o, 2) {
			out = append(out, m.Subject)
		}
		return strings.Join(out, ", ")
	}
	orders := map[Order]string{
		{By: BySender, Ascending: true}:  "Mango, apple, Re: Zebra",
		{By: BySubject, Ascending: true}: "apple, Mango, Re: Zebra",
		{By: BySize}:                     "apple, Mango, Re: Zebra",
		{By: ByUnread}:                   "Re: Zebra, Mango, apple",
		{By: ByFlagged}:                  "apple, Mango, Re: Zebra",
		NewestFirst:                      "Mango, apple, Re: Zebra",
	}
	for o, want := range orders {
		if got := subjects(o); got != want {
			t.Errorf("%v after the update: %s, want %s", o, got, want)
		}
	}
	if o, err := s.FolderOrder(fid); err != nil || o != NewestFirst {
		t.Fatalf("order of an updated store's folder: %v %v", o, err)
	}
	for o, want := range orders {
		if err := s.SetFolderOrder(fid, o); err != nil {
			t.Fatal(err)
		}
		if got := subjects(o); got != want {
			t.Errorf("%v sorted so: %s, want %s", o, got, want)
		}
	}
	if n := unfilled(); n != 1 {
		t.Fatalf("%d messages without keys after sorting the Inbox, want 1 (in another folder)", n)
	}
	if err := s.Move([]int64{moved}, fid); err != nil {
		t.Fatal(err)
	}
	if n := unfilled(); n != 0 {
		t.Fatal("a message moved into a folder has no keys")
	}
	if err := s.SetFolderOrder(fid, Order{By: BySender, Ascending: true}); err != nil {
		t.Fatal(err)
	}
	if got := subjects(Order{By: BySender, Ascending: true}); got != "Kiwi, Mango, apple, Re: Zebra" {
		t.Fatalf("with the moved message: %s", got)
	}
}
