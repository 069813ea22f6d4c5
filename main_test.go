package main

import (
	"bytes"
	"errors"
	"log"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/handoff"
	"github.com/postie-mail/postie/localstore"
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

// Global options stand before or after the verb; --version anywhere; a
// mailto: link is the window with a message to write.
func TestVerbAmongGlobalOptions(t *testing.T) {
	cases := []struct {
		args []string
		verb string
		rest string
	}{
		{[]string{"--profile", "/p", "import", "--folder", "X", "a.mbox"}, "import", "--profile /p --folder X a.mbox"},
		{[]string{"import", "--profile", "/p", "a.mbox"}, "import", "--profile /p a.mbox"},
		{[]string{"--profile=/p", "account", "add", "--email", "a@b.c"}, "account", "add --profile=/p --email a@b.c"},
		{[]string{"--profile", "/p"}, "", "--profile /p"},
		{[]string{"sync", "--version"}, "version", ""},
		{[]string{"mailto:kim@example.org?subject=hi"}, "mailto", "mailto:kim@example.org?subject=hi"},
		{[]string{"--profile", "/p", "MAILTO:kim@example.org"}, "mailto", "MAILTO:kim@example.org --profile /p"},
		{nil, "", ""},
	}
	for _, c := range cases {
		verb, rest := splitVerb(c.args)
		if verb != c.verb || strings.Join(rest, " ") != c.rest {
			t.Errorf("%q: verb %q rest %q", c.args, verb, rest)
		}
	}
}

// --version prints the version; the window verb without a display says
// so in one line instead of a GLFW panic.
func TestVersionAndNoDisplay(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"--version"}, &out, &errb); code != 0 || out.String() != "Postie "+version+"\n" {
		t.Fatalf("--version: %d %q", code, out.String())
	}
	if runtime.GOOS == "linux" {
		t.Setenv("DISPLAY", "")
		t.Setenv("WAYLAND_DISPLAY", "")
		out.Reset()
		errb.Reset()
		code := run([]string{"--profile", t.TempDir()}, &out, &errb)
		if code != 1 || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "no display") {
			t.Fatalf("no display: %d %q", code, errb.String())
		}
	}
}

// The version the program prints is FyneApp.toml's, which the packages
// carry.
func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Version = \""+version+"\"") {
		t.Fatalf("main.version %q is not FyneApp.toml's", version)
	}
}

// A second start on a profile in use hands its mailto: link to the
// running Postie instead of refusing; with nobody listening it does not
// pretend it did.
func TestSecondStartHandsOver(t *testing.T) {
	p := t.TempDir()
	s, err := openProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = openProfile(p)
	if !errors.Is(err, localstore.ErrProfileInUse) {
		t.Fatalf("second open: %v", err)
	}
	if handOff(p, "", err) {
		t.Fatal("handed over with nobody listening")
	}
	got := make(chan handoff.Request, 1)
	stop, lerr := handoff.Listen(p, func(r handoff.Request) { got <- r })
	if lerr != nil {
		t.Skipf("no unix sockets: %v", lerr)
	}
	defer stop()
	if !handOff(p, "mailto:kim@example.org", err) || (<-got).Mailto != "mailto:kim@example.org" {
		t.Fatal("not handed over")
	}
}
