package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every verb answers --help with its own usage (exit 0), and says a
// mistake in its options once, as a usage error (exit 2) — the flag
// package printed the mistake and every option before it, and Postie
// said it again; the verbs other than the mail verbs exited 1 (#30).
func TestEveryVerbHelpAndFlagMistakes(t *testing.T) {
	p := t.TempDir()
	for _, verb := range [][]string{{"list"}, {"show"}, {"search"}, {"mark"}, {"move"}, {"archive-message"}, {"delete"}, {"send"}, {"outbox"},
		{"import"}, {"export"}, {"archive"}, {"account", "add"}, {"account", "list"}, {"account", "remove"}, {"sync"}} {
		name := strings.Join(verb, " ")
		out, errs, code := mailCLI(t, "", append(append([]string{}, verb...), "--help", "--profile", p)...)
		if code != 0 || strings.Count(errs, "Usage") != 1 || !strings.Contains(errs, "postie "+name) || !strings.Contains(errs, "-profile") || out != "" {
			t.Errorf("postie %s --help: exit %d\nstdout %q\nstderr %q", name, code, out, errs)
		}
		out, errs, code = mailCLI(t, "", append(append([]string{}, verb...), "--bogus", "--profile", p)...)
		if code != 2 || strings.Count(strings.ToLower(errs), "flag provided but not defined: -bogus") != 1 || strings.Contains(errs, "-profile") ||
			!strings.Contains(errs, "postie "+name+" --help lists the options") || out != "" {
			t.Errorf("postie %s --bogus: exit %d\nstdout %q\nstderr %q", name, code, out, errs)
		}
	}
}

const (
	plainAndHTML = "From: Ann <ann@example.org>\r\nTo: kim@example.com\r\nSubject: parts and a forward\r\nMessage-ID: <parts@example.org>\r\n" +
		"Date: Tue, 2 Jan 2024 10:00:00\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nintro\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>beta</p>\r\n" +
		"--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: Lee <lee@example.org>\r\nSubject: original\r\n\r\nthe original text\r\n--b--\r\n"
	oldNote = "From: Bob <bob@example.org>\r\nTo: kim@example.com\r\nSubject: old note\r\nMessage-ID: <old@example.org>\r\n" +
		"Date: Mon, 2 Jan 2006 15:04:05 +0000\r\n\r\nan old zanzibar note\r\n"
)

// The reading and marking verbs' options, on a profile with no server:
// list --flagged and --since, mark --unread and --unflag, search
// --account and --folder, show --text (the reader's text: every part
// apart, a forwarded message's header lines) and a Date without a zone.
func TestReadingAndMarkingOptions(t *testing.T) {
	p := localProfile(t, plainAndHTML, oldNote)
	subjects := func(args ...string) string {
		var s []string
		for _, m := range listJSON(t, append([]string{"--profile", p}, args...)...) {
			s = append(s, m.Subject)
		}
		return strings.Join(s, "|")
	}
	if got := subjects("--folder", "Inbox", "--since", "2020-01-01"); got != "Welcome to Postie|parts and a forward" {
		t.Errorf("--since 2020-01-01: %q", got)
	}
	if got := subjects("--folder", "Inbox", "--flagged"); got != "" {
		t.Errorf("--flagged before flagging: %q", got)
	}
	mustCLI(t, 0, "", "mark", "--profile", p, "<old@example.org>", "--flag")
	if got := subjects("--folder", "Inbox", "--flagged"); got != "old note" {
		t.Errorf("--flagged: %q", got)
	}
	mustCLI(t, 0, "", "mark", "--profile", p, "<old@example.org>", "--unflag", "--read")
	if got := subjects("--folder", "Inbox", "--flagged"); got != "" {
		t.Errorf("--flagged after --unflag: %q", got)
	}
	if got := subjects("--folder", "Inbox", "--unread"); strings.Contains(got, "old note") {
		t.Errorf("--unread after --read: %q", got)
	}
	mustCLI(t, 0, "", "mark", "--profile", p, "<old@example.org>", "--unread")
	if got := subjects("--folder", "Inbox", "--unread"); !strings.Contains(got, "old note") {
		t.Errorf("--unread after mark --unread: %q", got)
	}

	// search, narrowed to an account and a folder.
	var found []messageJSON
	if err := json.Unmarshal([]byte(mustCLI(t, 0, "", "search", "--profile", p, "zanzibar", "--account", "On this computer", "--folder", "Inbox", "--json")), &found); err != nil ||
		len(found) != 1 || found[0].Subject != "old note" {
		t.Errorf("search --account --folder: %v %+v", err, found)
	}
	if out := mustCLI(t, 0, "", "search", "--profile", p, "zanzibar", "--folder", "Trash"); !strings.Contains(out, "Nothing found") {
		t.Errorf("search --folder Trash: %q", out)
	}
	mustCLI(t, 1, "", "search", "--profile", p, "zanzibar", "--account", "Nobody")

	// show --text: only the text, parts apart, the forwarded message's
	// header lines in it.
	want := "intro\n\nbeta\n\nForwarded message\nFrom: Lee <lee@example.org>\nSubject: original\n\nthe original text\n"
	if got := mustCLI(t, 0, "", "show", "--profile", p, "<parts@example.org>", "--text"); got != want {
		t.Errorf("show --text:\n%q\nwant\n%q", got, want)
	}
	if got := mustCLI(t, 0, "", "show", "--profile", p, "<parts@example.org>"); !strings.Contains(got, "Date: Tuesday 2 January 2024 10:00 (time zone not known)") ||
		!strings.Contains(got, "original.eml (message/rfc822") {
		t.Errorf("show: %q", got)
	}
}

