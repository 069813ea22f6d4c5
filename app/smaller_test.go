package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// The smaller things of #29 (item 10).

func absX(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
}

// The wizard's password box lines up with the name and address boxes
// (it was in a form of its own and started about 30 px left of them).
func TestWizardPasswordLinesUp(t *testing.T) {
	ui, _ := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	v := ui.openWizard()
	t.Cleanup(func() { v.win.Close() })
	test.Type(v.email, "sam@example.com")
	v.win.Resize(fyne.NewSize(760, 700))
	v.win.Canvas().Capture()
	if !v.password.Visible() {
		t.Fatal("no password box")
	}
	if x, want := absX(v.password), absX(v.email); x != want || absX(v.name) != want {
		t.Fatalf("boxes start at name %v, address %v, password %v", absX(v.name), want, x)
	}
	if v.password.Size().Width != v.email.Size().Width {
		t.Fatalf("password %v wide, address %v", v.password.Size().Width, v.email.Size().Width)
	}
	shoot(t, v, "wizard-1-identity-aligned")
}

// When both servers show one certificate (the same SHA-256) it is shown
// once, with one Trust button that covers both (#29: it was shown twice).
func TestWizardOneCertificateForBothServers(t *testing.T) {
	ui, _ := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	d := testservers.StartWithRelay(t, testservers.Users{"sam@example.com": "pw-sam"}, 1, "")
	ui.opts.Discoverer = &setup.Discoverer{Timeout: time.Second, Providers: []setup.Provider{{
		ID: "example", Name: "Example Mail", Domains: []string{"example.com"}, Username: "%EMAILADDRESS%",
		IMAP: &netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS},
		SMTP: &netconf.Server{Host: "127.0.0.1", Port: d.Submissions, Security: netconf.TLS},
	}}}
	ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 5 * time.Second}}
	v := startWizard(t, ui)
	test.Tap(v.next) // usage
	test.Tap(v.next) // found: to the check
	if v.w.Step() != setup.StepCheck {
		t.Fatalf("step %d: %s", v.w.Step(), v.errMsg.Text)
	}
	text := wizardText(v)
	if n := strings.Count(text, "SHA-256 fingerprint"); n != 1 || !strings.Contains(text, "showed the same certificate") {
		t.Fatalf("the certificate is shown %d times:\n%s", n, text)
	}
	trusts := 0
	for _, o := range test.LaidOutObjects(v.win.Content()) {
		if b, ok := buttonOf(o); ok && strings.HasPrefix(b.Text, "Trust this certificate") {
			trusts++
		}
	}
	if trusts != 1 {
		t.Fatalf("%d Trust buttons", trusts)
	}
	shoot(t, v, "wizard-4-one-certificate")
	test.Tap(v.trust)
	if v.w.IncomingErr != nil || v.w.OutgoingErr != nil {
		t.Fatalf("after trusting once: incoming %v, outgoing %v", v.w.IncomingErr, v.w.OutgoingErr)
	}
	if text := wizardText(v); !strings.Contains(text, "Receiving mail: signed in") || !strings.Contains(text, "Sending mail: signed in") {
		t.Fatalf("after trusting:\n%s", text)
	}
	shoot(t, v, "wizard-4b-one-certificate-trusted")
}

// Different certificates are still shown each with its own button.
func TestSameUntrustedCert(t *testing.T) {
	cert := func(fp string) error {
		return &netconf.Problem{Kind: netconf.ProblemUntrustedCert, Cert: &netconf.CertInfo{SHA256: fp}}
	}
	if _, _, ok := sameUntrustedCert(cert("AB:CD"), cert("ab:cd")); !ok {
		t.Fatal("one certificate taken for two")
	}
	if _, _, ok := sameUntrustedCert(cert("AB:CD"), cert("AB:CE")); ok {
		t.Fatal("two certificates taken for one")
	}
	if _, _, ok := sameUntrustedCert(cert("AB:CD"), nil); ok {
		t.Fatal("a server that signed in taken for a certificate")
	}
}

// The toolbar's buttons keep their places when "Mark as unread" becomes
// "Mark as read" (#29: Flag jumped).
func TestToolbarKeepsItsPlaces(t *testing.T) {
	ui, s := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	fill(t, ui, s)
	ui.list.list.Select(0) // opening it marks it read
	ui.win.Canvas().Capture()
	if ui.markRead.Text != "Mark as unread" {
		t.Fatalf("toolbar says %q", ui.markRead.Text)
	}
	x, w := absX(ui.flagIt), ui.markRead.Size().Width
	capture(t, ui, "toolbar-mark-unread")
	test.Tap(ui.markRead)
	ui.win.Canvas().Capture()
	if ui.markRead.Text != "Mark as read" {
		t.Fatalf("after marking unread the toolbar says %q", ui.markRead.Text)
	}
	if absX(ui.flagIt) != x || ui.markRead.Size().Width != w {
		t.Fatalf("Flag moved from %v to %v (Mark as… %v → %v wide)", x, absX(ui.flagIt), w, ui.markRead.Size().Width)
	}
	capture(t, ui, "toolbar-mark-read")
	test.Tap(ui.flagIt)
	ui.win.Canvas().Capture()
	if ui.flagIt.Text != "Unflag" || absX(ui.flagIt) != x {
		t.Fatalf("%q at %v", ui.flagIt.Text, absX(ui.flagIt))
	}
}

