package main

import (
	"bufio"
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/tr/trtest"
)

// speakGerman makes the command line speak the sentences in words (key,
// or key#form for a counted one, → template) in German, with German
// numbers and dates, until the test ends; other sentences stay English.
// The profile's language (none: the system's) is settled first, so
// runWith's own speak does not undo this.
func speakGerman(t *testing.T, words map[string]string) {
	t.Helper()
	t.Setenv("POSTIE_LANGUAGE", "")
	speak([]string{"--profile", t.TempDir()}, io.Discard)
	trtest.German(t, words)
}

var cliGerman = map[string]string{
	"Usage: {{.Command}}": "Aufruf: {{.Command}}",
	"Usage:":              "Aufruf:",
	"Options:":            "Optionen:",
	"[--account A] [--folder F] [--unread] [--flagged] [--since DATE] [--limit N] [--json]": "[--account KONTO] [--folder ORDNER] [--unread] [--flagged] [--since DATUM] [--limit N] [--json]",
	"only this account (`name` or address)":                                                 "nur dieses Konto (`Name` oder Adresse)",
	"only unread messages":                                                                  "nur ungelesene Nachrichten",
	"at most `N` messages, newest first (0: all)":                                           "höchstens `N` Nachrichten, die neuesten zuerst (0: alle)",
	"the mail profile `folder`":                                                             "der `Ordner` des Mailprofils",
	"(default {{.Value}})":                                                                  "(Vorgabe: {{.Value}})",
	"Open Postie's window.":                                                                 "Öffnet das Fenster von Postie.",
	"flag provided but not defined: {{.Option}}":                                            "unbekannte Option: {{.Option}}",
	"{{.Mistake}} ({{.Command}} --help lists the options)":                                  "{{.Mistake}} ({{.Command}} --help zeigt die Optionen)",
	"Marked {{.Count}} messages as read.#one":                                               "{{.Count}} Nachricht als gelesen markiert.",
	"Marked {{.Count}} messages as read.#other":                                             "{{.Count}} Nachrichten als gelesen markiert.",
	"{{.Count}} messages exported to {{.Dir}}#one":                                          "{{.Count}} Nachricht nach {{.Dir}} exportiert",
	"{{.Count}} messages exported to {{.Dir}}#other":                                        "{{.Count}} Nachrichten nach {{.Dir}} exportiert",
	"Date: {{.Date}} (time zone not known)":                                                 "Datum: {{.Date}} (Zeitzone unbekannt)",
	"cli.show.date":                                                                         "{{.Weekday}}, {{.Date}} um {{.Time}}",
	"tuesday":                                                                               "Dienstag",
	"Folder: {{.Account}} › {{.Folder}}":                                                    "Ordner: {{.Account}} › {{.Folder}}",
	"folder.local":                                                                          "Auf diesem Computer",
	"folder.inbox":                                                                          "Posteingang",
	"column.id":                                                                             "NR",
	"column.date":                                                                           "DATUM",
	"flag.unread":                                                                           "ungelesen",
	"answer.yes-letter":                                                                     "j",
	"answer.yes-word":                                                                       "ja",
	"{{.Question}} [{{.Yes}}/{{.No}}]":                                                      "{{.Question}} [{{.Yes}}/{{.No}}]",
}

