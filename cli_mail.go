package main

// The mail verbs (#30): postie list, show, search, mark, move,
// archive-message, delete, send and outbox. They work through the same
// store methods as the window (SetFlags, Move, Archive, Delete,
// DeleteForever, Search, QueueOutgoing), so every change is queued for
// the server exactly as a click would queue it and the next sync
// replays it.
//
// One process changes a profile at a time. When the window has the
// profile open, the verb is handed over to it on the profile's socket
// (internal/handoff) and runs there, on the window's own store: nothing
// can be lost or done twice between two processes, and the window shows
// the change at once (the store tells it, as for its own changes).

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/handoff"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// mailEnv is where a mail verb runs: a process of its own, or the
// running window (handed over).
type mailEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dir            string // the working folder relative paths start from
	inWindow       bool   // run by the window for a second process
	// ask asks a yes/no question on the terminal; nil when there is
	// none (a script, a pipe, the window): --yes is needed instead.
	ask func(question string) bool
}

// mailJob is a parsed mail verb: the profile and what to do with it.
type mailJob struct {
	profile string
	run     func(s *localstore.Store) error
	stdin   []byte // what the verb read from standard input, handed over with it
	yes     bool   // confirmed on the terminal: hand over with --yes
	// beforeHandOver runs here, on the terminal, before the verb is
	// handed to the window: what needs the person's answer is asked here
	// (the window cannot ask on this terminal).
	beforeHandOver func() error
}

type mailVerb func(args []string, env *mailEnv) (*mailJob, error)

// mailVerbs are the verbs that run here or in the window.
var mailVerbs map[string]mailVerb

func init() {
	mailVerbs = map[string]mailVerb{
		"list": parseList, "search": parseSearch, "show": parseShow,
		"mark": parseMark, "move": parseMove, "archive-message": parseArchiveMessage, "delete": parseDelete,
		"send": parseSend, "outbox": parseOutbox,
	}
}

// mailSecrets is where the mail verbs find passwords (show fetching a
// body, send sending now): the profile's own entries in the OS keyring
// (#26). A keyring that cannot be opened gives no password, which the
// engines explain ("no password for this account yet").
func mailSecrets(s *localstore.Store) func(accounts.Account) secrets.Secrets {
	keys, err := accounts.ProfileKeyring(s)
	return func(accounts.Account) secrets.Secrets {
		if err != nil {
			return &secrets.Keyring{} // no profile identity: refuses every entry
		}
		return keys
	}
}

// askOnTerminal asks on the terminal when both standard input and
// standard error are one.
var askOnTerminal = func(stdin io.Reader, stderr io.Writer) func(string) bool {
	f, ok := stdin.(*os.File)
	if !ok || !isTerminal(f) || !isTerminal(stderr) {
		return nil
	}
	return func(q string) bool { return askYesNo(bufio.NewReader(stdin), stderr, q) }
}

// runMail runs a mail verb from the command line: here when the profile
// is free, in the window when the window has it.
func runMail(verb string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	dir, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("%s: %w", tr.L("cannot tell the current folder"), err)
	}
	env := &mailEnv{stdin: stdin, stdout: stdout, stderr: stderr, dir: dir, ask: askOnTerminal(stdin, stderr)}
	job, err := mailVerbs[verb](args, env)
	if err != nil {
		return err
	}
	s, err := openProfile(job.profile)
	if errors.Is(err, localstore.ErrProfileInUse) {
		if job.beforeHandOver != nil {
			if err := job.beforeHandOver(); err != nil {
				return err
			}
		}
		return handOverMail(job, verb, args, env)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	return job.run(s)
}

// exitCode is an exit code already explained (by the window that ran
// the verb): run prints nothing more.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit code %d", int(e)) }

// handOverMail has the window holding the profile run the verb.
func handOverMail(job *mailJob, verb string, args []string, env *mailEnv) error {
	cmd := handoff.Command{Args: append([]string{verb}, args...), Dir: env.dir, Stdin: job.stdin}
	if job.yes {
		cmd.Args = append(cmd.Args, "--yes")
	}
	r, err := handoff.RunCommand(job.profile, cmd)
	if errors.Is(err, handoff.ErrNobody) {
		return errors.New(tr.L("another Postie has this mail profile open and did not answer; close it and try again (or use --profile for another profile)"))
	}
	if err != nil {
		return err
	}
	_, _ = env.stdout.Write(r.Stdout) // standard output gone: nothing more to do
	_, _ = env.stderr.Write(r.Stderr)
	if r.Code != 0 {
		return exitCode(r.Code)
	}
	return nil
}

// runInWindow runs a verb a second process handed over, on the window's
// store. Only the mail verbs are run; a fault in one ends that command.
func runInWindow(s *localstore.Store, cmd handoff.Command) (reply handoff.Reply) {
	var out, errb bytes.Buffer
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(&errb, "postie: %s\n", tr.L("something went wrong inside Postie while doing this ({{.Error}}); nothing more was changed", tr.M{"Error": fmt.Sprint(r)}))
			reply = handoff.Reply{Stdout: out.Bytes(), Stderr: errb.Bytes(), Code: 1}
			log.Printf("postie: a handed-over command stopped at a fault: %v\n%s", r, debug.Stack())
		}
	}()
	if cmd.Args[0] == trashCheckVerb {
		return trashCheck(s, cmd.Args[1:])
	}
	parse, ok := mailVerbs[cmd.Args[0]]
	if !ok {
		fmt.Fprintf(&errb, "postie: %s\n", tr.L("{{.Command}} cannot be run while the window is open; close the window first", tr.M{"Command": strconv.Quote(cmd.Args[0])}))
		return handoff.Reply{Stderr: errb.Bytes(), Code: 1}
	}
	env := &mailEnv{stdin: bytes.NewReader(cmd.Stdin), stdout: &out, stderr: &errb, dir: cmd.Dir, inWindow: true}
	job, err := parse(cmd.Args[1:], env)
	if err == nil {
		err = job.run(s)
	}
	code := exitFor(err, &errb) // before errb is read: it prints the error there
	return handoff.Reply{Stdout: out.Bytes(), Stderr: errb.Bytes(), Code: code}
}

// exitFor prints an error as the command line does and gives its exit
// code: 0 none, 2 a usage error, 1 any other.
func exitFor(err error, stderr io.Writer) int {
	var code exitCode
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &code):
		return int(code)
	}
	fmt.Fprintf(stderr, "postie: %s\n", accounts.Explain(err))
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// verbFlags is a verb's flag set with --profile and a --help that shows
// the verb's synopsis (in the person's language, see setUsage).
func verbFlags(name string, env *mailEnv) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("postie "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	profile := profileFlag(fs)
	setUsage(fs, name)
	return fs, profile
}

// parseFlags parses a verb's arguments; flags may come after the IDs
// (postie mark 12 13 --read). A mistake in them is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := parseArgs(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseArgs parses a verb's flags. --help prints the verb's usage (exit
// code 0); a mistake is a usage error (exit code 2), said once, by the
// caller (the flag package printed it and the whole usage before it, and
// the caller printed it again).
func parseArgs(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return err
	case err != nil:
		return flagMistake(fs, err)
	}
	return nil
}

// absPath is a path given on the command line, from the caller's folder.
func (env *mailEnv) absPath(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.dir, p)
}
