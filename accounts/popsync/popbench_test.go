package popsync

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/sample"
)

func benchMailbox(b *testing.B, n int) (*testservers.Server, netconf.Server) {
	d := testservers.Start(b, testservers.Users{"bench": "pw"}, "")
	msgs := make([][]byte, n)
	base := time.Now()
	for i := range msgs {
		// Maildir files hold LF line ends; the server sends CRLF.
		msgs[i] = []byte(strings.ReplaceAll(string(sample.Message(i, base)), "\r\n", "\n"))
	}
	d.FillMaildir("bench", msgs)
	return d, netconf.Server{Host: "127.0.0.1", Port: d.POP3, Security: netconf.Plain, Username: "bench"}
}

func benchAccount(b *testing.B, srv netconf.Server) (*Engine, accounts.Account) {
	s, err := localstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Bench", Email: "bench@example.com", Settings: accounts.Settings{Protocol: accounts.POP, Incoming: srv, ServerCopies: accounts.ServerCopies{Mode: accounts.Keep}}}, "pw")
	if err != nil {
		b.Fatal(err)
	}
	return &Engine{Store: s, Secrets: sec, Net: netconf.Net{Timeout: time.Minute}}, acct
}

// BenchmarkPOPDownload2000 downloads 2,000 generated messages from the
// local Dovecot into an empty store (server copies kept); with fetchmail
// installed it also times fetchmail on the same mailbox and reports the
// ratio Postie/fetchmail.
func BenchmarkPOPDownload2000(b *testing.B) {
	d, srv := benchMailbox(b, 2000)
	var postie time.Duration
	for b.Loop() {
		b.StopTimer()
		p, acct := benchAccount(b, srv)
		b.StartTimer()
		start := time.Now()
		res, err := p.Sync(context.Background(), acct)
		postie = time.Since(start)
		if err != nil || res.Downloaded != 2000 {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(postie.Seconds(), "s-postie")
	b.ReportMetric(2000/postie.Seconds(), "msgs/s")
	if fm, err := exec.LookPath("fetchmail"); err == nil {
		dir := b.TempDir()
		rc := filepath.Join(dir, "fetchmailrc")
		os.WriteFile(rc, []byte(fmt.Sprintf("poll 127.0.0.1 protocol pop3 port %d auth password\n user \"bench\" password \"pw\" keep fetchall sslproto ''\n", d.POP3)), 0o600)
		cmd := exec.Command(fm, "-f", rc, "--nodetach", "--bsmtp", filepath.Join(dir, "out.bsmtp"), "-i", filepath.Join(dir, "idfile"))
		cmd.Env = append(os.Environ(), "HOME="+dir, "FETCHMAILHOME="+dir)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		if err != nil {
			b.Logf("fetchmail failed: %v %s", err, out)
			return
		}
		b.ReportMetric(took.Seconds(), "s-fetchmail")
		b.ReportMetric(postie.Seconds()/took.Seconds(), "ratio")
	}
}

// BenchmarkPOPNoNewMail checks a 10,000-message mailbox that has nothing
// new: one UIDL and LIST, no RETR.
func BenchmarkPOPNoNewMail(b *testing.B) {
	_, srv := benchMailbox(b, 10000)
	p, acct := benchAccount(b, srv)
	if res, err := p.Sync(context.Background(), acct); err != nil || res.Downloaded != 10000 {
		b.Fatalf("first sync %+v %v", res, err)
	}
	b.ResetTimer()
	for b.Loop() {
		if res, err := p.Sync(context.Background(), acct); err != nil || res.Downloaded != 0 {
			b.Fatalf("%+v %v", res, err)
		}
	}
}
