package imapsync

import (
	"slices"
	"strconv"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/localstore"
)

// One message the server cannot send must not end the sync (#25).
// Dovecot, for one, ends the connection when it cannot read a message
// file, at the FETCH of its size or of its bytes. fetchNarrowed keeps
// going within the same sync: it connects again, keeps what came whole
// before the drop, and asks for the rest in halves, then one by one. A
// message that ends the connection alone twice is recorded as "the
// server failed while sending it", left out, and tried again at later
// syncs (after everything else).

// fetch is one UID FETCH, collected. After an error, msgs holds the
// messages that came whole before it.
func (c *imapConn) fetch(uids []imap.UID, opts *imap.FetchOptions) ([]*imapclient.FetchMessageBuffer, error) {
	var msgs []*imapclient.FetchMessageBuffer
	err := c.wait(func() error {
		var err error
		msgs, err = c.Fetch(imap.UIDSetNum(uids...), opts).Collect()
		return err
	})
	return msgs, err
}

// fetchNarrowed asks for uids with opts. A lost connection does not end
// it: see above. broken are the messages that ended the connection alone
// twice (already recorded in the store). The error is the first FETCH's
// refusal (NO/BAD: the callers try each message alone), or the
// connection lost and not made again (too often, or the server is gone).
func (p *Engine) fetchNarrowed(c *imapConn, f localstore.Folder, uids []imap.UID, opts *imap.FetchOptions) (msgs []*imapclient.FetchMessageBuffer, broken []imap.UID, err error) {
	got, err := c.fetch(uids, opts)
	if !lostConnection(c.ctx, err) {
		return got, nil, err
	}
	n := &narrower{p: p, c: c, f: f, opts: opts, alone: map[imap.UID]int{}}
	return n.after(uids, got)
}

type narrower struct {
	p     *Engine
	c     *imapConn
	f     localstore.Folder
	opts  *imap.FetchOptions
	alone map[imap.UID]int // failures alone, this sync
}

// after goes on once the FETCH of asked lost the connection, got having
// come whole before.
func (n *narrower) after(asked []imap.UID, got []*imapclient.FetchMessageBuffer) ([]*imapclient.FetchMessageBuffer, []imap.UID, error) {
	answered := map[imap.UID]bool{}
	var out []*imapclient.FetchMessageBuffer
	for _, m := range got {
		if m.UID != 0 {
			answered[m.UID] = true
			out = append(out, m)
		}
	}
	var left []imap.UID
	for _, u := range asked {
		if !answered[u] {
			left = append(left, u)
		}
	}
	// Servers answer in mailbox order: the message being sent when the
	// connection went is the first of those left.
	slices.Sort(left)
	var broken []imap.UID
	if len(asked) == 1 && len(left) == 1 {
		u := left[0]
		n.alone[u]++
		if n.alone[u] >= 2 { // the second time on a new connection
			for i := 0; i < n.alone[u]; i++ {
				if _, err := n.p.Store.FetchFailed(n.f.ID, key(u), localstore.ReasonServerFailed); err != nil {
					return out, nil, err
				}
			}
			return out, []imap.UID{u}, n.c.reconnect()
		}
	}
	if err := n.c.reconnect(); err != nil {
		return out, nil, err
	}
	parts := [][]imap.UID{left}
	if len(left) > 1 {
		parts = [][]imap.UID{left[:len(left)/2], left[len(left)/2:]}
	}
	for _, part := range parts {
		if len(part) == 0 {
			continue
		}
		msgs, err := n.c.fetch(part, n.opts)
		if !lostConnection(n.c.ctx, err) {
			// Whole, or refused (NO/BAD: what did not come is tried alone
			// by the callers).
			out = append(out, msgs...)
			continue
		}
		more, b, err := n.after(part, msgs)
		out, broken = append(out, more...), append(broken, b...)
		if err != nil {
			return out, broken, err
		}
	}
	return out, broken, nil
}

// without is uids less those in out.
func without(uids, out []imap.UID) []imap.UID {
	if len(out) == 0 {
		return uids
	}
	drop := map[imap.UID]bool{}
	for _, u := range out {
		drop[u] = true
	}
	var keep []imap.UID
	for _, u := range uids {
		if !drop[u] {
			keep = append(keep, u)
		}
	}
	return keep
}

// keysUIDs is server keys as UIDs.
func keysUIDs(keys []string) []imap.UID {
	out := make([]imap.UID, 0, len(keys))
	for _, k := range keys {
		u, _ := strconv.ParseUint(k, 10, 32)
		out = append(out, imap.UID(u))
	}
	return out
}
