package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// switchableNet reaches the test servers, or, while down is set, finds
// every server refusing connections (as when it is stopped).
func switchableNet(down *atomic.Bool) netconf.Net {
	return netconf.Net{Timeout: 5 * time.Second, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if down.Load() {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
}

// The status bar tells the truth: with the server out of reach it says
// since when and how many changes wait (not "Up to date"), also after
// Get mail; when the server is back the changes go and it is up to date
// again; a wrong password stays shown, with the button that fixes it.
func TestStatusBarTellsTheTruth(t *testing.T) {
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	var down atomic.Bool
	ui.opts.Checker.Net = switchableNet(&down)
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Work", Email: "ann@example.com", Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"},
		TrustedCerts: []string{d.CertSHA256}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	d.Deliver("ann", "INBOX", []byte("From: x@example.com\nSubject: hello\n\nhi\n"))
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	if ui.status.Text != "Up to date" {
		t.Fatalf("after a good sync: %q", ui.status.Text)
	}

	// The server goes out of reach; a change is made here.
	down.Store(true)
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 1)
	s.SetFlags([]int64{page[0].ID}, localstore.Flagged, true)
	ui.doGetMail()
	want := "Work: the mail server 127.0.0.1 has not answered since " + fixedNow.Format("15:04") + " (this computer is online; the server may be down) — 1 change waiting; everything downloaded is still here"
	if ui.status.Text != want {
		t.Fatalf("server out of reach:\n got %q\nwant %q", ui.status.Text, want)
	}
	capture(t, ui, "status-offline")

	// Back: the change goes, and the status says so.
	down.Store(false)
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	if ui.status.Text != "Up to date" || ui.statusFix.Visible() {
		t.Fatalf("back online: %q", ui.status.Text)
	}
	if n, _ := s.PendingCount(acct.ID); n != 0 {
		t.Fatalf("%d changes still waiting", n)
	}

	// A wrong password needs the person: it stays, with one button.
	ui.opts.Secrets.Set(acct.ID, secrets.Incoming, "wrong")
	ui.doGetMail()
	ui.refreshFolders(false) // anything that refreshes keeps it
	if ui.status.Text != "Work: The incoming server (127.0.0.1) did not accept your user name and password." ||
		!ui.statusFix.Visible() || ui.statusFix.Text != "Open Work’s settings" {
		t.Fatalf("wrong password: %q (button %v %q)", ui.status.Text, ui.statusFix.Visible(), ui.statusFix.Text)
	}
	capture(t, ui, "status-wrong-password")
	ui.opts.Secrets.Set(acct.ID, secrets.Incoming, "pw")
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	if ui.status.Text != "Up to date" || ui.statusFix.Visible() {
		t.Fatalf("fixed: %q", ui.status.Text)
	}
}

