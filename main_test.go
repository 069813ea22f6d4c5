package main

import (
	"log"
	"strings"
	"testing"
)

// Fyne's expected noise (a settings file read mid-write, a computer
// without a Videos folder, no notification service) is not printed at
// every start; every other message is, whole.
func TestQuietLogDropsOnlyExpectedNoise(t *testing.T) {
	var out strings.Builder
	l := log.New(&quietLog{out: &out}, "", 0)
	l.Println("Fyne error: ", "Preferences load error:")
	l.Println("  Cause:", "EOF")
	l.Printf("  At: %s:%d", "/x/preferences.go", 103)
	l.Println("Fyne error: ", "Getting favorite locations")
	l.Println("  Cause:", "this computer does not define a VIDEOS folder")
	l.Printf("  At: %s:%d", "/x/file.go", 396)
	l.Println("Fyne error: ", "Preferences load error:")
	l.Println("  Cause:", "permission denied")
	l.Printf("  At: %s:%d", "/x/preferences.go", 103)
	l.Println("postie: something else")
	want := "Fyne error:  Preferences load error:\n  Cause: permission denied\n  At: /x/preferences.go:103\npostie: something else\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}
