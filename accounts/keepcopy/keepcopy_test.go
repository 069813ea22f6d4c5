package keepcopy

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/mailsync"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/popsync"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// mail makes a message dated daysAgo, of about size bytes.
func mail(subject string, daysAgo int, size int) []byte {
	date := time.Now().AddDate(0, 0, -daysAgo).Format(time.RFC1123Z)
	body := strings.Repeat("Line of text for the archive test, kept whole.\n", size/48+1)
	return []byte(fmt.Sprintf("From: Kim <kim@example.com>\nTo: ann@example.com\nSubject: %s\nDate: %s\nMessage-ID: <%s@example.com>\n\n%s",
		subject, date, strings.ReplaceAll(subject, " ", "."), body))
}

// serverSums lists the SHA-256 of every message in the user's folders, as
// the server sends them.
func serverSums(t *testing.T, d *testservers.Server, user string, boxes ...string) []string {
	t.Helper()
	ph := acctest.NewPhone(t, d, user, "pw")
	var out []string
	for _, b := range boxes {
		for _, m := range ph.Box(b) {
			sum := sha256.Sum256(m.BodySection[0].Bytes)
			out = append(out, fmt.Sprintf("%x", sum))
		}
	}
	sort.Strings(out)
	return out
}

// reimported imports a copy into a fresh profile and lists the SHA-256 of
// every message read back.
func reimported(t testing.TB, dir string) []string {
	t.Helper()
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	local, err := s.EnsureLocalAccount(nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() == ReportFile {
			continue
		}
		f, err := s.CreateFolder(local.ID, localstore.Folder{Name: e.Name(), Path: e.Name()})
		if err != nil {
			t.Fatal(err)
		}
		im := &archive.Importer{Store: s, FolderID: f.ID}
		if rep, err := im.Import(filepath.Join(dir, e.Name())); err != nil || len(rep.Problems) > 0 {
			t.Fatalf("re-import of %s: %v %v", e.Name(), err, rep.Problems)
		}
		s.EachRaw(f.ID, func(_ localstore.Summary, raw []byte) error {
			out = append(out, fmt.Sprintf("%x", sha256.Sum256(raw)))
			return nil
		})
	}
	sort.Strings(out)
	return out
}

func copier(s *localstore.Store, sec secrets.Secrets) (*Copier, *mailsync.Syncer) {
	sy := &mailsync.Syncer{Store: s, Secrets: func(accounts.Account) secrets.Secrets { return sec }, Net: acctest.Net}
	return &Copier{Store: s, Check: sy.CheckCopies, Sync: func(ctx context.Context, a accounts.Account) error {
		_, err := sy.Sync(ctx, a)
		return err
	}}, sy
}