// fourAttachments is a message with four attachments whose names are
// longer than a line.
func fourAttachments() []byte {
	var b strings.Builder
	b.WriteString("From: Ann Lee <ann@example.org>\r\nTo: you@example.org\r\nSubject: The four reports\r\nDate: Tue, 24 Nov 2026 09:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n" +
		"Here are the four reports for this quarter.\r\n\r\nThe first one is the summary; the others have the details for each region.\r\n\r\nAnn\r\n")
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, "--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"Quarterly report %d for the northern region, final version approved by the board.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n", i)
	}
	b.WriteString("--B--\r\n")
	return []byte(b.String())
}

// Four attachments take a few lines, not the reader's text (#29: they
// left the text about 270 px and cut their names): one line each, the
// list scrolls past two and a half, a name cut short shows whole on
// hover and in the save dialog.
func TestAttachmentsTakeLittleRoom(t *testing.T) {
	ui, s := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	s.Add(inbox(t, ui).ID, []localstore.NewMessage{{Raw: fourAttachments()}})
	ui.win.Resize(fyne.NewSize(1200, 700))
	openBySubject(t, ui, "The four reports")
	r := ui.reader
	if len(r.attachments.Objects) != 4 || !r.attachHead.Visible() || !strings.HasPrefix(r.attachCount.Text, "4 files, ") {
		t.Fatalf("%d lines, head %v %q", len(r.attachments.Objects), r.attachHead.Visible(), r.attachCount.Text)
	}
	line := r.attachments.Objects[0].Size().Height
	if h := r.attachArea.Size().Height; h > line*4 {
		t.Fatalf("the attachments take %v px (a line is %v)", h, line)
	}
	if h := r.scroll.Size().Height; h < 330 {
		t.Fatalf("the text has %v px", h)
	}
	var label *widget.Label
	for _, o := range test.LaidOutObjects(r.attachments.Objects[0]) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Quarterly") {
			label = l
		}
	}
	if label == nil || label.Truncation != fyne.TextTruncateEllipsis {
		t.Fatal("the name is not cut with an ellipsis")
	}
	whole := "Quarterly report 1 for the northern region, final version approved by the board.pdf"
	if label.Text == whole {
		t.Fatalf("a name of %d characters is shown whole: %q", len(whole), label.Text)
	}
	// Hover: the whole name.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(label).Add(fyne.NewPos(20, 10))
	test.MoveMouse(ui.win.Canvas(), pos)
	if got := ui.tips.shown(); got != whole {
		t.Fatalf("hovering the name shows %q", got)
	}
	capture(t, ui, "reader-four-attachments")
	test.MoveMouse(ui.win.Canvas(), fyne.NewPos(5, 690))
	if ui.tips.shown() != "" {
		t.Fatal("the tip stays")
	}
	// The save dialog has the whole name.
	var save *tipButton
	for _, o := range test.LaidOutObjects(r.attachments.Objects[0]) {
		if b, ok := o.(*tipButton); ok && b.tip == "Save…" {
			save = b
		}
	}
	if save == nil {
		t.Fatal("no Save button")
	}
	test.Tap(save)
	over := ui.win.Canvas().Overlays().Top()
	found := false
	if over != nil {
		for _, o := range test.LaidOutObjects(over) {
			if e, ok := o.(*widget.Entry); ok && e.Text == whole {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("the save dialog does not have the whole name")
	}
	capture(t, ui, "reader-four-attachments-save")
}

// The compose window's attachments are as compact, and Bold, Italic and
// List look like buttons: icons on a button's background, their names as
// tips (#29: as low-importance text they read as labels).
func TestComposeAttachmentsAndFormattingButtons(t *testing.T) {
	ui, s := newTestUI(t)
	ui.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	acct := popAccount(t, ui, s, 25)
	files := make([]compose.File, 4)
	for i := range files {
		files[i] = compose.File{Name: fmt.Sprintf("Quarterly report %d for the northern region, final version approved by the board.pdf", i+1), Data: make([]byte, 300<<10)}
	}
	v := ui.openCompose(compose.Draft{Subject: "Reports", Body: "See the reports.", Attachments: files}, acct, composeOpts{})
	t.Cleanup(func() { v.win.Close() })
	v.win.Resize(fyne.NewSize(720, 560))
	v.win.Canvas().Capture()
	line := v.fileRows.Objects[0].Size().Height
	if h := v.fileList.Size().Height; h > line*3 {
		t.Fatalf("four attachments take %v px (a line is %v)", h, line)
	}
	if h := v.body.Size().Height; h < 100 {
		t.Fatalf("the text has %v px", h)
	}
	for _, b := range []*formatButton{v.bold, v.italic, v.listBtn} {
		if b.Icon == nil || b.Text != "" || b.Importance == widget.LowImportance || b.Size().Width < b.Size().Height {
			t.Fatalf("%q: icon %v, text %q, importance %v, %v", b.name, b.Icon != nil, b.Text, b.Importance, b.Size())
		}
	}
	test.MoveMouse(v.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(v.bold).Add(fyne.NewPos(5, 5)))
	if got := v.tips.shown(); got != "Bold (Ctrl+B)" {
		t.Fatalf("hovering Bold shows %q", got)
	}
	capture(t, &UI{win: v.win}, "compose-formatting-and-attachments")
	v.body.SetText("See the reports.")
	v.body.CursorRow, v.body.CursorColumn = 0, 4
	test.Tap(v.bold)
	if !strings.Contains(v.body.Text, "**") && !strings.Contains(v.body.Text, "*") {
		t.Fatalf("Bold did nothing: %q", v.body.Text)
	}
}
