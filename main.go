// Postie is a desktop email client for people who just want their mail.
//
//	postie [--profile DIR]                      open the window
//	postie import --folder NAME PATH...         bring in mbox, Maildir or .eml
//	postie export --format mbox|maildir|eml [--account A] [--folder F] --out DIR
//	postie list|show|search|mark|move|archive-message|delete|send|outbox …
//
// The profile (the offline mail store) is Fyne's app storage folder unless
// --profile or POSTIE_PROFILE names another.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/app"
	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/internal/handoff"
	_ "github.com/postie-mail/postie/internal/plainlocale" // before Fyne reads the locale
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

const appID = "io.github.postie_mail.postie"

var started = time.Now()

func main() {
	if verb, _ := splitVerb(os.Args[1:]); verb != "" && verb != "mailto" {
		attachConsole()
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	return runWith(args, os.Stdin, stdout, stderr)
}

func runWith(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	speak(args, stderr)
	verb, args := splitVerb(args)
	var err error
	switch verb {
	case "":
		err = runWindow(args, "", stderr)
	case "mailto":
		err = runWindow(args[1:], args[0], stderr)
	case "version":
		fmt.Fprintf(stdout, "Postie %s\n", version)
		return 0
	case "import":
		err = runImport(args, stdout, stderr)
	case "export":
		err = runExport(args, stdout, stderr)
	case "archive":
		err = runKeepCopy(args, stdout, stderr)
	case "account":
		err = runAccount(args, os.Stdin, stdout, stderr)
	case "sync":
		err = runSync(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, helpText())
		return 0
	case "list", "show", "search", "mark", "move", "archive-message", "delete", "send", "outbox":
		err = runMail(verb, args, stdin, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "postie: %s\n\n%s", tr.L("unknown command {{.Command}}", tr.M{"Command": strconv.Quote(verb)}), helpText())
		return 2
	}
	return exitFor(err, stderr)
}

// version is Postie's version (FyneApp.toml's; set with -ldflags -X
// main.version=… by the package build).
var version = "0.1.0"

// splitVerb finds the verb wherever it stands among the global options
// (postie --profile DIR import … and postie import --profile DIR … mean
// the same), and returns the verb's arguments with the global options
// first, after an account subcommand. A mailto: link is the verb
// "mailto" with the link as its first argument.
func splitVerb(args []string) (string, []string) {
	for _, a := range args {
		if a == "--version" || a == "-version" {
			return "version", nil
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--profile" || a == "-profile":
			i++ // its value
		case strings.HasPrefix(a, "-"):
		case len(a) >= 7 && strings.EqualFold(a[:7], "mailto:"):
			return "mailto", append([]string{a}, without(args, i)...)
		default:
			globals, rest := args[:i], args[i+1:]
			if a == "account" && len(rest) > 0 {
				return a, append(append([]string{rest[0]}, globals...), rest[1:]...)
			}
			return a, append(append([]string{}, globals...), rest...)
		}
	}
	return "", args
}

func without(args []string, i int) []string {
	return append(append([]string{}, args[:i]...), args[i+1:]...)
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// defaultProfile is Fyne's app storage folder for Postie, computed without
// starting Fyne so the command-line verbs use the same folder as the window.
func defaultProfile() string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Preferences", "fyne", appID)
	case "windows":
		// The known folder (it differs from this where the folder is
		// redirected), unless a profile exists only at the old place.
		legacy := filepath.Join(home, "AppData", "Roaming", "fyne", appID)
		roaming, err := roamingAppData()
		if err != nil || roaming == "" {
			return legacy
		}
		return chooseProfile(filepath.Join(roaming, "fyne", appID), legacy, profileExists)
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		cfg = filepath.Join(home, ".config")
	}
	return filepath.Join(cfg, "fyne", appID)
}

func profileFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("POSTIE_PROFILE")
	if def == "" {
		def = defaultProfile()
	}
	return fs.String("profile", def, tr.L("the mail profile `folder`"))
}

