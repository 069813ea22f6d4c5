package imapsync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
)

// ErrNoIdle means the server cannot push news: poll instead.
var ErrNoIdle = errors.New("this server cannot announce new mail (no IDLE): Postie checks every few minutes instead")

// WaitForNews waits on a separate connection, with IMAP IDLE on the
// Inbox, until the server reports new, changed or removed messages (it
// returns nil), the wait reaches max (nil too: time for a regular sync),
// ctx ends, or the connection fails (an error: the caller backs off).
// The handlers only signal; nothing calls the client from the reader
// goroutine.
func (p *Engine) WaitForNews(ctx context.Context, acct accounts.Account, max time.Duration) error {
	st := acct.Settings
	login, err := signin.For(acct, secrets.Incoming, p.Secrets)
	if err != nil {
		return err
	}
	news := make(chan struct{}, 1)
	signal := func() {
		select {
		case news <- struct{}{}:
		default:
		}
	}
	h := &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				signal()
			}
		},
		Expunge: func(uint32) { signal() },
		Fetch: func(m *imapclient.FetchMessageData) {
			for m.Next() != nil { // must be drained
			}
			signal()
		},
	}
	s, err := dialIMAP(ctx, p.Net, st.Incoming, login, st.TrustedCerts, h)
	if err != nil {
		return err
	}
	defer s.Close()
	var caps imap.CapSet
	_ = netconf.Wait(ctx, p.Net, s.conn, func() error { caps = s.Caps(); return nil }) // cannot fail: no command is sent
	if !caps.Has(imap.CapIdle) && !caps.Has(imap.CapIMAP4rev2) {
		return ErrNoIdle
	}
	if err := netconf.Wait(ctx, p.Net, s.conn, func() error { _, err := s.Select("INBOX", nil).Wait(); return err }); err != nil {
		return err
	}
	var idle *imapclient.IdleCommand
	if err := netconf.Wait(ctx, p.Net, s.conn, func() error { var err error; idle, err = s.Idle(); return err }); err != nil {
		return err
	}
	timer := time.NewTimer(max)
	defer timer.Stop()
	select {
	case <-news:
	case <-timer.C:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.Closed():
		return fmt.Errorf("the connection to %s was lost", st.Incoming.Host)
	}
	// Ending the wait: whatever happened, news or not, the caller syncs
	// next, and a broken connection shows there.
	_ = idle.Close()
	_ = netconf.Wait(ctx, p.Net, s.conn, idle.Wait)
	return nil
}
