package popsync

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
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
// installed it times fetchmail on the same mailbox too, in interleaved
// rounds, and reports the medians and the ratio Postie/fetchmail.
func BenchmarkPOPDownload2000(b *testing.B) {
	const rounds = 3
	d, srv := benchMailbox(b, 2000)
	fm, _ := exec.LookPath("fetchmail")
	var postie, fetchmail []float64
	for b.Loop() {
		for r := 0; r < rounds; r++ {
			p, acct := benchAccount(b, srv)
			start := time.Now()
			res, err := p.Sync(context.Background(), acct)
			postie = append(postie, time.Since(start).Seconds())
			if err != nil || res.Downloaded != 2000 {
				b.Fatalf("%+v %v", res, err)
			}
			if fm != "" {
				fetchmail = append(fetchmail, runFetchmail(b, fm, d.POP3))
			}
		}
	}
	pm := median(postie)
	b.ReportMetric(pm, "s-postie")
	b.ReportMetric(2000/pm, "msgs/s")
	if len(fetchmail) > 0 {
		fmm := median(fetchmail)
		b.ReportMetric(fmm, "s-fetchmail")
		b.ReportMetric(pm/fmm, "ratio")
	}
	b.Logf("Postie %v, fetchmail %v", postie, fetchmail)
}

// runFetchmail downloads the whole mailbox with fetchmail (kept on the
// server) into a BSMTP file, as a program nobody here wrote.
func runFetchmail(b *testing.B, fm string, port int) float64 {
	dir := b.TempDir()
	rc := filepath.Join(dir, "fetchmailrc")
	os.WriteFile(rc, []byte(fmt.Sprintf("poll 127.0.0.1 protocol pop3 port %d auth password\n user \"bench\" password \"pw\" keep fetchall sslproto ''\n", port)), 0o600)
	cmd := exec.Command(fm, "-f", rc, "--nodetach", "--bsmtp", filepath.Join(dir, "out.bsmtp"), "-i", filepath.Join(dir, "idfile"))
	cmd.Env = append(os.Environ(), "HOME="+dir, "FETCHMAILHOME="+dir)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start).Seconds()
	if err != nil {
		b.Fatalf("fetchmail failed: %v %s", err, out)
	}
	return took
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
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
