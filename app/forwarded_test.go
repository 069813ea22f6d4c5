package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/localstore"
)

// A message forwarded as an attachment (Postie's own "Forward as
// attachment" writes Content-Disposition: attachment) is shown in the
// reader as a message — its heading, From and Subject lines and its text —
// and its own attachment is listed and saves with its bytes; the whole
// forwarded message is listed too, to save as .eml (#29 item 5). Before,
// only "forwarded.eml" was listed and nothing of it was shown.
func TestForwardedAsAttachmentShowsInTheReader(t *testing.T) {
	home := t.TempDir() // the save dialog opens here
	t.Setenv("HOME", home)
	ui, s := newTestUI(t)
	inner := "From: Kim Berg <kim@example.org>\r\nTo: Lee <lee@example.org>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\nSubject: Quarterly report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n" +
		"--in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe figures are in the attached summary.\r\n" +
		"--in\r\nContent-Type: application/pdf; name=summary.pdf\r\nContent-Disposition: attachment; filename=summary.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--in--\r\n"
	raw := "From: Lee <lee@example.org>\r\nTo: You <you@example.org>\r\nSubject: Fwd: Quarterly report\r\nDate: Tue, 3 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n" +
		"--out\r\nContent-Type: text/plain\r\n\r\nFYI, see below.\r\n" +
		"--out\r\nContent-Type: message/rfc822; name=forwarded.eml\r\nContent-Disposition: attachment; filename=forwarded.eml\r\n\r\n" + inner + "\r\n--out--\r\n"
	if _, err := s.Add(inbox(t, ui).ID, []localstore.NewMessage{{Raw: []byte(raw)}}); err != nil {
		t.Fatal(err)
	}
	openBySubject(t, ui, "Fwd: Quarterly report")

	var body strings.Builder
	for _, seg := range ui.reader.body.Segments {
		if tx, ok := seg.(interface{ Textual() string }); ok {
			body.WriteString(tx.Textual() + "\n")
		}
	}
	for _, want := range []string{"FYI, see below.", "Forwarded message", "From: Kim Berg <kim@example.org>", "Subject: Quarterly report", "The figures are in the attached summary."} {
		if !strings.Contains(body.String(), want) {
			t.Errorf("the reader does not show %q:\n%s", want, body.String())
		}
	}

	// The attachment rows: the whole message and the file inside it.
	var labels []string
	var rows []fyne.CanvasObject
	for _, o := range ui.reader.attachments.Objects {
		for _, l := range test.LaidOutObjects(o) {
			if l, ok := l.(*widget.Label); ok { // the name; the size follows it
				labels = append(labels, l.Text)
				rows = append(rows, o)
				break
			}
		}
	}
	if len(labels) != 2 || !strings.HasPrefix(labels[0], "forwarded.eml") || !strings.HasPrefix(labels[1], "summary.pdf") {
		t.Fatalf("attachments listed: %q", labels)
	}
	capture(t, ui, "reader-forwarded-as-attachment")

	// Save… on the file inside the forwarded message saves its bytes.
	var save *tipButton
	for _, o := range test.LaidOutObjects(rows[1]) {
		if b, ok := o.(*tipButton); ok && b.tip == "Save…" {
			save = b
		}
	}
	if save == nil {
		t.Fatal("no Save… button beside the file")
	}
	test.Tap(save)
	dlg := ui.win.Canvas().Overlays().Top()
	if dlg == nil {
		t.Fatal("Save… asked nothing")
	}
	var name *widget.Entry
	for _, o := range test.LaidOutObjects(dlg) {
		if e, ok := o.(*widget.Entry); ok && e.Text == "summary.pdf" {
			name = e
		}
	}
	if name == nil {
		t.Fatal("the save dialog does not suggest summary.pdf")
	}
	capture(t, ui, "reader-forwarded-save-inner-attachment")
	test.Tap(findButton(t, dlg, "Save"))
	if ui.lastSaved == nil {
		t.Fatal("nothing saved")
	}
	got, err := os.ReadFile(ui.lastSaved.Path())
	if err != nil || string(got) != "%PDF-1.4\n" || filepath.Base(ui.lastSaved.Path()) != "summary.pdf" {
		t.Fatalf("saved %s: %q %v", ui.lastSaved, got, err)
	}
}
