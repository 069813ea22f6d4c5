package main

import (
	"os"
	"path/filepath"
	"strings"
)

// chooseProfile is the default profile folder on Windows: the one under
// the known folder (Roaming AppData, which can be redirected elsewhere
// than %USERPROFILE%\AppData\Roaming), unless a profile exists only at
// the place Postie used before (#29 item 15), which is then kept.
func chooseProfile(known, legacy string, exists func(string) bool) string {
	if strings.EqualFold(filepath.Clean(known), filepath.Clean(legacy)) || exists(known) || !exists(legacy) {
		return known
	}
	return legacy
}

// profileExists says whether dir holds a mail profile (its database).
func profileExists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "postie.db"))
	return err == nil
}
