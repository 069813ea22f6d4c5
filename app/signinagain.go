package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
)

// signInEnded says whether an account's trouble is a provider sign-in
// that has ended (revoked, password changed at the provider).
func signInEnded(err error) bool {
	var p *netconf.Problem
	return errors.Is(err, netconf.ErrSignInAgain) || errors.As(err, &p) && p.Kind == netconf.ProblemSignInAgain
}

// signInAgain runs the provider's sign-in page again for an account and
// keeps the new grant; then the account syncs, and what waited goes out.
// done (may be nil) hears how it ended, on the UI goroutine.
func (ui *UI) signInAgain(a accounts.Account, done func(error)) {
	p, err := oauth.Find(a.Settings.OAuth)
	if err == nil && !p.Usable() {
		err = errors.New(tr.L("this copy of Postie cannot use {{.Provider}}'s sign-in page", tr.M{"Provider": p.Name}))
	}
	if err != nil {
		if done != nil {
			done(err)
		}
		return
	}
	keys := ui.secretsFor(a)
	ui.busy = tr.L("Waiting for you to sign in at {{.Provider}} in your web browser…", tr.M{"Provider": p.Name})
	ui.refreshFolders(false)
	ui.bg(func() {
		tok, err := oauth.Browser{Provider: p, Hint: a.Email, Open: ui.openInBrowser}.SignIn(context.Background())
		if err == nil {
			if err = keys.Set(a.ID, secrets.OAuth, tok.RefreshToken); err == nil {
				oauth.Remember(p, a.ID, keys, tok)
			}
		}
		fyne.Do(func() {
			ui.busy = ""
			if err == nil {
				delete(ui.trouble, a.ID)
			}
			ui.refreshFolders(false)
			if done != nil {
				done(err)
			}
		})
		if err == nil {
			out, serr := ui.syncAccount(a)
			ui.synced(a, out, serr)
		}
	})
}

// signInRow is the account settings' line for a provider sign-in: with
// whom, and "Sign in again".
func (v *settingsView) signInRow() fyne.CanvasObject {
	name := v.acct.Settings.OAuth
	if p, err := oauth.Find(name); err == nil {
		name = p.Name
	}
	who := tr.M{"Provider": name}
	status := para(tr.L("Signed in on {{.Provider}}'s own page: Postie keeps no password for this account.", who))
	if t, ok := v.ui.trouble[v.acct.ID]; ok && signInEnded(t.err) {
		status.SetText(tr.L("{{.Provider}} has ended Postie's sign-in for this account. Sign in again to get and send mail; everything already here stays readable.", who))
		status.Importance = widget.WarningImportance
	}
	again := newKeyButton(tr.L("Sign in again"), theme.LoginIcon(), nil)
	again.OnTapped = func() {
		again.Disable()
		v.ui.signInAgain(v.acct, func(err error) {
			again.Enable()
			if err != nil {
				status.SetText(tr.L("The sign-in did not finish: {{.Error}}", tr.M{"Error": accounts.Explain(err)}))
				status.Importance = widget.DangerImportance
			} else {
				status.SetText(tr.L("Signed in again with {{.Provider}}.", who))
				status.Importance = widget.SuccessImportance
			}
			status.Refresh()
		})
	}
	return container.NewVBox(status, container.NewHBox(again))
}
