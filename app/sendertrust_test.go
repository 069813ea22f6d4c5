package app

import (
	"testing"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

// "Always show them for this sender" holds only for messages the
// person's own provider vouches for (DKIM or DMARC pass for the From
// domain in its top-most Authentication-Results); a forged From line
// gets the normal "pictures held back" bar again (#26). Fails before the
// fix: every message naming the sender loaded its pictures.
func TestAlwaysShowNeedsTheProviderToVouch(t *testing.T) {
	ui, s := newTestUI(t)
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Me", Email: "me@example.net", Settings: accounts.Settings{Protocol: accounts.IMAP,
		Incoming: netconf.Server{Host: "imap.example.net", Port: 993, Security: netconf.TLS, Username: "me"}}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.FolderByPath(acct.ID, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	ui.app.Preferences().SetStringList(prefRemote, []string{"deals@shop.example"})
	open := func(subject, results string) bool {
		t.Helper()
		raw := []byte(results + "From: Shop <deals@shop.example>\r\nTo: me@example.net\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n" +
			"Content-Type: text/html\r\n\r\n<p>Sale</p><img src=\"https://shop.example/banner.png\" alt=\"Banner\">\r\n")
		added, err := s.Add(in.ID, []localstore.NewMessage{{Raw: raw, ServerKey: subject}})
		if err != nil {
			t.Fatal(err)
		}
		ui.webClient = nil
		ui.reader.showDraft(localstore.Summary{ID: added[0].ID, FolderID: in.ID}, false)
		ui.reader.show(added[0].ID, mailview.Parse(raw), raw)
		return ui.reader.remote.Visible()
	}
	for _, c := range []struct {
		subject, results string
		asked            bool
	}{
		{"signed", "Authentication-Results: mx3.example.net; dkim=pass header.d=shop.example; spf=pass smtp.mailfrom=shop.example\r\n", false},
		{"dmarc", "Authentication-Results: mx3.example.net; dmarc=pass header.from=shop.example\r\n", false},
		{"no results", "", true},
		{"forged below", "Authentication-Results: mx3.example.net; dkim=none; dmarc=none\r\nAuthentication-Results: mx3.example.net; dkim=pass header.d=shop.example\r\n", true},
		{"another server", "Authentication-Results: mx.attacker.example; dkim=pass header.d=shop.example\r\n", true},
		{"signed by another domain", "Authentication-Results: mx3.example.net; dkim=pass header.d=bulkmailer.example; dmarc=fail header.from=shop.example\r\n", true},
	} {
		if asked := open(c.subject, c.results); asked != c.asked {
			t.Errorf("%s: pictures held back %v, want %v", c.subject, asked, c.asked)
		}
	}
	capture(t, ui, "reader-always-show-asks-again")
}

func TestAuthservDomain(t *testing.T) {
	for host, want := range map[string]string{"imap.fastmail.com": "fastmail.com", "imap.gmail.com": "google.com", "mail.example.co.uk": "example.co.uk",
		"IMAP.Example.NET.": "example.net", "127.0.0.1": "", "[::1]": "", "": ""} {
		if got := authservDomain(host); got != want {
			t.Errorf("%q: %q, want %q", host, got, want)
		}
	}
}
