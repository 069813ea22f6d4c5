package popsync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
)

func popMessages(n int) []testservers.POPMessage {
	var m []testservers.POPMessage
	for i := 1; i <= n; i++ {
		m = append(m, testservers.POPMessage{UIDL: fmt.Sprintf("id%d", i),
			Raw: []byte(fmt.Sprintf("From: x@example.com\r\nSubject: m%d\r\n\r\n%s\r\n", i, strings.Repeat("body text ", 100)))})
	}
	return m
}

func deles(f *testservers.FakePOP) []string {
	var out []string
	f.Configure(func(f *testservers.FakePOP) {
		for _, c := range f.Commands {
			if strings.HasPrefix(c, "DELE") {
				out = append(out, c)
			}
		}
	})
	return out
}

// A server that sends a message one byte at a time makes almost no
// progress: the session fails as timed out (it does not hold the sync
// for ever), and nothing is removed from the server.
func TestPOPTricklingServerFails(t *testing.T) {
	f := testservers.StartFakePOP(t, "me", "pw", popMessages(2))
	f.Configure(func(f *testservers.FakePOP) { f.Trickle = 20 * time.Millisecond })
	s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.AfterDownload})
	p := &Engine{Store: s, Secrets: sec, Net: netconf.Net{Timeout: 500 * time.Millisecond}}
	// A safety net only: without the progress rule this sync would take
	// 1,000 bytes × 20 ms × 2 messages, and end by this context instead.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := p.Sync(ctx, acct)
	if acctest.ProblemKind(t, err) != netconf.ProblemTimeout || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("trickling server: %v", err)
	}
	if len(f.Messages()) != 2 || len(deles(f)) != 0 {
		t.Fatal("something was removed from the server")
	}
}

// A server that sends more than it announced, without end, fails the
// session in plain words before memory fills; nothing is removed.
func TestPOPEndlessMessageFails(t *testing.T) {
	f := testservers.StartFakePOP(t, "me", "pw", popMessages(2))
	f.Configure(func(f *testservers.FakePOP) { f.Endless = true })
	s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.AfterDownload})
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	_, err := p.Sync(context.Background(), acct)
	if err == nil || len(deles(f)) != 0 {
		t.Fatalf("endless message: %v, %v", err, deles(f))
	}
	if len(storedRaw(t, s, acct)) != 0 {
		t.Fatal("a cut-off message was stored")
	}
}

// A message announced larger than Postie downloads stays on the server,
// is never removed, and the summary says so; the others come.
func TestPOPHugeMessageStaysOnTheServer(t *testing.T) {
	f := testservers.StartFakePOP(t, "me", "pw", popMessages(3))
	f.Configure(func(f *testservers.FakePOP) { f.ListSize = map[int]int64{2: 300 << 20} })
	s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.AfterDownload})
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	res, err := p.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 2 || res.TooBig != 1 || !strings.Contains(res.Summary(), "larger than 256 MB") {
		t.Fatalf("%+v %v", res, err)
	}
	if d := deles(f); !slices.Equal(d, []string{"DELE 1", "DELE 3"}) {
		t.Fatalf("removed %v", d)
	}
}

// Two messages under one UIDL (a broken server): the lower message number
// is the one downloaded, and the other is never removed — every time, not
// by the luck of map order.
func TestPOPDuplicateUIDLDecidedByNumber(t *testing.T) {
	for run := 0; run < 12; run++ {
		msgs := popMessages(3)
		msgs[1].UIDL = msgs[0].UIDL
		f := testservers.StartFakePOP(t, "me", "pw", msgs)
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.AfterDownload})
		p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
		if _, err := p.Sync(context.Background(), acct); err != nil {
			t.Fatal(err)
		}
		var subjects []string
		for _, raw := range storedRaw(t, s, acct) {
			for _, line := range strings.Split(string(raw), "\r\n") {
				if strings.HasPrefix(line, "Subject: ") {
					subjects = append(subjects, strings.TrimPrefix(line, "Subject: "))
				}
			}
		}
		slices.Sort(subjects)
		if !slices.Equal(subjects, []string{"m1", "m3"}) {
			t.Fatalf("run %d: downloaded %v", run, subjects)
		}
		if d := deles(f); !slices.Equal(d, []string{"DELE 1", "DELE 3"}) {
			t.Fatalf("run %d: removed %v", run, d)
		}
	}
}

func TestByteBudget(t *testing.T) {
	b := newByteBudget(100)
	ctx := context.Background()
	if !b.take(ctx, 60) || !b.take(ctx, 40) {
		t.Fatal("fitting takes failed")
	}
	got := make(chan bool)
	go func() { got <- b.take(ctx, 10) }()
	select {
	case <-got:
		t.Fatal("a take past the budget did not wait")
	case <-time.After(50 * time.Millisecond):
	}
	b.give(60)
	if !<-got {
		t.Fatal("the waiting take failed")
	}
	b.give(50)
	if !b.take(ctx, 500) { // larger than the whole budget: goes alone
		t.Fatal("a large take with nothing in flight waited")
	}
}
