package localstore

import (
	"cmp"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// Sorting the message list (#29). Every order is a keyset order (key,
// date, id), all in one direction, read from an index in that order, so
// that a page deep in the folder costs what the first does: newest first
// from messages_by_date, any other order from an index made for that
// folder when it is sorted so (SetFolderOrder): a partial index
// (key, date, id) WHERE folder_id = N. Indexes on every message for
// every key made storing new mail half as slow again (a first IMAP
// sync of 10,000 messages: 12 s → 18 s); a folder's own index costs
// only that folder's new mail, and only while it is sorted that way.
// Text keys (sender, recipients, subject) are kept in columns of their
// own, folded in Go (case, accents, "Re:"), because SQLite's NOCASE
// knows only ASCII: "Émile" would come after "Zoe". Unread and flagged
// are generated columns over flags.

// SortKey is what a folder's messages are ordered by.
type SortKey string

// The orders the message list offers.
const (
	ByDate      SortKey = "date"
	BySender    SortKey = "sender"    // the first sender's name (or address)
	ByRecipient SortKey = "recipient" // the recipients' names (Sent, Drafts)
	BySubject   SortKey = "subject"   // without "Re:", "Fwd:" and the like
	BySize      SortKey = "size"
	ByUnread    SortKey = "unread" // unread ones are the higher value
	ByFlagged   SortKey = "flagged"
)

// SortKeys are all the keys, in the order menus list them.
var SortKeys = []SortKey{ByDate, BySender, ByRecipient, BySubject, BySize, ByUnread, ByFlagged}

// Order is a key and a direction. Messages with the same key follow by
// date, then by id, in the same direction: descending by sender is Z to
// A, and a sender's newest message first.
type Order struct {
	By        SortKey
	Ascending bool
}

// NewestFirst is the order of a folder nobody sorted.
var NewestFirst = Order{By: ByDate}

// Valid says whether o names a known key.
func (o Order) Valid() bool {
	for _, k := range SortKeys {
		if o.By == k {
			return true
		}
	}
	return false
}

// StartsAscending is the direction a key is first shown in: names and
// subjects A to Z; dates, sizes and flags highest first (newest,
// largest, unread, flagged).
func (k SortKey) StartsAscending() bool {
	return k == BySender || k == ByRecipient || k == BySubject
}

// column is the messages column the key is kept in.
func (k SortKey) column() string {
	switch k {
	case BySender:
		return "sort_from"
	case ByRecipient:
		return "sort_to"
	case BySubject:
		return "sort_subject"
	case BySize:
		return "size"
	case ByUnread:
		return "unread"
	case ByFlagged:
		return "flagged"
	}
	return "date"
}

func (k SortKey) isText() bool { return k == BySender || k == ByRecipient || k == BySubject }

// expr is the key in SQL. A text key of a message stored before sorting
// came may be NULL (see the migration), and is then made from the
// header there; an index holds only filled ones (SetFolderOrder).
func (k SortKey) expr(indexed bool) string {
	if !k.isText() || indexed {
		return `m.` + k.column()
	}
	return `coalesce(m.` + k.column() + `, postie_sort_key('` + string(k) + `', m.` + k.source() + `))`
}

// source is the header column a text key is made from.
func (k SortKey) source() string {
	return map[SortKey]string{BySender: "from_addr", ByRecipient: "to_addr", BySubject: "subject"}[k]
}

// Cursor returns the position just after m in o: pass it to MessagesIn
// for the next page.
func (o Order) Cursor(m Summary) *Cursor {
	c := &Cursor{Date: m.Date.Unix(), ID: m.ID}
	switch o.By {
	case BySender:
		c.Text = senderKey(m.From)
	case ByRecipient:
		c.Text = recipientKey(m.To)
	case BySubject:
		c.Text = subjectKey(m.Subject)
	case BySize:
		c.Num = m.Size
	case ByUnread:
		c.Num = boolNum(m.Flags&Seen == 0)
	case ByFlagged:
		c.Num = boolNum(m.Flags&Flagged != 0)
	}
	return c
}

func boolNum(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// CompareCursors compares two positions (from Cursor) in o: negative
// when a comes first in the list. It is the order MessagesIn returns.
func (o Order) CompareCursors(a, b *Cursor) int {
	c := 0
	switch {
	case o.By.isText():
		c = strings.Compare(a.Text, b.Text) // SQLite's BINARY: bytes
	case o.By != ByDate:
		c = cmp.Compare(a.Num, b.Num)
	}
	if c == 0 {
		c = cmp.Compare(a.Date, b.Date)
	}
	if c == 0 {
		c = cmp.Compare(a.ID, b.ID)
	}
	if !o.Ascending {
		c = -c
	}
	return c
}

// Compare compares two messages in o (negative: a comes first).
func (o Order) Compare(a, b Summary) int { return o.CompareCursors(o.Cursor(a), o.Cursor(b)) }

// messagesQuery reads a page of a folder in o; its arguments are
// o.cursorArgs(after) and the limit. indexed: from the folder's index
// for o (an error if there is none). With no statistics SQLite takes the
// folder's rows from another index and sorts them all, so the index is
// named; and the folder is written into the query, not passed, for
// SQLite to see that the partial index holds its rows.
func messagesQuery(folderID int64, o Order, after *Cursor, indexed bool) string {
	cond, _, order := o.orderBy(after, indexed)
	where := `m.folder_id = ` + strconv.FormatInt(folderID, 10)
	if cond != "" {
		where += ` AND ` + cond
	}
	from := `messages m`
	if indexed {
		from += ` INDEXED BY ` + sortIndex(folderID, o.By)
	}
	return `SELECT ` + summaryCols + ` FROM ` + from + ` WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ?`
}

func (o Order) cursorArgs(after *Cursor) []any {
	_, args, _ := o.orderBy(after, false)
	return args
}

// orderBy is the ORDER BY clause of o and the keyset condition for a
// page after a cursor, with its arguments; indexed: read from the
// folder's index.
func (o Order) orderBy(after *Cursor, indexed bool) (cond string, args []any, order string) {
	dir, op := "DESC", "<"
	if o.Ascending {
		dir, op = "ASC", ">"
	}
	if o.By == ByDate || !o.Valid() {
		order = `m.date ` + dir + `, m.id ` + dir
		if after != nil {
			cond, args = `(m.date, m.id) `+op+` (?, ?)`, []any{after.Date, after.ID}
		}
		return cond, args, order
	}
	col := o.By.expr(indexed)
	order = col + ` ` + dir + `, m.date ` + dir + `, m.id ` + dir
	if after != nil {
		var v any = after.Num
		if o.By.isText() {
			v = after.Text
		}
		cond, args = `(`+col+`, m.date, m.id) `+op+` (?, ?, ?)`, []any{v, after.Date, after.ID}
	}
	return cond, args, order
}

// MessagesIn returns up to limit messages of a folder in order o,
// starting after the cursor (nil: from the first); the cursor of the
// last row (o.Cursor) gives the next page. Like Messages it never uses
// OFFSET: every page is one seek in the order's index (for a folder
// sorted with SetFolderOrder; another order is right, but sorts the
// whole folder for each page).
func (s *Store) MessagesIn(folderID int64, o Order, after *Cursor, limit int) ([]Summary, error) {
	args := append(o.cursorArgs(after), limit)
	if o.By != ByDate && o.Valid() {
		rows, err := s.r.Query(messagesQuery(folderID, o, after, true), args...)
		if err == nil {
			return collect(rows)
		}
		if !strings.Contains(err.Error(), "no such index") {
			return nil, err
		}
		// Not sorted so with SetFolderOrder (or changed meanwhile).
	}
	rows, err := s.r.Query(messagesQuery(folderID, o, after, false), args...)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

// SearchIn is Search with its results in order o: all the matches are
// ordered, then the first limit kept (not the newest limit reordered).
func (s *Store) SearchIn(q string, folderID int64, o Order, limit int) ([]Summary, error) {
	if o == NewestFirst || !o.Valid() {
		return s.Search(q, folderID, limit)
	}
	pq := ParseQuery(q)
	if pq.Match == "" && !pq.HasAttachment {
		return nil, nil
	}
	var where []string
	var args []any
	from := `messages m`
	if pq.Match != "" {
		from = `search s JOIN messages m ON m.id = s.rowid`
		where = append(where, `search MATCH ?`)
		args = append(args, pq.Match)
	}
	if folderID != 0 {
		where = append(where, `m.folder_id = ?`)
		args = append(args, folderID)
	}
	if pq.HasAttachment {
		where = append(where, `m.has_attach = 1`)
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	_, _, order := o.orderBy(nil, false)
	rows, err := s.r.Query(`SELECT `+summaryCols+` FROM `+from+cond+` ORDER BY `+order+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

// FolderOrder is the order a folder was last shown in (NewestFirst when
// nobody sorted it). It is kept in the store, with the folder: it
// belongs to this profile, and goes when the folder does.
func (s *Store) FolderOrder(folderID int64) (Order, error) {
	var o Order
	err := s.r.QueryRow(`SELECT sort_by, ascending FROM folder_order WHERE folder_id = ?`, folderID).Scan(&o.By, &o.Ascending)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !o.Valid() {
		return NewestFirst, nil
	}
	return o, err
}

// SetFolderOrder remembers the order a folder is shown in, and makes the
// index that order reads (the folder's index for another key goes). At
// 100,000 messages making it took 0.6 s, once; then every page is a
// seek.
func (s *Store) SetFolderOrder(folderID int64, o Order) error {
	if !o.Valid() {
		return fmt.Errorf("no such order: %q", o.By)
	}
	return s.tx(func(tx *sql.Tx) error {
		if o == NewestFirst {
			if _, err := tx.Exec(`DELETE FROM folder_order WHERE folder_id = ?`, folderID); err != nil {
				return err
			}
		} else if _, err := tx.Exec(`INSERT INTO folder_order (folder_id, sort_by, ascending) VALUES (?, ?, ?)
			ON CONFLICT (folder_id) DO UPDATE SET sort_by = excluded.sort_by, ascending = excluded.ascending`, folderID, o.By, o.Ascending); err != nil {
			return err
		}
		for _, k := range SortKeys {
			if k == ByDate {
				continue // messages_by_date, for every folder
			}
			q := `DROP INDEX IF EXISTS ` + sortIndex(folderID, k)
			if k == o.By && k.isText() {
				// The keys of messages stored before sorting came (all
				// three: they are NULL together, see the migration).
				if _, err := tx.Exec(`UPDATE messages SET sort_from = postie_sort_key('sender', from_addr),
					sort_to = postie_sort_key('recipient', to_addr), sort_subject = postie_sort_key('subject', subject)
					WHERE folder_id = ? AND sort_from IS NULL`, folderID); err != nil {
					return err
				}
			}
			if k == o.By {
				q = `CREATE INDEX IF NOT EXISTS ` + sortIndex(folderID, k) + ` ON messages (` + k.column() + `, date, id)
					WHERE folder_id = ` + strconv.FormatInt(folderID, 10)
			}
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return dropGoneSortIndexes(tx)
	})
}

// sortIndex names a folder's index for a key.
func sortIndex(folderID int64, k SortKey) string {
	return "messages_sort_" + string(k) + "_" + strconv.FormatInt(folderID, 10)
}

// dropGoneSortIndexes drops the indexes of folders deleted since (each
// new message would still be checked against them).
func dropGoneSortIndexes(tx *sql.Tx) error {
	rows, err := tx.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB 'messages_sort_*'
		AND CAST(substr(name, length(rtrim(name, '0123456789')) + 1) AS INTEGER) NOT IN (SELECT id FROM folders)`)
	if err != nil {
		return err
	}
	var gone []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		gone = append(gone, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range gone {
		if _, err := tx.Exec(`DROP INDEX IF EXISTS "` + name + `"`); err != nil {
			return err
		}
	}
	return nil
}

// maxSortKey bounds a text key (a subject may be kilobytes long): keys
// alike that far are ordered by date.
const maxSortKey = 120

// foldKey is text as it sorts: case and accents folded ("Émile" sorts
// with "emile", "Straße" with "strasse"), spaces collapsed, quotes and
// punctuation around it skipped. It runs for every new message: by hand
// rather than with x/text's transformers, which took 30 µs and 28 KB a
// message.
func foldKey(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if s == "" {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = norm.NFD.String(s) // accents apart from their letters
			break
		}
	}
	var b strings.Builder
	b.Grow(min(len(s), maxSortKey+4))
	space := false
	for _, r := range s {
		if r < utf8.RuneSelf { // most keys: plain ASCII
			switch {
			case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
				space = true
				continue
			case 'A' <= r && r <= 'Z':
				r += 'a' - 'A'
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(byte(r))
			if b.Len() >= maxSortKey {
				break
			}
			continue
		}
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.Is(unicode.Mn, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch r = unicode.ToLower(r); r {
		case 'ß':
			b.WriteString("ss")
		case 'ς':
			b.WriteRune('σ')
		default:
			b.WriteRune(r)
		}
		if b.Len() >= maxSortKey {
			break
		}
	}
	out := b.String()
	if len(out) > maxSortKey {
		out = out[:maxSortKey]
	}
	for !utf8.ValidString(out) {
		out = out[:len(out)-1]
	}
	return out
}

// firstAddress is a list's first address: its name, else the address
// (what the message list shows as the sender).
func firstAddress(list string) string {
	first := list
	if i := strings.Index(list, ">,"); i >= 0 {
		first = list[:i+1]
	}
	// The list is stored as shown ("Name <addr>"): most names need no
	// parsing.
	if name, _, ok := strings.Cut(first, " <"); ok && strings.HasSuffix(first, ">") && !strings.ContainsAny(name, `"\(<>,`) {
		return name
	}
	if a, err := mail.ParseAddress(first); err == nil {
		if a.Name != "" {
			return a.Name
		}
		return a.Address
	}
	return first
}

func senderKey(from string) string { return foldKey(firstAddress(from)) }

// sortKeys are a new message's text keys, made with the rest of what is
// read from it, before the write (on every core, not in the writer).
type sortKeys struct{ from, to, subject string }

func keysOf(p parsed) sortKeys {
	return sortKeys{from: senderKey(p.from), to: recipientKey(p.to), subject: subjectKey(p.subject)}
}

// recipientKey: every recipient's name (or address), as the list of a
// sent message shows them.
func recipientKey(to string) string {
	if !strings.Contains(to, ",") { // one: no list to parse
		return foldKey(firstAddress(to))
	}
	addrs, err := mail.ParseAddressList(to)
	if err != nil || len(addrs) == 0 {
		return foldKey(to)
	}
	names := make([]string, len(addrs))
	for i, a := range addrs {
		names[i] = a.Name
		if names[i] == "" {
			names[i] = a.Address
		}
	}
	return foldKey(strings.Join(names, ", "))
}

// replyWords start the subject of a reply or forward ("Re:", "AW:",
// "Fwd[2]:"), as app/threads.go reads them.
var replyWords = map[string]bool{"re": true, "fw": true, "fwd": true, "aw": true, "wg": true, "sv": true, "vs": true, "antw": true, "tr": true, "rv": true}

// subjectKey: a reply sorts with what it answers. (By hand: a regular
// expression took half the time of all the keys.)
func subjectKey(subject string) string {
	rest := subject
	for {
		s := strings.TrimLeft(rest, " \t")
		i := 0
		for i < len(s) && i < 5 && ('a' <= s[i]|0x20 && s[i]|0x20 <= 'z') {
			i++
		}
		if !replyWords[strings.ToLower(s[:i])] {
			break
		}
		s = strings.TrimLeft(s[i:], " \t")
		if strings.HasPrefix(s, "[") { // "Re[2]:"
			j := strings.IndexByte(s, ']')
			if j < 2 || strings.Trim(s[1:j], "0123456789") != "" {
				break
			}
			s = strings.TrimLeft(s[j+1:], " \t")
		}
		if !strings.HasPrefix(s, ":") {
			break
		}
		rest = s[1:]
	}
	return foldKey(rest)
}

// sortKeyFunc is the SQL function postie_sort_key(kind, text): the
// migration fills the key columns with it, and a trigger keeps them
// right when a message's header is read again. Only the trigger and the
// migration use it: the columns are plain, so any SQLite can read the
// store (only writing those header columns needs Postie).
func sortKeyFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	kind, _ := args[0].(string)
	var text string
	switch v := args[1].(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	}
	switch SortKey(kind) {
	case BySender:
		return senderKey(text), nil
	case ByRecipient:
		return recipientKey(text), nil
	case BySubject:
		return subjectKey(text), nil
	}
	return nil, fmt.Errorf("postie_sort_key: no key %q", kind)
}

func init() {
	if err := sqlite.RegisterDeterministicScalarFunction("postie_sort_key", 2, sortKeyFunc); err != nil {
		panic(err)
	}
}
