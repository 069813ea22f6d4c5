package app

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/accounts/testservers"
	"github.com/postie-mail/postie/localstore"
)

// The wizard for an address whose provider has its own sign-in page: no
// password field but a sentence and "Sign in with Testmail"; the browser
// opens, the wizard waits with Cancel, and goes on by itself after the
// redirect; the account is added with the refresh token in the keyring
// and no password. A refused consent says so and offers the app-password
// path, which brings the password field back.
func TestWizardSignsInOnTheProvidersPage(t *testing.T) {
	as := testservers.StartOAuthServer(t, "sam")
	as.ProvidersFile(t, "testmail", []string{"example.com"}, nil)
	relay := testservers.StartSubmission(t, "relay", "relay", "")
	d := testservers.StartOAuth(t, testservers.Users{"sam": "pw"}, as.Introspection(), relay.Port, "")
	ui, s := newTestUI(t)
	ui.opts.Discoverer = &setup.Discoverer{Timeout: time.Second, Providers: []setup.Provider{{
		ID: "example", Name: "Example Mail", Domains: []string{"example.com"}, Username: "%EMAILLOCALPART%",
		IMAP: &netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS},
		SMTP: &netconf.Server{Host: "127.0.0.1", Port: d.Submission, Security: netconf.StartTLS},
	}}}
	ui.opts.Checker = setup.Checker{Net: netconf.Net{Timeout: 5 * time.Second}}
	ui.opts.Secrets = &secrets.Memory{}
	var v *wizardView
	var waiting string
	ui.opener = func(u *url.URL) error { // the system browser: the person consents
		waiting = wizardText(v)
		shoot(t, v, "wizard-oauth-2-waiting")
		go func() {
			if resp, err := http.Get(u.String()); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
	v = ui.openWizard()
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	test.Type(v.name, "Sam")
	test.Type(v.email, "sam@example.com")
	if v.signIn == nil || v.password.Visible() {
		t.Fatal("no sign-in button, or a password field, for a provider with its own page")
	}
	text := wizardText(v)
	if !strings.Contains(text, "Postie will open Testmail's sign-in page in your web browser") || !strings.Contains(text, "never sees your password") {
		t.Fatalf("identity step:\n%s", text)
	}
	shoot(t, v, "wizard-oauth-1-identity")
	test.Tap(v.next)
	if v.w.Step() != setup.StepIdentity || !strings.Contains(v.errMsg.Text, "sign in first") {
		t.Fatalf("went on without signing in: %q", v.errMsg.Text)
	}

	// The person refuses consent on the provider's page.
	as.Deny(true)
	test.Tap(v.signIn)
	if !strings.Contains(waiting, "Waiting for you to finish signing in at Testmail in your web browser") {
		t.Fatalf("while waiting:\n%s", waiting)
	}
	if v.w.Step() != setup.StepIdentity || !strings.Contains(v.errMsg.Text, "cancelled or access was not allowed") || !strings.Contains(v.errMsg.Text, "app password") {
		t.Fatalf("after refusing: step %d %q", v.w.Step(), v.errMsg.Text)
	}
	shoot(t, v, "wizard-oauth-3-refused")
	test.Tap(v.usePassword)
	if !v.password.Visible() || v.signIn != nil {
		t.Fatal("the app-password path shows no password field")
	}
	shoot(t, v, "wizard-oauth-4-app-password")
	v.w.UsePassword = false
	v.drawCredentials()

	// Consent: the wizard goes on by itself.
	as.Deny(false)
	test.Tap(v.signIn)
	if v.w.Step() != setup.StepUsage {
		t.Fatalf("did not go on after signing in: step %d %q", v.w.Step(), v.errMsg.Text)
	}
	test.Tap(v.next) // usage → finding
	test.Tap(v.next) // finding → check
	if v.trust != nil {
		test.Tap(v.trust)
	}
	text = wizardText(v)
	if v.w.IncomingErr != nil || v.w.OutgoingErr != nil || !strings.Contains(text, "Receiving mail: signed in") || !strings.Contains(text, "Sending mail: signed in") {
		t.Fatalf("check with the sign-in: %v / %v\n%s\n%s", v.w.IncomingErr, v.w.OutgoingErr, text, d.Log())
	}
	shoot(t, v, "wizard-oauth-5-checked")
	test.Tap(v.next) // → summary
	test.Tap(v.next) // add
	list, _ := accounts.List(s)
	if len(list) != 1 || list[0].Settings.OAuth != "testmail" {
		t.Fatalf("accounts: %+v", list)
	}
	if _, err := ui.opts.Secrets.Get(list[0].ID, secrets.Incoming); !errors.Is(err, secrets.ErrNoPassword) {
		t.Fatal("a password was kept")
	}
	if rt, err := ui.opts.Secrets.Get(list[0].ID, secrets.OAuth); err != nil || rt == "" {
		t.Fatal("no refresh token in the keyring")
	}
}

// The provider ends the sign-in (grant revoked): the status bar says so,
// with "Sign in again" and the mail still there; account settings say it
// too; signing in again on the provider's page gets mail again.
func TestSignInAgainAfterTheProviderEndsIt(t *testing.T) {
	as := testservers.StartOAuthServer(t, "ann")
	as.ProvidersFile(t, "testmail", []string{"example.com"}, nil)
	d := testservers.StartOAuth(t, testservers.Users{"ann": "pw"}, as.Introspection(), 0, "")
	ui, s := newTestUI(t)
	ui.opener = func(u *url.URL) error {
		go func() {
			if resp, err := http.Get(u.String()); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
	p, _ := oauth.Find("testmail")
	tok, err := oauth.Browser{Provider: p, Open: as.Browser(t)}.SignIn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	acct, err := accounts.Create(s, ui.opts.Secrets, accounts.Account{Name: "Work", Email: "ann@example.com", Settings: accounts.Settings{
		Protocol: accounts.IMAP, OAuth: "testmail", Incoming: netconf.Server{Host: "127.0.0.1", Port: d.IMAPS, Security: netconf.TLS, Username: "ann"},
		TrustedCerts: []string{d.CertSHA256}}}, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	d.Deliver("ann", "INBOX", []byte("From: x@example.com\nSubject: before the end\n\nhi\n"))
	if _, err := ui.syncAccount(acct); err != nil {
		t.Fatal(err)
	}
	as.RevokeAll()
	as.ExpireAccess()
	d.Deliver("ann", "INBOX", []byte("From: x@example.com\nSubject: after signing in again\n\nhi\n"))
	if _, err := ui.syncAccount(acct); err == nil {
		t.Fatal("sync with a revoked grant worked")
	}
	if !strings.Contains(ui.status.Text, "the sign-in has ended") || !ui.statusFix.Visible() || ui.statusFix.Text != "Sign in again" {
		t.Fatalf("status bar: %q [%s]", ui.status.Text, ui.statusFix.Text)
	}
	capture(t, ui, "oauth-sign-in-again")
	sv := ui.openSettings(acct)
	if !strings.Contains(textOf(sv.win), "has ended Postie's sign-in") || strings.Contains(textOf(sv.win), "Leave empty to keep the current password") {
		t.Fatalf("settings:\n%s", textOf(sv.win))
	}
	sv.win.Close()
	test.Tap(ui.statusFix)
	if ui.status.Text != "Up to date" || ui.statusFix.Visible() {
		t.Fatalf("after signing in again: %q", ui.status.Text)
	}
	f, _ := s.FolderByRole(acct.ID, localstore.RoleInbox)
	if msgs, _ := s.Messages(f.ID, nil, 10); len(msgs) != 2 {
		t.Fatalf("%d messages after signing in again", len(msgs))
	}
}

// textOf is every visible label of a window.
func textOf(win fyne.Window) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}