// An IMAP account with nested folders, mail older than the account keeps
// offline, a large message, a folder switched off here, a message deleted on
// the server mid-run and a run interrupted and resumed: the report is
// exact, nothing is fetched twice, and the copy re-imported into a fresh
// profile gives back every message of the server byte for byte.
func TestKeepCopyOfAnIMAPAccount(t *testing.T) {
	if !testservers.Available() {
		t.Skip("dovecot is not installed")
	}
	d := testservers.Start(t, testservers.Users{"ann": "pw"}, "")
	for _, box := range []string{"Work", "Work/Projects", "Hidden"} {
		args := []string{"mailbox", "create", "-u", "ann"}
		if box != "Hidden" {
			args = append(args, "-s")
		}
		if out, err := d.Doveadm(append(args, box)...); err != nil {
			t.Fatalf("%v %s", err, out)
		}
	}
	for i := 0; i < 30; i++ {
		d.Deliver("ann", "INBOX", mail(fmt.Sprintf("inbox %d", i), i*20, 2000+i*300)) // most older than 30 days
	}
	d.Deliver("ann", "INBOX", mail("big one", 400, 3<<20))
	for i := 0; i < 6; i++ {
		d.Deliver("ann", "Work", mail(fmt.Sprintf("work %d", i), i*100, 5000))
		d.Deliver("ann", "Work/Projects", mail(fmt.Sprintf("project %d", i), i*90, 8000))
	}
	d.Deliver("ann", "Hidden", mail("hidden 1", 3, 1000))

	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Ann", Email: "ann@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP, KeepDays: 30,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"}, TrustedCerts: []string{d.CertSHA256}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	c, sy := copier(s, sec)
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	// Every folder is synced, subscribed or not (#25); the person has
	// switched "Hidden" off for this computer.
	hidden := folderNamed(t, s, acct.ID, "Hidden")
	if err := s.SetFolderOffline(hidden.ID, false); err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if n, _ := s.PartialCount(in.ID); n < 20 {
		t.Fatalf("only %d Inbox messages kept as headers: the test needs old mail", n)
	}
	into := t.TempDir()

	// Run 1 is interrupted after its first chunk of checks.
	ctx, cancel := context.WithCancel(context.Background())
	firstRun := 0
	check := c.Check
	c.Check = func(ctx context.Context, a accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (accounts.CheckPass, error) {
		return check(ctx, a, run, func(res []accounts.Checked) error {
			for _, r := range res {
				if r.Outcome == accounts.Same {
					firstRun++
				}
			}
			err := found(res)
			if firstRun > 0 {
				cancel()
			}
			return err
		})
	}
	if _, err := c.Run(ctx, acct, Options{Format: archive.Mbox, Into: into}); !errors.Is(err, context.Canceled) {
		t.Fatalf("the interrupted run ended with %v", err)
	}
	if firstRun == 0 {
		t.Fatal("nothing was checked before the interruption")
	}
	if _, ok := Unfinished(s, acct.ID); !ok {
		t.Fatal("the interrupted run is not left to resume")
	}

	// Run 2 resumes; a message is expunged on the server between its sync
	// and its check.
	acct, _ = accounts.Load(s, acct.ID)
	secondRun, expunged := 0, false
	c.Check = func(ctx context.Context, a accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (accounts.CheckPass, error) {
		if !expunged {
			expunged = true
			if out, err := d.Doveadm("expunge", "-u", "ann", "mailbox", "Work", "header", "Subject", "work 3"); err != nil {
				t.Fatalf("%v %s", err, out)
			}
		}
		return check(ctx, a, run, func(res []accounts.Checked) error {
			for _, r := range res {
				if r.Outcome == accounts.Same {
					secondRun++
				}
			}
			return found(res)
		})
	}
	var texts []string
	c.OnProgress = func(p Progress) { texts = append(texts, p.Text) }
	rep, err := c.Run(context.Background(), acct, Options{Format: archive.Mbox, Into: into})
	if err != nil {
		t.Fatal(err)
	}
	onServer := 31 + 6 + 6 - 1 // Inbox, Work (one expunged), Projects; Hidden is switched off
	if firstRun+secondRun != onServer || rep.Checked != onServer {
		t.Fatalf("checked %d then %d (report %d), want %d in all: something was fetched twice or not at all", firstRun, secondRun, rep.Checked, onServer)
	}
	if len(rep.Gone) != 1 || rep.Gone[0].Subject != "work 3" {
		t.Fatalf("gone: %+v", rep.Gone)
	}
	if rep.OK() || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], `"Hidden"`) || !strings.Contains(rep.Problems[0], "switched off") {
		t.Fatalf("the switched-off folder is not reported: ok=%v %q", rep.OK(), rep.Problems)
	}
	if acct.Settings.KeepDays != 0 {
		t.Fatal("the account still keeps only recent mail")
	}
	t.Logf("report:\n%s", rep.Text())

	// Switched on, tried again: everything, and the report says so.
	if err := s.SetFolderOffline(hidden.ID, true); err != nil {
		t.Fatal(err)
	}
	acct, _ = accounts.Load(s, acct.ID)
	c.Check = check
	rep, err = c.Run(context.Background(), acct, Options{Format: archive.Mbox, Into: into})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Checked != onServer+1 || rep.Folders != 4 || rep.Messages != onServer+1 {
		t.Fatalf("second try: ok=%v checked=%d folders=%d messages=%d\n%s", rep.OK(), rep.Checked, rep.Folders, rep.Messages, rep.Text())
	}
	want := fmt.Sprintf("All %d messages of ann@example.com on the server, in 4 folders", onServer+1)
	if !strings.HasPrefix(rep.Text(), want) || !strings.Contains(rep.Text(), "checked against the server on "+time.Now().Format("2 January 2006")) {
		t.Fatalf("report:\n%s", rep.Text())
	}
	saved, err := os.ReadFile(filepath.Join(rep.Dir, ReportFile))
	if err != nil || string(saved) != rep.Text() {
		t.Fatalf("the saved report: %v\n%s", err, saved)
	}
	if filepath.Dir(rep.Dir) != into || filepath.Base(rep.Dir) != "Mail archive of ann@example.com" {
		t.Fatalf("the copy went to %s", rep.Dir)
	}
	got := reimported(t, rep.Dir)
	server := serverSums(t, d, "ann", "INBOX", "Work", "Work/Projects", "Hidden")
	// The message deleted on the server during run 2 was let go by the
	// next sync (as on the server), so the copy is the server's mailbox.
	if strings.Join(got, " ") != strings.Join(server, " ") {
		t.Fatalf("re-imported %d messages, the server has %d: not the same bytes", len(got), len(server))
	}
	if len(texts) == 0 || !strings.Contains(strings.Join(texts, "\n"), "Checking against the server:") {
		t.Fatalf("no progress: %q", texts)
	}
	// The server still has everything it had (nothing was deleted there).
	ph := acctest.NewPhone(t, d, "ann", "pw")
	if sel, err := ph.C.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil || sel.NumMessages != 31 {
		t.Fatalf("the server's Inbox: %v %v", sel, err)
	}
}

