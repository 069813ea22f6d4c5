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
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	folder := fs.String("folder", "Inbox", tr.L("the `name` of the folder under “{{.Local}}” to put the messages in", tr.M{"Local": tr.X("folder.local", "On this computer")}))
	setUsage(fs, "import")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{tr.L("import needs at least one file or folder to read (mbox, Maildir or .eml)")}
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
		fmt.Fprintln(stderr, tr.L("Importing into {{.Folder}}…", tr.M{"Folder": folderName(f)}))
	}
	im := &archive.Importer{Store: s, FolderID: f.ID, Progress: func(n int) {
		if tty {
			progress = true
			fmt.Fprintf(stderr, "\r%s", tr.N("{{.Count}} message…", "{{.Count}} messages…", n))
		}
	}}
	rep, err := im.Import(fs.Args()...)
	if progress {
		fmt.Fprintln(stderr)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stderr, tr.L("problem: {{.Problem}}", tr.M{"Problem": p}))
	}
	fmt.Fprintln(stdout, tr.L("{{.Summary}} Folder: {{.Folder}}", tr.M{"Summary": rep.Summary(), "Folder": folderName(f)}))
	if err != nil {
		return fmt.Errorf("%s: %w", tr.L("the import stopped; messages imported before this point are kept"), err)
	}
	if rep.Added+rep.Duplicates == 0 && len(rep.Problems) > 0 {
		return errors.New(tr.L("no message could be imported"))
	}
	return nil
}

// localFolder finds (or creates) a folder of "On this computer" by name
// (or by its name as shown: Posteingang is the Inbox in German).
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
			if strings.EqualFold(f.Name, name) || strings.EqualFold(folderName(f), name) {
				return f, nil
			}
		}
		return s.CreateFolder(a.ID, localstore.Folder{Name: name, Path: name})
	}
	return localstore.Folder{}, errors.New(tr.L("there is no “{{.Local}}” account", tr.M{"Local": tr.X("folder.local", "On this computer")}))
}

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	format := fs.String("format", "mbox", tr.L("mbox, maildir or eml"))
	account := fs.String("account", "", tr.L("export only this account (`name` or address)"))
	folder := fs.String("folder", "", tr.L("export only this folder (`name`)"))
	out := fs.String("out", "", tr.L("the `folder` to write into"))
	setUsage(fs, "export")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	fm, err := archive.ParseFormat(*format)
	if err != nil {
		return usageError{err.Error()}
	}
	if *out == "" {
		return usageError{tr.L("export needs --out DIR: the folder to write into")}
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
			return usageError{tr.N("the folder {{.Folder}} is in {{.Count}} account ({{.Accounts}}): add --account NAME to say which one",
				"the folder {{.Folder}} is in {{.Count}} accounts ({{.Accounts}}): add --account NAME to say which one", len(in),
				tr.M{"Folder": strconv.Quote(*folder), "Accounts": strings.Join(in, ", ")})}
		}
	}
	total, matched, left := 0, false, 0
	for _, a := range accts {
		if *account != "" && !strings.EqualFold(a.Name, *account) && !strings.EqualFold(a.Email, *account) && !strings.EqualFold(accountName(a), *account) {
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
			if strings.EqualFold(f.Name, *folder) || strings.EqualFold(folderName(f), *folder) || f.Path == *folder {
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
		return errors.New(tr.L("nothing matches --account {{.Account}} --folder {{.Folder}} (postie export --help lists the options)",
			tr.M{"Account": strconv.Quote(*account), "Folder": strconv.Quote(*folder)}))
	}
	fmt.Fprintln(stdout, tr.N("{{.Count}} message exported to {{.Dir}}", "{{.Count}} messages exported to {{.Dir}}", total, tr.M{"Dir": *out}))
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
			if strings.EqualFold(f.Name, name) || strings.EqualFold(folderName(f), name) || f.Path == name {
				in = append(in, strconv.Quote(accountName(a)))
				break
			}
		}
	}
	return in
}
