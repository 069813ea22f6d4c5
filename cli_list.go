package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// messageJSON is one message in --json output. The field names are a
// promise to scripts: new fields may be added, these stay.
type messageJSON struct {
	ID            int64     `json:"id"`         // the store's id: the ID to give the other verbs
	MessageID     string    `json:"message_id"` // without angle brackets
	Account       string    `json:"account"`
	Folder        string    `json:"folder"`      // its name, as the window shows it
	FolderPath    string    `json:"folder_path"` // the server's name for it
	Date          time.Time `json:"date"`
	From          string    `json:"from"`
	To            string    `json:"to"`
	Cc            string    `json:"cc"`
	Subject       string    `json:"subject"`
	Flags         []string  `json:"flags"` // of: seen, answered, flagged, draft
	Unread        bool      `json:"unread"`
	Flagged       bool      `json:"flagged"`
	Size          int64     `json:"size"`
	HasAttachment bool      `json:"has_attachment"`
	Downloaded    bool      `json:"downloaded"` // false: only the header is here, the body is on the server
	Preview       string    `json:"preview"`
}

// writeJSON prints v as indented JSON (addresses keep their <…>).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// flagNames are a message's flags in words.
func flagNames(f localstore.Flags) []string {
	out := []string{}
	for _, n := range []struct {
		f    localstore.Flags
		name string
	}{{localstore.Seen, "seen"}, {localstore.Answered, "answered"}, {localstore.Flagged, "flagged"}, {localstore.Draft, "draft"}} {
		if f&n.f != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// places names the folder and account of messages, looked up once each.
type places struct {
	s       *localstore.Store
	folders map[int64]localstore.Folder
	accts   map[int64]string
}

func newPlaces(s *localstore.Store) *places {
	return &places{s: s, folders: map[int64]localstore.Folder{}, accts: map[int64]string{}}
}

func (p *places) of(m localstore.Summary) (localstore.Folder, string) {
	f, ok := p.folders[m.FolderID]
	if !ok {
		f, _ = p.s.Folder(m.FolderID)
		p.folders[m.FolderID] = f
	}
	a, ok := p.accts[f.AccountID]
	if !ok {
		acct, _ := p.s.Account(f.AccountID)
		a = acct.Name
		p.accts[f.AccountID] = a
	}
	return f, a
}

func (p *places) json(m localstore.Summary) messageJSON {
	f, a := p.of(m)
	return messageJSON{ID: m.ID, MessageID: m.MessageID, Account: a, Folder: f.Name, FolderPath: f.Path, Date: m.Date,
		From: m.From, To: m.To, Cc: m.Cc, Subject: m.Subject, Flags: flagNames(m.Flags),
		Unread: m.Flags&localstore.Seen == 0, Flagged: m.Flags&localstore.Flagged != 0,
		Size: m.Size, HasAttachment: m.HasAttachment, Downloaded: !m.Partial, Preview: m.Preview}
}

// writeMessages prints messages one a line (id, date, from, subject,
// flags), or as a JSON array.
func writeMessages(w io.Writer, s *localstore.Store, ms []localstore.Summary, asJSON bool) error {
	p := newPlaces(s)
	if asJSON {
		out := make([]messageJSON, len(ms))
		for i, m := range ms {
			out[i] = p.json(m)
		}
		return writeJSON(w, out)
	}
	if len(ms) == 0 {
		_, err := fmt.Fprintln(w, tr.L("No messages."))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{tr.X("column.id", "ID"), tr.X("column.date", "DATE"), tr.X("column.from", "FROM"),
		tr.X("column.subject", "SUBJECT"), tr.X("column.flags", "FLAGS")}, "\t"))
	for _, m := range ms {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", m.ID, listDate(m.Date), clipText(m.From, 30), clipText(oneLine(m.Subject), 60), flagWords(m))
	}
	return tw.Flush()
}

// flagWords are a message's flags in postie list, in the person's words:
// unread, answered, flagged, draft, attachment.
func flagWords(m localstore.Summary) string {
	var words []string
	if m.Flags&localstore.Seen == 0 {
		words = append(words, tr.X("flag.unread", "unread"))
	}
	if m.Flags&localstore.Answered != 0 {
		words = append(words, tr.X("flag.answered", "answered"))
	}
	if m.Flags&localstore.Flagged != 0 {
		words = append(words, tr.X("flag.flagged", "flagged"))
	}
	if m.Flags&localstore.Draft != 0 {
		words = append(words, tr.X("flag.draft", "draft"))
	}
	if m.HasAttachment {
		words = append(words, tr.X("flag.attachment", "attachment"))
	}
	return strings.Join(words, ",")
}

// clip shortens text for a column.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// oneLine keeps a subject on its line (a header may hold line breaks
// and tabs after decoding).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func parseList(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("list", env)
	account := fs.String("account", "", tr.L("only this account (`name` or address)"))
	folder := fs.String("folder", "", tr.L("the folder (`name`; default: the Inbox of every account)"))
	unread := fs.Bool("unread", false, tr.L("only unread messages"))
	flagged := fs.Bool("flagged", false, tr.L("only flagged messages"))
	since := fs.String("since", "", tr.L("only messages from this `date` on (2006-01-02)"))
	limit := fs.Int("limit", 50, tr.L("at most `N` messages, newest first (0: all)"))
	asJSON := fs.Bool("json", false, tr.L("print JSON (an array of messages) for scripts"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, usageError{tr.L("list takes no arguments ({{.Argument}}): use --folder or --account", tr.M{"Argument": strconv.Quote(rest[0])})}
	}
	var from time.Time
	if *since != "" {
		if from, err = time.ParseInLocation("2006-01-02", *since, time.Local); err != nil {
			return nil, usageError{tr.L("--since {{.Date}} is not a date like 2024-03-31", tr.M{"Date": strconv.Quote(*since)})}
		}
	}
	if *limit < 0 {
		return nil, usageError{tr.L("--limit is a number of messages (0: all)")}
	}
	return &mailJob{profile: *profile, run: func(s *localstore.Store) error {
		accts, err := pickAccounts(s, *account)
		if err != nil {
			return err
		}
		folders, err := pickFolders(s, accts, *folder)
		if err != nil {
			return err
		}
		keep := func(m localstore.Summary) bool {
			return (!*unread || m.Flags&localstore.Seen == 0) && (!*flagged || m.Flags&localstore.Flagged != 0)
		}
		var all []localstore.Summary
		for _, f := range folders {
			ms, err := folderMessages(s, f.ID, from, *limit, keep)
			if err != nil {
				return err
			}
			all = append(all, ms...)
		}
		newestFirst(all)
		if *limit > 0 && len(all) > *limit {
			all = all[:*limit]
		}
		return writeMessages(env.stdout, s, all, *asJSON)
	}}, nil
}

// folderMessages reads a folder newest first, page by page, keeping
// what keep says until limit (0: no limit) or a message older than from.
func folderMessages(s *localstore.Store, folderID int64, from time.Time, limit int, keep func(localstore.Summary) bool) ([]localstore.Summary, error) {
	var out []localstore.Summary
	var after *localstore.Cursor
	for {
		page, err := s.Messages(folderID, after, 500)
		if err != nil || len(page) == 0 {
			return out, err
		}
		for _, m := range page {
			if !from.IsZero() && m.Date.Before(from) {
				return out, nil
			}
			if keep(m) {
				out = append(out, m)
				if limit > 0 && len(out) == limit {
					return out, nil
				}
			}
		}
		after = page[len(page)-1].Cursor()
	}
}

func newestFirst(ms []localstore.Summary) {
	sort.SliceStable(ms, func(i, j int) bool {
		if !ms[i].Date.Equal(ms[j].Date) {
			return ms[i].Date.After(ms[j].Date)
		}
		return ms[i].ID > ms[j].ID
	})
}

func parseSearch(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("search", env)
	account := fs.String("account", "", tr.L("only this account (`name` or address)"))
	folder := fs.String("folder", "", tr.L("only this folder (`name`; default: every folder)"))
	limit := fs.Int("limit", 500, tr.L("at most `N` messages, newest first"))
	asJSON := fs.Bool("json", false, tr.L("print JSON (an array of messages) for scripts"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	query := strings.TrimSpace(strings.Join(rest, " "))
	if query == "" {
		return nil, usageError{tr.L("search needs what to look for, as typed in the window's search box (words, \"a phrase\", from:name)")}
	}
	if *limit <= 0 {
		return nil, usageError{tr.L("--limit is a number of messages")}
	}
	return &mailJob{profile: *profile, run: func(s *localstore.Store) error {
		scopes := []int64{0} // every folder of every account, as the window's search
		if *account != "" || *folder != "" {
			accts, err := pickAccounts(s, *account)
			if err != nil {
				return err
			}
			scopes = scopes[:0]
			if *folder == "" {
				for _, a := range accts {
					fs, err := s.Folders(a.ID)
					if err != nil {
						return err
					}
					for _, f := range fs {
						scopes = append(scopes, f.ID)
					}
				}
			} else {
				fs, err := pickFolders(s, accts, *folder)
				if err != nil {
					return err
				}
				for _, f := range fs {
					scopes = append(scopes, f.ID)
				}
			}
		}
		var all []localstore.Summary
		for _, id := range scopes {
			ms, err := s.Search(query, id, *limit)
			if err != nil {
				return err
			}
			all = append(all, ms...)
		}
		newestFirst(all)
		if len(all) > *limit {
			all = all[:*limit]
		}
		if len(all) == 0 && !*asJSON {
			_, err := fmt.Fprintln(env.stdout, tr.L("Nothing found for {{.Query}}.", tr.M{"Query": query}))
			return err
		}
		return writeMessages(env.stdout, s, all, *asJSON)
	}}, nil
}
