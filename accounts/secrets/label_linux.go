package secrets

import ss "github.com/zalando/go-keyring/secret_service"

// setLabelled stores the secret as go-keyring does (the same attributes,
// service and username, so keyring.Get and secret-tool find it), with a
// label a person can read in Seahorse instead of go-keyring's
// "Password for '…' on 'Postie'".
func setLabelled(service, user, label, secret string) error {
	svc, err := ss.NewSecretService()
	if err != nil {
		return err
	}
	session, err := svc.OpenSession()
	if err != nil {
		return err
	}
	defer func() { _ = svc.Close(session) }() // the item is written; a session left open ends with the connection
	collection := svc.GetLoginCollection()
	if err := svc.Unlock(collection.Path()); err != nil {
		return err
	}
	attributes := map[string]string{"username": user, "service": service}
	return svc.CreateItem(collection, label, attributes, ss.NewSecret(session.Path(), secret))
}
