package popsync

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// popAccount makes a POP account in a fresh store, with its password.
func popAccount(t *testing.T, srv netconf.Server, copies accounts.ServerCopies, trusted ...string) (*localstore.Store, *secrets.Memory, accounts.Account) {
	t.Helper()
	s, err := localstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sec := &secrets.Memory{}
	acct, err := accounts.Create(s, sec, accounts.Account{Name: "Home", Email: "me@example.com", Settings: accounts.Settings{
		Protocol: accounts.POP, Incoming: srv, ServerCopies: copies, TrustedCerts: trusted}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	return s, sec, acct
}

func storedRaw(t *testing.T, s *localstore.Store, acct accounts.Account) map[string][]byte {
	t.Helper()
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	out := map[string][]byte{}
	s.EachRaw(in.ID, func(m localstore.Summary, raw []byte) error {
		if _, dup := out[m.ServerKey]; dup {
			t.Fatalf("key %s stored twice", m.ServerKey)
		}
		out[m.ServerKey] = raw
		return nil
	})
	return out
}

// tricky are messages go-pop3 v1.0.0 would corrupt, or that stress bytes.
func tricky() []testservers.POPMessage {
	long := strings.Repeat("x", 5000)
	b4096dot := strings.Repeat("b", 4096) + "."
	return []testservers.POPMessage{
		{UIDL: "u1", Raw: []byte("From: a@example.com\r\nSubject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nafter a lone dot line\r\n")},
		{UIDL: "u2", Raw: []byte("From: a@example.com\r\nSubject: long\r\n\r\n" + long + "\r\n" + b4096dot + "\r\nafter-trick\r\n")},
		{UIDL: "u3", Raw: []byte("From: a@example.com\r\nSubject: 8bit\r\n\r\nGr\xfc\xdfe \xff\xfe\x00 bytes\r\nbare\rCR and bare\nLF\r\n")},
		{UIDL: "u4", Raw: append([]byte("From: a@example.com\r\nSubject: big\r\n\r\n"), bytes.Repeat([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n"), 300_000)...)}, // ~19 MB
	}
}

func TestPOPDownloadsEveryByteExactly(t *testing.T) {
	msgs := tricky()
	f := testservers.StartFakePOP(t, "me", "pw", msgs)
	s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.Keep})
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
	res, err := p.Sync(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	if res.Downloaded != 4 || res.Removed != 0 {
		t.Fatalf("result %+v", res)
	}
	got := storedRaw(t, s, acct)
	for _, m := range msgs {
		if !bytes.Equal(got[m.UIDL], m.Raw) {
			a, b := got[m.UIDL], m.Raw
			t.Errorf("%s differs: %d bytes stored, %d on the server", m.UIDL, len(a), len(b))
		}
	}
	if len(f.Messages()) != 4 {
		t.Fatal("keep removed something")
	}
	// A second check downloads nothing and sends one UIDL, no RETR.
	before := len(f.Commands)
	res, err = p.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 0 {
		t.Fatalf("second sync %+v %v", res, err)
	}
	for _, c := range f.Commands[before:] {
		if strings.HasPrefix(c, "RETR") {
			t.Fatalf("second sync sent %q", c)
		}
	}
}

func TestPOPFaults(t *testing.T) {
	base := func() []testservers.POPMessage {
		var m []testservers.POPMessage
		for i := 1; i <= 5; i++ {
			m = append(m, testservers.POPMessage{UIDL: fmt.Sprintf("id%d", i), Raw: []byte(fmt.Sprintf("From: x@example.com\r\nSubject: m%d\r\n\r\nbody %d\r\n", i, i))})
		}
		return m
	}
	t.Run("dropped during RETR: the others come at once, that one when the server can send it", func(t *testing.T) {
		// Issue #25: this used to fail the whole sync, every time.
		f := testservers.StartFakePOP(t, "me", "pw", base())
		f.DropUIDL = "id3"
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.AfterDownload})
		p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
		res, err := p.Sync(context.Background(), acct)
		if err != nil || res.Downloaded != 4 || res.Removed != 4 || !slices.Equal(res.Unfetched, []accounts.Unfetched{{Folder: "Inbox", Count: 1, Reason: reasonTrying}}) {
			t.Fatalf("first sync %+v %v", res, err)
		}
		if !strings.Contains(res.Summary(), "1 message in Inbox could not be downloaded: the server failed while sending it") {
			t.Fatalf("summary %q", res.Summary())
		}
		if m := f.Messages(); len(m) != 1 || m[0].UIDL != "id3" || len(storedRaw(t, s, acct)) != 4 {
			t.Fatalf("server holds %+v, %d stored", m, len(storedRaw(t, s, acct)))
		}
		// It failed alone once; once more, and it is one the server cannot send.
		res, err = p.Sync(context.Background(), acct)
		if err != nil || res.Downloaded != 0 || !slices.Equal(res.Unfetched, []accounts.Unfetched{{Folder: "Inbox", Count: 1, Reason: reasonUnreadable}}) {
			t.Fatalf("second sync %+v %v", res, err)
		}
		if tr, _ := s.POPTroubles(acct.ID); tr["id3"].Alone != 2 {
			t.Fatalf("recorded %+v", tr)
		}
		// Readable again, and new mail beside it: one comes in the main
		// session, the other in its own; both are counted.
		f.Configure(func(f *testservers.FakePOP) { f.DropUIDL = "" })
		f.Set(append(f.Messages(), testservers.POPMessage{UIDL: "id6", Raw: []byte("From: x@example.com\r\nSubject: m6\r\n\r\nbody 6\r\n")}))
		res, err = p.Sync(context.Background(), acct)
		if err != nil || res.Downloaded != 2 || res.Removed != 2 || res.Unfetched != nil {
			t.Fatalf("readable again %+v %v", res, err)
		}
		if tr, _ := s.POPTroubles(acct.ID); len(tr) != 0 || len(storedRaw(t, s, acct)) != 6 || len(f.Messages()) != 0 {
			t.Fatalf("after: %+v, %d stored, %d on the server", tr, len(storedRaw(t, s, acct)), len(f.Messages()))
		}
	})
	t.Run("pipelined: RETRs go ahead, a drop mid-message loses nothing", func(t *testing.T) {
		var msgs []testservers.POPMessage
		for i := 1; i <= 40; i++ {
			msgs = append(msgs, testservers.POPMessage{UIDL: fmt.Sprintf("p%d", i), Raw: []byte(fmt.Sprintf("From: x@example.com\r\nSubject: p%d\r\n\r\n.body %d\r\n", i, i))})
		}
		f := testservers.StartFakePOP(t, "me", "pw", msgs)
		f.Configure(func(f *testservers.FakePOP) { f.Pipelining, f.DropUIDL, f.Delay = true, "p17", 2*time.Millisecond })
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.Keep})
		p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
		res, err := p.Sync(context.Background(), acct)
		if err != nil || res.Downloaded != 39 || len(res.Unfetched) != 1 {
			t.Fatalf("first sync %+v %v", res, err)
		}
		if _, ok := storedRaw(t, s, acct)["p17"]; ok {
			t.Fatal("a cut-off message was stored")
		}
		f.Configure(func(f *testservers.FakePOP) { f.DropUIDL = "" })
		res, err = p.Sync(context.Background(), acct)
		if err != nil || res.Downloaded != 1 || res.Unfetched != nil {
			t.Fatalf("resync %+v %v", res, err)
		}
		stored := storedRaw(t, s, acct)
		if len(stored) != 40 {
			t.Fatalf("%d stored, want 40 once each", len(stored))
		}
		for _, m := range msgs {
			if !bytes.Equal(stored[m.UIDL], m.Raw) {
				t.Fatalf("%s not stored byte for byte", m.UIDL)
			}
		}
		f.Configure(func(f *testservers.FakePOP) {
			if f.MaxAhead < 2 || f.MaxAhead > popPipeline {
				t.Errorf("%d commands were waiting at most, want 2 to %d (pipelined)", f.MaxAhead, popPipeline)
			}
		})
	})
	t.Run("no PIPELINING: one RETR at a time", func(t *testing.T) {
		f := testservers.StartFakePOP(t, "me", "pw", base())
		f.Configure(func(f *testservers.FakePOP) { f.Delay = 2 * time.Millisecond })
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.Keep})
		if _, err := (&Engine{Store: s, Secrets: sec, Net: acctest.Net}).Sync(context.Background(), acct); err != nil {
			t.Fatal(err)
		}
		f.Configure(func(f *testservers.FakePOP) {
			if f.MaxAhead != 0 {
				t.Errorf("%d commands sent ahead to a server without PIPELINING", f.MaxAhead)
			}
		})
	})
	for _, mode := range []string{"dele-drop", "dele-err", "drop-before", "drop-after"} {
		t.Run(mode, func(t *testing.T) {
			f := testservers.StartFakePOP(t, "me", "pw", base())
			f.Configure(func(f *testservers.FakePOP) {
				switch mode {
				case "dele-drop":
					f.FailDELE = true
				case "dele-err":
					f.ErrDELE = true
				default:
					f.QuitMode = mode
				}
			})
			s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.AfterDownload})
			p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
			res, err := p.Sync(context.Background(), acct)
			t.Logf("%s: %+v %v", mode, res, err)
			if len(storedRaw(t, s, acct)) != 5 {
				t.Fatal("messages not all stored")
			}
			seen, _ := s.SeenKeys(acct.ID)
			removed := 0
			for _, k := range seen {
				if k.Removed {
					removed++
				}
			}
			if mode != "drop-after" && len(f.Messages()) != 5 {
				t.Fatalf("server lost messages without a committed QUIT: %d left", len(f.Messages()))
			}
			if removed != 0 {
				t.Fatalf("%d taken as removed without a confirmed QUIT / DELE", removed)
			}
			// Fixed server: the next session finishes the job, no duplicates.
			f.Configure(func(f *testservers.FakePOP) { f.FailDELE, f.ErrDELE, f.QuitMode = false, false, "" })
			if _, err := p.Sync(context.Background(), acct); err != nil {
				t.Fatal(err)
			}
			if len(f.Messages()) != 0 || len(storedRaw(t, s, acct)) != 5 {
				t.Fatalf("after repair: %d on server, %d stored", len(f.Messages()), len(storedRaw(t, s, acct)))
			}
		})
	}
	t.Run("reused UIDL is a new message", func(t *testing.T) {
		f := testservers.StartFakePOP(t, "me", "pw", base()[:1])
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.AfterDownload})
		p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
		p.Sync(context.Background(), acct)
		f.Set([]testservers.POPMessage{{UIDL: "id1", Raw: []byte("From: y@example.com\r\nSubject: new one, old id\r\n\r\nfresh\r\n")}})
		res, err := p.Sync(context.Background(), acct)
		if err != nil || res.Downloaded != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
		page, _ := s.Messages(in.ID, nil, 10)
		if len(page) != 2 {
			t.Fatalf("%d messages kept, want the old and the new", len(page))
		}
	})
	t.Run("no UIDL: fingerprints, with a note", func(t *testing.T) {
		f := testservers.StartFakePOP(t, "me", "pw", base())
		f.NoUIDL = true
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.Keep})
		p := &Engine{Store: s, Secrets: sec, Net: acctest.Net}
		res, err := p.Sync(context.Background(), acct)
		if err != nil || !res.NoUIDL || res.Downloaded != 5 || !strings.Contains(res.Summary(), "no UIDL") {
			t.Fatalf("%+v %v", res, err)
		}
		if res, _ = p.Sync(context.Background(), acct); res.Downloaded != 0 {
			t.Fatalf("second sync downloaded %d again", res.Downloaded)
		}
	})
	t.Run("unsafe password refused before sending", func(t *testing.T) {
		f := testservers.StartFakePOP(t, "me", "pw", base())
		s, sec, acct := popAccount(t, netconf.Server{Host: "127.0.0.1", Port: f.Port, Security: netconf.Plain, Username: "me"}, accounts.ServerCopies{Mode: accounts.Keep})
		sec.Set(acct.ID, secrets.Incoming, "pw\r\nDELE 1")
		_, err := (&Engine{Store: s, Secrets: sec, Net: acctest.Net}).Sync(context.Background(), acct)
		if acctest.ProblemKind(t, err) != netconf.ProblemUnsafeCredentials || f.Sessions != 0 {
			t.Fatalf("%v, %d sessions", err, f.Sessions)
		}
	})
}

