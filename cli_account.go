package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/assets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// cliDiscoverer finds settings for `postie account add` (tests replace it).
var cliDiscoverer = newDiscoverer

// newDiscoverer is the settings finder the window and the command line use.
func newDiscoverer() *setup.Discoverer {
	providers, err := setup.ParseProviders(assets.Providers())
	if err != nil {
		panic(err) // the bundled table is tested
	}
	return &setup.Discoverer{Providers: providers}
}

func runAccount(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{tr.L("account needs add, list or remove")}
	}
	switch args[0] {
	case "add":
		return accountAdd(args[1:], stdin, stdout, stderr)
	case "list":
		return accountList(args[1:], stdout, stderr)
	case "remove":
		return accountRemove(args[1:], stdout, stderr)
	}
	return usageError{tr.L("unknown account command {{.Command}}: use add, list or remove", tr.M{"Command": strconv.Quote(args[0])})}
}

// parseServer reads HOST:PORT and a security name; without one, the
// usual security of the port.
func parseServer(hostport, security, user string) (netconf.Server, error) {
	host, p, err := net.SplitHostPort(hostport)
	port, perr := strconv.Atoi(p)
	if err != nil || perr != nil || host == "" || port < 1 || port > 65535 {
		return netconf.Server{}, usageError{tr.L("{{.Server}} is not HOST:PORT", tr.M{"Server": strconv.Quote(hostport)})}
	}
	sec := netconf.Security("")
	if security != "" {
		if sec, err = netconf.ParseSecurity(security); err != nil {
			return netconf.Server{}, usageError{err.Error()}
		}
	} else {
		switch port {
		case 993, 995, 465:
			sec = netconf.TLS
		default:
			sec = netconf.StartTLS
		}
	}
	return netconf.Server{Host: host, Port: port, Security: sec, Username: user}, nil
}

// adding is one "postie account add": its flags, and the wizard it drives
// step by step, as the window's wizard does.
type adding struct {
	profile, email, name, protocol          *string
	incoming, inSec, outgoing, outSec, user *string
	copies, trust                           *string
	pwStdin, useOAuth, confirm, unverified  *bool
	keepDays                                *int
	w                                       *setup.Wizard
	ctx                                     context.Context
	stdout, stderr                          io.Writer
}

func accountAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie account add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ad := &adding{stdout: stdout, stderr: stderr, profile: profileFlag(fs),
		email:    fs.String("email", "", tr.L("the email `address`")),
		name:     fs.String("name", "", tr.L("the account's `name` in Postie (default: the address)")),
		protocol: fs.String("protocol", "", tr.L("imap or pop (default: imap)")),
		incoming: fs.String("incoming", "", tr.L("incoming server `HOST:PORT` (default: found automatically)")),
		inSec:    fs.String("incoming-security", "", tr.L("tls, starttls or none (default: from the port)")),
		outgoing: fs.String("outgoing", "", tr.L("outgoing (SMTP submission) server `HOST:PORT`")),
		outSec:   fs.String("outgoing-security", "", tr.L("tls, starttls or none (default: from the port)")),
		user:     fs.String("username", "", tr.L("the user name for the servers (default: the address)")),
		pwStdin:  fs.Bool("password-stdin", false, tr.L("read the password from standard input")),
		useOAuth: fs.Bool("oauth", false, tr.L("sign in on the provider's own page in your web browser instead of giving a password")),
		copies:   fs.String("pop-server-copies", "keep", tr.L("POP only: keep, after-days:N, on-delete or after-download")),
		confirm:  fs.Bool("confirm-server-deletion", false, tr.L("confirm a --pop-server-copies choice that removes messages from the server")),
		keepDays: fs.Int("keep-days", 0, tr.L("IMAP only: keep only the last N `days` of mail for reading offline (0: all)")),
		trust:    fs.String("trust-cert", "", tr.L("trust the server certificate with this SHA-256 `fingerprint` for this account")),
		unverified: fs.Bool("accept-unverified-settings", false, tr.L("use settings found in a way that could have been forged (fetched without encryption, "+
			"or servers outside your address's domain named by DNS records): only after checking them against your provider's help pages")),
	}
	setUsage(fs, "account add")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if *ad.email == "" || *ad.pwStdin == *ad.useOAuth {
		return usageError{tr.L("account add needs --email and either --password-stdin or --oauth")}
	}
	policy, err := accounts.ParseServerCopies(*ad.copies)
	if err != nil {
		return usageError{err.Error()}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ad.ctx = ctx
	if err := ad.identity(stdin); err != nil {
		return err
	}
	if err := ad.servers(); err != nil {
		return err
	}
	if err := ad.signIn(); err != nil {
		return err
	}
	if err := ad.serverCopies(policy); err != nil {
		return err
	}
	return ad.finish()
}

