package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/localstore"
)

// The mail verbs name accounts by name or address, folders by name,
// server path or standard role ("inbox", "trash"…), and messages by the
// store's own id (it stays the same across restarts and syncs) or by
// their Message-ID in angle brackets.

// pickAccounts are the accounts a --account names ("": every one, "On
// this computer" included).
func pickAccounts(s *localstore.Store, name string) ([]localstore.Account, error) {
	all, err := s.Accounts()
	if err != nil || name == "" {
		return all, err
	}
	for _, a := range all {
		if strings.EqualFold(a.Name, name) || (a.Email != "" && strings.EqualFold(a.Email, name)) {
			return []localstore.Account{a}, nil
		}
	}
	return nil, fmt.Errorf("there is no account called %q (postie account list shows them)", name)
}

// folderMatches says whether a folder is the one a person named.
func folderMatches(f localstore.Folder, name string) bool {
	return strings.EqualFold(f.Name, name) || f.Path == name || (f.Role != localstore.RoleNone && strings.EqualFold(string(f.Role), name))
}

// pickFolders are the folders called name in the accounts ("": every
// Inbox). A name found in several accounts is fine for reading (list,
// search); moving needs one folder (pickFolder).
func pickFolders(s *localstore.Store, accts []localstore.Account, name string) ([]localstore.Folder, error) {
	var out []localstore.Folder
	for _, a := range accts {
		folders, err := s.Folders(a.ID)
		if err != nil {
			return nil, err
		}
		for _, f := range folders {
			if (name == "" && f.Role == localstore.RoleInbox) || (name != "" && folderMatches(f, name)) {
				out = append(out, f)
			}
		}
	}
	if len(out) == 0 && name != "" {
		return nil, fmt.Errorf("there is no folder called %q", name)
	}
	return out, nil
}

// pickFolder is the one folder called name in an account.
func pickFolder(s *localstore.Store, accountID int64, name string) (localstore.Folder, error) {
	folders, err := s.Folders(accountID)
	if err != nil {
		return localstore.Folder{}, err
	}
	for _, f := range folders {
		if strings.EqualFold(f.Name, name) || f.Path == name {
			return f, nil // its own name first: a folder called "Archive" beats the role
		}
	}
	for _, f := range folders {
		if folderMatches(f, name) {
			return f, nil
		}
	}
	a, _ := s.Account(accountID)
	return localstore.Folder{}, fmt.Errorf("%s has no folder called %q", a.Name, name)
}

// findMessage is the message an ID names: the store's id, or a
// Message-ID in angle brackets (<…>).
func findMessage(s *localstore.Store, id string) (localstore.Summary, error) {
	if strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") && len(id) > 2 {
		found, err := s.MessagesByMessageID(id[1 : len(id)-1])
		if err != nil {
			return localstore.Summary{}, err
		}
		switch len(found) {
		case 0:
			return localstore.Summary{}, fmt.Errorf("no stored message has the Message-ID %s", id)
		case 1:
			return found[0], nil
		}
		ids := make([]string, len(found))
		for i, m := range found {
			ids[i] = strconv.FormatInt(m.ID, 10)
		}
		return localstore.Summary{}, fmt.Errorf("%d stored messages have the Message-ID %s (ids %s): use the id of the one you mean", len(found), id, strings.Join(ids, ", "))
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return localstore.Summary{}, usageError{fmt.Sprintf("%q is not a message id: use the number postie list shows, or a Message-ID in angle brackets (<…>)", id)}
	}
	m, err := s.Message(n)
	if errors.Is(err, localstore.ErrNotFound) {
		return m, fmt.Errorf("there is no message %d (it may have been deleted; postie list shows the ids)", n)
	}
	return m, err
}

// findMessages are the messages of several IDs, each once, in order.
func findMessages(s *localstore.Store, ids []string) ([]localstore.Summary, error) {
	var out []localstore.Summary
	seen := map[int64]bool{}
	for _, id := range ids {
		m, err := findMessage(s, id)
		if err != nil {
			return nil, err
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m)
		}
	}
	return out, nil
}

// checkIDs is the parse-time check of message IDs (before the profile
// is opened), so a mistake is a usage error with exit code 2.
func checkIDs(verb string, ids []string) error {
	if len(ids) == 0 {
		return usageError{verb + " needs at least one message id (postie list shows them)"}
	}
	for _, id := range ids {
		if strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") && len(id) > 2 {
			continue
		}
		if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
			return usageError{fmt.Sprintf("%q is not a message id: use the number postie list shows, or a Message-ID in angle brackets (<…>)", id)}
		}
	}
	return nil
}

func msgIDs(ms []localstore.Summary) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