func openProfile(dir string) (*localstore.Store, error) {
	s, err := localstore.Open(dir)
	if err != nil {
		return nil, err
	}
	if _, err := s.EnsureLocalAccount(assets.Welcome()); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func runWindow(args []string, mailto string, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	setUsage(fs, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{tr.L("unknown command {{.Command}} (postie help lists them)", tr.M{"Command": strconv.Quote(fs.Arg(0))})}
	}
	app.LimitMemory()
	if noDisplay() {
		return errors.New(tr.L("there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); the command-line verbs work without one: postie help"))
	}
	log.SetOutput(&quietLog{out: stderr})
	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon)
	store, err := openProfile(*profile)
	if handOff(*profile, mailto, err) {
		return nil // the running Postie shows itself (and the message to write)
	}
	if err != nil {
		showFatal(a, err)
		return err
	}
	defer store.Close()
	keys, err := accounts.ProfileKeyring(store) // the profile's own keyring entries (#26)
	if err != nil {
		showFatal(a, err)
		return err
	}
	ui := app.New(a, store, app.Options{Discoverer: newDiscoverer(), Secrets: keys, AutoCheck: true, Version: version})
	showWindow := func(r handoff.Request) { fyne.Do(func() { ui.Show(r.Mailto) }) }
	runVerb := func(c handoff.Command) handoff.Reply { return runInWindow(store, c) } // postie list, mark… beside the window
	if stop, err := handoff.ListenWith(*profile, showWindow, runVerb); err == nil {
		defer stop()
	} else {
		log.Printf("postie: a second start cannot hand over to this window: %v", err)
	}
	guard := newStartGuard(tellPerson(stderr))
	report := os.Getenv("POSTIE_STARTUP_REPORT") != ""
	a.Lifecycle().SetOnStarted(func() {
		if !guard.started(ui.Window()) {
			a.Quit() // no window (no OpenGL 2.1): the person was told; the profile is closed on return
			return
		}
		if mailto != "" {
			ui.OpenMailto(mailto)
		}
		if report {
			reportStartup(a, stderr)
		}
	})
	guard.watch()
	ui.Window().ShowAndRun()
	return guard.err()
}

// tellPerson says what must be said when no window can: in a native
// message box on Windows (a Start-menu start has no terminal), on the
// terminal elsewhere.
func tellPerson(stderr io.Writer) func(title, text string) {
	return func(title, text string) {
		if !tellNative(title, text) {
			fmt.Fprintf(stderr, "postie: %s\n\n%s\n", title, text)
		}
	}
}

// handOff gives a second start's request to the Postie already running
// on the profile (the error from opening it says it is in use) and says
// whether that Postie took it.
func handOff(profile, mailto string, openErr error) bool {
	return errors.Is(openErr, localstore.ErrProfileInUse) && handoff.Send(profile, handoff.Request{Mailto: mailto}) == nil
}

// noDisplay says whether a Linux or BSD desktop session is missing, where
// Fyne would otherwise end in a GLFW panic.
func noDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios":
		return false
	}
	return os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == ""
}

// reportStartup is a measuring aid (POSTIE_STARTUP_REPORT=1), called
// when the window is shown: it prints the time from start to then, then,
// two seconds later (the first folder loaded), the process's resident
// memory, and quits.
func reportStartup(a fyne.App, w io.Writer) {
	fmt.Fprintf(w, "startup: window shown after %d ms\n", time.Since(started).Milliseconds())
	go func() {
		time.Sleep(2 * time.Second)
		if b, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, l := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(l, "VmRSS:") || strings.HasPrefix(l, "VmHWM:") {
					fmt.Fprintln(w, "startup:", strings.Join(strings.Fields(l), " "))
				}
			}
		}
		fyne.Do(a.Quit)
	}()
}

// showFatal tells a person who started Postie from a menu (and so sees no
// terminal) why it cannot open, then exits: in a native message box on
// Windows (which needs no OpenGL), elsewhere in a small window, which is
// watched as the main window is.
func showFatal(a fyne.App, err error) {
	text := []rune(accounts.Explain(err))
	if len(text) > 0 {
		text[0] = unicode.ToUpper(text[0])
	}
	if tellNative("Postie", string(text)) {
		return
	}
	w := fatalWindow(a, err)
	guard := newStartGuard(tellPerson(os.Stderr))
	a.Lifecycle().SetOnStarted(func() {
		if !guard.started(w) {
			a.Quit()
		}
	})
	guard.watch()
	w.ShowAndRun()
}

// fatalWindow is a small window with the reason and OK. The text is
// broken into lines here: a wrapped label would ask for a window one
// word wide and taller than the screen.
func fatalWindow(a fyne.App, err error) fyne.Window {
	w := a.NewWindow("Postie")
	text := []rune(accounts.Explain(err))
	if len(text) > 0 {
		text[0] = unicode.ToUpper(text[0])
	}
	msg := widget.NewLabel(breakLines(string(text), 64))
	w.SetContent(container.NewBorder(nil, container.NewCenter(widget.NewButton(tr.L("OK"), a.Quit)), nil, nil, container.NewPadded(msg)))
	return w
}

// breakLines breaks text into lines of at most width characters, at
// spaces.
func breakLines(s string, width int) string {
	var out, line strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		wl := len([]rune(word))
		if n > 0 && n+1+wl > width {
			out.WriteString(line.String() + "\n")
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(word)
		n += wl
	}
	out.WriteString(line.String())
	return out.String()
}