// A POP account: messages deleted here but kept on the server are
// downloaded into "Left on the server" and checked like the rest; the
// Maildir copy re-imports byte for byte; then the account stops using the
// server and its mail stays as a local archive.
func TestKeepCopyOfAPOPAccount(t *testing.T) {
	if !testservers.Available() {
		t.Skip("dovecot is not installed")
	}
	d := testservers.Start(t, testservers.Users{"bob": "pw"}, "")
	for i := 0; i < 8; i++ {
		d.Deliver("bob", "INBOX", mail(fmt.Sprintf("pop %d", i), i, 3000+i*1000))
	}
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Bob", Email: "bob@example.com", Settings: accounts.Settings{Protocol: accounts.POP,
		Incoming:     netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS, Username: "bob"},
		TrustedCerts: []string{d.CertSHA256}, ServerCopies: accounts.ServerCopies{Mode: accounts.Keep}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	c, sy := copier(s, sec)
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 100)
	if len(page) != 8 {
		t.Fatalf("%d downloaded", len(page))
	}
	// Two deleted for ever here; the server keeps them (policy: keep).
	if err := s.DeleteForever([]int64{page[0].ID, page[1].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := sy.Sync(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	rep, err := c.Run(context.Background(), acct, Options{Format: archive.Maildir, Into: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Checked != 8 || rep.Messages != 8 {
		t.Fatalf("ok=%v checked=%d messages=%d\n%s", rep.OK(), rep.Checked, rep.Messages, rep.Text())
	}
	left, err := s.FolderByPath(acct.ID, popsync.LeftOnServerFolder)
	if err != nil || left.Total != 2 {
		t.Fatalf("left on the server: %+v %v", left, err)
	}
	got := reimported(t, rep.Dir)
	server := serverSums(t, d, "bob", "INBOX")
	if strings.Join(got, " ") != strings.Join(server, " ") {
		t.Fatalf("the Maildir copy does not re-import as the server's messages: %d vs %d", len(got), len(server))
	}
	if n, _ := d.Doveadm("mailbox", "status", "-u", "bob", "messages", "INBOX"); !strings.Contains(n, "messages=8") {
		t.Fatalf("the server lost messages: %s", n)
	}

	if err := StopUsingServer(s, sec, acct); err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Load(s, acct.ID); err == nil {
		t.Fatal("the account still exists")
	}
	if _, err := sec.Get(acct.ID, secrets.Incoming); err == nil {
		t.Fatal("the password is still kept")
	}
	total := 0
	all, _ := s.Accounts()
	for _, a := range all {
		if a.ID == acct.ID && a.Kind == localstore.KindLocal && a.Name == "bob@example.com (archive)" {
			fs, _ := s.Folders(a.ID)
			for _, f := range fs {
				total += f.Total
			}
		}
	}
	if total != 8 {
		t.Fatalf("the archive on this computer holds %d messages", total)
	}
}

// Stopping to use the server needs a finished, fully checked copy first.
func TestStopUsingServerNeedsAFinishedCopy(t *testing.T) {
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "C", Email: "c@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: 1, Username: "c"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := StopUsingServer(s, sec, acct); err == nil || !strings.Contains(err.Error(), "first keep a permanent copy") {
		t.Fatalf("got %v", err)
	}
	if _, err := s.StartCopyRun(acct.ID, "mbox", t.TempDir(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := StopUsingServer(s, sec, acct); err == nil {
		t.Fatal("an unfinished copy let the server go")
	}
	if _, err := accounts.Load(s, acct.ID); err != nil {
		t.Fatal(err)
	}
}

func folderNamed(t *testing.T, s *localstore.Store, accountID int64, name string) localstore.Folder {
	t.Helper()
	fs, err := s.Folders(accountID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no folder %q in %+v", name, fs)
	return localstore.Folder{}
}
