package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// mailCLI runs postie with stdin as its standard input.
func mailCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runWith(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// mustCLI runs postie and fails the test unless it exits with want.
func mustCLI(t *testing.T, want int, stdin string, args ...string) string {
	t.Helper()
	out, errs, code := mailCLI(t, stdin, args...)
	if code != want {
		t.Fatalf("postie %s: exit %d (want %d)\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out, errs)
	}
	return out
}

// mailFixture is a profile with one IMAP account on a private Dovecot,
// sending through the tests' SMTP server; the password is in the
// keyring (the test is skipped where there is none).
type mailFixture struct {
	d       *testservers.Server
	sub     *testservers.Submission
	profile string
	acct    accounts.Account
}

const kim = "kim@example.com"

func newMailFixture(t *testing.T) *mailFixture {
	t.Helper()
	f := &mailFixture{d: testservers.Start(t, testservers.Users{kim: "pw-kim"}, ""), sub: testservers.StartSubmission(t, kim, "pw-kim", ""), profile: t.TempDir()}
	s, err := openProfile(f.profile)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := func(port int, sec netconf.Security) netconf.Server {
		return netconf.Server{Host: "127.0.0.1", Port: port, Security: sec, Username: kim}
	}
	keys, err := accounts.ProfileKeyring(s)
	if err != nil {
		t.Fatal(err)
	}
	f.acct, err = accounts.Create(s, keys, accounts.Account{Name: "Kim", Email: kim, Settings: accounts.Settings{
		Protocol: accounts.IMAP, Incoming: srv(f.d.IMAPS, netconf.TLS), Outgoing: srv(f.sub.Port, netconf.Plain),
		TrustedCerts: []string{f.d.CertSHA256}}}, "pw-kim")
	if err != nil {
		t.Skipf("no keyring here (run the tests as dev.sh does): %v", err)
	}
	t.Cleanup(func() {
		_ = keys.Delete(f.acct.ID, secrets.Incoming)
		_ = keys.Delete(f.acct.ID, secrets.Outgoing)
	})
	return f
}

func (f *mailFixture) deliver(t *testing.T, box, subject, body string) {
	t.Helper()
	f.d.Deliver(kim, box, []byte(fmt.Sprintf("From: Ann <ann@example.org>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@example.org>\r\nDate: Mon, 2 Jan 2006 15:04:05 +0000\r\n\r\n%s\r\n",
		kim, subject, strings.ReplaceAll(subject, " ", "-"), body)))
}

// serverFlags are the flags of every message of a server folder, by
// subject, as Dovecot has them.
func (f *mailFixture) serverFlags(t *testing.T, box string) map[string]string {
	t.Helper()
	out, err := f.d.Doveadm("fetch", "-u", kim, "hdr.subject flags", "mailbox", box, "all")
	if err != nil {
		t.Fatalf("doveadm fetch: %v %s", err, out)
	}
	got := map[string]string{}
	subject := ""
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(l, "\f"))
		switch {
		case strings.HasPrefix(l, "hdr.subject:"):
			subject = strings.TrimSpace(strings.TrimPrefix(l, "hdr.subject:"))
		case strings.HasPrefix(l, "flags:"):
			got[subject] = strings.TrimSpace(strings.TrimPrefix(l, "flags:"))
		}
	}
	return got
}

func listJSON(t *testing.T, args ...string) []messageJSON {
	t.Helper()
	out := mustCLI(t, 0, "", append(append([]string{"list"}, args...), "--json")...)
	var ms []messageJSON
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatalf("list --json is not JSON: %v\n%s", err, out)
	}
	return ms
}

func bySubject(ms []messageJSON) map[string]messageJSON {
	out := map[string]messageJSON{}
	for _, m := range ms {
		out[m.Subject] = m
	}
	return out
}

func id(m messageJSON) string { return strconv.FormatInt(m.ID, 10) }

