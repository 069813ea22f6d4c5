// Package acctest holds what the account packages' tests share: a
// network setting for local servers, a second IMAP client standing for
// the person's phone, and small checks. Only tests import it.
package acctest

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// Net reaches the test servers on this machine, with short timeouts.
var Net = netconf.Net{Timeout: 5 * time.Second}

// Srv is a server on this machine.
func Srv(port int, sec netconf.Security, user string) netconf.Server {
	return netconf.Server{Host: "127.0.0.1", Port: port, Security: sec, Username: user}
}

// ProblemKind is the kind of a *netconf.Problem (-1 for no error); it
// fails the test when err is another error or carries the test password.
func ProblemKind(t *testing.T, err error) netconf.ProblemKind {
	t.Helper()
	var p *netconf.Problem
	if err == nil {
		return -1
	}
	if !errors.As(err, &p) {
		t.Fatalf("error is not a *Problem: %v", err)
	}
	for _, text := range []string{p.Error(), accounts.Explain(err)} {
		if strings.Contains(text, "s3cret") {
			t.Fatalf("the password leaked into the message: %s", text)
		}
	}
	return p.Kind
}

// Has says whether fs holds f.
func Has(fs []imap.Flag, f imap.Flag) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// Phone is a second, independent IMAP client: the person's phone.
type Phone struct {
	t *testing.T
	C *imapclient.Client
}

// NewPhone signs in to d as user.
func NewPhone(t *testing.T, d *testservers.Server, user, pass string) *Phone {
	return NewPhoneAt(t, d.IMAP, user, pass)
}

// NewPhoneAt signs in as user to the plain IMAP port of any server.
func NewPhoneAt(t *testing.T, port int, user, pass string) *Phone {
	c, err := imapclient.DialInsecure("127.0.0.1:"+strconv.Itoa(port), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &Phone{t, c}
}

// Box returns subject → (uid, flags, raw) of a mailbox.
func (p *Phone) Box(name string) map[string]*imapclient.FetchMessageBuffer {
	p.t.Helper()
	sel, err := p.C.Select(name, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		p.t.Fatal(err)
	}
	out := map[string]*imapclient.FetchMessageBuffer{}
	if sel.NumMessages == 0 {
		return out
	}
	msgs, err := p.C.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true, Envelope: true,
		BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
	if err != nil {
		p.t.Fatal(err)
	}
	for _, m := range msgs {
		out[m.Envelope.Subject] = m
	}
	return out
}

// CheckStored fails unless the account's Inbox holds exactly the
// messages of server (subject → bytes), byte for byte, each listed with
// a subject and a sender.
func CheckStored(t *testing.T, s *localstore.Store, accountID int64, server map[string][]byte) {
	t.Helper()
	in, _ := s.FolderByRole(accountID, localstore.RoleInbox)
	page, _ := s.Messages(in.ID, nil, len(server)+10)
	if len(page) != len(server) {
		t.Fatalf("%d messages stored, want %d", len(page), len(server))
	}
	for _, m := range page {
		raw, err := s.Raw(m.ID)
		if err != nil || !bytes.Equal(raw, server[m.Subject]) {
			t.Fatalf("%q: not stored byte for byte (%v)", m.Subject, err)
		}
		if m.Subject == "" || m.From == "" {
			t.Fatalf("the list shows %+v", m)
		}
	}
}
