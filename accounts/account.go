// Package accounts is the account model every other account package
// shares: an account's settings (protocol, servers, what happens to POP
// server copies, how much to keep offline), how they are saved in the
// store, an engine's progress Event, and the plain-language words the
// wizard and the window use for IMAP, POP and server copies. The rooms
// around it: netconf (talking to any server), secrets (passwords),
// compose (writing messages), the engines imapsync, popsync and smtpsend,
// setup (discovery, the wizard, the sign-in check) and mailsync (what the
// window and `postie sync` call). It has no UI code and no network code.
package accounts

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Protocol is how mail is fetched.
type Protocol string

// The incoming protocols.
const (
	IMAP Protocol = "imap"
	POP  Protocol = "pop"
)

// CopiesMode is what happens to POP messages on the server.
type CopiesMode string

// The server-copy choices for POP accounts. Only Keep removes nothing.
const (
	Keep          CopiesMode = "keep"           // leave every message on the server (default)
	AfterDays     CopiesMode = "after-days"     // remove N days after download
	OnDelete      CopiesMode = "on-delete"      // remove when deleted for ever here
	AfterDownload CopiesMode = "after-download" // remove right after download
)

// ServerCopies is a POP account's policy for the copies on the server.
type ServerCopies struct {
	Mode CopiesMode `json:"mode"`
	Days int        `json:"days,omitempty"` // for AfterDays
}

// Removes says whether the policy ever removes a server copy.
func (p ServerCopies) Removes() bool { return p.Mode != Keep && p.Mode != "" }

// ParseServerCopies reads keep, after-days:N, on-delete or after-download.
func ParseServerCopies(s string) (ServerCopies, error) {
	switch {
	case s == "keep" || s == "":
		return ServerCopies{Mode: Keep}, nil
	case s == "on-delete":
		return ServerCopies{Mode: OnDelete}, nil
	case s == "after-download":
		return ServerCopies{Mode: AfterDownload}, nil
	case strings.HasPrefix(s, "after-days:"):
		n, err := strconv.Atoi(strings.TrimPrefix(s, "after-days:"))
		if err != nil || n < 1 || n > 3650 {
			return ServerCopies{}, errors.New(tr.L("after-days needs a number of days from 1 to 3650, as in after-days:30"))
		}
		return ServerCopies{Mode: AfterDays, Days: n}, nil
	}
	return ServerCopies{}, errors.New(tr.L("unknown choice {{.Choice}}: use keep, after-days:N, on-delete or after-download", tr.M{"Choice": strconv.Quote(s)}))
}

// Settings is everything about an account except its secrets; it is kept
// as JSON in the store's account row.
type Settings struct {
	Protocol     Protocol       `json:"protocol"`
	Incoming     netconf.Server `json:"incoming"`
	Outgoing     netconf.Server `json:"outgoing"`
	ServerCopies ServerCopies   `json:"serverCopies"`        // POP only
	CheckMinutes int            `json:"checkMinutes"`        // how often to check for mail
	TrustedCerts []string       `json:"trustedCerts"`        // SHA-256 fingerprints (hex) the person chose to trust for this account
	AskPassword  bool           `json:"askPassword"`         // no keyring: ask each start, keep in memory only
	Source       string         `json:"source,omitempty"`    // where the settings came from
	OfferIMAP    bool           `json:"offerIMAP,omitempty"` // the provider also offers IMAP (for the POP warning)
	Signature    string         `json:"signature,omitempty"` // added below new messages and replies
	SendLimit    int64          `json:"sendLimit,omitempty"` // the largest message the outgoing server takes (SMTP SIZE); 0 not asked yet, -1 none stated
	// KeepDays (IMAP): keep the whole of only the messages of the last
	// KeepDays days for reading offline; older ones keep their header and
	// are fetched when opened. 0 keeps everything (the default).
	KeepDays int `json:"keepDays,omitempty"`
	// OAuth names the provider (oauth.Provider.ID) whose own page this
	// account signs in on; its refresh token is kept as secrets.OAuth and
	// no password is. "" signs in with a password.
	OAuth string `json:"oauth,omitempty"`
}

// Account is a server account: the store's row plus its parsed settings.
type Account struct {
	ID       int64
	Name     string
	Email    string
	Settings Settings
}

// Load reads an account from the store.
func Load(s *localstore.Store, id int64) (Account, error) {
	a, err := s.Account(id)
	if err != nil {
		return Account{}, err
	}
	if a.Kind == localstore.KindLocal {
		return Account{}, errors.New(tr.L("{{.Account}} keeps mail on this computer only: it is not an email account", tr.M{"Account": strconv.Quote(a.Name)}))
	}
	return fromStore(a)
}

func fromStore(a localstore.Account) (Account, error) {
	acct := Account{ID: a.ID, Name: a.Name, Email: a.Email}
	if err := json.Unmarshal([]byte(a.Settings), &acct.Settings); err != nil {
		return acct, fmt.Errorf("%s: %w", tr.L("the settings of {{.Account}} cannot be read", tr.M{"Account": a.Name}), err)
	}
	return acct, nil
}

