package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/keepcopy"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// The window explains, copies an account with old mail kept only on the
// server, shows the report, and only then offers to stop using the server,
// which leaves the mail as an archive on this computer.
func TestKeepCopyWindow(t *testing.T) {
	ui, s := newTestUI(t)
	d := testservers.Start(t, testservers.Users{"kim": "pw"}, "")
	for i := 0; i < 12; i++ {
		d.Deliver("kim", "INBOX", []byte(fmt.Sprintf("From: Lee <lee@example.org>\nSubject: Letter %d\nDate: %s\n\nDear Kim, letter number %d.\n",
			i, time.Now().AddDate(0, 0, -40*i).Format(time.RFC1123Z), i)))
	}
	d.Deliver("kim", "Archive", []byte("From: Lee <lee@example.org>\nSubject: Kept for years\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n\nOld.\n"))
	ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 3 * time.Second}}
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Kim", Email: "kim@example.org", Settings: accounts.Settings{
		Protocol: accounts.IMAP, KeepDays: 30, TrustedCerts: []string{d.CertSHA256},
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "kim"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	ui.refreshFolders(false)

	v := ui.openKeepCopy(acct)
	v.win.Resize(fyne.NewSize(660, 600))
	v.into = filepath.Join(t.TempDir(), "Documents")
	os.MkdirAll(v.into, 0o755)
	v.where.SetText(v.into)
	capture(t, &UI{win: v.win}, "keepcopy-1-start")
	if v.format.Selected != formatMbox {
		t.Fatalf("the format offered first is %q", v.format.Selected)
	}

	// The run (synchronous here) reports progress in words and numbers.
	var progress []string
	bar := 0.0
	ui.bg = func(f func()) {
		f()
		progress = append(progress, v.text.Text)
		bar = v.bar.Value
	}
	v.shown = func() {
		if strings.HasPrefix(v.text.Text, "Checking against the server: 12 of 13") {
			capture(t, &UI{win: v.win}, "keepcopy-2-progress")
		}
	}
	test.Tap(findButton(t, v.win.Content(), "Start"))
	if bar != 1 || progress[len(progress)-1] != "Writing the copy and reading it back…" {
		t.Fatalf("progress at the end: %q, bar %.2f", progress, bar)
	}
	if v.report == nil {
		t.Fatal("no report shown")
	}
	rep := v.report
	if !rep.OK() || rep.Checked != 13 || rep.Folders < 2 {
		t.Fatalf("report: ok=%v checked=%d folders=%d\n%s", rep.OK(), rep.Checked, rep.Folders, rep.Text())
	}
	capture(t, &UI{win: v.win}, "keepcopy-3-report")
	if _, err := os.Stat(filepath.Join(rep.Dir, keepcopy.ReportFile)); err != nil {
		t.Fatal(err)
	}

	test.Tap(findButton(t, v.win.Content(), "Stop using the server for this account…"))
	capture(t, &UI{win: v.win}, "keepcopy-4-confirm")
	answerDialog(t, v.win, true)
	if _, err := accounts.Load(s, acct.ID); err == nil {
		t.Fatal("the account still uses the server")
	}
	total := 0
	all, _ := s.Accounts()
	for _, a := range all {
		if a.ID == acct.ID && a.Kind == localstore.KindLocal && a.Name == "kim@example.org (archive)" {
			fs, _ := s.Folders(a.ID)
			for _, f := range fs {
				total += f.Total
			}
		}
	}
	if total != 13 {
		t.Fatalf("the archive on this computer holds %d messages", total)
	}
	if !strings.Contains(ui.status.Text, "is now an archive on this computer") {
		t.Fatalf("status: %q", ui.status.Text)
	}
	capture(t, ui, "keepcopy-5-archive")
}
