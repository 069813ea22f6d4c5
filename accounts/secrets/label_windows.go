package secrets

import (
	"github.com/danieljoos/wincred"
	"github.com/zalando/go-keyring"
)

// setLabelled stores the secret as go-keyring does (target
// "service:user", so keyring.Get finds it), with the label as the
// credential's user name and comment, which Credential Manager shows
// under the entry, instead of the bare key.
func setLabelled(service, user, label, secret string) error {
	if len(secret) > 2560 {
		return keyring.ErrSetDataTooBig
	}
	cred := wincred.NewGenericCredential(service + ":" + user)
	cred.UserName = label
	cred.Comment = label
	cred.CredentialBlob = []byte(secret)
	return cred.Write()
}
