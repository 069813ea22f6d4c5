// Package plainlocale keeps Fyne quiet under the "C" locale. Fyne reads
// the locale while its packages are initialised, before main runs, and
// logs "Error parsing user locale C" three lines long when the locale is
// C.UTF-8 (common in containers, ssh sessions and minimal systems),
// before every command. Importing this package from main sets
// LANGUAGE=en in that case only: packages initialise in import-path
// order among those ready, so this one (it needs only os) runs before
// golang.org/x/text and so before Fyne's lang package.
package plainlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	loc := ""
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = os.Getenv(v); loc != "" {
			break
		}
	}
	if strings.HasPrefix(loc, "C.") || strings.HasPrefix(loc, "POSIX.") {
		_ = os.Setenv("LANGUAGE", "en") // only quiets a warning; fails only on a malformed name
	}
}
