package imapsync

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// TestIMAPSyncKilledAtRandomPoints kills a syncing child process at random
// moments, with changes made here waiting in the queue, then syncs again:
// nothing lost, nothing duplicated, stored bytes equal to the server's.
func TestIMAPSyncKilledAtRandomPoints(t *testing.T) {
	if os.Getenv("POSTIE_IMAPKILL_CHILD") != "" {
		imapKillChild()
		return
	}
	d := testservers.Start(t, testservers.Users{"kim": "pw"}, "")
	var msgs [][]byte
	for i := 0; i < 4000; i++ {
		msgs = append(msgs, []byte(fmt.Sprintf("From: n%d@example.com\nSubject: number %d\nMessage-ID: <%d@kill>\n\n%s\n", i, i, i, bytes.Repeat([]byte("some body text\n"), 40))))
	}
	d.FillMaildir("kim", msgs)
	for round, delay := range []int{15, 60, 120, 200, 300} {
		profile := t.TempDir()
		s, _ := localstore.Open(profile)
		acct, err := accounts.Create(s, &secrets.Memory{}, accounts.Account{Name: "Kim", Settings: accounts.Settings{Protocol: accounts.IMAP,
			Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAP, Security: netconf.Plain, Username: "kim"}}}, "pw")
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		cmd := exec.Command(os.Args[0], "-test.run=^TestIMAPSyncKilledAtRandomPoints$")
		cmd.Env = append(os.Environ(), "POSTIE_IMAPKILL_CHILD=1", "POSTIE_IMAPKILL_PROFILE="+profile, "POSTIE_IMAPKILL_ACCOUNT="+strconv.FormatInt(acct.ID, 10))
		cmd.Start()
		time.Sleep(time.Duration(delay+rand.IntN(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		s, err = localstore.Open(profile)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
		f, _ := s.Folder(in.ID)
		// Changes made here after the crash must reach the server too.
		page, _ := s.Messages(in.ID, nil, 3)
		for _, m := range page {
			s.SetFlags([]int64{m.ID}, localstore.Seen, true)
		}
		sec := &secrets.Memory{}
		sec.Set(acct.ID, secrets.Incoming, "pw")
		a, _ := accounts.Load(s, acct.ID)
		if _, err := (&Engine{Store: s, Secrets: sec, Net: acctest.Net}).Sync(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		err = s.EachRaw(in.ID, func(m localstore.Summary, raw []byte) error {
			if seen[m.MessageID] {
				return fmt.Errorf("%s stored twice", m.MessageID)
			}
			seen[m.MessageID] = true
			var i int
			fmt.Sscanf(m.Subject, "number %d", &i)
			if !bytes.Equal(raw, bytes.ReplaceAll(msgs[i], []byte("\n"), []byte("\r\n"))) {
				return fmt.Errorf("%s: stored bytes differ from the server's", m.MessageID)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if len(seen) != len(msgs) {
			t.Fatalf("round %d: %d of %d messages here after the final sync", round, len(seen), len(msgs))
		}
		if n, _ := s.PendingCount(acct.ID); n != 0 {
			t.Fatalf("round %d: %d changes still waiting", round, n)
		}
		t.Logf("round %d: killed with %d of %d stored; after a new sync all %d here once, bytes equal", round, f.Total, len(msgs), len(seen))
		s.Close()
	}
}

func imapKillChild() {
	s, err := localstore.Open(os.Getenv("POSTIE_IMAPKILL_PROFILE"))
	if err != nil {
		os.Exit(2)
	}
	id, _ := strconv.ParseInt(os.Getenv("POSTIE_IMAPKILL_ACCOUNT"), 10, 64)
	a, _ := accounts.Load(s, id)
	sec := &secrets.Memory{}
	sec.Set(id, secrets.Incoming, "pw")
	(&Engine{Store: s, Secrets: sec, Net: netconf.Net{Timeout: 10 * time.Second}}).Sync(context.Background(), a)
	os.Exit(0)
}
