package localstore

import (
	"database/sql"
	"errors"
	"sort"
	"strings"

	"github.com/postie-mail/postie/internal/tr"
)

// Kind says where an account's mail comes from.
type Kind string

// The kinds of account.
const (
	KindLocal Kind = "local" // "On this computer": no server
	KindIMAP  Kind = "imap"
	KindPOP   Kind = "pop"
)

// Role marks a standard folder.
type Role string

// The standard folder roles.
const (
	RoleNone    Role = ""
	RoleInbox   Role = "inbox"
	RoleDrafts  Role = "drafts"
	RoleSent    Role = "sent"
	RoleArchive Role = "archive"
	RoleJunk    Role = "junk"
	RoleTrash   Role = "trash"
)

// roleOrder puts standard folders first, in the order people expect.
var roleOrder = map[Role]int{RoleInbox: 0, RoleDrafts: 1, RoleSent: 2, RoleArchive: 3, RoleJunk: 4, RoleTrash: 5, RoleNone: 6}

// Account is one mailbox the person has: the local one, or a server one.
// Settings is the accounts package's own JSON (no secrets ever).
type Account struct {
	ID       int64
	Name     string
	Email    string
	Kind     Kind
	Settings string
}

// Folder is one folder with its message counts.
type Folder struct {
	ID        int64
	AccountID int64
	Name      string // shown to the person
	Path      string // the server's name for it (IMAP), or the name
	Role      Role
	Total     int
	Unread    int
	// NotOffline: the person switched this folder off (not synced, not
	// kept on this computer); Gone: the server confirmed it no longer has
	// it, and its mail is kept here (#25).
	NotOffline bool
	Gone       bool
}

// SyncState is the per-folder bookkeeping the sync engines own.
type SyncState struct {
	UIDValidity   uint32
	UIDNext       uint32
	HighestModSeq uint64
	Extra         string // engine-specific (JSON)
}

// ErrNotFound is returned for an account, folder or message that is gone.
var ErrNotFound = errors.New("not found")

// LocalAccountName is the name of the account that lives only here.
const LocalAccountName = "On this computer"

// EnsureLocalAccount creates, on first run, the "On this computer" account
// with Inbox, Drafts, Sent, Archive and Trash, and puts welcome in its
// Inbox. Later runs change nothing. It returns the account.
func (s *Store) EnsureLocalAccount(welcome []byte) (Account, error) {
	accts, err := s.Accounts()
	if err != nil {
		return Account{}, err
	}
	for _, a := range accts {
		if a.Kind == KindLocal {
			return a, nil
		}
	}
	a, err := s.CreateAccount(Account{Name: LocalAccountName, Kind: KindLocal}, StandardFolders())
	if err != nil {
		return Account{}, err
	}
	if len(welcome) > 0 {
		inbox, err := s.FolderByRole(a.ID, RoleInbox)
		if err != nil {
			return a, err
		}
		if _, err := s.Add(inbox.ID, []NewMessage{{Raw: welcome}}); err != nil {
			return a, err
		}
	}
	return a, nil
}

// StandardFolders are the folders a local or POP account starts with.
func StandardFolders() []Folder {
	return []Folder{
		{Name: "Inbox", Path: "INBOX", Role: RoleInbox},
		{Name: "Drafts", Path: "Drafts", Role: RoleDrafts},
		{Name: "Sent", Path: "Sent", Role: RoleSent},
		{Name: "Archive", Path: "Archive", Role: RoleArchive},
		{Name: "Trash", Path: "Trash", Role: RoleTrash},
	}
}

