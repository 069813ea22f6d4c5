package popsync

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

// TestPOPSyncKilledAtRandomPoints kills a syncing child process (SIGKILL)
// at random moments, with the policy that removes server copies right
// after download, then checks: every message is on the server or stored
// here byte for byte, none is stored twice, and a final sync finishes.
func TestPOPSyncKilledAtRandomPoints(t *testing.T) {
	if os.Getenv("POSTIE_POPKILL_CHILD") != "" {
		popKillChild()
		return
	}
	var all []testservers.POPMessage
	mail := func(from, to int) []testservers.POPMessage {
		var out []testservers.POPMessage
		for i := from; i < to; i++ {
			out = append(out, testservers.POPMessage{UIDL: fmt.Sprintf("k%04d", i),
				Raw: []byte(fmt.Sprintf("From: n%d@example.com\r\nSubject: number %d\r\n\r\n%s\r\n", i, i, bytes.Repeat([]byte("line of body text\r\n"), 50)))})
		}
		return out
	}
	all = mail(0, 300)
	f := testservers.StartFakePOP(t, "me", "pw", all)
	f.Delay = time.Millisecond
	profile := t.TempDir()
	s, err := localstore.Open(profile)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := accounts.Create(s, &secrets.Memory{}, accounts.Account{Name: "Home", Email: "me@example.com", Settings: accounts.Settings{Protocol: accounts.POP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, ServerCopies: accounts.ServerCopies{Mode: accounts.AfterDownload}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	check := func(round int) int {
		s, err := localstore.Open(profile)
		if err != nil {
			t.Fatalf("round %d: store does not open: %v", round, err)
		}
		defer s.Close()
		stored := storedRaw(t, s, acct) // fails on a key stored twice
		onServer := map[string]bool{}
		for _, m := range f.Messages() {
			onServer[m.UIDL] = true
		}
		for _, m := range all {
			raw, here := stored[m.UIDL]
			if here && !bytes.Equal(raw, m.Raw) {
				t.Fatalf("round %d: %s stored with other bytes", round, m.UIDL)
			}
			if !here && !onServer[m.UIDL] {
				t.Fatalf("round %d: %s is lost: removed from the server but not stored", round, m.UIDL)
			}
		}
		return len(stored)
	}
	for round := 0; round < 10; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPOPSyncKilledAtRandomPoints$")
		cmd.Env = append(os.Environ(), "POSTIE_POPKILL_CHILD=1", "POSTIE_POPKILL_PROFILE="+profile,
			"POSTIE_POPKILL_ACCOUNT="+strconv.FormatInt(acct.ID, 10))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+rand.IntN(1500)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		n := check(round)
		t.Logf("round %d: %d stored, %d still on the server", round, n, len(f.Messages()))
		// New mail arrives, so the next kill lands in real work again.
		more := mail(300+round*60, 360+round*60)
		all = append(all, more...)
		f.Set(append(f.Messages(), more...))
	}
	s, _ = localstore.Open(profile)
	sec := &secrets.Memory{}
	sec.Set(acct.ID, secrets.Incoming, "pw")
	a, _ := accounts.Load(s, acct.ID)
	if _, err := (&Engine{Store: s, Secrets: sec, Net: acctest.Net}).Sync(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if n := check(99); n != len(all) || len(f.Messages()) != 0 {
		t.Fatalf("after a full sync: %d stored, %d on the server", n, len(f.Messages()))
	}
}

func popKillChild() {
	s, err := localstore.Open(os.Getenv("POSTIE_POPKILL_PROFILE"))
	if err != nil {
		os.Exit(2)
	}
	id, _ := strconv.ParseInt(os.Getenv("POSTIE_POPKILL_ACCOUNT"), 10, 64)
	a, err := accounts.Load(s, id)
	if err != nil {
		os.Exit(2)
	}
	sec := &secrets.Memory{}
	sec.Set(id, secrets.Incoming, "pw")
	(&Engine{Store: s, Secrets: sec, Net: netconf.Net{Timeout: 5 * time.Second}}).Sync(context.Background(), a)
	os.Exit(0)
}