// postie send --cc: the copy's address is in the message and among the
// envelope's recipients.
func TestSendWithCc(t *testing.T) {
	f := newMailFixture(t)
	out := mustCLI(t, 0, "see you", "send", "--profile", f.profile, "--to", "ann@example.org", "--cc", "Cy <cy@example.org>, dee@example.org", "--subject", "copies", "--json")
	var res sendJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.State != "sent" {
		t.Fatalf("send: %v %q", err, out)
	}
	got := f.sub.Messages()
	if len(got) != 1 || fmt.Sprint(got[0].To) != "[<ann@example.org> <cy@example.org> <dee@example.org>]" ||
		!strings.Contains(string(got[0].Data), "\r\nCc: \"Cy\" <cy@example.org>, <dee@example.org>\r\n") {
		t.Fatalf("the server got %d messages: %v\n%s", len(got), got[0].To, got[0].Data)
	}
}

// postie show of a message whose body was left on the server (an account
// that keeps only recent mail offline) downloads it first, as the reader
// does; when the server cannot be reached it says so plainly, and
// --headers still shows what is here.
func TestShowHeaderOnlyMessage(t *testing.T) {
	f := newMailFixture(t)
	p := f.profile
	f.deliver(t, "INBOX", "first old", "The first body lives on the server.")
	f.deliver(t, "INBOX", "second old", "The second body lives on the server.")
	recent := f.acct
	recent.Settings.KeepDays = 30 // the messages are from 2006: only their headers are kept
	saveSettings(t, p, recent)
	mustCLI(t, 0, "", "sync", "--profile", p)
	ms := bySubject(listJSON(t, "--profile", p, "--account", "Kim"))
	if ms["first old"].Downloaded || ms["second old"].Downloaded {
		t.Fatalf("bodies kept: %+v", ms)
	}
	if out := mustCLI(t, 0, "", "show", "--profile", p, id(ms["first old"])); !strings.Contains(out, "The first body lives on the server.") {
		t.Fatalf("show of a header-only message: %q", out)
	}
	down := recent
	down.Settings.Incoming.Port = closedPort(t)
	saveSettings(t, p, down)
	_, errs, code := mailCLI(t, "", "show", "--profile", p, id(ms["second old"]))
	if code != 1 || !strings.Contains(errs, "Only the header of this message is on this computer") || !strings.Contains(errs, "refused the connection") || !strings.Contains(errs, "postie show --headers") {
		t.Fatalf("offline: %d %q", code, errs)
	}
	if h := mustCLI(t, 0, "", "show", "--profile", p, id(ms["second old"]), "--headers"); !strings.Contains(h, "Subject: second old") {
		t.Fatalf("--headers offline: %q", h)
	}
}

// postie show --plain and --html choose the version of a message sent in
// two; without either, the window's View › Prefer plain text decides (#30).
func TestShowPlainOrHTML(t *testing.T) {
	const two = "From: Ann <ann@example.org>\r\nSubject: two versions\r\nMessage-ID: <two@example.org>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\nthe plain words\r\n" +
		"--a\r\nContent-Type: text/html\r\n\r\n<p>the <b>formatted</b> words</p>\r\n--a--\r\n"
	p := localProfile(t, two)
	prefs := filepath.Join(t.TempDir(), "preferences.json")
	was := windowPreferences
	windowPreferences = func() string { return prefs }
	defer func() { windowPreferences = was }()
	show := func(args ...string) string {
		return mustCLI(t, 0, "", append([]string{"show", "--profile", p, "<two@example.org>", "--text"}, args...)...)
	}
	if got := show(); got != "the formatted words\n" { // no settings file: the window's default
		t.Errorf("default: %q", got)
	}
	if got := show("--plain"); got != "the plain words\n" {
		t.Errorf("--plain: %q", got)
	}
	if err := os.WriteFile(prefs, []byte(`{"preferPlainText":true,"other":"x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := show(); got != "the plain words\n" {
		t.Errorf("with Prefer plain text set: %q", got)
	}
	if got := show("--html"); got != "the formatted words\n" {
		t.Errorf("--html: %q", got)
	}
	mustCLI(t, 2, "", "show", "--profile", p, "<two@example.org>", "--plain", "--html")
}
