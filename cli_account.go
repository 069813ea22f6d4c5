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
	"github.com/postie-mail/postie/localstore"
)

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
		return usageError{"account needs add, list or remove"}
	}
	switch args[0] {
	case "add":
		return accountAdd(args[1:], stdin, stdout, stderr)
	case "list":
		return accountList(args[1:], stdout, stderr)
	case "remove":
		return accountRemove(args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown account command %q: use add, list or remove", args[0])}
}

// parseServer reads HOST:PORT and a security name; without one, the
// usual security of the port.
func parseServer(hostport, security, user string) (netconf.Server, error) {
	host, p, err := net.SplitHostPort(hostport)
	port, perr := strconv.Atoi(p)
	if err != nil || perr != nil || host == "" || port < 1 || port > 65535 {
		return netconf.Server{}, usageError{fmt.Sprintf("%q is not HOST:PORT", hostport)}
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

func accountAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie account add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := profileFlag(fs)
	email := fs.String("email", "", "the email `address`")
	name := fs.String("name", "", "the account's `name` in Postie (default: the address)")
	protocol := fs.String("protocol", "", "imap or pop (default: imap)")
	incoming := fs.String("incoming", "", "incoming server `HOST:PORT` (default: found automatically)")
	inSec := fs.String("incoming-security", "", "tls, starttls or none (default: from the port)")
	outgoing := fs.String("outgoing", "", "outgoing (SMTP submission) server `HOST:PORT`")
	outSec := fs.String("outgoing-security", "", "tls, starttls or none (default: from the port)")
	username := fs.String("username", "", "the user name for the servers (default: the address)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	useOAuth := fs.Bool("oauth", false, "sign in on the provider's own page in your web browser instead of giving a password")
	copies := fs.String("pop-server-copies", "keep", "POP only: keep, after-days:N, on-delete or after-download")
	confirm := fs.Bool("confirm-server-deletion", false, "confirm a --pop-server-copies choice that removes messages from the server")
	keepDays := fs.Int("keep-days", 0, "IMAP only: keep only the last N `days` of mail for reading offline (0: all)")
	trust := fs.String("trust-cert", "", "trust the server certificate with this SHA-256 `fingerprint` for this account")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" || *pwStdin == *useOAuth {
		return usageError{"account add needs --email and either --password-stdin or --oauth"}
	}
	w := setup.NewWizard()
	if *name == "" {
		*name = strings.TrimSpace(*email) // as the help says
	}
	w.Name, w.Email = *name, *email
	w.NoDotOK = *incoming != "" // user@localhost, user@intranet: nothing to look up
	if *pwStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"no password on standard input"}
		}
		w.Password = strings.TrimRight(line, "\r\n")
	} else {
		w.OAuthLater = true
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if p, ok := w.PasswordOnly(); ok && *useOAuth {
		return fmt.Errorf("this copy of Postie has no sign-in registered with %s, so --oauth cannot be used: give an app password with --password-stdin instead (%s)", p.Name, p.HelpURL)
	}
	if _, ok := w.OAuthProvider(); ok && *useOAuth {
		if err := cliSignIn(ctx, w, stdout, stderr); err != nil {
			return err
		}
	}
	if err := w.Next(); err != nil {
		return err
	}
	if *protocol != "" {
		switch p := accounts.Protocol(strings.ToLower(*protocol)); p {
		case accounts.IMAP, accounts.POP:
			w.Choose(p)
		default:
			return usageError{"--protocol is imap or pop"}
		}
	}
	if err := w.Next(); err != nil {
		return err
	}
	policy, err := accounts.ParseServerCopies(*copies)
	if err != nil {
		return usageError{err.Error()}
	}
	user := *username
	if user == "" {
		user = *email
	}
	if *incoming == "" {
		fmt.Fprintln(stderr, "Finding the settings for", *email, "…")
		if err := w.Discover(ctx, newDiscoverer(), nil); err != nil {
			return fmt.Errorf("%s — give them with --incoming and --outgoing", accounts.Explain(err))
		}
		if *username != "" {
			w.Settings.Incoming.Username, w.Settings.Outgoing.Username = user, user
		}
		fmt.Fprintf(stdout, "Settings found in %s:\n  incoming (%s): %s\n  outgoing: %s\n", w.Settings.Source,
			strings.ToUpper(string(w.Settings.Protocol)), w.Settings.Incoming, w.Settings.Outgoing)
		if w.Note != "" {
			fmt.Fprintln(stdout, "  note:", w.Note)
		}
	} else {
		in, err := parseServer(*incoming, *inSec, user)
		if err != nil {
			return err
		}
		var out netconf.Server // none: sending is set up later
		if *outgoing != "" {
			if out, err = parseServer(*outgoing, *outSec, user); err != nil {
				return err
			}
		}
		w.SetServers(in, out)
	}
	if w.Settings.Incoming.Security == netconf.Plain || w.Settings.Outgoing.Security == netconf.Plain {
		fmt.Fprintln(stderr, "Warning:", setup.PlainWarning)
		w.PlainConfirmed = true // chosen explicitly on the command line
	}
	if *trust != "" {
		w.TrustCert(*trust)
	}
	if err := w.Next(); err != nil {
		return err
	}
	if _, signed := w.SignedIn(); *useOAuth && !signed {
		if _, ok := w.OAuthProvider(); !ok {
			if p, ok := w.PasswordOnly(); ok {
				return fmt.Errorf("this copy of Postie has no sign-in registered with %s, so --oauth cannot be used: give an app password with --password-stdin instead (%s)", p.Name, p.HelpURL)
			}
			return errors.New("no sign-in page is known for this address or its servers: use --password-stdin")
		}
		if err := cliSignIn(ctx, w, stdout, stderr); err != nil {
			return err
		}
	}
	fmt.Fprintln(stderr, "Checking the sign-in …")
	if err := w.Check(ctx, setup.Checker{}); err != nil {
		for _, e := range []error{w.IncomingErr, w.OutgoingErr} {
			var p *netconf.Problem
			if errors.As(e, &p) && p.Kind == netconf.ProblemUntrustedCert {
				fmt.Fprintf(stderr, "To trust this certificate for this account only, add --trust-cert %s\n", p.Cert.SHA256)
			}
		}
		if w.IncomingErr != nil {
			return err
		}
		fmt.Fprintln(stderr, "Sending:", w.OutgoingErr)
	}
	if w.SendingLater() {
		fmt.Fprintln(stderr, w.SendingLaterText())
	}
	if err := w.Next(); err != nil {
		return err
	}
	if w.Step() == setup.StepServerCopies {
		if ch := w.ChooseCopies(policy); ch.Warning != "" {
			if !*confirm {
				fmt.Fprintln(stderr, ch.Warning)
				return usageError{"nothing was saved: add --confirm-server-deletion if you really want this, or use --pop-server-copies keep"}
			}
			w.ConfirmCopies()
		}
		if err := w.Next(); err != nil {
			return err
		}
	} else if policy.Removes() {
		return usageError{"--pop-server-copies is for POP accounts only"}
	}
	if err := w.Next(); err != nil {
		return err
	}
	s, err := openProfile(*profile)
	if err != nil {
		return err
	}
	defer s.Close()
	acct, err := w.Finish(s, secrets.Keyring{})
	if errors.Is(err, secrets.ErrNoKeyring) {
		return fmt.Errorf("%v. Nothing was saved. Start the Postie window to add this account with “Ask for my password each time Postie starts”", err)
	}
	if err != nil {
		return err
	}
	if *keepDays > 0 && acct.Settings.Protocol != accounts.IMAP {
		fmt.Fprintln(stderr, "Note: --keep-days is for IMAP accounts; a POP account keeps everything it downloads.")
	}
	if *keepDays > 0 && acct.Settings.Protocol == accounts.IMAP {
		acct.Settings.KeepDays = *keepDays
		if err := accounts.SaveSettings(s, acct); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Added %s (%s). %s\n", acct.Name, acct.Email, w.Summary())
	return nil
}

func accountList(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie account list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	return withAccounts(fs, args, func(_ *localstore.Store, list []accounts.Account) error {
		if len(list) == 0 {
			fmt.Fprintln(stdout, "No email accounts yet (only “On this computer”). Add one with: postie account add --email ADDRESS --password-stdin")
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tADDRESS\tKIND\tINCOMING\tSERVER COPIES")
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
	if err := fs.Parse(args); err != nil {
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
	drop := fs.Bool("delete-messages", false, "also delete its messages from this computer (default: keep them under “On this computer”)")
	return withAccounts(fs, args, func(s *localstore.Store, list []accounts.Account) error {
		if fs.NArg() != 1 {
			return usageError{"account remove needs the account's name or address"}
		}
		for _, a := range list {
			if strings.EqualFold(a.Name, fs.Arg(0)) || strings.EqualFold(a.Email, fs.Arg(0)) {
				if err := accounts.Remove(s, secrets.Keyring{}, a.ID, !*drop); err != nil {
					return err
				}
				if *drop {
					fmt.Fprintf(stdout, "Removed %s and its messages on this computer. Nothing was changed on the server.\n", a.Name)
				} else {
					fmt.Fprintf(stdout, "Removed %s. Its messages are kept under “%s”. Nothing was changed on the server.\n", a.Name, localstore.LocalAccountName)
				}
				return nil
			}
		}
		return fmt.Errorf("there is no account called %q (postie account list shows them)", fs.Arg(0))
	})
}

func runSync(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postie sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	return withAccounts(fs, args, func(s *localstore.Store, list []accounts.Account) error {
		if len(list) == 0 {
			return errors.New("there is no email account to sync: add one with postie account add")
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
		sched := &mailsync.Scheduler{Syncer: &mailsync.Syncer{Store: s, Secrets: func(accounts.Account) secrets.Secrets { return secrets.Keyring{} }, OnEvent: progress}}
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
				fmt.Fprintf(stdout, "%s: %s\n", a.Name, accounts.Explain(err))
				continue
			}
			fmt.Fprintf(stdout, "%s: %s\n", a.Name, out.Summary)
		}
		if !matched {
			return fmt.Errorf("there is no account called %q (postie account list shows them)", fs.Arg(0))
		}
		if failed > 0 {
			return fmt.Errorf("%d of the accounts could not be synced (see above)", failed)
		}
		return nil
	})
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
