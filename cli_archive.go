package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	folder := fs.String("folder", "Inbox", "the `name` of the folder under \"On this computer\" to put the messages in")
	if err := parseArgs(fs, args); err != nil {
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
	// Progress rewrites one line on a terminal; in a log or a pipe one
	// plain line says the import has begun (the profile is held by now).
	progress, tty := false, isTerminal(stderr)
	if !tty {
		fmt.Fprintf(stderr, "Importing into %s…\n", f.Name)
	}
	im := &archive.Importer{Store: s, FolderID: f.ID, Progress: func(n int) {
		if tty {
			progress = true
			fmt.Fprintf(stderr, "\r%s…", mailtext.Count(n, "message", "messages"))
		}
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
	if err := parseArgs(fs, args); err != nil {
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
	if *folder != "" && *account == "" {
		if in := accountsWithFolder(s, accts, *folder); len(in) > 1 {
			return usageError{fmt.Sprintf("the folder %q is in %d accounts (%s): add --account NAME to say which one", *folder, len(in), strings.Join(in, ", "))}
		}
	}
	total, matched, left := 0, false, 0
	for _, a := range accts {
		if *account != "" && !strings.EqualFold(a.Name, *account) && !strings.EqualFold(a.Email, *account) {
			continue
		}
		if *folder == "" {
			matched = true
			n, err := archive.ExportAccount(s, a, fm, *out)
			total += n
			left += archive.LeftOnServer(s, a.ID, 0)
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
				n, err := archive.ExportFolder(s, f, fm, filepath.Join(*out, mailtext.FileName(a.Name, "account")))
				total += n
				left += archive.LeftOnServer(s, a.ID, f.ID)
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
	if t := archive.LeftOnServerText(left); t != "" {
		fmt.Fprintln(stdout, t)
	}
	return nil
}

// accountsWithFolder names the accounts that have a folder of that name.
func accountsWithFolder(s *localstore.Store, accts []localstore.Account, name string) []string {
	var in []string
	for _, a := range accts {
		folders, _ := s.Folders(a.ID)
		for _, f := range folders {
			if strings.EqualFold(f.Name, name) || f.Path == name {
				in = append(in, strconv.Quote(a.Name))
				break
			}
		}
	}
	return in
}