// Every changing verb, made offline (the verbs never reach the server),
// is on the server after the next postie sync; reading verbs and --json
// tell the truth; usage mistakes exit 2 and failures 1.
func TestMailVerbsAgainstDovecot(t *testing.T) {
	f := newMailFixture(t)
	p := f.profile
	for _, s := range []string{"invoice one", "invoice two", "lunch", "old news", "spam offer", "keep me"} {
		f.deliver(t, "INBOX", s, "Body of "+s+". Please pay the invoice.")
	}
	mustCLI(t, 0, "", "sync", "--profile", p)

	ms := bySubject(listJSON(t, "--profile", p, "--account", "Kim"))
	if len(ms) != 6 || !ms["lunch"].Unread || ms["lunch"].Folder != "Inbox" || ms["lunch"].Account != "Kim" || ms["lunch"].MessageID != "lunch@example.org" || !ms["lunch"].Downloaded {
		t.Fatalf("list --json: %+v", ms)
	}
	// The text list: one line a message, newest first, with a header.
	if out := mustCLI(t, 0, "", "list", "--profile", p, "--account", "Kim", "--limit", "2"); strings.Count(out, "\n") != 3 || !strings.HasPrefix(out, "ID") {
		t.Fatalf("list: %q", out)
	}
	// show: what the reader shows; by id or by Message-ID; --raw byte-exact.
	out := mustCLI(t, 0, "", "show", "--profile", p, "<lunch@example.org>", "--keep-unread")
	if !strings.Contains(out, "Subject: lunch") || !strings.Contains(out, "Body of lunch.") || !strings.Contains(out, "Folder: Kim › Inbox") {
		t.Fatalf("show: %q", out)
	}
	raw := mustCLI(t, 0, "", "show", "--profile", p, id(ms["lunch"]), "--raw")
	want := "From: Ann <ann@example.org>\r\nTo: kim@example.com\r\nSubject: lunch\r\n"
	if !strings.HasPrefix(raw, want) || !strings.HasSuffix(raw, "Please pay the invoice.\r\n") {
		t.Fatalf("show --raw: %q", raw)
	}
	if h := mustCLI(t, 0, "", "show", "--profile", p, id(ms["lunch"]), "--headers"); strings.Contains(h, "Body of") || !strings.Contains(h, "Subject: lunch") {
		t.Fatalf("show --headers: %q", h)
	}
	// search: the window's search.
	var found []messageJSON
	if err := json.Unmarshal([]byte(mustCLI(t, 0, "", "search", "--profile", p, "invoice", "--json")), &found); err != nil || len(found) != 6 {
		t.Fatalf("search --json: %v %+v", err, found)
	}
	if err := json.Unmarshal([]byte(mustCLI(t, 0, "", "search", "--profile", p, "subject:lunch", "--json")), &found); err != nil || len(found) != 1 || found[0].ID != ms["lunch"].ID {
		t.Fatalf("search subject: %v %+v", err, found)
	}

	// The changes, made without the server.
	mustCLI(t, 0, "", "mark", "--profile", p, id(ms["invoice one"]), "<invoice-two@example.org>", "--read", "--flag")
	mustCLI(t, 0, "", "move", "--profile", p, id(ms["invoice two"]), "--to", "Archive")
	mustCLI(t, 0, "", "archive-message", "--profile", p, id(ms["invoice one"]))
	mustCLI(t, 0, "", "delete", "--profile", p, id(ms["old news"]))
	mustCLI(t, 2, "", "delete", "--profile", p, id(ms["spam offer"]), "--for-ever") // no terminal, no --yes
	if len(listJSON(t, "--profile", p, "--account", "Kim", "--folder", "Inbox")) != 3 {
		t.Fatal("delete --for-ever without --yes deleted something")
	}
	mustCLI(t, 0, "", "delete", "--profile", p, id(ms["spam offer"]), "--for-ever", "--yes")
	mustCLI(t, 0, "", "show", "--profile", p, id(ms["keep me"]), "--text") // showing marks read, as the window does
	if box := f.serverFlags(t, "INBOX"); len(box) != 6 || strings.Contains(box["invoice one"], `\Flagged`) {
		t.Fatalf("the server changed before the sync: %v", box)
	}
	if n := pendingCount(t, p); n == 0 {
		t.Fatal("nothing queued for the server")
	}

	mustCLI(t, 0, "", "sync", "--profile", p)
	inbox, archive, trash := f.serverFlags(t, "INBOX"), f.serverFlags(t, "Archive"), f.serverFlags(t, "Trash")
	if len(inbox) != 2 || !strings.Contains(inbox["keep me"], `\Seen`) || strings.Contains(inbox["lunch"], `\Seen`) {
		t.Fatalf("server INBOX: %v", inbox)
	}
	for _, s := range []string{"invoice one", "invoice two"} {
		if fl, ok := archive[s]; !ok || !strings.Contains(fl, `\Flagged`) || !strings.Contains(fl, `\Seen`) {
			t.Fatalf("server Archive: %v", archive)
		}
	}
	if _, ok := trash["old news"]; !ok || len(trash) != 1 {
		t.Fatalf("server Trash: %v (spam offer must be gone for ever)", trash)
	}
	if n := pendingCount(t, p); n != 0 {
		t.Fatalf("%d changes still queued after the sync", n)
	}
	// The ids stay the same across syncs.
	if after := bySubject(listJSON(t, "--profile", p, "--folder", "Archive")); after["invoice one"].ID != ms["invoice one"].ID {
		t.Fatalf("the id changed: %+v", after)
	}

	// Mistakes: usage 2, failures 1 in plain words.
	for _, c := range []struct {
		code int
		args []string
		says string
	}{
		{2, []string{"mark", "12"}, "needs --read"},
		{2, []string{"mark", "twelve", "--read"}, "not a message id"},
		{2, []string{"move", "1"}, "needs --to"},
		{2, []string{"list", "--since", "yesterday"}, "not a date"},
		{2, []string{"list", "--nope"}, "Flag provided but not defined: -nope (postie list --help lists the options)"},
		{1, []string{"show", "99999"}, "There is no message 99999"},
		{1, []string{"show", "<nobody@nowhere>"}, "No stored message has the Message-ID"},
		{1, []string{"move", id(ms["lunch"]), "--to", "Nowhere"}, "has no folder called"},
		{1, []string{"list", "--account", "Bob"}, "no account called"},
		{0, []string{"show", "--help"}, "Usage: postie show ID"},
	} {
		out, errs, code := mailCLI(t, "", append(c.args, "--profile", p)...)
		if code != c.code || !strings.Contains(errs, c.says) {
			t.Errorf("postie %v: exit %d, %q %q (want %d, %q)", c.args, code, out, errs, c.code, c.says)
		}
	}
}

