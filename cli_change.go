package main

import (
	"encoding/json"
	"fmt"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/handoff"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// The verbs that change messages: each calls the store method the
// window's button calls, which queues the change for the server in the
// same transaction; the next sync (postie sync, or the window's own)
// replays it on the server.

func parseMark(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("mark", env)
	read := fs.Bool("read", false, tr.L("mark as read"))
	unread := fs.Bool("unread", false, tr.L("mark as unread"))
	flag := fs.Bool("flag", false, tr.L("flag (star) the messages"))
	unflag := fs.Bool("unflag", false, tr.L("remove the flag"))
	ids, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if *read && *unread || *flag && *unflag {
		return nil, usageError{tr.L("mark: --read and --unread (or --flag and --unflag) cannot go together")}
	}
	if !*read && !*unread && !*flag && !*unflag {
		return nil, usageError{tr.L("mark needs --read, --unread, --flag or --unflag")}
	}
	if err := checkIDs("mark", ids); err != nil {
		return nil, err
	}
	type change struct {
		on  bool
		f   localstore.Flags
		set bool
	}
	changes := []change{{*read, localstore.Seen, true}, {*unread, localstore.Seen, false},
		{*flag, localstore.Flagged, true}, {*unflag, localstore.Flagged, false}}
	return &mailJob{profile: *profile, run: func(s *localstore.Store) error {
		ms, err := findMessages(s, ids)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if !c.on {
				continue
			}
			if err := s.SetFlags(msgIDs(ms), c.f, c.set); err != nil {
				return err
			}
		}
		return reportChange(env, s, ms, markedSentence(len(ms), *read, *unread, *flag, *unflag))
	}}, nil
}

// markedSentence says what postie mark did, one whole sentence for each
// change or pair of changes.
func markedSentence(n int, read, unread, flag, unflag bool) string {
	switch {
	case read && flag:
		return tr.N("Marked {{.Count}} message as read and flagged.", "Marked {{.Count}} messages as read and flagged.", n)
	case read && unflag:
		return tr.N("Marked {{.Count}} message as read and not flagged.", "Marked {{.Count}} messages as read and not flagged.", n)
	case unread && flag:
		return tr.N("Marked {{.Count}} message as unread and flagged.", "Marked {{.Count}} messages as unread and flagged.", n)
	case unread && unflag:
		return tr.N("Marked {{.Count}} message as unread and not flagged.", "Marked {{.Count}} messages as unread and not flagged.", n)
	case read:
		return tr.N("Marked {{.Count}} message as read.", "Marked {{.Count}} messages as read.", n)
	case unread:
		return tr.N("Marked {{.Count}} message as unread.", "Marked {{.Count}} messages as unread.", n)
	case flag:
		return tr.N("Marked {{.Count}} message as flagged.", "Marked {{.Count}} messages as flagged.", n)
	}
	return tr.N("Marked {{.Count}} message as not flagged.", "Marked {{.Count}} messages as not flagged.", n)
}

// reportChange says what was done (a whole sentence) and when the server
// hears of it.
func reportChange(env *mailEnv, s *localstore.Store, ms []localstore.Summary, done string) error {
	server := false
	p := newPlaces(s)
	for _, m := range ms {
		f, _ := p.of(m)
		if a, err := s.Account(f.AccountID); err == nil && a.Kind != localstore.KindLocal {
			server = true
		}
	}
	if server {
		when := tr.L("The server gets the change at the next sync (postie sync).")
		if env.inWindow {
			when = tr.L("The open Postie window made the change and sends it to the server in a moment.")
		}
		done += " " + when
	}
	_, err := fmt.Fprintln(env.stdout, done)
	return err
}