// A password skipped at start ("Not now") is not silent: the status bar
// says so, with the button to enter it.
func TestSkippedPasswordIsShown(t *testing.T) {
	ui, s := newTestUI(t)
	acct, err := accounts.Create(s, ui.asked, accounts.Account{Name: "Home", Email: "me@example.com", Settings: accounts.Settings{
		Protocol: accounts.POP, AskPassword: true, Incoming: netconf.Server{Host: "127.0.0.1", Port: 1, Security: netconf.TLS, Username: "me"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	ui.asked.Delete(acct.ID, secrets.Incoming) // "Not now"
	ui.doGetMail()
	if ui.status.Text != "Home: Postie has no password for this account yet, so it cannot get mail." || !ui.statusFix.Visible() {
		t.Fatalf("status %q", ui.status.Text)
	}
}

// Enter in the password prompt at start is OK.
func TestEnterSubmitsThePasswordPrompt(t *testing.T) {
	ui, s := newTestUI(t)
	acct, err := accounts.Create(s, ui.asked, accounts.Account{Name: "Home", Email: "h@example.com",
		Settings: accounts.Settings{Protocol: accounts.IMAP, AskPassword: true}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	ui.asked = &secrets.Memory{}
	ui.askPasswords()
	over := ui.win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("no password prompt")
	}
	for _, o := range test.LaidOutObjects(over) {
		if e, ok := entryOf(o); ok && e.Password {
			test.Type(e, "typed")
			e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}
	}
	if pw, _ := ui.asked.Get(acct.ID, secrets.Incoming); pw != "typed" {
		t.Fatalf("Enter did not submit: %q", pw)
	}
}

// An attachment that nothing on this computer opens: plain words and
// Save… instead of `exec: "xdg-open": executable file not found`.
func TestOpenAttachmentWithoutAProgramOffersSave(t *testing.T) {
	ui, s := newTestUI(t)
	ui.opener = func(*url.URL) error { return errors.New(`exec: "xdg-open": executable file not found in $PATH`) }
	in := inbox(t, ui)
	s.Add(in.ID, []localstore.NewMessage{{Raw: []byte("From: a@example.com\r\nSubject: Plans\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--B\r\nContent-Type: application/pdf; name=plan.pdf\r\nContent-Disposition: attachment; filename=plan.pdf\r\n\r\n%PDF\r\n--B--\r\n")}})
	openBySubject(t, ui, "Plans")
	ui.reader.openAttachment(ui.reader.view.Attachments[0])
	over := ui.win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("nothing said")
	}
	var text []string
	for _, o := range test.LaidOutObjects(over) {
		if l, ok := o.(*widget.Label); ok {
			text = append(text, l.Text)
		}
	}
	all := strings.Join(text, " ")
	if strings.Contains(all, "xdg-open") || !strings.Contains(all, "no program set up to open “plan.pdf”") {
		t.Fatalf("said: %s", all)
	}
	capture(t, ui, "open-attachment-no-program")
}

// Saving says where the file went, and Show in folder opens that folder.
func TestSavedSaysWhereWithShowInFolder(t *testing.T) {
	ui, _ := newTestUI(t)
	dir := filepath.Join(t.TempDir(), "Downloads")
	os.Mkdir(dir, 0o700)
	p := filepath.Join(dir, "ticket.pdf")
	os.WriteFile(p, []byte("%PDF"), 0o600)
	var opened string
	ui.opener = func(u *url.URL) error { opened = u.Path; return nil }
	ui.saved(storage.NewFileURI(p))
	over := ui.win.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("nothing said")
	}
	var said string
	var show *widget.Button
	for _, o := range test.LaidOutObjects(over) {
		switch w := o.(type) {
		case *widget.Label:
			said += w.Text
		case *widget.Button:
			if w.Text == "Show in folder" {
				show = w
			}
		}
	}
	if !strings.Contains(said, "“ticket.pdf” was saved to Downloads.") || show == nil {
		t.Fatalf("said %q", said)
	}
	capture(t, ui, "saved-attachment")
	test.Tap(show)
	if strings.TrimSuffix(opened, "/") != filepath.ToSlash(dir) {
		t.Fatalf("opened %q, want the folder %q", opened, dir)
	}
}

// A sync that left messages behind (the server could not send them)
// names them in the status bar, and the bar never says "Up to date"
// while one is missing; once they come, it does again (#25).
func TestStatusBarNamesMessagesTheServerCouldNotSend(t *testing.T) {
	ui, _ := newTestUI(t)
	acct := accounts.Account{ID: 7, Name: "Work"}
	missing := mailsync.Outcome{Unfetched: []accounts.Unfetched{{Folder: "Inbox", Count: 1, Reason: "the server failed while sending it"}}}
	ui.noteUnfetched(acct, missing, nil)
	ui.showStatus(0, time.Time{})
	want := "Work: 1 message in Inbox could not be downloaded: the server failed while sending it — webmail may show it."
	if ui.status.Text != want {
		t.Fatalf("status %q, want %q", ui.status.Text, want)
	}
	// A failed sync changes nothing: what was missing still is.
	ui.noteUnfetched(acct, mailsync.Outcome{}, errors.New("offline"))
	if ui.missingText() == "" {
		t.Fatal("a failed sync forgot the missing message")
	}
	ui.noteUnfetched(acct, mailsync.Outcome{}, nil)
	ui.showStatus(0, time.Time{})
	if strings.Contains(ui.status.Text, "could not be downloaded") {
		t.Fatalf("after everything came: %q", ui.status.Text)
	}
}

// The status bar tells "this computer is offline" apart from "the mail
// server cannot be reached" (#29: a server that was down sent people to
// check their Wi-Fi), and with no account at all it does not say "Up to
// date".
func TestStatusTellsOfflineFromServerDown(t *testing.T) {
	ui, s := newTestUI(t)
	if ui.status.Text != "No email account yet, so there is no mail to get" || !ui.addAccountBox.Visible() {
		t.Fatalf("no account: %q", ui.status.Text)
	}
	capture(t, ui, "status-no-account")
	var fail error
	ui.opts.Checker.Net = netconf.Net{Timeout: time.Second, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: fail}
	}}
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Work", Email: "me@work.example", Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: netconf.Server{Host: "imap.work.example", Port: 993, Security: netconf.TLS, Username: "me"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	at := fixedNow.Format("15:04")
	server := "Work: the mail server imap.work.example has not answered since " + at + " (this computer is online; the server may be down) — everything downloaded is still here"
	offline := "This computer has been offline since " + at + " — everything downloaded is still here"
	for _, c := range []struct {
		what    string
		err     error
		network bool
		want    string
	}{
		{"refused, network up", syscall.ECONNREFUSED, true, server},
		{"name not found, network up", &net.DNSError{Err: "no such host", Name: "imap.work.example", IsNotFound: true}, true, server},
		{"name not found, no network", &net.DNSError{Err: "no such host", Name: "imap.work.example", IsNotFound: true}, false, offline},
		{"network unreachable", syscall.ENETUNREACH, true, offline},
	} {
		fail = c.err
		ui.networkUp = func() bool { return c.network }
		ui.doGetMail()
		ui.refreshFolders(false)
		if ui.status.Text != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.what, ui.status.Text, c.want)
		}
		if c.what == "refused, network up" {
			capture(t, ui, "status-server-down")
		}
	}
	_ = acct
}