// identity: name, address, password (or OAuth2 sign-in), and the
// protocol when one was given.
func (ad *adding) identity(stdin io.Reader) error {
	w := setup.NewWizard()
	ad.w = w
	if *ad.name == "" {
		*ad.name = strings.TrimSpace(*ad.email) // as the help says
	}
	w.Name, w.Email = *ad.name, *ad.email
	w.NoDotOK = *ad.incoming != "" // user@localhost, user@intranet: nothing to look up
	if *ad.pwStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{tr.L("no password on standard input")}
		}
		w.Password = strings.TrimRight(line, "\r\n")
	} else {
		w.OAuthLater = true
	}
	if p, ok := w.PasswordOnly(); ok && *ad.useOAuth {
		return noSignIn(p.Name, p.HelpURL)
	}
	if _, ok := w.OAuthProvider(); ok && *ad.useOAuth {
		if err := cliSignIn(ad.ctx, w, ad.stdout, ad.stderr); err != nil {
			return err
		}
	}
	if err := w.Next(); err != nil {
		return err
	}
	if *ad.protocol != "" {
		switch p := accounts.Protocol(strings.ToLower(*ad.protocol)); p {
		case accounts.IMAP, accounts.POP:
			w.Choose(p)
		default:
			return usageError{tr.L("--protocol is imap or pop")}
		}
	}
	return w.Next()
}

// servers: found automatically, or as given with --incoming/--outgoing.
func (ad *adding) servers() error {
	w := ad.w
	user := *ad.user
	if user == "" {
		user = *ad.email
	}
	if *ad.incoming == "" {
		fmt.Fprintln(ad.stderr, tr.L("Finding the settings for {{.Email}}…", tr.M{"Email": *ad.email}))
		if err := w.Discover(ad.ctx, cliDiscoverer(), nil); err != nil {
			return errors.New(tr.L("{{.Reason}} — give them with --incoming and --outgoing", tr.M{"Reason": accounts.Explain(err)}))
		}
		if *ad.user != "" {
			w.Settings.Incoming.Username, w.Settings.Outgoing.Username = user, user
		}
		fmt.Fprintf(ad.stdout, "%s\n  %s\n  %s\n", tr.L("Settings (source: {{.Source}}):", tr.M{"Source": w.Settings.Source}),
			tr.L("incoming ({{.Protocol}}): {{.Server}}", tr.M{"Protocol": strings.ToUpper(string(w.Settings.Protocol)), "Server": w.Settings.Incoming.String()}),
			tr.L("outgoing: {{.Server}}", tr.M{"Server": w.Settings.Outgoing.String()}))
		if w.Note != "" {
			fmt.Fprintln(ad.stdout, "  "+tr.L("note: {{.Note}}", tr.M{"Note": w.Note}))
		}
		if why := w.Unverified(); why != "" {
			if !*ad.unverified {
				fmt.Fprintln(ad.stderr, tr.L("These settings could have been forged: {{.Reason}}", tr.M{"Reason": why}))
				return usageError{tr.L("nothing was saved: give the servers yourself with --incoming and --outgoing, or add --accept-unverified-settings once you have checked them")}
			}
			fmt.Fprintln(ad.stderr, tr.L("Note: using settings that could have been forged, as --accept-unverified-settings asks: {{.Reason}}", tr.M{"Reason": why}))
			w.UnverifiedConfirmed = true
		}
	} else {
		in, err := parseServer(*ad.incoming, *ad.inSec, user)
		if err != nil {
			return err
		}
		var out netconf.Server // none: sending is set up later
		if *ad.outgoing != "" {
			if out, err = parseServer(*ad.outgoing, *ad.outSec, user); err != nil {
				return err
			}
		}
		w.SetServers(in, out)
	}
	if err := ad.confirmPlain(); err != nil {
		return err
	}
	if *ad.trust != "" {
		w.TrustCert(*ad.trust)
	}
	return w.Next()
}

