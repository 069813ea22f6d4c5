package secrets

import (
	"fmt"

	ss "github.com/zalando/go-keyring/secret_service"
)

// secretServiceLabel reads the label of the item with these attributes.
func secretServiceLabel(service, user string) (string, error) {
	svc, err := ss.NewSecretService()
	if err != nil {
		return "", err
	}
	items, err := svc.SearchItems(svc.GetLoginCollection(), map[string]string{"service": service, "username": user})
	if err != nil {
		return "", err
	}
	if len(items) != 1 {
		return "", fmt.Errorf("%d items", len(items))
	}
	v, err := svc.Object("org.freedesktop.secrets", items[0]).GetProperty("org.freedesktop.Secret.Item.Label")
	if err != nil {
		return "", err
	}
	label, _ := v.Value().(string)
	return label, nil
}
