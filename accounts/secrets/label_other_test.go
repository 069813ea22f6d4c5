//go:build !linux

package secrets

import "errors"

// secretServiceLabel: the label is read back only on Linux (the test
// skips elsewhere).
func secretServiceLabel(string, string) (string, error) {
	return "", errors.New("no Secret Service on this system")
}
