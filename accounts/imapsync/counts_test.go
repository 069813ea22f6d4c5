package imapsync

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// The counts issue #25's closing note gives per server and scenario:
// folders on the server and here, messages compared byte for byte and
// how many are identical, messages whose flags are the server's, and
// what the person was told. Logged only ("counts …" lines): each test's
// own assertions decide whether it passes.

// serverMsg is one message as the server holds it.
type serverMsg struct {
	raw   []byte
	flags []imap.Flag
}

// serverView is every selectable folder of a server: path → UID → message.
type serverView map[string]map[imap.UID]serverMsg

// listFolders is every selectable folder a LIST "" "*" names.
func listFolders(t *testing.T, c *imapclient.Client) []string {
	t.Helper()
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatalf("counts: LIST: %v", err)
	}
	var out []string
	for _, l := range list {
		skip := false
		for _, a := range l.Attrs {
			if a == imap.MailboxAttrNoSelect || a == imap.MailboxAttrNonExistent {
				skip = true
			}
		}
		if !skip {
			out = append(out, l.Mailbox)
		}
	}
	sort.Strings(out)
	return out
}

// countsLogin signs in to a server on 127.0.0.1 over a connection of
// its own (no TLS).
func countsLogin(t *testing.T, port int, user, pass string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure("127.0.0.1:"+strconv.Itoa(port), nil)
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	if err := c.Login(user, pass).Wait(); err != nil {
		c.Close()
		t.Fatalf("counts: %v", err)
	}
	return c
}

// phoneView reads a real server over a connection of its own: LIST,
// then each folder SELECTed read-only and FETCHed with BODY.PEEK[] (no
// flag changes).
func phoneView(t *testing.T, port int, user, pass string) serverView {
	t.Helper()
	c := countsLogin(t, port, user, pass)
	defer c.Close()
	v := serverView{}
	for _, box := range listFolders(t, c) {
		v[box] = map[imap.UID]serverMsg{}
		sel, err := c.Select(box, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			t.Fatalf("counts: SELECT %s: %v", box, err)
		}
		if sel.NumMessages == 0 {
			continue
		}
		msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true,
			BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
		if err != nil {
			t.Fatalf("counts: FETCH %s: %v", box, err)
		}
		for _, m := range msgs {
			var raw []byte
			if len(m.BodySection) > 0 {
				raw = m.BodySection[0].Bytes
			}
			v[box][m.UID] = serverMsg{raw: raw, flags: m.Flags}
		}
	}
	if err := c.Logout().Wait(); err != nil {
		t.Logf("counts: LOGOUT: %v", err)
	}
	return v
}

// fakeView is a FakeIMAP's folders (named by its LIST) and messages as
// it stores them: no FETCH, so its counters stay as the test left them.
func fakeView(t *testing.T, f *testservers.FakeIMAP, user, pass string) serverView {
	t.Helper()
	c := countsLogin(t, f.Port, user, pass)
	defer c.Close()
	v := serverView{}
	for _, box := range listFolders(t, c) {
		raw, flags := f.Raw(box), f.Flags(box)
		v[box] = map[imap.UID]serverMsg{}
		for u, r := range raw {
			v[box][u] = serverMsg{raw: r, flags: flags[u]}
		}
	}
	return v
}

// logCounts compares the account here with the server's view and logs
// one line: folders (server/here, and any kept as no longer on the
// server), messages identical byte for byte out of the server's, flags
// in step out of the server's, and what the person was told.
func logCounts(t *testing.T, label string, v serverView, s *localstore.Store, accountID int64, told string) {
	t.Helper()
	fs, err := s.Folders(accountID)
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	here, kept, keptMsgs := 0, 0, 0
	var notOnServer []string
	for _, f := range fs {
		switch {
		case f.Gone:
			kept++
			keptMsgs += f.Total
		case f.NotOffline:
		default:
			here++
			if _, ok := v[f.Path]; !ok {
				notOnServer = append(notOnServer, f.Name)
			}
		}
	}
	total, identical, inStep, extra, missingFolders := 0, 0, 0, 0, 0
	for path, msgs := range v {
		total += len(msgs)
		f, err := s.FolderByPath(accountID, path)
		if err != nil {
			missingFolders++
			continue
		}
		page, err := s.Messages(f.ID, nil, 100000)
		if err != nil {
			t.Fatalf("counts: %v", err)
		}
		for _, m := range page {
			u, err := strconv.ParseUint(m.ServerKey, 10, 32)
			sm, ok := msgs[imap.UID(u)]
			if err != nil || !ok {
				extra++
				continue
			}
			if raw, err := s.Raw(m.ID); err == nil && !m.Partial && bytes.Equal(raw, sm.raw) {
				identical++
			}
			if toLocal(sm.flags) == m.Flags {
				inStep++
			}
		}
	}
	line := fmt.Sprintf("counts [%s]: folders %d on the server / %d here", label, len(v), here)
	if kept > 0 {
		line += fmt.Sprintf(" (+%d kept as no longer on the server, %d messages)", kept, keptMsgs)
	}
	if len(notOnServer) > 0 {
		line += fmt.Sprintf(" (here only: %s)", strings.Join(notOnServer, ", "))
	}
	if missingFolders > 0 {
		line += fmt.Sprintf(" (%d server folders missing here)", missingFolders)
	}
	line += fmt.Sprintf("; byte-identical %d/%d; flags in step %d/%d", identical, total, inStep, total)
	if extra > 0 {
		line += fmt.Sprintf("; %d here not on the server", extra)
	}
	t.Logf("%s; told %q", line, told)
}

// logTold logs what the person was told at a step where the server is
// not compared (a message unreadable there), with the count stored.
func logTold(t *testing.T, label string, stored, of int, told string) {
	t.Helper()
	t.Logf("counts [%s]: %d/%d stored; told %q", label, stored, of, told)
}
