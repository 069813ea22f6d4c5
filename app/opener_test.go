package app

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/localstore"
)

// fakeXdgOpen puts an xdg-open on a PATH of its own that records its
// argument and exits with code, as the real one does when the desktop's
// program fails or none is set up.
func fakeXdgOpen(t *testing.T, code string) (argsFile string) {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("xdg-open is the launcher on Linux and BSD only")
	}
	bin := t.TempDir()
	argsFile = filepath.Join(t.TempDir(), "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + argsFile + "'\nexit " + code + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	return argsFile
}

// overlayTexts is every label and button text of the top overlay.
func overlayTexts(t *testing.T, ui *UI) (labels string, buttons []string) {
	t.Helper()
	over := ui.win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("nothing said")
	}
	for _, o := range test.LaidOutObjects(over) {
		switch w := o.(type) {
		case *widget.Label:
			labels += w.Text + " "
		case *widget.Button:
			buttons = append(buttons, w.Text)
		}
	}
	return labels, buttons
}

// Opening an attachment whose program fails (xdg-open exits non-zero,
// which Fyne's OpenURL never looked at: the person saw nothing) says so
// and offers Save…; the name with a space and a non-ASCII letter reaches
// xdg-open as it is (#29 items 5 and 12).
func TestOpenAttachmentThatFailsToOpenOffersSave(t *testing.T) {
	args := fakeXdgOpen(t, "1")
	ui, s := newTestUI(t)
	s.Add(inbox(t, ui).ID, []localstore.NewMessage{{Raw: []byte("From: a@example.com\r\nSubject: Overview\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--B\r\nContent-Type: text/plain; name*=UTF-8''%C3%9Cbersicht%202026.txt\r\n" +
		"Content-Disposition: attachment; filename*=UTF-8''%C3%9Cbersicht%202026.txt\r\n\r\nnumbers\r\n--B--\r\n")}})
	openBySubject(t, ui, "Overview")
	ui.reader.openAttachment(ui.reader.view.Attachments[0])

	got, err := os.ReadFile(args)
	if err != nil {
		t.Fatalf("xdg-open did not run: %v", err)
	}
	opened := strings.TrimSuffix(string(got), "\n")
	if filepath.Base(opened) != "Übersicht 2026.txt" {
		t.Fatalf("xdg-open got %q", got)
	}
	defer os.RemoveAll(filepath.Dir(opened))
	said, buttons := overlayTexts(t, ui)
	if !strings.Contains(said, "“Übersicht 2026.txt” could not be opened with another program") || strings.Contains(said, "xdg-open") {
		t.Fatalf("said: %s", said)
	}
	if strings.Join(buttons, ",") != "Cancel,Save…" && strings.Join(buttons, ",") != "Save…,Cancel" {
		t.Fatalf("buttons: %v", buttons)
	}
	capture(t, ui, "open-attachment-failed")
}

// xdg-open's 3 (no program for the type) is said as that.
func TestOpenAttachmentWithNoProgramSaysSo(t *testing.T) {
	fakeXdgOpen(t, "3")
	ui, s := newTestUI(t)
	s.Add(inbox(t, ui).ID, []localstore.NewMessage{{Raw: []byte("From: a@example.com\r\nSubject: Plans\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--B\r\nContent-Type: application/x-odd; name=plan.odd\r\nContent-Disposition: attachment; filename=plan.odd\r\n\r\nx\r\n--B--\r\n")}})
	openBySubject(t, ui, "Plans")
	ui.reader.openAttachment(ui.reader.view.Attachments[0])
	said, buttons := overlayTexts(t, ui)
	if !strings.Contains(said, "no program set up to open “plan.odd”") || !strings.Contains(strings.Join(buttons, ","), "Save…") {
		t.Fatalf("said: %s %v", said, buttons)
	}
}

// Show in folder whose file manager fails says so.
func TestShowInFolderThatFailsSaysSo(t *testing.T) {
	args := fakeXdgOpen(t, "4")
	ui, _ := newTestUI(t)
	dir := filepath.Join(t.TempDir(), "Downloads")
	os.Mkdir(dir, 0o700)
	p := filepath.Join(dir, "ticket.pdf")
	os.WriteFile(p, []byte("%PDF"), 0o600)
	ui.saved(storage.NewFileURI(p))
	var show *widget.Button
	for _, o := range test.LaidOutObjects(ui.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Show in folder" {
			show = b
		}
	}
	test.Tap(show)
	if got, _ := os.ReadFile(args); string(got) != dir+"\n" {
		t.Fatalf("xdg-open got %q, want the folder", got)
	}
	said, _ := overlayTexts(t, ui)
	if !strings.Contains(said, "no program set up to show folders") {
		t.Fatalf("said: %s", said)
	}
}
