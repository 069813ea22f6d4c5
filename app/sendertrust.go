package app

import (
	"bytes"
	"net"
	"net/mail"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/internal/mailtext"
)

// "Always show pictures from this sender" is honoured only when the
// person's own provider vouches for the sender (#26): anyone can write
// any From line, so the receiving server's Authentication-Results must
// report DKIM or DMARC passing for the From address's domain
// (mailtext.SenderVouched); otherwise the reader asks again.
//
// Whose results count: those whose authserv-id is in the registrable
// domain of the account's incoming server (imap.fastmail.com → any
// *.fastmail.com), Gmail's servers naming themselves mx.google.com. That
// is known without looking at any mail, and a sender cannot choose it.
// Providers whose results carry no authserv-id (Microsoft 365) or another
// domain than their IMAP server's are not trusted: there the person is
// asked each time, as before "always" was chosen.

// providerAliases are receiving servers' domains that differ from their
// IMAP server's.
var providerAliases = map[string]string{"gmail.com": "google.com", "googlemail.com": "google.com"}

// authservDomain is the domain whose Authentication-Results count for an
// account with this incoming server ("" for none).
func authservDomain(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil || net.ParseIP(strings.Trim(host, "[]")) != nil {
		return "" // an IP address names no provider
	}
	if a, ok := providerAliases[d]; ok {
		return a
	}
	return d
}

// senderVouched says whether the open message's sender is vouched for by
// the provider of the account it arrived in.
func (r *reader) senderVouched(from string) bool {
	addr := senderAddress(from)
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || r.raw == nil {
		return false
	}
	f, err := r.ui.store.Folder(r.draftOf.FolderID) // draftOf is the open message's summary
	if err != nil {
		return false
	}
	acct, err := accounts.Load(r.ui.store, f.AccountID)
	if err != nil {
		return false // "On this computer": no provider received it
	}
	m, err := mail.ReadMessage(bytes.NewReader(r.raw))
	if err != nil {
		return false
	}
	return mailtext.SenderVouched(m.Header["Authentication-Results"], authservDomain(acct.Settings.Incoming.Host), addr[at+1:])
}
