package imapsync

import (
	"context"
	"errors"
	"strings"

	"github.com/emersion/go-imap/v2"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/signin"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// imapConn is the connection one sync (or one download, or one check)
// works on. It can be made again when it is lost in the middle of a
// FETCH (reconnect), with the folder selected as before, so one message
// the server cannot send does not end the sync (#25).
type imapConn struct {
	*imapSession
	ctx  context.Context
	n    netconf.Net
	caps imap.CapSet
	// redial opens a new, signed-in session (nil: the connection cannot
	// be made again).
	redial     func() (*imapSession, error)
	reconnects int
	// utf8 says UTF8=ACCEPT was enabled on the first session, so it is
	// enabled on the next ones without asking again.
	utf8 bool
	// The folder last selected with selectBox, selected again after a
	// reconnect; its UIDVALIDITY must not have changed meanwhile.
	selPath     string
	selOpts     *imap.SelectOptions
	selValidity uint32
}

func (c *imapConn) wait(f func() error) error { return netconf.Wait(c.ctx, c.n, c.conn, f) }

// connect signs in to the account's IMAP server and turns on UTF8=ACCEPT
// where offered (enableUTF8).
func (p *Engine) connect(ctx context.Context, acct accounts.Account) (*imapConn, error) {
	st := acct.Settings
	login, err := signin.For(acct, secrets.Incoming, p.Secrets)
	if err != nil {
		return nil, err
	}
	c := &imapConn{ctx: ctx, n: p.Net}
	c.redial = func() (*imapSession, error) {
		return dialIMAP(ctx, p.Net, st.Incoming, login, st.TrustedCerts, nil)
	}
	if c.imapSession, err = c.redial(); err != nil {
		return nil, err
	}
	if err := c.enableUTF8(p.localNames(acct)); err != nil {
		c.Close()
		return nil, p.fail(st, err)
	}
	return c, nil
}

// localNames are the folder names the account uses here, and those its
// queued changes name (a folder created or renamed here, not yet on the
// server).
func (p *Engine) localNames(acct accounts.Account) []string {
	var names []string
	if fs, err := p.Store.Folders(acct.ID); err == nil {
		for _, f := range fs {
			names = append(names, f.Path)
		}
	}
	if ops, err := p.Store.Pending(acct.ID); err == nil {
		for _, o := range ops {
			names = append(names, o.Folder, o.Dest)
		}
	}
	return names
}

// enableUTF8 reads the capabilities and enables UTF8=ACCEPT (RFC 6855)
// where the server offers it: messages whose headers are raw UTF-8 then
// come as they are, not downgraded. go-imap beta.8 still decodes every
// mailbox name as modified UTF-7 once it is on, and a raw '&' (which
// UTF-8 names carry unescaped) fails to parse and ends the connection:
// so it is enabled only when no folder name, on the server (LIST before
// ENABLE) or here, holds an '&'. ENABLE must come before any SELECT.
func (c *imapConn) enableUTF8(local []string) error {
	_ = c.wait(func() error { c.caps = c.Caps(); return nil }) // cannot fail: no command is sent
	if !c.caps.Has(imap.CapUTF8Accept) {
		return nil
	}
	for _, n := range local {
		if strings.Contains(n, "&") {
			return nil
		}
	}
	var boxes []*imap.ListData
	if err := c.wait(func() error {
		var err error
		boxes, err = c.List("", "*", nil).Collect()
		return err
	}); err != nil {
		if errors.As(err, new(*imap.Error)) {
			return nil
		}
		return err
	}
	for _, b := range boxes {
		if strings.Contains(b.Mailbox, "&") {
			return nil
		}
	}
	return c.enable()
}

// enable sends ENABLE UTF8=ACCEPT; a refusal leaves the session as it is.
func (c *imapConn) enable() error {
	err := c.wait(func() error {
		d, err := c.Enable(imap.CapUTF8Accept).Wait()
		if err == nil && d.Caps.Has(imap.CapUTF8Accept) {
			c.utf8 = true
		}
		return err
	})
	if errors.As(err, new(*imap.Error)) {
		return nil
	}
	return err
}

// selectBox selects a folder and remembers it, to select it again after
// a reconnect.
func (c *imapConn) selectBox(path string, opts *imap.SelectOptions) (*imap.SelectData, error) {
	var d *imap.SelectData
	err := c.wait(func() error {
		var err error
		d, err = c.Select(path, opts).Wait()
		return err
	})
	if err != nil {
		c.selPath = ""
		return nil, err
	}
	c.selPath, c.selOpts, c.selValidity = path, opts, d.UIDValidity
	return d, nil
}

// unselect leaves the folder selectBox selected.
func (c *imapConn) unselect() error {
	c.selPath = ""
	return c.wait(func() error { return c.Unselect().Wait() })
}

// maxReconnects bounds how often one sync connects again after losing
// the connection in the middle of a FETCH. Narrowing one message down in
// 2,000 takes about 12; a link that drops everything ends the sync
// instead of trying for ever (the next sync goes on from the store).
const maxReconnects = 32

// errTooManyDrops: the connection was lost more often than one sync
// connects again.
var errTooManyDrops error = sentence(tr.Mark("the connection to the server was lost again and again"))

// errRenumberedMeanwhile: the folder was renumbered on the server while
// the connection was made again; the next sync starts it over.
var errRenumberedMeanwhile error = sentence(tr.Mark("the folder was renumbered on the server during the sync"))

// lostConnection says whether err ended the connection — the server
// closed it, the network dropped, the watchdog gave up, or go-imap could
// not read an answer — rather than the server refusing a command
// (NO/BAD), this computer's disk failing, or the sync being cancelled.
func lostConnection(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil || localstore.IsDiskError(err) {
		return false
	}
	return !errors.As(err, new(*imap.Error))
}

// reconnect replaces a lost connection with a new one, with UTF8=ACCEPT
// as before and the same folder selected the same way.
func (c *imapConn) reconnect() error {
	if c.redial == nil || c.reconnects >= maxReconnects {
		return errTooManyDrops
	}
	c.reconnects++
	c.imapSession.Close()
	s, err := c.redial()
	if err != nil {
		return err
	}
	c.imapSession = s
	_ = c.wait(func() error { c.caps = c.Caps(); return nil }) // cannot fail: no command is sent
	if c.utf8 {
		if err := c.enable(); err != nil {
			return err
		}
	}
	if c.selPath == "" {
		return nil
	}
	validity := c.selValidity
	d, err := c.selectBox(c.selPath, c.selOpts)
	if err != nil {
		return err
	}
	if d.UIDValidity != validity {
		return errRenumberedMeanwhile
	}
	return nil
}
