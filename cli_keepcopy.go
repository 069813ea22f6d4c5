package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/keepcopy"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// runKeepCopy is `postie archive`: a permanent, checked copy of one
// account (see keepcopy). It exits non-zero unless every message was
// copied and checked.
func runKeepCopy(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie archive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("account", "", tr.L("the account (`name` or address) to keep a permanent copy of"))
	format := fs.String("format", "mbox", tr.L("mbox or maildir"))
	out := fs.String("out", "", tr.L("the `folder` the copy goes into (in a folder of its own)"))
	stopUsing := fs.Bool("stop-using-server", false, tr.L("when every message is copied and checked, make the account a local archive and remove its server settings and password (nothing is deleted on the server)"))
	setUsage(fs, "archive")
	return withAccounts(fs, args, func(s *localstore.Store, list []accounts.Account) error {
		fm, err := archive.ParseFormat(*format)
		if err != nil || fm == archive.EML {
			return usageError{tr.L("--format is mbox or maildir")}
		}
		if *name == "" || *out == "" {
			return usageError{tr.L("archive needs --account NAME and --out DIR")}
		}
		var acct accounts.Account
		found := false
		for _, a := range list {
			if strings.EqualFold(a.Name, *name) || strings.EqualFold(a.Email, *name) {
				acct, found = a, true
			}
		}
		if !found {
			return noAccount(*name)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		tty := isTerminal(stderr)
		show := func(text string) {
			if tty {
				fmt.Fprintf(stderr, "\r\033[K%s", text)
			}
		}
		keys, err := accounts.ProfileKeyring(s) // #26: the profile's own entries
		if err != nil {
			return err
		}
		syncer := &mailsync.Syncer{Store: s, Secrets: func(accounts.Account) secrets.Secrets { return keys },
			OnEvent: func(e accounts.Event) { show(e.Text) }}
		sched := &mailsync.Scheduler{Syncer: syncer}
		c := &keepcopy.Copier{Store: s, Check: syncer.CheckCopies,
			Sync: func(ctx context.Context, a accounts.Account) error {
				_, err := sched.SyncNow(ctx, a)
				return err
			},
			OnProgress: func(p keepcopy.Progress) { show(p.Text) }}
		rep, err := c.Run(ctx, acct, keepcopy.Options{Format: fm, Into: *out})
		if tty {
			fmt.Fprint(stderr, "\r\033[K")
		}
		if err != nil {
			return fmt.Errorf("%s: %w", tr.L("the copy stopped before the end (run the same command again to go on where it stopped)"), err)
		}
		fmt.Fprint(stdout, rep.Text())
		if !rep.OK() {
			return errors.New(tr.L("not every message of {{.Account}} is copied and checked yet (see above)", tr.M{"Account": acct.Name}))
		}
		if *stopUsing {
			if err := keepcopy.StopUsingServer(s, keys, acct); err != nil {
				return err
			}
			fmt.Fprintln(stdout, tr.L("{{.Account}} is now an archive on this computer: “{{.Archive}}”. Its server settings and password are removed from Postie; nothing was deleted on the server.",
				tr.M{"Account": acct.Name, "Archive": keepcopy.ArchiveName(acct)}))
		}
		return nil
	})
}
