package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func cli(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	var code int
	if args[0] == "account" {
		err := runAccount(args[1:], strings.NewReader(stdin), &out, &errb)
		code = 0
		if err != nil {
			errb.WriteString(accounts.Explain(err)) // as run prints it
			code = 1
		}
	} else {
		code = run(args, &out, &errb)
	}
	return out.String(), errb.String(), code
}

func TestImportExportCommands(t *testing.T) {
	p := t.TempDir()
	mbox := filepath.Join(t.TempDir(), "old.mbox")
	os.WriteFile(mbox, []byte("From a@b Mon Jan  2 15:04:05 2006\nFrom: a@example.com\nSubject: from the old program\n\nhi\n\n"), 0o644)
	out, errs, code := cli(t, "", "import", "--profile", p, "--folder", "Old mail", mbox, filepath.Join(p, "missing.eml"))
	if code != 0 || !strings.Contains(out, "1 message imported") || !strings.Contains(errs, "missing.eml: there is no such file") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	dir := t.TempDir()
	out, errs, code = cli(t, "", "export", "--profile", p, "--format", "maildir", "--folder", "Old mail", "--out", dir)
	if code != 0 || !strings.Contains(out, "1 message exported") {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "On this computer", "Old mail", "cur", "*"))
	if len(files) != 1 {
		t.Fatalf("exported files: %v", files)
	}
	if _, errs, code = cli(t, "", "export", "--profile", p, "--format", "zip", "--out", dir); code != 2 || !strings.Contains(errs, "use mbox, maildir or eml") {
		t.Fatalf("bad format: %d %q", code, errs)
	}
}

func TestAccountCommands(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"carol@example.com": "pw-carol"}, "")
	smtp := testservers.FakeSMTP(t, "carol@example.com", "pw-carol", "bad")
	p := t.TempDir()
	in := "127.0.0.1:" + strconv.Itoa(d.POP3S)
	outSrv := "127.0.0.1:" + strconv.Itoa(smtp)
	base := []string{"account", "add", "--profile", p, "--email", "carol@example.com", "--protocol", "pop",
		"--incoming", in, "--incoming-security", "tls", "--outgoing", outSrv, "--outgoing-security", "none", "--password-stdin"}

	// The self-signed certificate is refused, with the way to trust it.
	_, errs, code := cli(t, "pw-carol\n", base...)
	if code == 0 || !strings.Contains(errs, "--trust-cert") || !strings.Contains(errs, "does not trust") {
		t.Fatalf("untrusted cert: %d %q", code, errs)
	}
	trust := append(base, "--trust-cert", d.CertSHA256)
	// A removing policy without confirmation is refused, with the warning.
	_, errs, code = cli(t, "pw-carol\n", append(trust, "--pop-server-copies", "after-download")...)
	if code == 0 || !strings.Contains(errs, "only copy") || !strings.Contains(errs, "--confirm-server-deletion") {
		t.Fatalf("unconfirmed deletion: %d %q", code, errs)
	}
	s, _ := localstore.Open(p)
	list, _ := accounts.List(s)
	s.Close()
	if len(list) != 0 {
		t.Fatal("an account was saved although the command was refused")
	}
	// Wrong password: plain words.
	_, errs, _ = cli(t, "nope\n", trust...)
	if !strings.Contains(errs, "did not accept your user name and password") {
		t.Fatalf("wrong password: %q", errs)
	}
	// Confirmed: saved, with the policy.
	out, errs, code := cli(t, "pw-carol\n", append(trust, "--pop-server-copies", "after-days:30", "--confirm-server-deletion")...)
	if code != 0 {
		if strings.Contains(errs, "password store") {
			t.Skipf("no keyring here: %s", errs)
		}
		t.Fatalf("add: %q %q", out, errs)
	}
	if !strings.Contains(out, "30 days after download") {
		t.Fatalf("summary: %q", out)
	}
	out, _, _ = cli(t, "", "account", "list", "--profile", p)
	if !strings.Contains(out, "carol@example.com") || !strings.Contains(out, "after-days:30") {
		t.Fatalf("list: %q", out)
	}
	d.Deliver("carol@example.com", "INBOX", []byte("From: x@example.com\nSubject: hello carol\n\nhi\n"))
	out, errs, code = cli(t, "", "sync", "--profile", p)
	if code != 0 || !strings.Contains(out, "1 new message downloaded") {
		t.Fatalf("sync: %d %q %q", code, out, errs)
	}
	out, errs, code = cli(t, "", "account", "remove", "--profile", p, "carol@example.com")
	if code != 0 || !strings.Contains(out, "kept under") {
		t.Fatalf("remove: %q %q", out, errs)
	}
	// IMAP, keeping only the last 30 days whole for reading offline.
	out, errs, code = cli(t, "pw-carol\n", "account", "add", "--profile", p, "--email", "carol@example.com", "--protocol", "imap",
		"--incoming", "127.0.0.1:"+strconv.Itoa(d.IMAPS), "--incoming-security", "tls", "--outgoing", outSrv, "--outgoing-security", "none",
		"--trust-cert", d.CertSHA256, "--keep-days", "30", "--password-stdin")
	if code != 0 {
		t.Fatalf("add imap: %q %q", out, errs)
	}
	s, _ = localstore.Open(p)
	list, _ = accounts.List(s)
	s.Close()
	if len(list) != 1 || list[0].Settings.KeepDays != 30 {
		t.Fatalf("keep-days not saved: %+v", list)
	}
}

