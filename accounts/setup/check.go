package setup

import (
	"context"
	"sync"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/imapsync"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/popsync"
	"github.com/postie-mail/postie/accounts/smtpsend"
)

// Checker logs in to servers for real, to prove settings work before an
// account is saved.
type Checker struct {
	Net netconf.Net
}

// CheckIncoming signs in to the IMAP or POP server and out again.
func (c Checker) CheckIncoming(ctx context.Context, p accounts.Protocol, srv netconf.Server, login netconf.Login, trusted []string) error {
	if p == accounts.POP {
		return popsync.Check(ctx, c.Net, srv, login, trusted)
	}
	return imapsync.Check(ctx, c.Net, srv, login, trusted)
}

// CheckOutgoing signs in to the SMTP submission server and quits.
func (c Checker) CheckOutgoing(ctx context.Context, srv netconf.Server, login netconf.Login, trusted []string) error {
	return smtpsend.Check(ctx, c.Net, srv, login, trusted)
}

// CheckBoth checks incoming and outgoing at the same time and returns
// both results. An account with no outgoing server yet checks incoming
// only.
func (c Checker) CheckBoth(ctx context.Context, s accounts.Settings, login netconf.Login) (incoming, outgoing error) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		incoming = c.CheckIncoming(ctx, s.Protocol, s.Incoming, login, s.TrustedCerts)
	}()
	go func() {
		defer wg.Done()
		if s.Outgoing.Host == "" {
			return // sending is set up later
		}
		outgoing = c.CheckOutgoing(ctx, s.Outgoing, login, s.TrustedCerts)
	}()
	wg.Wait()
	return
}
