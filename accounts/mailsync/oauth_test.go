package mailsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/accounts/internal/acctest"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

func oauthMsg(n int) []byte {
	return []byte(fmt.Sprintf("From: kim@example.org\r\nTo: alice@example.com\r\nSubject: token mail %d\r\nMessage-ID: <tok%d@example.org>\r\nDate: Mon, 2 Nov 2026 10:0%d:00 +0000\r\n\r\nbody %d\r\n", n, n, n, n))
}

// A provider sign-in end to end against Dovecot checking every token at
// the test's own authorization server: the wizard signs in through the
// (test) browser with PKCE, checks IMAP and submission with the token,
// saves only the refresh token in the keyring; IMAP and POP sync and a
// message goes out through submission; an access token that ends
// mid-session is renewed without anything visible; the provider being
// down is a temporary failure, not "sign in again"; a revoked grant is
// "sign in again", asked once per sync (no loop), with the mail still
// readable. No token is ever written into the profile.
func TestOAuthSignInEndToEnd(t *testing.T) {
	as := testservers.StartOAuthServer(t, "alice")
	as.ProvidersFile(t, "testmail", []string{"example.com"}, nil)
	relay := testservers.StartSubmission(t, "relay", "relay", "")
	d := testservers.StartOAuth(t, testservers.Users{"alice": "pw"}, as.Introspection(), relay.Port, "")
	d.Deliver("alice", "INBOX", oauthMsg(1))
	d.Deliver("alice", "INBOX", oauthMsg(2))
	profile := t.TempDir()
	s, err := localstore.Open(profile)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sec := &secrets.Memory{}
	ctx := context.Background()

	// The wizard: no password asked, the sign-in replaces it.
	w := setup.NewWizard()
	w.Name, w.Email = "Alice", "alice@example.com"
	p, ok := w.OAuthProvider()
	if !ok || p.Name != "Testmail" {
		t.Fatalf("no sign-in offered for the address: %+v", p)
	}
	if err := w.Next(); err == nil {
		t.Fatal("went on without signing in")
	}
	if err := w.SignIn(ctx, as.Browser(t)); err != nil {
		t.Fatal(err)
	}
	must(t, w.Next())
	w.Choose(accounts.IMAP)
	must(t, w.Next())
	w.SetServers(netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "alice"},
		netconf.Server{Host: "127.0.0.1", Port: d.Submission, Security: netconf.StartTLS, Username: "alice"})
	w.TrustCert(d.CertSHA256)
	must(t, w.Next())
	if err := w.Check(ctx, setup.Checker{Net: acctest.Net}); err != nil {
		t.Fatalf("check with the token: %v\n%s", err, d.Log())
	}
	must(t, w.Next())
	acct, err := w.Finish(s, sec)
	if err != nil {
		t.Fatal(err)
	}
	if acct.Settings.OAuth != "testmail" {
		t.Fatalf("saved without the provider: %+v", acct.Settings)
	}
	if _, err := sec.Get(acct.ID, secrets.Incoming); !errors.Is(err, secrets.ErrNoPassword) {
		t.Fatal("a password was kept for a provider sign-in")
	}
	refresh, err := sec.Get(acct.ID, secrets.OAuth)
	if err != nil || !strings.HasPrefix(refresh, "rt-") {
		t.Fatalf("refresh token not in the keyring: %q %v", refresh, err)
	}

	sy := &Syncer{Store: s, Net: acctest.Net, Secrets: func(accounts.Account) secrets.Secrets { return sec }}
	out, err := sy.Sync(ctx, acct)
	if err != nil || !strings.HasPrefix(out.Summary, "2 new") {
		t.Fatalf("first sync: %q %v", out.Summary, err)
	}
	_, refreshes := as.Counts()
	if refreshes != 0 {
		t.Fatalf("%d refreshes right after signing in", refreshes)
	}

	// Sending through submission with the token.
	queueDraft(t, s, acct, compose.Draft{Subject: "sent with a token", Body: "hi\n", To: []*mail.Address{{Address: "kim@example.org"}}})
	if res, err := sy.SendOutbox(ctx, acct); err != nil || res.Sent != 1 {
		t.Fatalf("send: %+v %v\n%s", res, err, d.Log())
	}
	if got := relay.Messages(); len(got) != 1 || !bytes.Contains(got[0].Data, []byte("sent with a token")) {
		t.Fatalf("relay got %d messages", len(got))
	}

	// The access token ends mid-session: renewed once, nothing visible.
	as.ExpireAccess()
	d.Deliver("alice", "INBOX", oauthMsg(3))
	if out, err := sy.Sync(ctx, acct); err != nil || !strings.HasPrefix(out.Summary, "1 new") {
		t.Fatalf("sync after expiry: %q %v", out.Summary, err)
	}
	if _, refreshes = as.Counts(); refreshes != 1 {
		t.Fatalf("%d refreshes after one expiry", refreshes)
	}
	if rotated, _ := sec.Get(acct.ID, secrets.OAuth); rotated == refresh {
		t.Fatal("the rotated refresh token was not kept")
	}

	// POP with the same sign-in (a second account on the same server).
	tok, err := oauth.Browser{Provider: p, Open: as.Browser(t)}.SignIn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pop, err := accounts.Create(s, sec, accounts.Account{Name: "Alice POP", Email: "alice@example.com", Settings: accounts.Settings{Protocol: accounts.POP, OAuth: "testmail",
		Incoming: netconf.Server{Host: "127.0.0.1", Port: d.POP3S, Security: netconf.TLS, Username: "alice"}, TrustedCerts: []string{d.CertSHA256}}}, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := sy.Sync(ctx, pop); err != nil || !strings.HasPrefix(out.Summary, "3 new") {
		t.Fatalf("POP sync with a token: %q %v\n%s", out.Summary, err, d.Log())
	}

	// The provider is down: a temporary failure, not "sign in again".
	as.SetDown(true)
	_, err = sy.Sync(ctx, acct)
	if k := acctest.ProblemKind(t, err); k == netconf.ProblemSignInAgain || errors.Is(err, netconf.ErrSignInAgain) {
		t.Fatalf("provider down became sign in again: %v", err)
	}
	t.Logf("provider down: %v", err)
	as.SetDown(false)

	// The grant is revoked: "sign in again", once per sync, mail readable.
	as.RevokeAll()
	_, before := as.Counts()
	for i := 0; i < 2; i++ {
		_, err = sy.Sync(ctx, acct)
		if acctest.ProblemKind(t, err) != netconf.ProblemSignInAgain {
			t.Fatalf("revoked: %v", err)
		}
	}
	t.Logf("revoked: %v", err)
	if _, after := as.Counts(); after != before {
		t.Fatalf("refreshes after revocation: %d → %d", before, after)
	}
	if len(as.Requests) > 8 {
		t.Fatalf("%d token requests: a retry loop", len(as.Requests))
	}
	inbox, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if msgs, _ := s.Messages(inbox.ID, nil, 100); len(msgs) != 3 {
		t.Fatalf("%d messages readable after the sign-in ended", len(msgs))
	}

	// No token anywhere in the profile.
	filepath.WalkDir(profile, func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		if bytes.Contains(b, []byte("rt-")) || bytes.Contains(b, []byte("at-")) && bytes.Contains(b, []byte(refresh[3:10])) {
			t.Errorf("%s holds a token", path)
		}
		return nil
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Every protocol signs in with either token mechanism, and answers a
// refused token's challenge so the server ends the exchange: a token the
// server no longer accepts is renewed and tried again on the same
// connection. Dovecot offers OAUTHBEARER (preferred) in one run and only
// XOAUTH2 (what Microsoft offers) in the other.
func TestOAuthMechanismsAndRenewal(t *testing.T) {
	for _, mechs := range []string{"xoauth2 oauthbearer", "xoauth2"} {
		t.Run(mechs, func(t *testing.T) {
			as := testservers.StartOAuthServer(t, "alice")
			as.ProvidersFile(t, "testmail", []string{"example.com"}, nil)
			relay := testservers.StartSubmission(t, "relay", "relay", "")
			d := testservers.StartOAuth(t, testservers.Users{"alice": "pw"}, as.Introspection(), relay.Port, "auth_mechanisms = plain login "+mechs+"\n")
			p, _ := oauth.Find("testmail")
			ctx := context.Background()
			tok, err := oauth.Browser{Provider: p, Open: as.Browser(t)}.SignIn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c := setup.Checker{Net: acctest.Net}
			trusted := []string{d.CertSHA256}
			checks := map[string]func(netconf.Login) error{
				"imap": func(l netconf.Login) error {
					return c.CheckIncoming(ctx, accounts.IMAP, acctest.Srv(d.IMAPS, netconf.TLS, "alice"), l, trusted)
				},
				"pop": func(l netconf.Login) error {
					return c.CheckIncoming(ctx, accounts.POP, acctest.Srv(d.POP3, netconf.StartTLS, "alice"), l, trusted)
				},
				"smtp": func(l netconf.Login) error {
					return c.CheckOutgoing(ctx, acctest.Srv(d.Submission, netconf.StartTLS, "alice"), l, trusted)
				},
			}
			for name, check := range checks {
				fresh := oauth.NewFresh(p, tok)
				if err := check(netconf.Login{Tokens: fresh}); err != nil {
					t.Fatalf("%s with a good token: %v\n%s", name, err, d.Log())
				}
				as.ExpireAccess()
				_, before := as.Counts()
				if err := check(netconf.Login{Tokens: fresh}); err != nil {
					t.Fatalf("%s with an expired token: %v\n%s", name, err, d.Log())
				}
				if _, after := as.Counts(); after != before+1 {
					t.Fatalf("%s: %d renewals for one refused token", name, after-before)
				}
				tok = fresh.Token()
				// A password is no token, and a token no password.
				if err := check(netconf.PasswordLogin(tok.AccessToken)); acctest.ProblemKind(t, err) != netconf.ProblemWrongPassword {
					t.Fatalf("%s accepted a token as a password: %v", name, err)
				}
			}
			want := "method=OAUTHBEARER"
			if mechs == "xoauth2" {
				want = "method=XOAUTH2"
			}
			if log := d.Log(); strings.Count(log, want) < 6 || strings.Contains(log, "Invalid base64") {
				t.Fatalf("not %d sign-ins with %s, or a malformed answer:\n%s", 6, want, log)
			}
		})
	}
}
