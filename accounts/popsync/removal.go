package popsync

import (
	"errors"
	"fmt"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// removeAsChosen removes server copies as the account's policy says
// (only after every download of the session is committed), ends the
// session with QUIT — without which the server removes nothing — and
// settles what was removed and what was deleted here.
func (p *Engine) removeAsChosen(c *popConn, acct accounts.Account, srv serverList, seen map[string]localstore.SeenKey, res *Result) error {
	// Server copies, by the person's policy.
	dele, deletedHere, err := p.toRemove(acct, srv.nums, srv.keys, srv.sizes)
	if err != nil {
		return err
	}
	if len(dele) > 0 {
		p.report(accounts.Event{AccountID: acct.ID, Text: tr.N("Removing {{.Count}} message from the server, as chosen in this account's settings…", "Removing {{.Count}} messages from the server, as chosen in this account's settings…", len(dele))})
	}
	var removed []string
	for _, n := range dele {
		if _, err := c.command("DELE %d", n); err != nil {
			var pe *popError
			if errors.As(err, &pe) {
				continue // the server refused this one: it stays
			}
			return p.fail(acct.Settings, err)
		}
		removed = append(removed, srv.keys[n])
	}
	if _, err := c.command("QUIT"); err != nil {
		// Not confirmed: nothing counts as removed.
		return p.fail(acct.Settings, fmt.Errorf("%s: %w", tr.L("the server did not confirm the end of the session, so nothing is taken as removed"), err))
	}
	if err := p.Store.MarkRemoved(acct.ID, removed); err != nil {
		return err
	}
	res.Removed += len(removed) // a sync may run more than one session
	// Settle the deletions made here: done once removed, or when the
	// server no longer has the message, or when the policy keeps server
	// copies anyway. A refused DELE stays queued for the next session.
	wasRemoved := map[string]bool{}
	for _, k := range removed {
		wasRemoved[k] = true
	}
	for k, op := range deletedHere {
		_, listed := srv.byKey[k]
		if wasRemoved[k] || !listed || acct.Settings.ServerCopies.Mode != accounts.OnDelete {
			if err := p.Store.DonePending(op); err != nil {
				return err
			}
		}
	}
	// Forget keys that were removed and are no longer listed.
	var gone []string
	for k, s := range seen {
		if _, listed := srv.byKey[k]; !listed && s.Removed {
			gone = append(gone, k)
		}
	}
	if err := p.Store.ForgetKeys(acct.ID, gone); err != nil {
		return err
	}
	return nil
}

// toRemove lists the messages the policy removes now, and the messages
// deleted for ever here (server key → pending operation).
func (p *Engine) toRemove(acct accounts.Account, nums []int, keys map[int]string, sizes map[int]int64) ([]int, map[string]int64, error) {
	pol := acct.Settings.ServerCopies
	var dele []int
	pending, err := p.Store.Pending(acct.ID)
	if err != nil {
		return nil, nil, err
	}
	deletedHere := map[string]int64{}
	for _, o := range pending {
		if o.Kind == localstore.OpExpunge && o.ServerKey != "" {
			deletedHere[o.ServerKey] = o.ID
		} else {
			if err := p.Store.DonePending(o.ID); err != nil { // nothing else is the POP server's business
				return nil, nil, err
			}
		}
	}
	seen, err := p.Store.SeenKeys(acct.ID)
	if err != nil {
		return nil, nil, err
	}
	safe := func(n int) bool {
		// What was stored is the whole message: the bytes committed here
		// match the size the server lists for it now (#25). A record from
		// before Postie kept that size falls back to the local copy.
		if s, ok := seen[keys[n]]; ok && s.Size >= 0 {
			return sizeMatches(s.Size, sizes[n])
		}
		m, err := p.Store.MessageByAccountKey(acct.ID, keys[n])
		return err == nil && !m.Partial && sizeMatches(m.Size, sizes[n])
	}
	for _, n := range nums {
		k := keys[n]
		switch pol.Mode {
		case accounts.AfterDownload:
			if safe(n) {
				dele = append(dele, n)
			}
		case accounts.AfterDays:
			s, ok := seen[k]
			if ok && !s.FirstSeen.After(p.now().AddDate(0, 0, -pol.Days)) && safe(n) {
				dele = append(dele, n)
			}
		case accounts.OnDelete:
			// Deleted for ever here (the local copy is gone on purpose),
			// and it was downloaded: it is in the seen record.
			if _, ok := deletedHere[k]; ok {
				if _, known := seen[k]; known && safe(n) {
					dele = append(dele, n)
				}
			}
		}
	}
	return dele, deletedHere, nil
}