// confirmPlain accepts "no encryption" only for a server the person
// typed --incoming-security none or --outgoing-security none for, never
// because discovery said so (a forged answer could, #26).
func (ad *adding) confirmPlain() error {
	w := ad.w
	for _, c := range []struct {
		srv      netconf.Server
		typed    string
		incoming bool
	}{{w.Settings.Incoming, *ad.inSec, true}, {w.Settings.Outgoing, *ad.outSec, false}} {
		if c.srv.Security != netconf.Plain {
			continue
		}
		if sec, err := netconf.ParseSecurity(c.typed); err != nil || sec != netconf.Plain {
			fmt.Fprintln(ad.stderr, setup.PlainWarning)
			if c.incoming {
				return usageError{tr.L("nothing was saved: the incoming server {{.Server}} has no encryption. Only if you really want this, say so with --incoming-security none", tr.M{"Server": c.srv.String()})}
			}
			return usageError{tr.L("nothing was saved: the outgoing server {{.Server}} has no encryption. Only if you really want this, say so with --outgoing-security none", tr.M{"Server": c.srv.String()})}
		}
	}
	if w.Settings.Incoming.Security == netconf.Plain || w.Settings.Outgoing.Security == netconf.Plain {
		fmt.Fprintln(ad.stderr, tr.L("Warning: {{.Warning}}", tr.M{"Warning": fmt.Sprint(setup.PlainWarning)}))
		w.PlainConfirmed = true // typed on the command line
	}
	return nil
}

// signIn signs in on the provider's page if asked and not done yet, then
// checks the sign-in with both servers.
func (ad *adding) signIn() error {
	w := ad.w
	if _, signed := w.SignedIn(); *ad.useOAuth && !signed {
		if _, ok := w.OAuthProvider(); !ok {
			if p, ok := w.PasswordOnly(); ok {
				return noSignIn(p.Name, p.HelpURL)
			}
			return errors.New(tr.L("no sign-in page is known for this address or its servers: use --password-stdin"))
		}
		if err := cliSignIn(ad.ctx, w, ad.stdout, ad.stderr); err != nil {
			return err
		}
	}
	fmt.Fprintln(ad.stderr, tr.L("Checking the sign-in…"))
	if err := w.Check(ad.ctx, setup.Checker{}); err != nil {
		for _, e := range []error{w.IncomingErr, w.OutgoingErr} {
			var p *netconf.Problem
			if errors.As(e, &p) && p.Kind == netconf.ProblemUntrustedCert {
				fmt.Fprintln(ad.stderr, tr.L("To trust this certificate for this account only, add --trust-cert {{.Fingerprint}}", tr.M{"Fingerprint": p.Cert.SHA256}))
			}
		}
		if w.IncomingErr != nil {
			return err
		}
		fmt.Fprintln(ad.stderr, tr.L("Sending: {{.Reason}}", tr.M{"Reason": accounts.Explain(w.OutgoingErr)}))
	}
	if w.SendingLater() {
		fmt.Fprintln(ad.stderr, w.SendingLaterText())
	}
	return w.Next()
}

