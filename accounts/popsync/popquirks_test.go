package popsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// Behaviours of POP servers other than Dovecot (issue #25), against the
// fakes that imitate them (testservers/popquirks.go).

func quirkMessages(n int) []testservers.POPMessage {
	var m []testservers.POPMessage
	for i := 1; i <= n; i++ {
		m = append(m, testservers.POPMessage{UIDL: fmt.Sprintf("id%d", i), Raw: []byte(fmt.Sprintf("From: x@example.com\r\nSubject: m%d\r\n\r\n.body %d\r\n", i, i))})
	}
	return m
}

// quirkRaw is messages' bytes by UIDL.
func quirkRaw(msgs []testservers.POPMessage) map[string][]byte {
	out := map[string][]byte{}
	for _, m := range msgs {
		out[m.UIDL] = m.Raw
	}
	return out
}

func plainServer(port int) netconf.Server {
	return netconf.Server{Host: "127.0.0.1", Port: port, Security: netconf.Plain, Username: "me"}
}

func commands(f *testservers.FakePOP, prefix string) []string {
	var out []string
	f.Configure(func(f *testservers.FakePOP) {
		for _, c := range f.Commands {
			if strings.HasPrefix(c, prefix) {
				out = append(out, c)
			}
		}
	})
	return out
}

// One message the server cannot read (Cyrus: "-ERR [SYS/PERM] Could not
// read message file"; Courier: "-ERR Can't open the message file - it's
// gone!") no longer stops the sync: the others are downloaded and removed
// as chosen, that one is asked for once more alone, named as one the
// server could not send, never removed, and downloaded once readable.
// On the old code every sync failed at it (84 of 353 on Cyrus).
func TestPOPUnreadableMessageDoesNotStopTheRest(t *testing.T) {
	for name, start := range map[string]func(testing.TB, string, string, []testservers.POPMessage) *testservers.FakePOP{
		"Cyrus": testservers.StartCyrusPOP, "Courier": testservers.StartCourierPOP,
	} {
		t.Run(name, func(t *testing.T) {
			f := start(t, "me", "pw", quirkMessages(6))
			f.Unreadable("id3", true)
			s, sec, acct := popAccount(t, plainServer(f.Port), accounts.ServerCopies{Mode: accounts.AfterDownload})
			p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
			want := []accounts.Unfetched{{Folder: "Inbox", Count: 1, Reason: reasonUnreadable}}
			for sync := 1; sync <= 2; sync++ {
				res, err := p.Sync(context.Background(), acct)
				if err != nil || !slices.Equal(res.Unfetched, want) || strings.Contains(res.Summary(), "0 new") && sync == 1 {
					t.Fatalf("sync %d: %+v %v", sync, res, err)
				}
				if sync == 1 && (res.Downloaded != 5 || res.Removed != 5) {
					t.Fatalf("sync 1: %+v", res)
				}
				if m := f.Messages(); len(m) != 1 || m[0].UIDL != "id3" {
					t.Fatalf("sync %d: the server holds %+v", sync, m)
				}
				logPOPTold(t, fmt.Sprintf("%s POP (fake) · one message unreadable, remove after download, sync %d", name, sync), len(storedRaw(t, s, acct)), 6, res)
			}
			if got := commands(f, "RETR 3"); len(got) != 2 {
				t.Fatalf("the unreadable message was asked for %d times in the first sync, want twice (once alone)", len(got))
			}
			if !strings.Contains(accounts.UnfetchedNote(want[0]), "1 message in Inbox could not be downloaded: the server could not send it") {
				t.Fatal(accounts.UnfetchedNote(want[0]))
			}
			f.Unreadable("id3", false)
			res, err := p.Sync(context.Background(), acct)
			if err != nil || res.Downloaded != 1 || res.Removed != 1 || res.Unfetched != nil {
				t.Fatalf("readable again: %+v %v", res, err)
			}
			stored := storedRaw(t, s, acct)
			for _, m := range quirkMessages(6) {
				if !bytes.Equal(stored[m.UIDL], m.Raw) {
					t.Fatalf("%s not stored byte for byte", m.UIDL)
				}
			}
			if tr, _ := s.POPTroubles(acct.ID); len(tr) != 0 {
				t.Fatalf("still recorded: %+v", tr)
			}
			logPOPCounts(t, name+" POP (fake) · readable again (compared with what the server held before removing)", s, acct, quirkRaw(quirkMessages(6)), stored, res)
		})
	}
}