// The command line speaks the person's language: a verb's --help (its
// synopsis, the options' help, the defaults), postie help, a mistake in
// the options, a report (mark, export), postie show's labels and date,
// postie list's columns; a folder is named as shown (Posteingang) as well
// as by its stored name. --json stays exactly as it was.
func TestCommandLineInThePersonsLanguage(t *testing.T) {
	p := localProfile(t, plainAndHTML, oldNote)
	english := mustCLI(t, 0, "", "list", "--profile", p, "--folder", "Inbox", "--json")
	speakGerman(t, cliGerman)

	if got := mustCLI(t, 0, "", "list", "--profile", p, "--folder", "Inbox", "--json"); got != english {
		t.Errorf("list --json changed with the language:\n%s\nwant\n%s", got, english)
	}

	_, help, code := mailCLI(t, "", "list", "--help", "--profile", p)
	for _, want := range []string{"Aufruf: postie list [--account KONTO] [--folder ORDNER]", "\n\nOptionen:\n",
		"  -account Name\n    \tnur dieses Konto (Name oder Adresse)\n",
		"  -limit N\n    \thöchstens N Nachrichten, die neuesten zuerst (0: alle) (Vorgabe: 50)\n",
		"  -profile Ordner\n    \tder Ordner des Mailprofils (Vorgabe: \"",
		"  -unread\n    \tnur ungelesene Nachrichten\n"} {
		if code != 0 || !strings.Contains(help, want) {
			t.Errorf("list --help: exit %d, no %q in\n%s", code, want, help)
		}
	}
	if h := helpText(); !strings.HasPrefix(h, "Aufruf:\n  postie [--profile DIR]\n      Öffnet das Fenster von Postie.\n") ||
		!strings.Contains(h, "\n  postie list [--account KONTO]") {
		t.Errorf("postie help:\n%s", h)
	}

	if _, errs, code := mailCLI(t, "", "list", "--bogus", "--profile", p); code != 2 || errs != "postie: Unbekannte Option: -bogus (postie list --help zeigt die Optionen)\n" {
		t.Errorf("list --bogus: exit %d, %q", code, errs)
	}

	if out := mustCLI(t, 0, "", "mark", "--profile", p, "<old@example.org>", "--read"); out != "1 Nachricht als gelesen markiert.\n" {
		t.Errorf("mark: %q", out)
	}
	dir := t.TempDir()
	if out := mustCLI(t, 0, "", "export", "--profile", p, "--folder", "Posteingang", "--format", "eml", "--out", dir); out != "3 Nachrichten nach "+dir+" exportiert\n" {
		t.Errorf("export: %q", out)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "On this computer", "Inbox", "*.eml")); len(files) != 3 {
		t.Errorf("exported files (their names stay English): %v", files)
	}

	show := mustCLI(t, 0, "", "show", "--profile", p, "<parts@example.org>", "--keep-unread")
	for _, want := range []string{"\nDatum: Dienstag, 2. Januar 2024 um 10:00 (Zeitzone unbekannt)\n", "\nOrdner: Auf diesem Computer › Posteingang\n"} {
		if !strings.Contains(show, want) {
			t.Errorf("show: no %q in\n%s", want, show)
		}
	}

	list := mustCLI(t, 0, "", "list", "--profile", p, "--folder", "Posteingang")
	if !strings.HasPrefix(list, "NR") || !strings.Contains(list, "DATUM") || !strings.Contains(list, "02.01.24") || !strings.Contains(list, "ungelesen") {
		t.Errorf("list:\n%s", list)
	}
}

// The question on the terminal takes the person's yes (its letter or
// word) and the English y; anything else is no.
func TestYesInThePersonsLanguage(t *testing.T) {
	speakGerman(t, cliGerman)
	for answer, want := range map[string]bool{"j\n": true, "Ja\n": true, "y\n": true, "yes\n": true, "n\n": false, "\n": false, "nein\n": false, "": false} {
		var prompt bytes.Buffer
		if got := askYesNo(bufio.NewReader(strings.NewReader(answer)), &prompt, "Löschen?"); got != want || prompt.String() != "Löschen? [j/N] " {
			t.Errorf("%q: %v, asked %q", answer, got, prompt.String())
		}
	}
}

// postie help names every command runWith knows.
func TestHelpTextNamesEveryCommand(t *testing.T) {
	h := helpText()
	for _, cmd := range []string{"import", "export", "archive", "account add", "account list", "account remove", "sync",
		"list", "show", "search", "mark", "move", "archive-message", "delete", "send", "outbox"} {
		if !strings.Contains(h, "  postie "+cmd) {
			t.Errorf("postie help does not name %q:\n%s", cmd, h)
		}
	}
}
