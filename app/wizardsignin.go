package app

import (
	"context"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/internal/tr"
)

// drawCredentials shows, under the address, how this account signs in:
// the provider's own page (a button instead of a password field) where
// Postie can use it, else the password, with the provider's app-password
// help where the provider needs one.
func (v *wizardView) drawCredentials() {
	v.w.Email = v.email.Text
	v.credentials.Objects = nil
	v.signIn, v.usePassword = nil, nil
	askPassword := false
	if p, ok := v.w.SignedIn(); ok {
		done := widget.NewLabelWithStyle(tr.L("✓ Signed in with {{.Provider}}. Postie never saw your password.", tr.M{"Provider": p.Name}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		done.Importance = widget.SuccessImportance
		v.credentials.Add(done)
		v.password.Hide()
	} else if p, ok := v.w.OAuthProvider(); ok {
		v.password.Hide()
		v.signIn = newKeyButton(tr.L("Sign in with {{.Provider}}", tr.M{"Provider": p.Name}), theme.LoginIcon(), v.startSignIn)
		v.signIn.Importance = widget.HighImportance
		v.usePassword = newKeyButton(tr.L("Use an app password instead"), nil, func() {
			v.w.UsePassword = true
			v.drawCredentials()
		})
		v.usePassword.Importance = widget.LowImportance
		v.credentials.Add(para(setup.SignInText(p)))
		v.credentials.Add(container.NewHBox(v.signIn, v.usePassword))
	} else {
		v.password.Show()
		askPassword = true
		if p, ok := v.w.PasswordOnly(); ok && p.HelpURL != "" {
			v.credentials.Add(para(tr.L("{{.Provider}} does not accept your usual password in mail programs: create an app password on {{.Provider}}'s website and enter it here.", tr.M{"Provider": p.Name})))
			if u, err := url.Parse(p.HelpURL); err == nil {
				v.credentials.Add(widget.NewHyperlink(tr.L("How to create an app password at {{.Provider}}", tr.M{"Provider": p.Name}), u))
			}
		}
	}
	v.passwordRow(askPassword)
	v.credentials.Refresh()
}

// passwordRow puts the password in the identity form as its last row, or
// takes it out. In a form of its own its box started about 30 px left of
// the others (#29).
func (v *wizardView) passwordRow(on bool) {
	if v.idForm == nil {
		return
	}
	items := v.idItems[:2]
	if on {
		items = v.idItems
	}
	if len(v.idForm.Items) != len(items) {
		v.idForm.Items = append([]*widget.FormItem(nil), items...)
		v.idForm.Refresh()
	}
}

// startSignIn opens the provider's page in the system browser and waits
// for the person to finish there; the wizard goes on by itself.
func (v *wizardView) startSignIn() {
	if v.busy {
		return
	}
	v.readStep()
	if err := v.w.IdentityComplete(); err != nil {
		v.errMsg.SetText(accounts.Explain(err))
		return
	}
	p, _ := v.w.OAuthProvider()
	v.errMsg.SetText("")
	v.busy = true
	v.next.Disable()
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	bar := widget.NewProgressBarInfinite()
	stop := newKeyButton(tr.L("Cancel signing in"), nil, func() { v.stop() })
	v.credentials.Objects = []fyne.CanvasObject{
		para(tr.L("Waiting for you to finish signing in at {{.Provider}} in your web browser…", tr.M{"Provider": p.Name})),
		bar,
		stop,
	}
	v.credentials.Refresh()
	v.win.Canvas().Focus(stop)
	v.ui.bg(func() {
		err := v.w.SignIn(ctx, v.ui.openInBrowser)
		fyne.Do(func() {
			bar.Stop()
			v.busy = false
			v.next.Enable()
			if v.closed || v.w.Step() != setup.StepIdentity {
				return
			}
			if err != nil {
				v.drawCredentials()
				v.focusStep()
				v.errMsg.SetText(setup.SignInProblem(p, err))
				return
			}
			v.goNext()
		})
	})
}

// signInAtCheck runs the provider sign-in from the check step and checks
// again with it.
func (v *wizardView) signInAtCheck(p oauth.Provider) {
	if v.busy {
		return
	}
	v.busy = true
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	stop := newKeyButton(tr.L("Cancel signing in"), nil, func() { v.stop() })
	v.body.Objects = []fyne.CanvasObject{para(tr.L("Waiting for you to finish signing in at {{.Provider}} in your web browser…", tr.M{"Provider": p.Name})),
		widget.NewProgressBarInfinite(), stop}
	v.body.Refresh()
	v.win.Canvas().Focus(stop)
	v.ui.bg(func() {
		err := v.w.SignIn(ctx, v.ui.openInBrowser)
		fyne.Do(func() {
			v.busy = false
			if v.closed || v.w.Step() != setup.StepCheck {
				return
			}
			v.draw() // checks again, now with the sign-in
			if err != nil {
				v.errMsg.SetText(setup.SignInProblem(p, err))
			}
		})
	})
}

// openInBrowser opens an address in the system browser from any
// goroutine (the sign-in's Open).
func (ui *UI) openInBrowser(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	fyne.Do(func() { errc <- ui.openURL(u) })
	return <-errc
}