func TestPOPPoliciesAgainstDovecot(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"pat": "pw"}, "")
	for i := 1; i <= 3; i++ {
		d.Deliver("pat", "INBOX", []byte(fmt.Sprintf("From: s@example.com\nTo: pat@example.com\nSubject: letter %d\n\n.dot line\nbody %d\n", i, i)))
	}
	srv := netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS, Username: "pat"}
	onServer := func() int {
		c, err := dialPOP(context.Background(), acctest.Net, srv, netconf.PasswordLogin("pw"), []string{d.CertSHA256})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		sizes, _ := c.sizes()
		c.command("RSET") // a checking session changes nothing
		c.command("QUIT")
		return len(sizes)
	}

	s, sec, acct := popAccount(t, srv, accounts.ServerCopies{Mode: accounts.Keep}, d.CertSHA256)
	now := time.Now()
	p := &Engine{Store: s, Secrets: sec, Net: acctest.Net, Now: func() time.Time { return now }}
	res, err := p.Sync(context.Background(), acct)
	if err != nil || res.Downloaded != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	if onServer() != 3 {
		t.Fatal("keep: the server lost messages")
	}
	got := storedRaw(t, s, acct)
	for _, raw := range got {
		if !bytes.Contains(raw, []byte("\r\n.dot line\r\n")) {
			t.Fatalf("dot-stuffing not undone or line ends changed: %q", raw)
		}
	}

	// On delete: deleting one for ever here removes exactly that one.
	acct.Settings.ServerCopies = accounts.ServerCopies{Mode: accounts.OnDelete}
	in, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, 10)
	s.Delete([]int64{page[0].ID}) // to Trash: stays on the server
	if _, err := p.Sync(context.Background(), acct); err != nil || onServer() != 3 {
		t.Fatalf("moving to Trash removed from the server: %v", err)
	}
	s.Delete([]int64{page[0].ID}) // from the Trash: for ever
	res, err = p.Sync(context.Background(), acct)
	if err != nil || res.Removed != 1 || onServer() != 2 {
		t.Fatalf("on-delete: %+v %v, %d on server", res, err, onServer())
	}
	if n, _ := s.PendingCount(acct.ID); n != 0 {
		t.Fatalf("%d operations still queued", n)
	}

	// After N days: counted from download time.
	acct.Settings.ServerCopies = accounts.ServerCopies{Mode: accounts.AfterDays, Days: 30}
	if res, _ = p.Sync(context.Background(), acct); res.Removed != 0 {
		t.Fatal("removed before 30 days")
	}
	now = now.AddDate(0, 0, 31)
	if res, err = p.Sync(context.Background(), acct); err != nil || res.Removed != 2 || onServer() != 0 {
		t.Fatalf("after 31 days: %+v %v", res, err)
	}
	if n := len(storedRaw(t, s, acct)); n != 2 {
		t.Fatalf("local copies: %d, want the 2 not deleted here", n)
	}

	// Right after download.
	d.Deliver("pat", "INBOX", []byte("From: s@example.com\nSubject: new\n\nhi\n"))
	acct.Settings.ServerCopies = accounts.ServerCopies{Mode: accounts.AfterDownload}
	if res, err = p.Sync(context.Background(), acct); err != nil || res.Downloaded != 1 || res.Removed != 1 || onServer() != 0 {
		t.Fatalf("after download: %+v %v", res, err)
	}
}