// `account add --incoming` without --outgoing: an archive-only account
// that can receive; the command says sending is set up later.
func TestAccountAddWithoutSending(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"dana@example.com": "pw-dana"}, "")
	p := t.TempDir()
	out, errs, code := cli(t, "pw-dana\n", "account", "add", "--profile", p, "--email", "dana@example.com", "--protocol", "pop",
		"--incoming", "127.0.0.1:"+strconv.Itoa(d.POP3S), "--incoming-security", "tls", "--trust-cert", d.CertSHA256, "--password-stdin")
	if code != 0 {
		if strings.Contains(errs, "password store") {
			t.Skipf("no keyring here: %s", errs)
		}
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	if !strings.Contains(errs, "Sending is not set up yet") {
		t.Fatalf("no word about sending: %q", errs)
	}
	s, _ := localstore.Open(p)
	list, _ := accounts.List(s)
	s.Close()
	if len(list) != 1 || list[0].Settings.Outgoing.Host != "" || list[0].Name != "dana@example.com" { // no --name: the address, as the help says
		t.Fatalf("accounts: %+v", list)
	}
}

// "Another Postie is already running" comes in a window of a sensible
// size (it was 460×1095 px, taller than the screen, OK off-screen).
func TestFatalWindowFitsTheScreen(t *testing.T) {
	a := test.NewTempApp(t)
	w := fatalWindow(a, localstore.ErrProfileInUse)
	defer w.Close()
	size := w.Content().MinSize()
	if size.Height > 260 || size.Width > 640 {
		t.Fatalf("the window wants %v", size)
	}
	if got := breakLines("one two three four", 9); got != "one two\nthree\nfour" {
		t.Fatalf("breakLines: %q", got)
	}
}

// Progress lines with terminal codes go only to a terminal, never into a
// log file or a pipe.
func TestNoTerminalCodesWhenNotATerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Fatal("a buffer taken for a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Fatal("a file taken for a terminal")
	}
}

// postie account add --oauth: prints the address to open, waits for the
// redirect, checks and saves with the refresh token in the keyring; a
// provider without a client ID in this build gives a plain error.
func TestAccountAddWithOAuth(t *testing.T) {
	as := testservers.StartOAuthServer(t, "erin")
	as.ProvidersFile(t, "testmail", []string{"example.com"}, nil)
	d := testservers.StartOAuth(t, testservers.Users{"erin": "pw"}, as.Introspection(), 0, "")
	browse := as.Browser(t)
	openBrowser = func(u string) { browse(u) }
	defer func() { openBrowser = func(string) {} }()
	p := t.TempDir()
	out, errs, code := cli(t, "", "account", "add", "--profile", p, "--email", "erin@example.com", "--oauth", "--username", "erin",
		"--incoming", "127.0.0.1:"+strconv.Itoa(d.IMAPS), "--incoming-security", "tls", "--trust-cert", d.CertSHA256)
	if code != 0 {
		if strings.Contains(errs, "password store") {
			t.Skipf("no keyring here: %s", errs)
		}
		t.Fatalf("add --oauth: %d %q %q", code, out, errs)
	}
	if !strings.Contains(out, "Sign in at Testmail in your web browser") || !strings.Contains(out, as.URL+"/authorize?") || !strings.Contains(errs, "Signed in with Testmail") {
		t.Fatalf("output: %q %q", out, errs)
	}
	if strings.Contains(out+errs, "rt-") || strings.Contains(out+errs, "at-") {
		t.Fatal("a token was printed")
	}
	s, _ := localstore.Open(p)
	list, _ := accounts.List(s)
	keys := profileKeys(t, s)
	s.Close()
	if len(list) != 1 || list[0].Settings.OAuth != "testmail" {
		t.Fatalf("accounts: %+v", list)
	}
	keys.Delete(list[0].ID, secrets.OAuth) // the store goes with p, the keyring entry not
	_, errs, code = cli(t, "", "account", "add", "--profile", t.TempDir(), "--email", "kim@yahoo.com", "--oauth")
	if code == 0 || !strings.Contains(errs, "no sign-in registered with Yahoo") || !strings.Contains(errs, "app password") {
		t.Fatalf("yahoo without a client ID: %d %q", code, errs)
	}
}

