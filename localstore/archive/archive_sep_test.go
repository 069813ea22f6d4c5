package archive

import "testing"

// Windows file systems refuse ':' in names: Maildir names use '!' there,
// and import reads both back to the same flags.
func TestMaildirSeparatorOnWindows(t *testing.T) {
	if maildirSeparator("windows") != "!" || maildirSeparator("linux") != ":" || maildirSeparator("darwin") != ":" {
		t.Fatal("wrong separator")
	}
	for _, name := range []string{"1.2.postie:2,FS", "1.2.postie!2,FS"} {
		if f := maildirFlags(name); f == 0 {
			t.Fatalf("%s: no flags read", name)
		}
	}
}
