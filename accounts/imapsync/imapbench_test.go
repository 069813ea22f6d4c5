package imapsync

import (
	"bytes"
	"context"
	"os/exec"
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
		took, _ := runMbsync(b, mb, d.IMAP)
		b.ReportMetric(took, "s-mbsync")
		b.ReportMetric(first.Seconds()/took, "ratio")
	}
}
