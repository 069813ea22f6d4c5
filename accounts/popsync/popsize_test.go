package popsync

import (
	"context"
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/testservers"
)

// The size check that guards every removal (#25) passes real Dovecot's
// sizes for the messages it stores awkwardly. Dovecot lists the size with
// CRLF line ends (its files have LF) and without the line end it adds
// before the final "." to a message that has none (seen: a file "…body"
// is listed as 33 octets and sent as 35, ending "\r\n"). Every one is
// whole, so every one is removed after download, and nothing is reported.
func TestPOPSizeCheckAgainstDovecot(t *testing.T) {
	d := testservers.Start(t, testservers.Users{"pat": "pw"}, "")
	files := [][]byte{
		[]byte("From: a@example.com\nSubject: lf\n\nbody\n"),
		[]byte("From: a@example.com\r\nSubject: crlf\r\n\r\nbody\r\n"),
		[]byte("From: a@example.com\nSubject: no final line end\n\nbody"),
		[]byte("From: a@example.com\nSubject: bare cr\n\nbo\rdy\n"),
		[]byte("From: a@example.com\r\nSubject: mixed\n\r\nbody\n"),
		[]byte("From: a@example.com\nSubject: dots\n\n.\n..\n.x\n"),
		[]byte("From: a@example.com\nSubject: ends in CR\n\nbody\r"),
		[]byte("From: a@example.com\nSubject: nul\n\nb\x00dy\n"),
	}
	d.FillMaildir("pat", files)
	srv := netconf.Server{Host: "127.0.0.1", Port: d.POP3, Security: netconf.Plain, Username: "pat"}
	s, sec, acct := popAccount(t, srv, accounts.ServerCopies{Mode: accounts.AfterDownload})
	res, err := (&Engine{Store: s, Secrets: sec, Net: acctest.Net}).Sync(context.Background(), acct)
	if err != nil || res.Downloaded != len(files) || res.Removed != len(files) || res.Unfetched != nil {
		t.Fatalf("%+v %v", res, err)
	}
}