func pendingCount(t *testing.T, p string) int {
	t.Helper()
	s, err := localstore.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.PendingCount(0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// postie send: the tests' SMTP server gets exactly the bytes filed in
// Sent; offline the message waits in the Outbox (exit 0, reason in
// postie outbox) and the next sync sends it, once.
func TestSendAndOutbox(t *testing.T) {
	f := newMailFixture(t)
	p := f.profile
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "report.pdf"), []byte("%PDF-1.4 not really"), 0o644)
	out := mustCLI(t, 0, "Hello Ann,\n\nthe report is attached.\n", "send", "--profile", p, "--to", "Ann <ann@example.org>", "--bcc", "boss@example.org",
		"--subject", "Report für März", "--attach", filepath.Join(dir, "report.pdf"), "--json")
	var res sendJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.State != "sent" || res.MessageID == "" {
		t.Fatalf("send --json: %v %q", err, out)
	}
	got := f.sub.Messages()
	if len(got) != 1 || len(got[0].To) != 2 {
		t.Fatalf("the server received %+v", got)
	}
	sent := listJSON(t, "--profile", p, "--folder", "Sent")
	if len(sent) != 1 || sent[0].MessageID != res.MessageID {
		t.Fatalf("Sent: %+v", sent)
	}
	if stored := mustCLI(t, 0, "", "show", "--profile", p, id(sent[0]), "--raw"); stored != string(got[0].Data) {
		t.Fatalf("the server got other bytes than those filed in Sent:\n%q\n%q", got[0].Data, stored)
	}
	if s := string(got[0].Data); !strings.Contains(s, "the report is attached.") || !strings.Contains(s, "filename=report.pdf") || strings.Contains(s, "boss@") {
		t.Fatalf("message: %s", s)
	}
	// The attachment comes back out as it went in.
	saved := t.TempDir()
	mustCLI(t, 0, "", "show", "--profile", p, id(sent[0]), "--save-attachments", saved)
	if b, _ := os.ReadFile(filepath.Join(saved, "report.pdf")); string(b) != "%PDF-1.4 not really" {
		t.Fatalf("saved attachment: %q", b)
	}

	// Offline: nothing answers on the outgoing port.
	down := f.acct
	down.Settings.Outgoing.Port = closedPort(t)
	saveSettings(t, p, down)
	body := filepath.Join(dir, "body.txt")
	os.WriteFile(body, []byte("second"), 0o644)
	out = mustCLI(t, 0, "", "send", "--profile", p, "--from", "Kim", "--to", "ann@example.org", "--subject", "second", "--body-file", body)
	if !strings.Contains(out, "waits in the Outbox") {
		t.Fatalf("offline send: %q", out)
	}
	var waiting []outboxJSON
	if err := json.Unmarshal([]byte(mustCLI(t, 0, "", "outbox", "--profile", p, "--json")), &waiting); err != nil || len(waiting) != 1 ||
		waiting[0].State != "queued" || waiting[0].Subject != "second" || waiting[0].Reason == "" || waiting[0].Account != "Kim" {
		t.Fatalf("outbox --json: %v %+v", err, waiting)
	}
	if txt := mustCLI(t, 0, "", "outbox", "--profile", p); !strings.Contains(txt, "waiting to be sent") || !strings.Contains(txt, "why:") {
		t.Fatalf("outbox: %q", txt)
	}
	saveSettings(t, p, f.acct)
	mustCLI(t, 0, "", "sync", "--profile", p)
	if got := f.sub.Messages(); len(got) != 2 || !strings.Contains(string(got[1].Data), "second") {
		t.Fatalf("after the sync the server has %d messages", len(got))
	}
	if txt := mustCLI(t, 0, "", "outbox", "--profile", p); !strings.Contains(txt, "empty") {
		t.Fatalf("outbox after sending: %q", txt)
	}
	mustCLI(t, 2, "", "send", "--profile", p, "--subject", "nobody") // no recipient
}

func saveSettings(t *testing.T, p string, a accounts.Account) {
	t.Helper()
	s, err := localstore.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := accounts.SaveSettings(s, a); err != nil {
		t.Fatal(err)
	}
}

// closedPort is a port on this machine nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}
