package imapsync

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

// BenchmarkIMAPRealistic is issue #17's measurement: a realistic mailbox
// (10,000 messages, about 285 MB: plain, HTML, alternatives, attachments,
// forwards, eight charsets, a few of 1–5 MB; sample.Realistic) on the
// local Dovecot, plaintext on loopback. Postie and mbsync (isync) each
// make a first sync into an empty store and then a sync with nothing
// new, in interleaved rounds; the medians and the ratios are reported.
// Run it alone: ./dev.sh bench IMAPRealistic.
func BenchmarkIMAPRealistic(b *testing.B) {
	mb, err := exec.LookPath("mbsync")
	if err != nil {
		b.Skip("mbsync (Debian's isync) is not installed")
	}
	const n, rounds = 10000, 3
	d := testservers.Start(b, testservers.Users{"bench": "pw"}, "")
	msgs := make([][]byte, n)
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	total := 0
	for i := range msgs {
		msgs[i] = sample.Realistic(i, base)
		total += len(msgs[i])
	}
	d.FillMaildir("bench", msgs)
	b.Logf("mailbox: %d messages, %d MB", n, total>>20)
	srv := netconf.Server{Host: "127.0.0.1", Port: d.IMAP, Security: netconf.Plain, Username: "bench"}
	var pFirst, pAgain, mFirst, mAgain []float64
	for b.Loop() {
		for r := 0; r < rounds; r++ {
			// Postie.
			s, err := localstore.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			sec := &secrets.Memory{}
			acct, _ := accounts.Create(s, sec, accounts.Account{Name: "Bench", Settings: accounts.Settings{Protocol: accounts.IMAP, Incoming: srv}}, "pw")
			e := &Engine{Store: s, Secrets: sec, Net: netconf.Net{Timeout: time.Minute}}
			start := time.Now()
			res, err := e.Sync(context.Background(), acct)
			pFirst = append(pFirst, time.Since(start).Seconds())
			if err != nil || res.New != n {
				b.Fatalf("%+v %v", res, err)
			}
			start = time.Now()
			if _, err := e.Sync(context.Background(), acct); err != nil {
				b.Fatal(err)
			}
			pAgain = append(pAgain, time.Since(start).Seconds())
			s.Close()
			// mbsync, same server, same mailbox.
			first, again := runMbsync(b, mb, d.IMAP)
			mFirst, mAgain = append(mFirst, first), append(mAgain, again)
		}
	}
	pf, pa, mf, ma := median(pFirst), median(pAgain), median(mFirst), median(mAgain)
	b.ReportMetric(pf, "s-postie-first")
	b.ReportMetric(mf, "s-mbsync-first")
	b.ReportMetric(pf/mf, "ratio-first")
	b.ReportMetric(pa, "s-postie-nothing-new")
	b.ReportMetric(ma, "s-mbsync-nothing-new")
	b.ReportMetric(pa/ma, "ratio-nothing-new")
	b.Logf("first sync: Postie %v, mbsync %v; nothing new: Postie %v, mbsync %v", pFirst, mFirst, pAgain, mAgain)
}

// runMbsync syncs the account into a new Maildir with mbsync, twice: the
// first sync and one with nothing new. Every folder is checked (Patterns
// *).
func runMbsync(b *testing.B, mb string, port int) (first, again float64) {
	dir := b.TempDir()
	rc := filepath.Join(dir, "mbsyncrc")
	os.MkdirAll(filepath.Join(dir, "mail"), 0o755)
	conf := fmt.Sprintf("IMAPAccount bench\nHost 127.0.0.1\nPort %d\nUser bench\nPass pw\nTLSType None\nAuthMechs LOGIN\n\nIMAPStore remote\nAccount bench\n\n"+
		"MaildirStore local\nPath %[2]s/mail/\nInbox %[2]s/mail/INBOX\n\nChannel bench\nFar :remote:\nNear :local:\nPatterns *\nCreate Near\nSync Pull\nSyncState *\n", port, dir)
	os.WriteFile(rc, []byte(conf), 0o600)
	run := func() float64 {
		cmd := exec.Command(mb, "-q", "-c", rc, "-a")
		cmd.Env = append(os.Environ(), "HOME="+dir)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil && strings.Contains(string(out), "TLSType") { // isync before 1.4
			os.WriteFile(rc, []byte(strings.Replace(conf, "TLSType", "SSLType", 1)), 0o600)
			start = time.Now()
			out, err = exec.Command(mb, "-q", "-c", rc, "-a").CombinedOutput()
		}
		if err != nil {
			b.Fatalf("mbsync: %v %s", err, out)
		}
		return time.Since(start).Seconds()
	}
	return run(), run()
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
