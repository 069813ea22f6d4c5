package main

// The command line's words for people (#28): each verb's --help, the
// options' help, the flag package's complaints, the yes/no question on
// the terminal and dates, in the person's language. What scripts read
// (--json, exit codes, option names, verbs) stays as it is.

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/postie-mail/postie/internal/tr"
)

// setUsage makes fs's --help say "Usage: postie VERB SYNOPSIS" and the
// options, in the person's language.
func setUsage(fs *flag.FlagSet, verb string) {
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "%s\n\n%s\n", tr.L("Usage: {{.Command}}", tr.M{"Command": commandLine(verb)}), tr.L("Options:"))
		printOptions(w, fs)
	}
	translateProfileFlag(fs)
}

// commandLine is how a verb is written: postie VERB SYNOPSIS.
func commandLine(verb string) string {
	return strings.Join(strings.Fields("postie "+verb), " ") + " " + synopsis(verb)
}

// synopsis is what a verb takes. Its words (ID, FOLDER, NAME) are in the
// person's language; option names and values are not translated.
func synopsis(verb string) string {
	switch verb {
	case "":
		return "[--profile DIR]"
	case "mailto":
		return tr.L("[--profile DIR] mailto:ADDRESS?subject=…&body=…")
	case "import":
		return tr.L("--folder NAME [--profile DIR] PATH...")
	case "export":
		return tr.L("--format mbox|maildir|eml [--account NAME] [--folder NAME] --out DIR [--profile DIR]")
	case "archive":
		return tr.L("--account NAME --format mbox|maildir --out DIR [--stop-using-server]")
	case "account add":
		return tr.L("--email ADDRESS (--password-stdin | --oauth) [options]")
	case "account list":
		return "[--profile DIR]"
	case "account remove":
		return tr.L("NAME [--delete-messages]")
	case "sync":
		return tr.L("[ACCOUNT]")
	case "list":
		return tr.L("[--account A] [--folder F] [--unread] [--flagged] [--since DATE] [--limit N] [--json]")
	case "search":
		return tr.L("QUERY [--account A] [--folder F] [--limit N] [--json]")
	case "show":
		return tr.L("ID [--raw | --text | --headers] [--plain | --html] [--save-attachments DIR] [--keep-unread]")
	case "mark":
		return tr.L("ID... --read|--unread|--flag|--unflag")
	case "move":
		return tr.L("ID... --to FOLDER [--account A]")
	case "archive-message":
		return tr.L("ID...")
	case "delete":
		return tr.L("ID... [--for-ever] [--yes]")
	case "send":
		return tr.L("--from ACCOUNT --to ADDRESS... [--cc …] [--bcc …] --subject TEXT (--body-file F | < text) [--attach F]... [--json]")
	case "outbox":
		return "[--json]"
	}
	return ""
}

// helpText is postie help: every verb, with what it does, in the
// person's language (main.go's usage, said through tr).
func helpText() string {
	var b strings.Builder
	cmd := func(verb string) { b.WriteString("  " + commandLine(verb) + "\n") }
	about := func(text string) { b.WriteString(indent(breakLines(text, 66), "      ") + "\n") }
	local := tr.X("folder.local", "On this computer")
	b.WriteString(tr.L("Usage:") + "\n")
	cmd("")
	about(tr.L("Open Postie's window."))
	b.WriteString("  postie " + synopsis("mailto") + "\n")
	about(tr.L("Open the window with a new message filled in from a mailto: link."))
	b.WriteString("  postie --version\n")
	cmd("import")
	about(tr.L("Copy mail from mbox files, Maildir folders or .eml files into the folder NAME under “{{.Local}}” (created if it does not exist).", tr.M{"Local": local}))
	cmd("export")
	about(tr.L("Save mail, byte for byte as it arrived: one folder, one account's folders, or (with neither) everything."))
	cmd("archive")
	about(tr.L("Keep a permanent copy of an account: every message of every folder downloaded whole, checked against the server, written into DIR and read back, with a report; exits non-zero unless every message was copied and checked. Nothing is deleted on the server."))
	cmd("account add")
	cmd("account list")
	cmd("account remove")
	about(tr.L("Set up, list and remove email accounts (postie account add -h lists the options)."))
	cmd("sync")
	about(tr.L("Get new mail for every account (or one), as “{{.Button}}” does.", tr.M{"Button": tr.L("Get mail")}))
	b.WriteString("\n" + tr.L("Mail (each verb: postie VERB --help; --json gives fields for scripts):") + "\n")
	for _, v := range []string{"list", "show", "search", "mark", "move", "archive-message", "delete", "send", "outbox"} {
		cmd(v)
	}
	about(tr.L("ID is the number postie list shows, or a Message-ID in <…>. Changes are made here and sent to the server at the next sync; while the window is open, it makes them."))
	b.WriteString("\n" + breakLines(tr.L("The mail profile is Postie's storage folder unless --profile or the environment variable POSTIE_PROFILE names another."), 72) + "\n")
	return b.String()
}

// indent puts prefix before every line of text.
func indent(text, prefix string) string {
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix)
}