func parseMove(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("move", env)
	to := fs.String("to", "", tr.L("the `folder` to move the messages into (name, or inbox, archive, trash…)"))
	account := fs.String("account", "", tr.L("the account (`name` or address) of that folder (default: each message's own)"))
	ids, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if *to == "" {
		return nil, usageError{tr.L("move needs --to FOLDER")}
	}
	if err := checkIDs("move", ids); err != nil {
		return nil, err
	}
	return &mailJob{profile: *profile, run: func(s *localstore.Store) error {
		ms, err := findMessages(s, ids)
		if err != nil {
			return err
		}
		// Each message goes to the folder of that name in its own account
		// (or in the one --account names): one Move, as in the window, per
		// destination.
		var order []int64
		byDest := map[int64][]int64{}
		var destName string
		p := newPlaces(s)
		for _, m := range ms {
			f, _ := p.of(m)
			acct := f.AccountID
			if *account != "" {
				accts, err := pickAccounts(s, *account)
				if err != nil {
					return err
				}
				acct = accts[0].ID
			}
			dest, err := pickFolder(s, acct, *to)
			if err != nil {
				return err
			}
			destName = folderName(dest)
			if _, ok := byDest[dest.ID]; !ok {
				order = append(order, dest.ID)
			}
			byDest[dest.ID] = append(byDest[dest.ID], m.ID)
		}
		for _, d := range order {
			if err := s.Move(byDest[d], d); err != nil {
				return err
			}
		}
		return reportChange(env, s, ms, tr.N("Moved {{.Count}} message to {{.Folder}}.", "Moved {{.Count}} messages to {{.Folder}}.", len(ms), tr.M{"Folder": destName}))
	}}, nil
}

func parseArchiveMessage(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("archive-message", env)
	ids, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if err := checkIDs("archive-message", ids); err != nil {
		return nil, err
	}
	return &mailJob{profile: *profile, run: func(s *localstore.Store) error {
		ms, err := findMessages(s, ids)
		if err != nil {
			return err
		}
		if err := s.Archive(msgIDs(ms)); err != nil {
			return err
		}
		return reportChange(env, s, ms, tr.N("Archived {{.Count}} message (moved to its account's Archive folder).",
			"Archived {{.Count}} messages (moved to each account's Archive folder).", len(ms)))
	}}, nil
}

func parseDelete(args []string, env *mailEnv) (*mailJob, error) {
	fs, profile := verbFlags("delete", env)
	forEver := fs.Bool("for-ever", false, tr.L("delete for ever instead of moving to the Trash (asks first; --yes when not on a terminal)"))
	yes := fs.Bool("yes", false, tr.L("do not ask before deleting for ever"))
	ids, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if err := checkIDs("delete", ids); err != nil {
		return nil, err
	}
	job := &mailJob{profile: *profile}
	job.run = func(s *localstore.Store) error {
		ms, err := findMessages(s, ids)
		if err != nil {
			return err
		}
		// Messages already in the Trash are deleted for ever, as the
		// window's Delete does there: that needs the same confirmation.
		inTrash := 0
		p := newPlaces(s)
		for _, m := range ms {
			if f, _ := p.of(m); f.Role == localstore.RoleTrash {
				inTrash++
			}
		}
		if (*forEver || inTrash > 0) && !*yes && !job.yes {
			if env.ask == nil {
				return usageError{tr.L("deleting for ever needs --yes when Postie cannot ask on a terminal; nothing was deleted")}
			}
			if !env.ask(forEverQuestion(len(ms), inTrash, *forEver)) {
				return errNotConfirmed
			}
		}
		n := len(ms)
		if *forEver {
			if err := s.DeleteForever(msgIDs(ms)); err != nil {
				return err
			}
			return reportChange(env, s, ms, tr.N("Deleted {{.Count}} message for ever.", "Deleted {{.Count}} messages for ever.", n))
		}
		if err := s.Delete(msgIDs(ms)); err != nil {
			return err
		}
		done := tr.N("Moved {{.Count}} message to the Trash.", "Moved {{.Count}} messages to the Trash.", n)
		if inTrash == n {
			done = tr.N("Deleted {{.Count}} message for ever (it was in the Trash).", "Deleted {{.Count}} messages for ever (they were in the Trash).", n)
		} else if inTrash > 0 {
			done = tr.N("Deleted {{.All}} messages: {{.Count}} for ever (it was in the Trash), the others moved to the Trash.",
				"Deleted {{.All}} messages: {{.Count}} for ever (they were in the Trash), the others moved to the Trash.", inTrash, tr.M{"All": tr.Number(n)})
		}
		return reportChange(env, s, ms, done)
	}
	if *forEver && !*yes && env.ask != nil {
		// Asked here, before the profile is opened or the command handed
		// to the window (which cannot ask on this terminal).
		if job.yes = env.ask(forEverQuestion(len(ids), len(ids), true)); !job.yes {
			job.run = func(*localstore.Store) error { return errNotConfirmed }
		}
	}
	if !*forEver && !*yes && env.ask != nil && !env.inWindow {
		// Messages already in the Trash are deleted for ever: when the
		// window has the profile, ask the window which are, then ask the
		// person here, before the command is handed over.
		job.beforeHandOver = func() error {
			r, err := handoff.RunCommand(*profile, handoff.Command{Args: append([]string{trashCheckVerb}, ids...), Dir: env.dir})
			var c trashCount
			if err != nil || r.Code != 0 || json.Unmarshal(r.Stdout, &c) != nil || c.InTrash == 0 {
				return nil // none, or a window that cannot tell: the delete itself says what it needs
			}
			if !env.ask(forEverQuestion(c.Messages, c.InTrash, false)) {
				return errNotConfirmed
			}
			job.yes = true
			return nil
		}
	}
	return job, nil
}

