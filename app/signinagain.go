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
		err = errors.New("this copy of Postie cannot use " + p.Name + "'s sign-in page")
	}
	if err != nil {
		if done != nil {
			done(err)
		}
		return
	}
	keys := ui.secretsFor(a)
	ui.busy = "Waiting for you to sign in at " + p.Name + " in your web browser…"
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
	status := para("Signed in on " + name + "'s own page: Postie keeps no password for this account.")
	if tr, ok := v.ui.trouble[v.acct.ID]; ok && signInEnded(tr.err) {
		status.SetText(name + " has ended Postie's sign-in for this account. Sign in again to get and send mail; everything already here stays readable.")
		status.Importance = widget.WarningImportance
	}
	again := widget.NewButtonWithIcon("Sign in again", theme.LoginIcon(), nil)
	again.OnTapped = func() {
		again.Disable()
		v.ui.signInAgain(v.acct, func(err error) {
			again.Enable()
			if err != nil {
				status.SetText("The sign-in did not finish: " + accounts.Explain(err))
				status.Importance = widget.DangerImportance
			} else {
				status.SetText("Signed in again with " + name + ".")
				status.Importance = widget.SuccessImportance
			}
			status.Refresh()
		})
	}
	return container.NewVBox(status, container.NewHBox(again))
}