// "The folder 'Jobs' is no longer on the server…" reaches the person in
// the window: the sentence stays in the status bar after the sync ended
// (it used to be only the last progress line, replaced by "Up to date"),
// also after the next sync, until the person dismisses it (#25).
func TestStatusBarKeepsWhatASyncHadToSay(t *testing.T) {
	ui, s := newTestUI(t)
	f := testservers.StartFakeIMAP(t, "ann", "pw")
	f.Create("Jobs")
	for i := 0; i < 3; i++ {
		f.Append("Jobs", []byte(fmt.Sprintf("From: boss@example.com\r\nSubject: job %d\r\nMessage-ID: <job%d@example.com>\r\n\r\nhi\r\n", i, i)))
	}
	var down atomic.Bool
	ui.opts.Checker.Net = switchableNet(&down)
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Work", Email: "ann@example.com", Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "ann"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	f.Delete("Jobs")
	out, err := ui.syncAccount(acct)
	want := "Work: The folder 'Jobs' is no longer on the server. Its 3 messages are still here in 'Jobs (no longer on the server)'."
	if err != nil || len(out.Notes) != 1 {
		t.Fatalf("sync: %+v %v", out, err)
	}
	if ui.status.Text != want || !ui.statusFix.Visible() {
		t.Fatalf("after the sync the status bar says %q", ui.status.Text)
	}
	capture(t, ui, "status-folder-gone")
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	ui.refreshFolders(false)
	if ui.status.Text != want {
		t.Fatalf("after the next sync: %q", ui.status.Text)
	}
	test.Tap(ui.statusFix)
	if ui.status.Text != "Up to date" || ui.statusFix.Visible() {
		t.Fatalf("dismissed: %q", ui.status.Text)
	}
}