// trashCheckVerb is not a verb for people: a second process asks the
// window with it how many of the messages it is about to delete are in
// the Trash (so deleting them is for ever and needs a yes).
const trashCheckVerb = "delete-trash-check"

// trashCount is the window's answer to trashCheckVerb.
type trashCount struct {
	Messages int `json:"messages"`
	InTrash  int `json:"in_trash"`
}

// trashCheck answers trashCheckVerb, on the window's store; it changes
// nothing.
func trashCheck(s *localstore.Store, ids []string) handoff.Reply {
	ms, err := findMessages(s, ids)
	if err != nil {
		return handoff.Reply{Stderr: []byte(accounts.Explain(err)), Code: 1}
	}
	c := trashCount{Messages: len(ms)}
	p := newPlaces(s)
	for _, m := range ms {
		if f, _ := p.of(m); f.Role == localstore.RoleTrash {
			c.InTrash++
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return handoff.Reply{Code: 1}
	}
	return handoff.Reply{Stdout: b}
}

// errNotConfirmed is the answer no: its words are said in the person's
// language when read (it is made before the language is chosen).
var errNotConfirmed error = notConfirmed{}

type notConfirmed struct{}

func (notConfirmed) Error() string { return tr.L("nothing was deleted (not confirmed)") }

// forEverQuestion asks before messages are deleted for ever.
func forEverQuestion(n, inTrash int, forEver bool) string {
	switch {
	case !forEver && inTrash == n:
		return tr.N("The message is already in the Trash: deleting it there removes it for ever. Delete it?",
			"These {{.Count}} messages are already in the Trash: deleting them there removes them for ever. Delete them?", n)
	case !forEver: // some of them (n is 2 or more)
		return tr.N("{{.Count}} of the {{.All}} messages is already in the Trash: deleting it there removes it for ever. Delete all {{.All}}?",
			"{{.Count}} of the {{.All}} messages are already in the Trash: deleting them there removes them for ever. Delete all {{.All}}?",
			inTrash, tr.M{"All": tr.Number(n)})
	}
	return tr.N("Delete {{.Count}} message for ever? It cannot be brought back, and is removed from the server too.",
		"Delete {{.Count}} messages for ever? They cannot be brought back, and are removed from the server too.", n)
}