// Courier offers UTF8 (RFC 6856) and, without it, sends a "Cannot
// display Unicode content" notice instead of a message with raw UTF-8 in
// its header. Postie sends UTF8 before signing in and gets the message
// itself; it is removed after download only because it is the message.
func TestPOPCourierUTF8(t *testing.T) {
	msgs := quirkMessages(2)
	msgs[1].Raw = []byte("From: Jürgen Groß <j@example.com>\r\nSubject: Grüße\r\n\r\nHallo\r\n")
	f := testservers.StartCourierPOP(t, "me", "pw", msgs)
	s, sec, acct := popAccount(t, plainServer(f.Port), accounts.ServerCopies{Mode: accounts.AfterDownload})
	res, err := (&Engine{Store: s, Secrets: sec, Net: acctest.Net}).Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 2 || res.Removed != 2 || res.Unfetched != nil {
		t.Fatalf("%+v %v", res, err)
	}
	if got := storedRaw(t, s, acct)["id2"]; !bytes.Equal(got, msgs[1].Raw) {
		t.Fatalf("stored %q", got)
	}
	logPOPCounts(t, "Courier POP (fake) · raw UTF-8 header, UTF8 sent, remove after download", s, acct, quirkRaw(msgs), storedRaw(t, s, acct), res)
	var order []string
	f.Configure(func(f *testservers.FakePOP) { order = append(order, f.Commands...) })
	utf8, user := slices.Index(order, "UTF8"), slices.IndexFunc(order, func(c string) bool { return strings.HasPrefix(c, "USER") })
	if utf8 < 0 || utf8 > user {
		t.Fatalf("UTF8 not sent before signing in: %q", order)
	}
}

// A server that sends the notice while Postie cannot ask for the
// message itself (a Courier that does not list UTF8): the notice does not
// match the size LIST gives, so it is kept as possibly incomplete, asked
// for again, and the real message is never removed from the server on
// the strength of it.
func TestPOPNoticeNeverRemovesTheRealMessage(t *testing.T) {
	msgs := quirkMessages(2)
	msgs[1].Raw = []byte("From: Jürgen Groß <j@example.com>\r\nSubject: Grüße\r\n\r\nHallo\r\n")
	f := testservers.StartCourierPOP(t, "me", "pw", msgs)
	f.Configure(func(f *testservers.FakePOP) { f.UTF8 = false })
	s, sec, acct := popAccount(t, plainServer(f.Port), accounts.ServerCopies{Mode: accounts.AfterDownload})
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	var res Result
	for sync := 1; sync <= 4; sync++ {
		var err error
		res, err = p.Sync(context.Background(), acct)
		if err != nil || !slices.Equal(res.Unfetched, []accounts.Unfetched{{Folder: "Inbox", Count: 1, Reason: reasonIncomplete}}) {
			t.Fatalf("sync %d: %+v %v", sync, res, err)
		}
		if m := f.Messages(); len(m) != 1 || m[0].UIDL != "id2" {
			t.Fatalf("sync %d: the server holds %+v", sync, m)
		}
	}
	if n := len(commands(f, "RETR")); n != 2+popRefetches {
		t.Fatalf("%d RETRs, want the two messages and %d more tries", n, popRefetches)
	}
	if got := storedRaw(t, s, acct)["id2"]; !bytes.Contains(got, []byte("Cannot display Unicode content")) {
		t.Fatalf("what came is kept as it came: %q", got)
	}
	logPOPCounts(t, "Courier POP (fake) without UTF8 · the notice, after 4 syncs", s, acct, quirkRaw(msgs), storedRaw(t, s, acct), res)
}

