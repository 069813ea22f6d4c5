package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postie-mail/postie/internal/quarantine"
)

// localProfile is a profile with the messages of emls imported into
// "On this computer" › Inbox (no server, no keyring).
func localProfile(t *testing.T, emls ...string) string {
	t.Helper()
	p, dir := t.TempDir(), t.TempDir()
	var files []string
	for i, e := range emls {
		f := filepath.Join(dir, string(rune('a'+i))+".eml")
		if err := os.WriteFile(f, []byte(e), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	mustCLI(t, 0, "", append([]string{"import", "--profile", p, "--folder", "Inbox"}, files...)...)
	return p
}

const withFiles = "From: ann@example.org\r\nTo: kim@example.com\r\nSubject: two files\r\nMessage-ID: <files@example.org>\r\n" +
	"Date: Mon, 2 Jan 2006 15:04:05 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
	"--b\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n" +
	"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"plan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n" +
	"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"setup.exe\"\r\n\r\nMZ\r\n--b--\r\n"

// show lists the attachments, saves them without overwriting a file and
// warns about one that could run a program; it works with no display
// (the mail verbs never start the window's graphics).
func TestShowAndSaveAttachments(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	p := localProfile(t, withFiles)
	out := mustCLI(t, 0, "", "show", "--profile", p, "<files@example.org>")
	if !strings.Contains(out, "See the files.") || !strings.Contains(out, "Attachments:\n  plan.pdf (application/pdf") || !strings.Contains(out, "setup.exe") {
		t.Fatalf("show: %q", out)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "plan.pdf"), []byte("mine"), 0o644)
	marked := map[string]bool{} // saved files are marked as downloaded, as in the window (#26)
	old := quarantine.SetAttr
	quarantine.SetAttr = func(path, name string, _ []byte) error {
		marked[filepath.Base(path)] = name == quarantine.Attribute
		return nil
	}
	defer func() { quarantine.SetAttr = old }()
	_, errs, code := mailCLI(t, "", "show", "--profile", p, "<files@example.org>", "--save-attachments", dir)
	if code != 0 || !strings.Contains(errs, "plan (2).pdf") || !strings.Contains(errs, "could run a program") {
		t.Fatalf("save: %d %q", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "plan.pdf")); string(b) != "mine" {
		t.Fatal("a file already there was overwritten")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "plan (2).pdf")); string(b) != "%PDF" {
		t.Fatalf("saved: %q", b)
	}
	if !marked["plan (2).pdf"] || !marked["setup.exe"] || marked["plan.pdf"] {
		t.Fatalf("marked as downloaded: %v", marked)
	}
	if m := listJSON(t, "--profile", p, "--folder", "Inbox", "--unread"); len(m) != 1 || m[0].Subject != "Welcome to Postie" {
		t.Fatalf("show did not mark the message read: %+v", m) // the welcome message stays unread
	}
}

// Deleting for ever asks on a terminal (no: nothing deleted, exit 1);
// Delete of a message already in the Trash asks too, as the window does.
func TestDeleteAsksOnATerminal(t *testing.T) {
	p := localProfile(t, withFiles)
	answer := false
	was := askOnTerminal
	askOnTerminal = func(io.Reader, io.Writer) func(string) bool { return func(string) bool { return answer } }
	defer func() { askOnTerminal = was }()
	msg := "<files@example.org>"
	if _, errs, code := mailCLI(t, "", "delete", "--profile", p, msg, "--for-ever"); code != 1 || !strings.Contains(errs, "Nothing was deleted") {
		t.Fatalf("declined: %d %q", code, errs)
	}
	mustCLI(t, 0, "", "delete", "--profile", p, msg) // to the Trash: no question
	if m := listJSON(t, "--profile", p, "--folder", "trash"); len(m) != 1 {
		t.Fatalf("Trash: %+v", m)
	}
	if _, _, code := mailCLI(t, "", "delete", "--profile", p, msg); code != 1 {
		t.Fatal("deleting from the Trash did not ask")
	}
	answer = true
	if out := mustCLI(t, 0, "", "delete", "--profile", p, msg); !strings.Contains(out, "for ever") {
		t.Fatalf("deleted from the Trash: %q", out)
	}
	if _, errs, code := mailCLI(t, "", "show", "--profile", p, msg); code != 1 || !strings.Contains(errs, "No stored message") {
		t.Fatalf("still there: %d %q", code, errs)
	}
}