// export --folder with a folder name two accounts share asks which one;
// an address at a name without a dot is accepted when the servers are
// given.
func TestExportAsksWhichAccountAndLocalAddresses(t *testing.T) {
	p := t.TempDir()
	s, err := openProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Create(s, &secrets.Memory{}, accounts.Account{Name: "Work", Email: "me@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP}}, "pw"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, errs, code := cli(t, "", "export", "--profile", p, "--folder", "Inbox", "--out", t.TempDir())
	if code != 2 || !strings.Contains(errs, `"On this computer", "Work"`) || !strings.Contains(errs, "--account") {
		t.Fatalf("ambiguous folder: %d %q", code, errs)
	}
	if out, errs, code := cli(t, "", "export", "--profile", p, "--account", "On this computer", "--folder", "Inbox", "--out", t.TempDir()); code != 0 {
		t.Fatalf("with --account: %d %q %q", code, out, errs)
	}
	d := testservers.Start(t, testservers.Users{"root@localhost": "pw"}, "")
	out, errs, code := cli(t, "pw\n", "account", "add", "--profile", p, "--email", "root@localhost", "--incoming", "127.0.0.1:"+strconv.Itoa(d.IMAPS),
		"--incoming-security", "tls", "--trust-cert", d.CertSHA256, "--password-stdin")
	if strings.Contains(errs, "password store") {
		t.Skipf("no keyring here: %s", errs)
	}
	if code != 0 {
		t.Fatalf("root@localhost: %d %q %q", code, out, errs)
	}
	if _, errs, code = cli(t, "pw\n", "account", "add", "--profile", p, "--email", "root@localhost", "--password-stdin"); code == 0 || !strings.Contains(errs, "whole email address") {
		t.Fatalf("root@localhost without servers: %d %q", code, errs)
	}
}

// `postie archive` makes a checked copy, prints the report, exits 0 only
// when every message is copied and checked, and with --stop-using-server
// leaves the account as an archive on this computer.
func TestArchiveCommand(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"fay@example.com": "pw-fay"}, "")
	for i := 0; i < 5; i++ {
		d.Deliver("fay@example.com", "INBOX", []byte("From: a@example.com\nSubject: keep "+strconv.Itoa(i)+"\n\nkeep me\n"))
	}
	p := t.TempDir()
	out, errs, code := cli(t, "pw-fay\n", "account", "add", "--profile", p, "--email", "fay@example.com", "--protocol", "imap",
		"--incoming", "127.0.0.1:"+strconv.Itoa(d.IMAPS), "--incoming-security", "tls", "--trust-cert", d.CertSHA256, "--password-stdin")
	if code != 0 {
		if strings.Contains(errs, "password store") {
			t.Skipf("no keyring here: %s", errs)
		}
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	if _, errs, code := cli(t, "", "archive", "--profile", p, "--account", "fay@example.com"); code != 2 || !strings.Contains(errs, "--out") {
		t.Fatalf("without --out: %d %q", code, errs)
	}
	s, _ := localstore.Open(p)
	list, _ := accounts.List(s)
	keys := profileKeys(t, s)
	s.Close()
	if len(list) != 1 {
		t.Fatalf("accounts: %+v", list)
	}
	if _, err := keys.Get(list[0].ID, secrets.Incoming); err != nil {
		t.Fatalf("the password is not in the keyring: %v", err)
	}
	into := t.TempDir()
	out, errs, code = cli(t, "", "archive", "--profile", p, "--account", "fay@example.com", "--format", "maildir", "--out", into, "--stop-using-server")
	if code != 0 {
		t.Fatalf("archive: %d %q %q", code, out, errs)
	}
	if !strings.HasPrefix(out, "All 5 messages of fay@example.com on the server, in ") || !strings.Contains(out, "is now an archive on this computer: “fay@example.com (archive)”") {
		t.Fatalf("output: %q", out)
	}
	if strings.Contains(errs, "\x1b[") {
		t.Fatalf("terminal codes when not a terminal: %q", errs)
	}
	files, _ := filepath.Glob(filepath.Join(into, "Mail archive of fay@example.com", "Inbox", "cur", "*"))
	if len(files) != 5 {
		t.Fatalf("%d files in the Maildir copy", len(files))
	}
	if _, err := keys.Get(list[0].ID, secrets.Incoming); err == nil {
		t.Fatal("the password is still in the keyring")
	}
	if out, _, _ := cli(t, "", "account", "list", "--profile", p); strings.Contains(out, "fay@example.com") {
		t.Fatalf("still listed as an email account: %q", out)
	}
}
