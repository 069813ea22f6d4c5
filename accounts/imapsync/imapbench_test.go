package imapsync

import (
	"bytes"
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

// BenchmarkIMAPSync10000: the initial sync of 10,000 generated messages
// (most 0.5–4 KB, some up to 5 MB) from the local Dovecot, then a sync
// with nothing new. With mbsync installed it syncs the same mailbox into
// a temporary Maildir and reports Postie/mbsync.
func BenchmarkIMAPSync10000(b *testing.B) {
	const n = 10000
	d := testservers.Start(b, testservers.Users{"bench": "pw"}, "")
	msgs := make([][]byte, n)
	base := time.Now()
	for i := range msgs {
		m := sample.Message(i, base)
		if i%1000 == 999 { // a few big ones, up to 5 MB
			m = append(m, bytes.Repeat([]byte("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2\r\n"), (i/1000+1)*8000)...)
		}
		msgs[i] = []byte(strings.ReplaceAll(string(m), "\r\n", "\n"))
	}
	d.FillMaildir("bench", msgs)
	srv := netconf.Server{Host: "127.0.0.1", Port: d.IMAP, Security: netconf.Plain, Username: "bench"}
	var first, again, listed time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := localstore.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		sec := &secrets.Memory{}
		acct, _ := accounts.Create(s, sec, accounts.Account{Name: "Bench", Settings: accounts.Settings{Protocol: accounts.IMAP, Incoming: srv}}, "pw")
		sy := &Engine{Store: s, Secrets: sec, Net: netconf.Net{Timeout: time.Minute}}
		b.StartTimer()
		start := time.Now()
		listed = 0
		sy.OnEvent = func(e accounts.Event) { // the whole list is there: reading can start
			if listed == 0 && strings.HasPrefix(e.Text, "Downloading messages") {
				listed = time.Since(start)
			}
		}
		res, err := sy.Sync(context.Background(), acct)
		first = time.Since(start)
		if err != nil || res.New != n {
			b.Fatalf("%+v %v", res, err)
		}
		sy.OnEvent = nil
		start = time.Now()
		if res, err = sy.Sync(context.Background(), acct); err != nil || res.New != 0 {
			b.Fatalf("%+v %v", res, err)
		}
		again = time.Since(start)
		s.Close()
	}
	b.ReportMetric(first.Seconds(), "s-initial")
	b.ReportMetric(listed.Seconds(), "s-listed")
	b.ReportMetric(again.Seconds(), "s-resync")
	if mb, err := exec.LookPath("mbsync"); err == nil {
		dir := b.TempDir()
		rc := filepath.Join(dir, "mbsyncrc")
		os.MkdirAll(filepath.Join(dir, "mail"), 0o755)
		os.WriteFile(rc, []byte(fmt.Sprintf(`IMAPAccount bench
Host 127.0.0.1
Port %d
User bench
Pass pw
TLSType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path %[2]s/mail/
Inbox %[2]s/mail/INBOX

Channel bench
Far :remote:
Near :local:
Patterns *
Create Near
Sync Pull
SyncState *
`, d.IMAP, dir)), 0o600)
		cmd := exec.Command(mb, "-q", "-c", rc, "-a")
		cmd.Env = append(os.Environ(), "HOME="+dir)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		if err != nil {
			// isync before 1.4 spells TLSType as SSLType.
			os.WriteFile(rc, bytes.ReplaceAll(mustRead(rc), []byte("TLSType"), []byte("SSLType")), 0o600)
			start = time.Now()
			out, err = exec.Command(mb, "-q", "-c", rc, "-a").CombinedOutput()
			took = time.Since(start)
		}
		if err != nil {
			b.Logf("mbsync failed: %v %s", err, out)
			return
		}
		b.ReportMetric(took.Seconds(), "s-mbsync")
		b.ReportMetric(first.Seconds()/took.Seconds(), "ratio")
	}
}

func mustRead(p string) []byte {
	b, _ := os.ReadFile(p)
	return b
}
