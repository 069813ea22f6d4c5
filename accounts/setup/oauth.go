package setup

import (
	"context"
	"errors"

	"golang.org/x/oauth2"

	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/internal/tr"
)

// ErrSignInFirst says the provider's sign-in has not been done yet.
var ErrSignInFirst error = sentence(tr.Mark("please sign in with your provider first"))

// OAuthProvider is the provider whose own page this account signs in on:
// one covering the address (or the servers found for it) that this build
// has a client ID for, unless the person chose a password instead.
func (w *Wizard) OAuthProvider() (oauth.Provider, bool) {
	if w.UsePassword {
		return oauth.Provider{}, false
	}
	p, ok := oauth.For(w.Email, w.Settings.Incoming.Host, w.Settings.Outgoing.Host)
	if !ok || !p.Usable() {
		return oauth.Provider{}, false
	}
	return p, true
}

// PasswordOnly is the provider that covers this address but that this
// build cannot sign in with (no client ID): the wizard then says that a
// password or app password is needed, and links the provider's help.
func (w *Wizard) PasswordOnly() (oauth.Provider, bool) {
	p, ok := oauth.For(w.Email, w.Settings.Incoming.Host, w.Settings.Outgoing.Host)
	return p, ok && !p.Usable()
}

// SignInText explains the provider sign-in in plain words.
func SignInText(p oauth.Provider) string {
	return tr.L("Postie will open {{.Provider}}'s sign-in page in your web browser. You sign in there; Postie never sees your password, and you can withdraw its access at {{.Provider}} at any time.", tr.M{"Provider": p.Name})
}

// SignedIn is whether the provider sign-in is done, and with whom. A
// sign-in for another address (the person changed it afterwards) is
// forgotten.
func (w *Wizard) SignedIn() (oauth.Provider, bool) {
	if w.signedIn == nil {
		return oauth.Provider{}, false
	}
	if p, ok := oauth.For(w.Email, w.Settings.Incoming.Host, w.Settings.Outgoing.Host); !ok || p.ID != w.signedIn.Provider.ID {
		w.signedIn = nil
		w.checked = false
		return oauth.Provider{}, false
	}
	return w.signedIn.Provider, true
}

// SignIn runs the browser sign-in (open shows the provider's page) and
// keeps its result for the check and for Finish. The errors are
// oauth.ErrDenied, oauth.ErrTimedOut, ctx's, or a sentence.
func (w *Wizard) SignIn(ctx context.Context, open func(url string) error) error {
	p, ok := w.OAuthProvider()
	if !ok {
		return errors.New(tr.L("this provider has no sign-in page Postie can use: enter your password"))
	}
	tok, err := oauth.Browser{Provider: p, Hint: w.Email, Open: open}.SignIn(ctx)
	if err != nil {
		return err
	}
	w.SetSignedIn(p, tok)
	return nil
}

// SetSignedIn takes a finished sign-in (the command line's, or SignIn's).
func (w *Wizard) SetSignedIn(p oauth.Provider, tok *oauth2.Token) {
	w.signedIn = oauth.NewFresh(p, tok)
	w.Password = ""
	w.checked = false
}

// SignInProblem says in plain words why the sign-in did not finish and
// what to do next.
func SignInProblem(p oauth.Provider, err error) string {
	switch {
	case errors.Is(err, oauth.ErrDenied):
		return tr.L("The sign-in at {{.Provider}} was cancelled or access was not allowed, so Postie cannot read this mail yet. Try again, or use an app password instead.", tr.M{"Provider": p.Name})
	case errors.Is(err, oauth.ErrTimedOut):
		return tr.N("The sign-in at {{.Provider}} was not finished within {{.Count}} minute. Try again, or use an app password instead.",
			"The sign-in at {{.Provider}} was not finished within {{.Count}} minutes. Try again, or use an app password instead.", int(oauth.SignInTimeout.Minutes()), tr.M{"Provider": p.Name})
	case errors.Is(err, context.Canceled):
		return tr.L("The sign-in was cancelled. You can try again when you are ready.")
	}
	return tr.L("The sign-in at {{.Provider}} did not work: {{.Error}}. Try again, or use an app password instead.", tr.M{"Provider": p.Name, "Error": err.Error()})
}

func (w *Wizard) login() netconf.Login {
	if w.signedIn != nil {
		return netconf.Login{Tokens: w.signedIn}
	}
	return netconf.PasswordLogin(w.Password)
}
