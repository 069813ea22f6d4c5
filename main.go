// Postie is a desktop email client for people who just want their mail.
//
//	postie [--profile DIR]                      open the window
//	postie import --folder NAME PATH...         bring in mbox, Maildir or .eml
//	postie export --format mbox|maildir|eml [--account A] [--folder F] --out DIR
//
// The profile (the offline mail store) is Fyne's app storage folder unless
// --profile or POSTIE_PROFILE names another.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/app"
	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

const appID = "io.github.postie_mail.postie"

var started = time.Now()

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	verb := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	var err error
	switch verb {
	case "":
		err = runWindow(args, stderr)
	case "import":
		err = runImport(args, stdout, stderr)
	case "export":
		err = runExport(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "postie: unknown command %q\n\n%s", verb, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "postie: %v\n", err)
		var u usageError
		if errors.As(err, &u) {
			return 2
		}
		return 1
	}
	return 0
}

const usage = `Usage:
  postie [--profile DIR]
      Open Postie's window.
  postie import --folder NAME [--profile DIR] PATH...
      Copy mail from mbox files, Maildir folders or .eml files into the
      folder NAME under "On this computer" (created if it does not exist).
  postie export --format mbox|maildir|eml [--account NAME] [--folder NAME] --out DIR [--profile DIR]
      Save mail, byte for byte as it arrived: one folder, one account's
      folders, or (with neither) everything.

The mail profile is Postie's storage folder unless --profile or the
environment variable POSTIE_PROFILE names another.
`

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
		return filepath.Join(home, "AppData", "Roaming", "fyne", appID)
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
	return fs.String("profile", def, "the mail profile `folder`")
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

func runWindow(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon)
	store, err := openProfile(*profile)
	if err != nil {
		showFatal(a, err)
		return err
	}
	defer store.Close()
	if os.Getenv("POSTIE_STARTUP_REPORT") != "" {
		reportStartup(a, stderr)
	}
	app.New(a, store).Window().ShowAndRun()
	return nil
}

// reportStartup is a measuring aid (POSTIE_STARTUP_REPORT=1): it prints
// the time from start to the window being shown, then, two seconds later
// (the first folder loaded), the process's resident memory, and quits.
func reportStartup(a fyne.App, w io.Writer) {
	a.Lifecycle().SetOnStarted(func() {
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
	})
}

// showFatal tells a person who started Postie from a menu (and so sees no
// terminal) why it cannot open, then exits.
func showFatal(a fyne.App, err error) {
	w := a.NewWindow("Postie")
	msg := widget.NewLabel(err.Error())
	msg.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewBorder(nil, container.NewCenter(widget.NewButton("OK", a.Quit)), nil, nil, msg))
	w.Resize(fyne.NewSize(460, 160))
	w.ShowAndRun()
}

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	folder := fs.String("folder", "Inbox", "the `name` of the folder under \"On this computer\" to put the messages in")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"import needs at least one file or folder to read (mbox, Maildir or .eml)"}
	}
	s, err := openProfile(*profile)
	if err != nil {
		return err
	}
	defer s.Close()
	f, err := localFolder(s, *folder)
	if err != nil {
		return err
	}
	progress := false
	im := &archive.Importer{Store: s, FolderID: f.ID, Progress: func(n int) {
		progress = true
		fmt.Fprintf(stderr, "\r%d messages…", n)
	}}
	rep, err := im.Import(fs.Args()...)
	if progress {
		fmt.Fprintln(stderr)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stderr, "problem:", p)
	}
	fmt.Fprintf(stdout, "%s Folder: %s\n", rep.Summary(), f.Name)
	if err != nil {
		return fmt.Errorf("the import stopped; messages imported before this point are kept: %w", err)
	}
	if rep.Added+rep.Duplicates == 0 && len(rep.Problems) > 0 {
		return errors.New("no message could be imported")
	}
	return nil
}

// localFolder finds (or creates) a folder of "On this computer" by name.
func localFolder(s *localstore.Store, name string) (localstore.Folder, error) {
	accts, err := s.Accounts()
	if err != nil {
		return localstore.Folder{}, err
	}
	for _, a := range accts {
		if a.Kind != localstore.KindLocal {
			continue
		}
		fs, err := s.Folders(a.ID)
		if err != nil {
			return localstore.Folder{}, err
		}
		for _, f := range fs {
			if strings.EqualFold(f.Name, name) {
				return f, nil
			}
		}
		return s.CreateFolder(a.ID, localstore.Folder{Name: name, Path: name})
	}
	return localstore.Folder{}, errors.New(`there is no "On this computer" account`)
}

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	format := fs.String("format", "mbox", "mbox, maildir or eml")
	account := fs.String("account", "", "export only this account (`name` or address)")
	folder := fs.String("folder", "", "export only this folder (`name`)")
	out := fs.String("out", "", "the `folder` to write into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fm, err := archive.ParseFormat(*format)
	if err != nil {
		return usageError{err.Error()}
	}
	if *out == "" {
		return usageError{"export needs --out DIR: the folder to write into"}
	}
	s, err := openProfile(*profile)
	if err != nil {
		return err
	}
	defer s.Close()
	accts, err := s.Accounts()
	if err != nil {
		return err
	}
	total, matched := 0, false
	for _, a := range accts {
		if *account != "" && !strings.EqualFold(a.Name, *account) && !strings.EqualFold(a.Email, *account) {
			continue
		}
		if *folder == "" {
			matched = true
			n, err := archive.ExportAccount(s, a, fm, *out)
			total += n
			if err != nil {
				return err
			}
			continue
		}
		folders, err := s.Folders(a.ID)
		if err != nil {
			return err
		}
		for _, f := range folders {
			if strings.EqualFold(f.Name, *folder) || f.Path == *folder {
				matched = true
				n, err := archive.ExportFolder(s, f, fm, filepath.Join(*out, archive.SafeName(a.Name)))
				total += n
				if err != nil {
					return err
				}
			}
		}
	}
	if !matched {
		return fmt.Errorf("nothing matches --account %q --folder %q (postie export --help lists the options)", *account, *folder)
	}
	fmt.Fprintf(stdout, "%d messages exported to %s\n", total, *out)
	return nil
}