// serverCopies applies --pop-server-copies: a choice that removes server
// copies needs --confirm-server-deletion, as the window's needs a click.
func (ad *adding) serverCopies(policy accounts.ServerCopies) error {
	w := ad.w
	if w.Step() != setup.StepServerCopies {
		if policy.Removes() {
			return usageError{tr.L("--pop-server-copies is for POP accounts only")}
		}
		return w.Next()
	}
	if ch := w.ChooseCopies(policy); ch.Warning != "" {
		if !*ad.confirm {
			fmt.Fprintln(ad.stderr, ch.Warning)
			return usageError{tr.L("nothing was saved: add --confirm-server-deletion if you really want this, or use --pop-server-copies keep")}
		}
		w.ConfirmCopies()
	}
	if err := w.Next(); err != nil {
		return err
	}
	return w.Next()
}

// finish saves the account (its secrets in the keyring) and says so.
func (ad *adding) finish() error {
	s, err := openProfile(*ad.profile)
	if err != nil {
		return err
	}
	defer s.Close()
	keys, err := accounts.ProfileKeyring(s)
	if err != nil {
		return err
	}
	acct, err := ad.w.Finish(s, keys)
	if errors.Is(err, secrets.ErrNoKeyring) {
		return fmt.Errorf("%w. %s", err, tr.L("Nothing was saved. Start the Postie window to add this account, and choose “{{.Button}}” there.", tr.M{"Button": tr.L("Ask me each time")}))
	}
	if err != nil {
		return err
	}
	if *ad.keepDays > 0 && acct.Settings.Protocol != accounts.IMAP {
		fmt.Fprintln(ad.stderr, tr.L("Note: --keep-days is for IMAP accounts; a POP account keeps everything it downloads."))
	}
	if *ad.keepDays > 0 && acct.Settings.Protocol == accounts.IMAP {
		acct.Settings.KeepDays = *ad.keepDays
		if err := accounts.SaveSettings(s, acct); err != nil {
			return err
		}
	}
	fmt.Fprintln(ad.stdout, tr.L("Added {{.Account}} ({{.Email}}). {{.Where}}", tr.M{"Account": acct.Name, "Email": acct.Email, "Where": ad.w.Summary()}))
	return nil
}

// noSignIn says --oauth cannot be used with a provider.
func noSignIn(provider, help string) error {
	return errors.New(tr.L("this copy of Postie has no sign-in registered with {{.Provider}}, so --oauth cannot be used: give an app password with --password-stdin instead ({{.Address}})",
		tr.M{"Provider": provider, "Address": help}))
}

