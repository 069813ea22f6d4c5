package main

import "testing"

// The profile folder on Windows: the known folder's, unless a profile
// exists only at %USERPROFILE%\AppData\Roaming (#29 item 15).
func TestChooseProfile(t *testing.T) {
	known, legacy := `D:\Redirected\Roaming\fyne\id`, `C:\Users\kim\AppData\Roaming\fyne\id`
	for _, c := range []struct {
		have []string
		want string
	}{
		{nil, known},
		{[]string{known}, known},
		{[]string{legacy}, legacy},
		{[]string{known, legacy}, known},
	} {
		exists := func(p string) bool {
			for _, h := range c.have {
				if h == p {
					return true
				}
			}
			return false
		}
		if got := chooseProfile(known, legacy, exists); got != c.want {
			t.Errorf("with %v: %s", c.have, got)
		}
	}
	// Not redirected: the same folder, however it is spelled.
	if got := chooseProfile(`C:\Users\kim\AppData\Roaming\fyne\id`, `C:\users\kim\AppData\Roaming\fyne\id`, func(string) bool { return true }); got != `C:\Users\kim\AppData\Roaming\fyne\id` {
		t.Fatal(got)
	}
}
