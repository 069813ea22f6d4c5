package app

import (
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/localstore"
)

// An attachment named to pass for a PDF ("invoice" U+202E "fdp.exe" reads
// "invoiceexe.pdf") is listed, and asked about, under the name it is
// saved with: no invisible character reaches the screen (#26). Fails
// before the fix: the label and the dialog held the raw override.
func TestAttachmentNamesShowAsSaved(t *testing.T) {
	ui, s := newTestUI(t)
	att := func(name string) string {
		return "--M\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''" + name +
			"\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAA==\r\n"
	}
	raw := "From: Billing <billing@example.org>\r\nSubject: Your invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n\r\n" +
		"--M\r\nContent-Type: text/plain\r\n\r\nSee the invoice.\r\n" +
		att("invoice%E2%80%AEfdp.exe") + att("statement.pdf%E2%80%8B%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20.scr") + "--M--\r\n"
	s.Add(inbox(t, ui).ID, []localstore.NewMessage{{Raw: []byte(raw)}})
	openBySubject(t, ui, "Your invoice")
	var labels []string
	for _, o := range test.LaidOutObjects(ui.reader.attachments) {
		if l, ok := o.(*widget.Label); ok {
			labels = append(labels, l.Text)
		}
	}
	all := strings.Join(labels, "\n")
	if !strings.Contains(all, "invoicefdp.exe") || !strings.Contains(all, "statement.pdf .scr") || invisible(all) {
		t.Fatalf("attachment labels: %q", labels)
	}
	capture(t, ui, "reader-attachment-names")

	ui.reader.openAttachment(ui.reader.view.Attachments[0])
	top := ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no warning before opening a program")
	}
	var text strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			text.WriteString(l.Text + "\n")
		}
	}
	if !strings.Contains(text.String(), "“invoicefdp.exe” is a program") || invisible(text.String()) {
		t.Fatalf("the dialog says: %q", text.String())
	}
	capture(t, ui, "reader-open-program-dialog")
}

// invisible says whether s holds a format character (bidi controls,
// zero-width spaces…).
func invisible(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) >= 0
}