// Bytes that do not match the size the server lists are not taken as the
// message: the server copy stays under every removal policy, the message
// is asked for again, and once the whole message comes it takes the
// place of what came before (same message here, its flags kept) and
// only then is removed as chosen.
func TestPOPSizeMismatchNeverRemoved(t *testing.T) {
	msgs := quirkMessages(3)
	whole := append([]byte(nil), msgs[1].Raw...)
	msgs[1].Raw = whole[:len(whole)-8] // the server sends it cut short
	f := testservers.StartFakePOP(t, "me", "pw", msgs)
	f.Configure(func(f *testservers.FakePOP) { f.ListSize = map[int]int64{2: int64(len(whole))} })
	s, sec, acct := popAccount(t, plainServer(f.Port), accounts.ServerCopies{Mode: accounts.AfterDownload})
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	res, err := p.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 3 || res.Removed != 2 || len(res.Unfetched) != 1 || res.Unfetched[0].Reason != reasonIncomplete {
		t.Fatalf("%+v %v", res, err)
	}
	if d := deles(f); !slices.Equal(d, []string{"DELE 1", "DELE 3"}) {
		t.Fatalf("removed %v", d)
	}
	first, _ := s.MessageByAccountKey(acct.ID, "id2")
	s.SetFlags([]int64{first.ID}, localstore.Flagged, true)
	// The server is mended: now it sends the whole message.
	f.Set([]testservers.POPMessage{{UIDL: "id2", Raw: whole}})
	f.Configure(func(f *testservers.FakePOP) { f.ListSize = nil })
	res, err = p.Sync(context.Background(), acct)
	if err != nil || res.Removed != 1 || res.Unfetched != nil || len(f.Messages()) != 0 {
		t.Fatalf("mended: %+v %v", res, err)
	}
	m, _ := s.MessageByAccountKey(acct.ID, "id2")
	if raw, _ := s.Raw(m.ID); m.ID != first.ID || !bytes.Equal(raw, whole) || m.Flags&localstore.Flagged == 0 {
		t.Fatalf("%+v %q", m, raw)
	}
}

// "Remove from the server when deleted for ever here" and "after N
// days" also remove only a message whose stored bytes matched the size
// the server listed.
func TestPOPSizeMismatchOtherPolicies(t *testing.T) {
	for _, copies := range []accounts.ServerCopies{{Mode: accounts.OnDelete}, {Mode: accounts.AfterDays, Days: 0}} {
		t.Run(fmt.Sprint(copies.Mode), func(t *testing.T) {
			msgs := quirkMessages(2)
			f := testservers.StartFakePOP(t, "me", "pw", msgs)
			f.Configure(func(f *testservers.FakePOP) { f.ListSize = map[int]int64{1: int64(len(msgs[0].Raw) + 40)} })
			s, sec, acct := popAccount(t, plainServer(f.Port), copies)
			p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
			if _, err := p.Sync(context.Background(), acct); err != nil {
				t.Fatal(err)
			}
			if copies.Mode == accounts.OnDelete {
				for _, k := range []string{"id1", "id2"} {
					m, _ := s.MessageByAccountKey(acct.ID, k)
					s.DeleteForever([]int64{m.ID})
				}
			}
			if _, err := p.Sync(context.Background(), acct); err != nil {
				t.Fatal(err)
			}
			if d := deles(f); !slices.Equal(d, []string{"DELE 2"}) {
				t.Fatalf("removed %v", d)
			}
		})
	}
}

// fail, which makes the server's failures a Problem, leaves a disk error
// as it is, whatever path brings one to it.
func TestPOPFailLeavesDiskErrorsAlone(t *testing.T) {
	p := &Engine{}
	disk := fmt.Errorf("storing: %w", fmt.Errorf("%w (%w)", localstore.ErrDisk, errors.New("disk I/O error (778)")))
	err := p.fail(accounts.Settings{Incoming: plainServer(110)}, disk)
	var prob *netconf.Problem
	if errors.As(err, &prob) || !errors.Is(err, localstore.ErrDisk) {
		t.Fatalf("a disk error became %T: %v (%s)", err, err, accounts.Explain(err))
	}
}
