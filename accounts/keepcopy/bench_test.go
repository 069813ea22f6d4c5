package keepcopy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
	"github.com/postie-mail/postie/localstore/sample"
)

// BenchmarkKeepCopyRealistic is issue #18's measurement: a permanent copy
// of an account of 10,000 realistic messages (sample.Realistic, about 285
// MB) in four folders, one nested, on the local Dovecot (plaintext on
// loopback), from an empty profile: the first sync, the checks against
// the server, writing the mbox copy and reading it back; then the copy is
// re-imported into a fresh profile and compared with the store, byte for
// byte. Run it alone: ./dev.sh bench KeepCopyRealistic.
func BenchmarkKeepCopyRealistic(b *testing.B) {
	const n = 10000
	d := testservers.Start(b, testservers.Users{"bench": "pw"}, "")
	msgs := make([][]byte, n)
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	size := 0
	for i := range msgs {
		msgs[i] = sample.Realistic(i, base)
		size += len(msgs[i])
	}
	d.FillMaildir("bench", msgs)
	for _, m := range []struct {
		box      string
		from, to int
	}{{"Archive", 1, 3000}, {"Work", 3001, 4500}, {"Work/Projects", 4501, 5500}} {
		if out, err := d.Doveadm("mailbox", "create", "-s", "-u", "bench", m.box); err != nil && !strings.Contains(out, "exists") {
			b.Fatalf("%v %s", err, out)
		}
		if out, err := d.Doveadm("move", "-u", "bench", m.box, "mailbox", "INBOX", "uid", fmt.Sprintf("%d:%d", m.from, m.to)); err != nil {
			b.Fatalf("%v %s", err, out)
		}
	}
	b.Logf("account: %d messages, %d MB, in INBOX, Archive, Work, Work/Projects", n, size>>20)
	for b.Loop() {
		s, err := localstore.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		sec := &secrets.Memory{}
		acct, _ := accounts.Create(s, sec, accounts.Account{Name: "Bench", Email: "bench@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
			Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAP, Security: netconf.Plain, Username: "bench"}}}, "pw")
		c, _ := copier(s, sec)
		var checking, writing time.Time
		c.OnProgress = func(p Progress) {
			switch {
			case checking.IsZero() && strings.HasPrefix(p.Text, "Checking"):
				checking = time.Now()
			case writing.IsZero() && strings.HasPrefix(p.Text, "Writing"):
				writing = time.Now()
			}
		}
		start := time.Now()
		rep, err := c.Run(context.Background(), acct, Options{Format: archive.Mbox, Into: b.TempDir()})
		end := time.Now()
		if err != nil || !rep.OK() || rep.Checked != n {
			b.Fatalf("%v\n%s", err, rep.Text())
		}
		b.Logf("total %.1f s: first sync %.1f s, checks %.1f s, writing and reading back %.1f s",
			end.Sub(start).Seconds(), checking.Sub(start).Seconds(), writing.Sub(checking).Seconds(), end.Sub(writing).Seconds())
		b.Logf("report:\n%s", rep.Text())

		// Re-imported into a fresh profile: the same bytes as stored. An
		// mbox file ends every message with a line break, so a message
		// stored without one (APPENDed by some program; the synthetic
		// corpus has many) comes back with one: that is the format's
		// rule, and Maildir copies have no such exception.
		t0 := time.Now()
		var stored []string
		lacking := 0
		fs, _ := s.Folders(acct.ID)
		for _, f := range fs {
			s.EachRaw(f.ID, func(_ localstore.Summary, raw []byte) error {
				if !bytes.HasSuffix(raw, []byte("\n")) {
					lacking++
					raw = append(raw[:len(raw):len(raw)], '\n')
				}
				stored = append(stored, fmt.Sprintf("%x", sha256.Sum256(raw)))
				return nil
			})
		}
		sort.Strings(stored)
		got := reimported(b, rep.Dir)
		same := strings.Join(got, " ") == strings.Join(stored, " ")
		b.Logf("re-import into a fresh profile: %d messages, identical bytes: %v (%d of them stored without a final line break, which mbox adds) (%.1f s)",
			len(got), same, lacking, time.Since(t0).Seconds())
		if !same {
			b.Fatal("the copy does not re-import byte for byte")
		}
		s.Close()
	}
}