// translateProfileFlag gives --profile (defined in main.go) its help in
// the person's language.
func translateProfileFlag(fs *flag.FlagSet) {
	if f := fs.Lookup("profile"); f != nil {
		f.Usage = tr.L("the mail profile `folder`")
	}
}

// printOptions is flag.PrintDefaults in the person's language: the
// options' help (already translated where they are defined), the word
// for their value and "(default …)".
func printOptions(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		var b strings.Builder
		fmt.Fprintf(&b, "  -%s", f.Name)
		name, usage := flag.UnquoteUsage(f)
		if name != "" {
			b.WriteString(" " + valueWord(name, f.Usage))
		}
		if b.Len() <= 4 { // a one-letter option: its help on the same line
			b.WriteString("\t")
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(usage, "\n", "\n    \t"))
		if d := f.DefValue; d != "" && d != "false" && d != "0" {
			if fmt.Sprintf("%T", f.Value) == "*flag.stringValue" {
				d = strconv.Quote(d) // as the flag package writes it
			}
			b.WriteString(" " + tr.L("(default {{.Value}})", tr.M{"Value": d}))
		}
		fmt.Fprintln(w, b.String())
	})
}

// valueWord is the word for an option's value: the one its help names
// in `backquotes` (translated with the help), or else a word for its
// type instead of the flag package's (string, int).
func valueWord(name, usage string) string {
	if strings.Contains(usage, "`") {
		return name
	}
	switch name {
	case "string":
		return tr.X("option.value.text", "text")
	case "int", "uint", "int64", "uint64", "float":
		return tr.X("option.value.number", "number")
	case "duration":
		return tr.X("option.value.duration", "duration")
	}
	return tr.X("option.value", "value")
}

// flagMistake is a usage error for a mistake in a verb's options, said
// in the person's language where the flag package's words are known.
func flagMistake(fs *flag.FlagSet, err error) error {
	s := err.Error()
	var what string
	switch {
	case strings.HasPrefix(s, "flag provided but not defined: "):
		what = tr.L("flag provided but not defined: {{.Option}}", tr.M{"Option": strings.TrimPrefix(s, "flag provided but not defined: ")})
	case strings.HasPrefix(s, "flag needs an argument: "):
		what = tr.L("the option {{.Option}} needs a value", tr.M{"Option": strings.TrimPrefix(s, "flag needs an argument: ")})
	case strings.HasPrefix(s, "invalid value ") || strings.HasPrefix(s, "invalid boolean value "):
		// invalid value "x" for flag -limit: parse error
		rest := strings.TrimPrefix(strings.TrimPrefix(s, "invalid boolean value "), "invalid value ")
		value, option, ok := strings.Cut(rest, " for ")
		option, _, _ = strings.Cut(strings.TrimPrefix(option, "flag "), ":")
		if !ok {
			what = s
			break
		}
		what = tr.L("{{.Value}} is not a valid value for {{.Option}}", tr.M{"Value": value, "Option": option})
	default:
		what = s
	}
	return usageError{tr.L("{{.Mistake}} ({{.Command}} --help lists the options)", tr.M{"Mistake": what, "Command": fs.Name()})}
}

// askYesNo asks question on the terminal (stderr) and reads the answer
// from in: yes is the person's word or letter for it, or y and yes;
// anything else is no.
func askYesNo(in *bufio.Reader, stderr io.Writer, question string) bool {
	yes, no := tr.X("answer.yes-letter", "y"), tr.X("answer.no-letter", "n")
	fmt.Fprintf(stderr, "%s ", tr.L("{{.Question}} [{{.Yes}}/{{.No}}]", tr.M{"Question": question, "Yes": yes, "No": strings.ToUpper(no)}))
	line, _ := in.ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	switch a {
	case "":
		return false
	case "y", "yes", strings.ToLower(yes), strings.ToLower(tr.X("answer.yes-word", "yes")):
		return true
	}
	return false
}

// listDate is a message's date in postie list: short, with the time,
// the person's way (02/12/2026 16:30, 02.12.26 16:30).
func listDate(t time.Time) string {
	l, t := tr.Current(), t.Local()
	return tr.X("cli.list.date", "{{.Date}} {{.Time}}", tr.M{"Date": l.DateShort(t), "Time": l.Time(t)})
}

// showDate is a message's date in postie show: with its weekday, written
// out, and the time (Tuesday 2 January 2024 10:00).
func showDate(t time.Time) string {
	l := tr.Current()
	return tr.X("cli.show.date", "{{.Weekday}} {{.Date}} {{.Time}}", tr.M{"Weekday": weekdayName(t.Weekday()), "Date": l.DateLong(t), "Time": l.Time(t)})
}

// weekdayName is the weekday's whole name (the catalogue's, which Fyne's
// date words share).
func weekdayName(d time.Weekday) string {
	switch d {
	case time.Monday:
		return tr.X("monday", "Monday")
	case time.Tuesday:
		return tr.X("tuesday", "Tuesday")
	case time.Wednesday:
		return tr.X("wednesday", "Wednesday")
	case time.Thursday:
		return tr.X("thursday", "Thursday")
	case time.Friday:
		return tr.X("friday", "Friday")
	case time.Saturday:
		return tr.X("saturday", "Saturday")
	}
	return tr.X("sunday", "Sunday")
}
