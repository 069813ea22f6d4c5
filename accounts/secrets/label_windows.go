package secrets

import (
	"errors"
	"strings"

	"github.com/danieljoos/wincred"
	"github.com/zalando/go-keyring"
)

// On Windows, Postie's entries are kept by its own backend rather than
// go-keyring's: Credential Manager names an entry by its target name,
// and go-keyring's ("Postie:<profile>/account-2/incoming") told a person
// nothing. Here the target name is the label ("Postie — kim@example.org
// (incoming mail)", credTarget), and the key goes into an attribute
// and the target alias (Wine keeps no attributes), which is what finds
// the entry, so lookups stay the same when a label changes. Entries written under go-keyring's name are moved to the
// readable one when they are first read or written.
func init() { backend = credManager{} }

// credKeyAttribute is the attribute that holds an entry's key.
const credKeyAttribute = "Postie.Key"

// credAliasPrefix starts the target alias that holds the key too: Wine
// keeps no attributes.
const credAliasPrefix = "Postie.Key:"

// credFilter finds every entry of Postie's in CredEnumerate.
const credFilter = KeyringService + "*"

type credManager struct{}

// credComment is shown under the entry in Credential Manager.
const credComment = "Kept by Postie. Removing it here makes Postie ask for this password again."

// credsOfPostie lists Postie's entries: the one holding key (nil if
// none) and the target names of all, with their keys.
func credsOfPostie(key string) (*wincred.Credential, map[string]string, error) {
	list, err := wincred.FilteredList(credFilter)
	if err != nil {
		return nil, nil, keyringError{err}
	}
	var mine *wincred.Credential
	taken := map[string]string{}
	for _, c := range list {
		k := credKey(c)
		taken[c.TargetName] = k
		if k == key && mine == nil {
			mine = c
		}
	}
	return mine, taken, nil
}

// credKey is the key an entry holds: its attribute, or else its target
// alias; "" for entries that are not Postie's own (go-keyring's).
func credKey(c *wincred.Credential) string {
	for _, a := range c.Attributes {
		if a.Keyword == credKeyAttribute {
			return string(a.Value)
		}
	}
	if strings.HasPrefix(c.TargetAlias, credAliasPrefix) {
		return strings.TrimPrefix(c.TargetAlias, credAliasPrefix)
	}
	return ""
}

func (credManager) get(key string) (string, error) {
	c, _, err := credsOfPostie(key)
	if err != nil {
		return "", err
	}
	if c != nil {
		return string(c.CredentialBlob), nil
	}
	old, err := wincred.GetGenericCredential(credLegacyTarget(key))
	if errors.Is(err, wincred.ErrElementNotFound) {
		return "", ErrNoPassword
	}
	if err != nil {
		return "", keyringError{err}
	}
	secret := string(old.CredentialBlob)
	// Written by an earlier Postie: it had the label as its comment
	// (or go-keyring's none). Renamed now; if that fails it stays
	// where it is and is read from there again.
	label := old.Comment
	if label == "" || label == credComment {
		label = old.UserName
	}
	if label == key {
		label = ""
	}
	_ = credManager{}.set(key, label, secret)
	return secret, nil
}

func (credManager) set(key, label, secret string) error {
	if len(secret) > 2560 {
		return keyringError{keyring.ErrSetDataTooBig}
	}
	mine, taken, err := credsOfPostie(key)
	if err != nil {
		return err
	}
	cred := wincred.NewGenericCredential(credTarget(label, key, taken))
	cred.UserName = label
	if cred.UserName == "" {
		cred.UserName = cred.TargetName
	}
	cred.Comment = credComment
	cred.CredentialBlob = []byte(secret)
	cred.Attributes = []wincred.CredentialAttribute{{Keyword: credKeyAttribute, Value: []byte(key)}}
	cred.TargetAlias = credAliasPrefix + key
	if err := cred.Write(); err != nil {
		return keyringError{err}
	}
	// Only once the new entry is there: the one it replaces under
	// another name, and go-keyring's.
	if mine != nil && mine.TargetName != cred.TargetName {
		if err := (&wincred.GenericCredential{Credential: *mine}).Delete(); err != nil && !errors.Is(err, wincred.ErrElementNotFound) {
			return keyringError{err}
		}
	}
	return deleteLegacy(key)
}

func (credManager) del(key string) error {
	for range 8 { // one entry, unless an earlier write left two
		c, _, err := credsOfPostie(key)
		if err != nil {
			return err
		}
		if c == nil {
			break
		}
		if err := (&wincred.GenericCredential{Credential: *c}).Delete(); err != nil && !errors.Is(err, wincred.ErrElementNotFound) {
			return keyringError{err}
		}
	}
	return deleteLegacy(key)
}

func deleteLegacy(key string) error {
	old, err := wincred.GetGenericCredential(credLegacyTarget(key))
	if errors.Is(err, wincred.ErrElementNotFound) {
		return nil
	}
	if err == nil {
		err = old.Delete()
	}
	if err != nil && !errors.Is(err, wincred.ErrElementNotFound) {
		return keyringError{err}
	}
	return nil
}

// setLabelled is the go-keyring-compatible writer of the other systems;
// on Windows credManager.set does its work.
func setLabelled(service, user, label, secret string) error {
	return credManager{}.set(user, label, secret)
}