// CreateAccount adds an account and its folders in one transaction.
func (s *Store) CreateAccount(a Account, folders []Folder) (Account, error) {
	if a.Settings == "" {
		a.Settings = "{}"
	}
	err := s.tx(func(tx *sql.Tx) error {
		// The id is one above any ever given (profile_identity), never
		// the id of an account removed before: secrets are filed by it.
		res, err := tx.Exec(`INSERT INTO accounts (id, name, email, kind, settings, position)
			VALUES ((SELECT max(last_account_id, coalesce((SELECT max(id) FROM accounts), 0)) + 1 FROM profile_identity),
			?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM accounts))`,
			a.Name, a.Email, string(a.Kind), a.Settings)
		if err != nil {
			return err
		}
		a.ID, _ = res.LastInsertId()
		for _, f := range folders {
			if _, err := createFolder(tx, a.ID, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Account{}, err
	}
	s.notify(Change{Accounts: true})
	return a, nil
}

// Accounts lists the accounts, the local one first.
func (s *Store) Accounts() ([]Account, error) {
	rows, err := s.r.Query(`SELECT id, name, email, kind, settings FROM accounts
		ORDER BY kind != 'local', position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.ID, &a.Name, &a.Email, &a.Kind, &a.Settings); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Account returns one account.
func (s *Store) Account(id int64) (Account, error) {
	var a Account
	err := s.r.QueryRow(`SELECT id, name, email, kind, settings FROM accounts WHERE id = ?`, id).
		Scan(&a.ID, &a.Name, &a.Email, &a.Kind, &a.Settings)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// UpdateAccount saves an account's name, address and settings.
func (s *Store) UpdateAccount(a Account) error {
	err := s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE accounts SET name = ?, email = ?, settings = ? WHERE id = ?`, a.Name, a.Email, a.Settings, a.ID)
		return err
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

// DeleteAccount removes an account with its folders, messages and pending
// changes.
func (s *Store) DeleteAccount(id int64) error {
	err := s.tx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM search WHERE rowid IN (SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id WHERE f.account_id = ?)`, id); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM accounts WHERE id = ?`, id)
		return err
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

func createFolder(tx *sql.Tx, accountID int64, f Folder) (int64, error) {
	if f.Path == "" {
		f.Path = f.Name
	}
	if f.Name == "" {
		f.Name = f.Path
	}
	res, err := tx.Exec(`INSERT INTO folders (account_id, name, path, role) VALUES (?, ?, ?, ?)`,
		accountID, f.Name, f.Path, string(f.Role))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return 0, errors.New(tr.L("there is already a folder called “{{.Folder}}”", tr.M{"Folder": f.Name}))
		}
		return 0, err
	}
	return res.LastInsertId()
}

// CreateFolder adds a folder to an account.
func (s *Store) CreateFolder(accountID int64, f Folder) (Folder, error) {
	err := s.tx(func(tx *sql.Tx) error {
		id, err := createFolder(tx, accountID, f)
		f.ID, f.AccountID = id, accountID
		return err
	})
	if err != nil {
		return Folder{}, err
	}
	s.notify(Change{Accounts: true})
	return s.Folder(f.ID)
}

// DeleteFolder removes a folder and the messages in it.
func (s *Store) DeleteFolder(id int64) error {
	err := s.tx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM search WHERE rowid IN (SELECT id FROM messages WHERE folder_id = ?)`, id); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM folders WHERE id = ?`, id)
		return err
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

// folderCols are a folder's columns with its counts (kept by triggers:
// schema.go, 8 → 9).
const folderCols = `f.id, f.account_id, f.name, f.path, f.role,
	coalesce((SELECT c.total FROM folder_counts c WHERE c.folder_id = f.id), 0),
	coalesce((SELECT c.unread FROM folder_counts c WHERE c.folder_id = f.id), 0), f.offline = 0, f.gone`

func scanFolder(sc interface{ Scan(...any) error }) (Folder, error) {
	var f Folder
	err := sc.Scan(&f.ID, &f.AccountID, &f.Name, &f.Path, &f.Role, &f.Total, &f.Unread, &f.NotOffline, &f.Gone)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return f, err
}

// Folders lists an account's folders with their counts, standard folders
// first, then the others by name.
func (s *Store) Folders(accountID int64) ([]Folder, error) {
	rows, err := s.r.Query(`SELECT `+folderCols+` FROM folders f WHERE f.account_id = ?`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Folder
	for rows.Next() {
		f, err := scanFolder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, oj := roleOrder[out[i].Role], roleOrder[out[j].Role]
		if oi != oj {
			return oi < oj
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, rows.Err()
}

// Folder returns one folder with its counts.
func (s *Store) Folder(id int64) (Folder, error) {
	return scanFolder(s.r.QueryRow(`SELECT `+folderCols+` FROM folders f WHERE f.id = ?`, id))
}

// FolderByRole returns an account's folder with that role.
func (s *Store) FolderByRole(accountID int64, role Role) (Folder, error) {
	return scanFolder(s.r.QueryRow(`SELECT `+folderCols+` FROM folders f WHERE f.account_id = ? AND f.role = ? ORDER BY f.id LIMIT 1`, accountID, string(role)))
}

// FolderByPath returns an account's folder with that server path.
func (s *Store) FolderByPath(accountID int64, path string) (Folder, error) {
	return scanFolder(s.r.QueryRow(`SELECT `+folderCols+` FROM folders f WHERE f.account_id = ? AND f.path = ?`, accountID, path))
}

// SyncState returns a folder's sync bookkeeping.
func (s *Store) SyncState(folderID int64) (SyncState, error) {
	var st SyncState
	err := s.r.QueryRow(`SELECT uidvalidity, uidnext, highestmodseq, sync_extra FROM folders WHERE id = ?`, folderID).
		Scan(&st.UIDValidity, &st.UIDNext, &st.HighestModSeq, &st.Extra)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return st, err
}

// SetSyncState saves a folder's sync bookkeeping.
func (s *Store) SetSyncState(folderID int64, st SyncState) error {
	return s.tx(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE folders SET uidvalidity = ?, uidnext = ?, highestmodseq = ?, sync_extra = ? WHERE id = ?`,
			st.UIDValidity, st.UIDNext, st.HighestModSeq, st.Extra, folderID)
		return err
	})
}

// AdoptFolders moves every folder of account from to account into (the
// local one), named "PREFIX – NAME", with its messages and without any
// server bookkeeping: nothing is queued for the server, nothing is removed
// there. Used when an account is removed but its mail is kept.
func (s *Store) AdoptFolders(from, into int64, prefix string) error {
	err := s.tx(func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT id, name FROM folders WHERE account_id = ?`, from)
		if err != nil {
			return err
		}
		type f struct {
			id   int64
			name string
		}
		var fs []f
		for rows.Next() {
			var x f
			if err := rows.Scan(&x.id, &x.name); err != nil {
				rows.Close()
				return err
			}
			fs = append(fs, x)
		}
		rows.Close()
		for _, x := range fs {
			name := prefix + " – " + x.name
			if _, err := tx.Exec(`UPDATE folders SET account_id = ?, name = ?, path = ?, role = '', uidvalidity = 0, uidnext = 0, highestmodseq = 0, sync_extra = '' WHERE id = ?`,
				into, name, name, x.id); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE messages SET server_key = NULL WHERE folder_id = ?`, x.id); err != nil {
				return err
			}
		}
		_, err = tx.Exec(`DELETE FROM pending_ops WHERE account_id = ?`, from)
		return err
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}

// MakeLocal turns a server account into one that lives only here, named
// name: its folders and messages stay as they are, without any server
// bookkeeping (server keys, sync state, queued changes, POP history);
// nothing is queued for the server. Used when a person stops using an
// account's server after keeping a permanent copy.
func (s *Store) MakeLocal(accountID int64, name string) error {
	err := s.tx(func(tx *sql.Tx) error {
		for _, q := range []string{
			`UPDATE messages SET server_key = NULL WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?)`,
			`UPDATE folders SET uidvalidity = 0, uidnext = 0, highestmodseq = 0, sync_extra = '' WHERE account_id = ?`,
			`DELETE FROM pending_ops WHERE account_id = ?`,
			`DELETE FROM server_seen WHERE account_id = ?`,
			`DELETE FROM pop_trouble WHERE account_id = ?`,
		} {
			if _, err := tx.Exec(q, accountID); err != nil {
				return err
			}
		}
		_, err := tx.Exec(`UPDATE accounts SET kind = 'local', name = ?, settings = '{}' WHERE id = ?`, name, accountID)
		return err
	})
	if err == nil {
		s.notify(Change{Accounts: true})
	}
	return err
}