// List returns the server accounts (not "On this computer").
func List(s *localstore.Store) ([]Account, error) {
	all, err := s.Accounts()
	if err != nil {
		return nil, err
	}
	var out []Account
	for _, a := range all {
		if a.Kind == localstore.KindLocal {
			continue
		}
		acct, err := fromStore(a)
		if err != nil {
			return nil, err
		}
		out = append(out, acct)
	}
	return out, nil
}

func (a Account) storeRow() (localstore.Account, error) {
	b, err := json.Marshal(a.Settings)
	if err != nil {
		return localstore.Account{}, err
	}
	kind := localstore.KindIMAP
	if a.Settings.Protocol == POP {
		kind = localstore.KindPOP
	}
	return localstore.Account{ID: a.ID, Name: a.Name, Email: a.Email, Kind: kind, Settings: string(b)}, nil
}

// SaveSettings stores changed settings of an existing account. A change to
// a removing POP policy must already have been confirmed by the person
// (see PolicyChange).
func SaveSettings(s *localstore.Store, a Account) error {
	row, err := a.storeRow()
	if err != nil {
		return err
	}
	return s.UpdateAccount(row)
}

// Trusts says whether the person chose to trust this certificate for the
// account.
func (st Settings) Trusts(fingerprint string) bool {
	for _, f := range st.TrustedCerts {
		if strings.EqualFold(netconf.NormalizeFingerprint(f), netconf.NormalizeFingerprint(fingerprint)) {
			return true
		}
	}
	return false
}

// Remove deletes an account and its password. With keep, its folders and
// messages move under "On this computer" first (nothing changes on the
// server either way).
func Remove(s *localstore.Store, keys secrets.Secrets, id int64, keep bool) error {
	a, err := s.Account(id)
	if err != nil {
		return err
	}
	if a.Kind == localstore.KindLocal {
		return errors.New(tr.L("{{.Account}} holds the mail kept only on this computer and cannot be removed", tr.M{"Account": strconv.Quote(a.Name)}))
	}
	if keep {
		local, err := s.EnsureLocalAccount(nil)
		if err != nil {
			return err
		}
		if err := s.AdoptFolders(id, local.ID, a.Name); err != nil {
			return err
		}
	}
	if err := s.DeleteAccount(id); err != nil {
		return err
	}
	// The account is gone; a secret the keyring would not delete is
	// said, so the person can remove it there.
	if err := ForgetSecrets(keys, id); err != nil {
		return &keyringLeftover{err: err}
	}
	return nil
}

// keyringLeftover says that a removed account's password stayed in the
// keyring, and where to remove it by hand.
type keyringLeftover struct{ err error }

func (e *keyringLeftover) Error() string {
	return tr.L("the account was removed, but its password could not be deleted from this computer's keyring ({{.Error}}): remove “{{.Entry}}” there by hand",
		tr.M{"Error": e.err.Error(), "Entry": secrets.KeyringService})
}

func (e *keyringLeftover) Unwrap() error { return e.err }

// ForgetSecrets removes every secret kept for an account (password,
// sending password, sign-in token). Each is tried; the first failure is
// returned (a secret that was never kept is no failure).
func ForgetSecrets(keys secrets.Secrets, id int64) error {
	var first error
	for _, role := range []secrets.Role{secrets.Incoming, secrets.Outgoing, secrets.OAuth} {
		if err := keys.Delete(id, role); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Create stores a new account with its folders, and its password in
// secrets. With AskPassword the caller passes a Memory, so the password
// lives in this process only.
func Create(s *localstore.Store, keys secrets.Secrets, acct Account, password string) (Account, error) {
	if acct.Name == "" {
		acct.Name = acct.Email
	}
	row, err := acct.storeRow()
	if err != nil {
		return Account{}, err
	}
	folders := []localstore.Folder{{Name: "Inbox", Path: "INBOX", Role: localstore.RoleInbox}}
	if acct.Settings.Protocol == POP {
		folders = localstore.StandardFolders()
	}
	if !acct.Settings.AskPassword {
		// Try the keyring before creating anything.
		if err := keys.Set(-1, "probe", "x"); err != nil {
			return Account{}, err
		}
		_ = keys.Delete(-1, "probe") // only a probe: a leftover is harmless
	}
	created, err := s.CreateAccount(row, folders)
	if err != nil {
		return Account{}, err
	}
	acct.ID = created.ID
	role := secrets.Incoming
	if acct.Settings.OAuth != "" {
		role = secrets.OAuth // password is the refresh token
	}
	if err := keys.Set(acct.ID, role, password); err != nil {
		if derr := s.DeleteAccount(acct.ID); derr != nil {
			return Account{}, errors.Join(err, derr)
		}
		return Account{}, err
	}
	return acct, nil
}
