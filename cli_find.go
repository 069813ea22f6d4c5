package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/app"
	"github.com/postie-mail/postie/internal/tr"
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
		if strings.EqualFold(a.Name, name) || (a.Email != "" && strings.EqualFold(a.Email, name)) ||
			(a.Kind == localstore.KindLocal && strings.EqualFold(accountName(a), name)) {
			return []localstore.Account{a}, nil
		}
	}
	return nil, noAccount(name)
}

// noAccount says there is no account called name.
func noAccount(name string) error {
	return errors.New(tr.L("there is no account called {{.Account}} (postie account list shows them)", tr.M{"Account": strconv.Quote(name)}))
}

// accountName is an account's name as the person reads it: the account
// of mail kept only here in their language (display only: the stored
// name stays).
func accountName(a localstore.Account) string {
	if a.Kind == localstore.KindLocal && a.Name == localstore.LocalAccountName {
		return tr.X("folder.local", "On this computer")
	}
	return a.Name
}

// standardNames are the names Postie gives the standard folders.
var standardNames = map[localstore.Role]string{localstore.RoleInbox: "Inbox", localstore.RoleDrafts: "Drafts", localstore.RoleSent: "Sent",
	localstore.RoleArchive: "Archive", localstore.RoleJunk: "Junk", localstore.RoleTrash: "Trash"}

// folderName is a folder's name as the person reads it: the standard
// folders Postie named in their language (display only: the stored name
// and the server's stay). Folders the person or the server named keep
// their names.
func folderName(f localstore.Folder) string {
	if english := standardNames[f.Role]; english == "" || !strings.EqualFold(f.Name, english) {
		return f.Name
	}
	w, _ := app.RoleWord(f.Role)
	return w
}

// folderMatches says whether a folder is the one a person named: by its
// name, its name as shown (folderName), its server path or its role.
func folderMatches(f localstore.Folder, name string) bool {
	return strings.EqualFold(f.Name, name) || strings.EqualFold(folderName(f), name) || f.Path == name ||
		(f.Role != localstore.RoleNone && strings.EqualFold(string(f.Role), name))
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
		return nil, errors.New(tr.L("there is no folder called {{.Folder}}", tr.M{"Folder": strconv.Quote(name)}))
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
		if strings.EqualFold(f.Name, name) || strings.EqualFold(folderName(f), name) || f.Path == name {
			return f, nil // its own name first: a folder called "Archive" beats the role
		}
	}
	for _, f := range folders {
		if folderMatches(f, name) {
			return f, nil
		}
	}
	a, _ := s.Account(accountID)
	return localstore.Folder{}, errors.New(tr.L("{{.Account}} has no folder called {{.Folder}}", tr.M{"Account": accountName(a), "Folder": strconv.Quote(name)}))
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
			return localstore.Summary{}, errors.New(tr.L("no stored message has the Message-ID {{.MessageID}}", tr.M{"MessageID": id}))
		case 1:
			return found[0], nil
		}
		ids := make([]string, len(found))
		for i, m := range found {
			ids[i] = strconv.FormatInt(m.ID, 10)
		}
		return localstore.Summary{}, errors.New(tr.N("{{.Count}} stored message has the Message-ID {{.MessageID}} (ids {{.IDs}}): use the id of the one you mean",
			"{{.Count}} stored messages have the Message-ID {{.MessageID}} (ids {{.IDs}}): use the id of the one you mean", len(found),
			tr.M{"MessageID": id, "IDs": strings.Join(ids, ", ")}))
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return localstore.Summary{}, notAnID(id)
	}
	m, err := s.Message(n)
	if errors.Is(err, localstore.ErrNotFound) {
		return m, errors.New(tr.L("there is no message {{.Number}} (it may have been deleted; postie list shows the ids)", tr.M{"Number": n}))
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
		return usageError{tr.L("{{.Command}} needs at least one message id (postie list shows them)", tr.M{"Command": verb})}
	}
	for _, id := range ids {
		if strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") && len(id) > 2 {
			continue
		}
		if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
			return notAnID(id)
		}
	}
	return nil
}

func notAnID(id string) error {
	return usageError{tr.L("{{.Argument}} is not a message id: use the number postie list shows, or a Message-ID in angle brackets (<…>)", tr.M{"Argument": strconv.Quote(id)})}
}

func msgIDs(ms []localstore.Summary) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
