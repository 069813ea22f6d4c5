package app

import (
	"bytes"
	"log"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2/lang"

	"github.com/postie-mail/postie/internal/tr"
)

// Fyne's lang keeps what it loaded for the whole process: each case runs
// in a child process of its own, with the system's language set through
// LANGUAGE (how Linux says it).
func inChild(t *testing.T, name, systemLanguage string) bool {
	t.Helper()
	if os.Getenv("POSTIE_LANGUAGE_CHILD") == name {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "POSTIE_LANGUAGE_CHILD="+name, "LANGUAGE="+systemLanguage, "LC_ALL=", "LANG=C.UTF-8", "POSTIE_LANGUAGE=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return false
}

var testCatalogues = fstest.MapFS{
	"translations/en.json": {Data: []byte(`{"Cancel": "Cancel", "Inbox": "Inbox",
		"{{.Count}} messages": {"one": "{{.Count}} message", "other": "{{.Count}} messages"}}`)},
	"translations/ru.json": {Data: []byte(`{"Cancel": "Отмена", "Inbox": "Входящие",
		"{{.Count}} messages": {"one": "{{.Count}} сообщение", "few": "{{.Count}} сообщения", "many": "{{.Count}} сообщений", "other": "{{.Count}} сообщения"}}`)},
	"translations/de.json": {Data: []byte(`{"Cancel": "Abbrechen", "Inbox": "Posteingang",
		"{{.Count}} messages": {"one": "{{.Count}} Nachricht", "other": "{{.Count}} Nachrichten"}}`)},
}

func russianCounts(t *testing.T) {
	t.Helper()
	for n, want := range map[int]string{1: "1 сообщение", 2: "2 сообщения", 5: "5 сообщений", 21: "21 сообщение", 12345: "12 345 сообщений"} {
		if got := tr.N("{{.Count}} message", "{{.Count}} messages", n); strings.ReplaceAll(got, "\u00a0", " ") != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

// On a Russian system Postie speaks Russian, with Russian plural forms
// and numbers, through Fyne's lang.
func TestLanguageFollowsTheSystem(t *testing.T) {
	if !inChild(t, "system", "ru_RU") {
		return
	}
	catalogues = testCatalogues
	if err := UseLanguage(""); err != nil {
		t.Fatal(err)
	}
	if got := tr.L("Inbox"); got != "Входящие" {
		t.Fatalf("Inbox: %q", got)
	}
	russianCounts(t)
}

// Russian chosen on an English system: Postie's words and Fyne's own
// (Cancel) are Russian, plural forms follow Russian rules although Fyne's
// lang picked English, and numbers are written the Russian way.
func TestChosenLanguageOverTheSystems(t *testing.T) {
	if !inChild(t, "chosen", "en_US") {
		return
	}
	catalogues = testCatalogues
	if err := UseLanguage("ru"); err != nil {
		t.Fatal(err)
	}
	if got := tr.L("Inbox"); got != "Входящие" {
		t.Fatalf("Inbox: %q", got)
	}
	if got := lang.L("Cancel"); got != "Отмена" {
		t.Fatalf("Fyne's Cancel: %q", got)
	}
	russianCounts(t)
}

// German chosen on a Swedish system (a language Fyne speaks and Postie
// does not): German everywhere, also in Fyne's words.
func TestChosenLanguageOverALanguageOnlyFyneSpeaks(t *testing.T) {
	if !inChild(t, "chosen-sv", "sv_SE") {
		return
	}
	catalogues = testCatalogues
	if err := UseLanguage("de"); err != nil {
		t.Fatal(err)
	}
	if got := tr.N("{{.Count}} message", "{{.Count}} messages", 12345); got != "12.345 Nachrichten" {
		t.Fatalf("%q", got)
	}
	if got := lang.L("Cancel"); got != "Abbrechen" {
		t.Fatalf("Fyne's Cancel: %q", got)
	}
}

// A Swedish system: Postie's words in English (Postie has no Swedish),
// Fyne's own in Swedish, and no complaint about missing translations.
func TestSystemLanguagePostieDoesNotSpeak(t *testing.T) {
	if !inChild(t, "system-sv", "sv_SE") {
		return
	}
	catalogues = testCatalogues
	fyneWordsWere := fyneWords
	fyneWords = []string{"Cancel"}
	defer func() { fyneWords = fyneWordsWere }()
	if err := UseLanguage(""); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	if got := tr.N("{{.Count}} message", "{{.Count}} messages", 1); got != "1 message" {
		t.Fatalf("%q", got)
	}
	if got := tr.L("Inbox"); got != "Inbox" {
		t.Fatalf("%q", got)
	}
	if got := lang.L("Cancel"); got != "Avbryt" {
		t.Fatalf("Fyne's Cancel: %q", got)
	}
	if logged.Len() > 0 {
		t.Fatalf("complaints: %s", logged.String())
	}
}

func TestFlatForms(t *testing.T) {
	out, err := flatForms([]byte(`{"a": "A", "k": {"one": "x", "Few": "y", "other": "z"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"a":"A","k":"z","k#few":"y","k#one":"x","k#other":"z"}` {
		t.Fatal(string(out))
	}
}

// childTest runs the test binary again for the tests run names, with env
// added (LANGUAGE=en unless env sets it: the system's language is
// English unless a test says otherwise).
func childTest(t *testing.T, run string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", run, "-test.v", "-test.timeout", "20m")
	cmd.Env = append(os.Environ(), "LANGUAGE=en", "LC_ALL=", "LANG=C.UTF-8", "POSTIE_LANGUAGE=")
	cmd.Env = append(cmd.Env, env...)
	return cmd
}