func accountList(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie account list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(fs, "account list")
	return withAccounts(fs, args, func(_ *localstore.Store, list []accounts.Account) error {
		if len(list) == 0 {
			fmt.Fprintln(stdout, tr.L("No email accounts yet (only “{{.Local}}”). Add one with: postie account add --email ADDRESS --password-stdin",
				tr.M{"Local": tr.X("folder.local", "On this computer")}))
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join([]string{tr.X("column.name", "NAME"), tr.X("column.address", "ADDRESS"), tr.X("column.kind", "KIND"),
			tr.X("column.incoming", "INCOMING"), tr.X("column.server-copies", "SERVER COPIES")}, "\t"))
		for _, a := range list {
			copies := "-"
			if a.Settings.Protocol == accounts.POP {
				copies = string(a.Settings.ServerCopies.Mode)
				if a.Settings.ServerCopies.Mode == accounts.AfterDays {
					copies += fmt.Sprintf(":%d", a.Settings.ServerCopies.Days)
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Name, a.Email, strings.ToUpper(string(a.Settings.Protocol)), a.Settings.Incoming, copies)
		}
		return tw.Flush()
	})
}

// withAccounts parses a verb's flags (the caller defines its own first,
// --profile is added here), opens the profile and lists the server
// accounts for fn.
func withAccounts(fs *flag.FlagSet, args []string, fn func(*localstore.Store, []accounts.Account) error) error {
	profile := profileFlag(fs)
	translateProfileFlag(fs)
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	s, err := openProfile(*profile)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := accounts.List(s)
	if err != nil {
		return err
	}
	return fn(s, list)
}

func accountRemove(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie account remove", flag.ContinueOnError)
	fs.SetOutput(stderr)
	drop := fs.Bool("delete-messages", false, tr.L("also delete its messages from this computer (default: keep them under “{{.Local}}”)",
		tr.M{"Local": tr.X("folder.local", "On this computer")}))
	setUsage(fs, "account remove")
	return withAccounts(fs, args, func(s *localstore.Store, list []accounts.Account) error {
		if fs.NArg() != 1 {
			return usageError{tr.L("account remove needs the account's name or address")}
		}
		for _, a := range list {
			if strings.EqualFold(a.Name, fs.Arg(0)) || strings.EqualFold(a.Email, fs.Arg(0)) {
				keys, err := accounts.ProfileKeyring(s)
				if err != nil {
					return err
				}
				if err := accounts.Remove(s, keys, a.ID, !*drop); err != nil {
					return err
				}
				if *drop {
					fmt.Fprintln(stdout, tr.L("Removed {{.Account}} and its messages on this computer. Nothing was changed on the server.", tr.M{"Account": a.Name}))
				} else {
					fmt.Fprintln(stdout, tr.L("Removed {{.Account}}. Its messages are kept under “{{.Local}}”. Nothing was changed on the server.",
						tr.M{"Account": a.Name, "Local": tr.X("folder.local", "On this computer")}))
				}
				return nil
			}
		}
		return noAccount(fs.Arg(0))
	})
}

func runSync(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(fs, "sync")
	return withAccounts(fs, args, func(s *localstore.Store, list []accounts.Account) error {
		if len(list) == 0 {
			return errors.New(tr.L("there is no email account to sync: add one with postie account add"))
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		// Progress rewrites one line on a terminal; elsewhere (a log, a
		// pipe) it is not shown, so no terminal codes end up in files.
		tty := isTerminal(stderr)
		progress := func(e accounts.Event) {
			if tty {
				fmt.Fprintf(stderr, "\r\033[K%s", e.Text)
			}
		}
		keys, err := accounts.ProfileKeyring(s)
		if err != nil {
			return err
		}
		sched := &mailsync.Scheduler{Syncer: &mailsync.Syncer{Store: s, Secrets: func(accounts.Account) secrets.Secrets { return keys }, OnEvent: progress}}
		failed := 0
		matched := false
		for _, a := range list {
			if fs.NArg() > 0 && !strings.EqualFold(fs.Arg(0), a.Name) && !strings.EqualFold(fs.Arg(0), a.Email) {
				continue
			}
			matched = true
			out, err := sched.SyncNow(ctx, a)
			if tty {
				fmt.Fprint(stderr, "\r\033[K")
			}
			if err != nil {
				failed++
				fmt.Fprintln(stdout, tr.X("cli.sync.line", "{{.Account}}: {{.Result}}", tr.M{"Account": a.Name, "Result": accounts.Explain(err)}))
				continue
			}
			fmt.Fprintln(stdout, tr.X("cli.sync.line", "{{.Account}}: {{.Result}}", tr.M{"Account": a.Name, "Result": syncLine(out)}))
			if len(out.Unfetched) > 0 {
				failed++ // a message is missing: not a success (#25)
			}
		}
		if !matched {
			return noAccount(fs.Arg(0))
		}
		if failed > 0 {
			return errors.New(tr.N("{{.Count}} of the accounts could not be synced completely (see above)", "{{.Count}} of the accounts could not be synced completely (see above)", failed))
		}
		return nil
	})
}

// syncLine is a sync's summary for the terminal: every message the
// server could not send is named, and it never says "up to date" while
// one is missing (#25), whatever the engine wrote.
func syncLine(out mailsync.Outcome) string {
	line := out.Summary
	if len(out.Unfetched) == 0 {
		return line
	}
	line = strings.ReplaceAll(line, "; up to date.", ".")
	line = strings.ReplaceAll(line, "up to date", "not complete")
	for _, u := range out.Unfetched {
		if note := accounts.UnfetchedNote(u); !strings.Contains(line, note) {
			line += " " + note
		}
	}
	return line
}

// isTerminal says whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
