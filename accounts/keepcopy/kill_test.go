package keepcopy

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/localstore/archive"
)

// A run killed (SIGKILL) in the middle of its checks resumes: what was
// checked before the kill is not fetched again, everything else is, and
// the report counts every message once.
func TestKeepCopyKilledThenResumed(t *testing.T) {
	if os.Getenv("POSTIE_KEEPCOPY_CHILD") != "" {
		killChild()
		return
	}
	if !testservers.Available() {
		t.Skip("dovecot is not installed")
	}
	d := testservers.Start(t, testservers.Users{"kim": "pw"}, "")
	const total = 1500
	var msgs [][]byte
	for i := 0; i < total; i++ {
		msgs = append(msgs, mail(fmt.Sprintf("number %d", i), i%400, 3000))
	}
	d.FillMaildir("kim", msgs)
	profile, into := t.TempDir(), t.TempDir()
	s, err := localstore.Open(profile)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := accounts.Create(s, &secrets.Memory{}, accounts.Account{Name: "Kim", Email: "kim@example.com", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAP, Security: netconf.Plain, Username: "kim"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKeepCopyKilledThenResumed$")
	cmd.Env = append(os.Environ(), "POSTIE_KEEPCOPY_CHILD=1", "POSTIE_KEEPCOPY_PROFILE="+profile, "POSTIE_KEEPCOPY_INTO="+into,
		"POSTIE_KEEPCOPY_ACCOUNT="+strconv.FormatInt(acct.ID, 10))
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	killedAt := -1
	for sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "checked "); ok {
			if done, _ := strconv.Atoi(n); done > 0 {
				cmd.Process.Signal(syscall.SIGKILL)
				killedAt = done
				break
			}
		}
	}
	cmd.Wait()
	if killedAt < 0 || killedAt >= total {
		t.Fatalf("the child was not killed mid-check (at %d)", killedAt)
	}

	s, err = localstore.Open(profile)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acct, _ = accounts.Load(s, acct.ID)
	sec := &secrets.Memory{}
	sec.Set(acct.ID, secrets.Incoming, "pw")
	c, _ := copier(s, sec)
	check, again := c.Check, 0
	c.Check = func(ctx context.Context, a accounts.Account, run localstore.CopyRun, found func([]accounts.Checked) error) (accounts.CheckPass, error) {
		return check(ctx, a, run, func(res []accounts.Checked) error {
			for _, r := range res {
				if r.Outcome == accounts.Same {
					again++
				}
			}
			return found(res)
		})
	}
	rep, err := c.Run(context.Background(), acct, Options{Format: archive.Mbox, Into: into})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Checked != total || rep.Messages != total {
		t.Fatalf("after the kill: ok=%v checked=%d messages=%d\n%s", rep.OK(), rep.Checked, rep.Messages, rep.Text())
	}
	if again > total-killedAt {
		t.Fatalf("%d checked before the kill, %d again after: %d fetched twice", killedAt, again, again-(total-killedAt))
	}
	t.Logf("checked %d before the kill, %d after; none twice", killedAt, again)
	entries, _ := os.ReadDir(into)
	if len(entries) != 1 {
		t.Fatalf("the resumed run wrote into a new folder: %v", entries)
	}
	if got := reimported(t, rep.Dir); len(got) != total {
		t.Fatalf("the copy re-imports as %d messages", len(got))
	}
}

// killChild runs a copy and says how far its checks got, until killed.
func killChild() {
	s, err := localstore.Open(os.Getenv("POSTIE_KEEPCOPY_PROFILE"))
	if err != nil {
		os.Exit(3)
	}
	id, _ := strconv.ParseInt(os.Getenv("POSTIE_KEEPCOPY_ACCOUNT"), 10, 64)
	acct, _ := accounts.Load(s, id)
	sec := &secrets.Memory{}
	sec.Set(id, secrets.Incoming, "pw")
	c, _ := copier(s, sec)
	c.OnProgress = func(p Progress) { fmt.Printf("checked %d\n", p.Done) }
	c.Run(context.Background(), acct, Options{Format: archive.Mbox, Into: os.Getenv("POSTIE_KEEPCOPY_INTO")})
	os.Exit(0)
}
