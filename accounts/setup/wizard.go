// Package setup is how an account comes to be: finding the server
// settings from an address (provider table, the provider's autoconfig,
// Thunderbird's ISPDB, MX and SRV records, guessing), the wizard's state
// machine (the window draws it, the logic is here), the POP-or-IMAP
// recommendation and the warnings when POP would remove server copies,
// and the real sign-in check before anything is saved.
package setup

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/oauth"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// sentence is an error whose text is a sentence the person reads: it is
// said in their language when it is read (the package's errors are made
// before the language is chosen).
type sentence string

func (s sentence) Error() string { return tr.L(string(s)) }

// Text is a sentence the person reads, kept in English and said in their
// language when it is printed or shown (String).
type Text string

func (t Text) String() string { return tr.L(string(t)) }

// Step is where the wizard is.
type Step int

// The wizard's steps, in order.
const (
	StepIdentity     Step = iota // name, address, password
	StepUsage                    // how will you use it: IMAP or POP
	StepFinding                  // finding the settings (or entering them)
	StepCheck                    // logging in for real
	StepServerCopies             // POP only: what happens to server copies
	StepSummary                  // where the mail will live
	StepDone
)

// Answer is a yes/no question's answer ("" until answered).
type Answer string

// The answers.
const (
	Unanswered Answer = ""
	Yes        Answer = "yes"
	No         Answer = "no"
)

// Wizard is the account-setup state machine. It holds no UI: app/ draws
// each step and calls these methods; the command line uses the same ones.
type Wizard struct {
	Name, Email, Password string

	OtherDevices, Shared, Archive Answer

	Settings accounts.Settings // the account being made; Protocol set at the usage step
	Found    *Found            // what discovery found, if anything
	Provider *Provider
	Note     string // something to tell the person about the settings

	PlainConfirmed bool // the person accepted "no encryption"
	// UnverifiedConfirmed: the person accepted settings found in a way
	// that could have been forged (see Unverified).
	UnverifiedConfirmed bool
	IncomingErr         error // results of the last check
	OutgoingErr         error
	checked             bool

	// ProtocolChosen: the person picked IMAP or POP themselves; the
	// recommendation no longer changes it.
	ProtocolChosen bool
	discoveredFor  string // the address the settings were looked up for

	// UsePassword: the person chose a password (or app password) although
	// the provider offers its own sign-in page.
	UsePassword bool
	// OAuthLater: the person will sign in on the provider's page once the
	// servers are known (an address at their own domain hosted by a
	// provider): no password is asked for at the first step.
	OAuthLater bool
	// NoDotOK accepts an address at a name without a dot (user@localhost,
	// an intranet's single-label domain): only when the servers are given
	// by hand, since nothing can be looked up for such a name.
	NoDotOK  bool
	signedIn *oauth.Fresh // the provider sign-in, once done

	pending *accounts.ServerCopies // a removing choice awaiting confirmation
	step    Step
}

// NewWizard starts at the first step, with server copies kept.
func NewWizard() *Wizard {
	return &Wizard{Settings: accounts.Settings{ServerCopies: accounts.ServerCopies{Mode: accounts.Keep}, CheckMinutes: 10}}
}

// Step is the current step.
func (w *Wizard) Step() Step { return w.step }

// Recommend suggests IMAP or POP from the answers, with the reason (in
// the person's language).
func (w *Wizard) Recommend() (accounts.Protocol, string) {
	switch {
	case w.OtherDevices == Yes && w.Archive == Yes:
		return accounts.IMAP, tr.L("You read this mail on other devices too, so IMAP keeps them all in step. Postie still keeps a full copy here that you can read offline and export as an archive.")
	case w.OtherDevices == Yes:
		return accounts.IMAP, tr.L("You read this mail on other devices too: with IMAP they all stay in step.")
	case w.Shared == Yes:
		return accounts.IMAP, tr.L("Several people read this mailbox: with IMAP everyone sees the same mail and folders.")
	case w.Archive == Yes:
		return accounts.POP, tr.L("You want a permanent copy on this computer and read this mail only here: POP downloads copies and leaves the server's originals alone.")
	}
	return accounts.IMAP, tr.L("IMAP is right for most people: your mail stays safe on the server and Postie keeps a copy here for offline reading.")
}

// ErrInvalidAddress is returned for something that is not an email address.
var ErrInvalidAddress error = sentence(tr.Mark("please enter your whole email address, like name@example.com"))

// IdentityComplete checks the address (and the name) before a sign-in
// on the provider's page.
func (w *Wizard) IdentityComplete() error {
	w.Email = strings.TrimSpace(w.Email)
	a, err := mail.ParseAddress(w.Email)
	if err != nil || a.Address != w.Email || !w.NoDotOK && !strings.Contains(w.Email[strings.Index(w.Email, "@")+1:], ".") {
		return ErrInvalidAddress
	}
	if !netconf.SafeCredential(w.Name) {
		return &netconf.Problem{Kind: netconf.ProblemUnsafeCredentials}
	}
	return nil
}

func (w *Wizard) checkIdentity() error {
	if err := w.IdentityComplete(); err != nil {
		return err
	}
	if _, ok := w.OAuthProvider(); ok {
		if _, signed := w.SignedIn(); !signed {
			return errors.New(tr.L("please sign in first: choose the sign-in button"))
		}
	} else if w.Password == "" && !w.OAuthLater {
		return errors.New(tr.L("please enter your password"))
	}
	if !netconf.SafeCredential(w.Password) || !netconf.SafeCredential(w.Name) {
		return &netconf.Problem{Kind: netconf.ProblemUnsafeCredentials}
	}
	if strings.TrimSpace(w.Name) == "" {
		w.Name = strings.SplitN(w.Email, "@", 2)[0]
	}
	return nil
}

// Next moves to the next step if this one is complete; otherwise it says
// what is missing.
func (w *Wizard) Next() error {
	switch w.step {
	case StepIdentity:
		if err := w.checkIdentity(); err != nil {
			return err
		}
	case StepUsage:
		if w.Settings.Protocol == "" {
			w.Settings.Protocol, _ = w.Recommend()
		}
	case StepFinding:
		if w.Settings.Incoming.Host == "" || w.Settings.Incoming.Port == 0 {
			return errors.New(tr.L("the incoming server is needed: enter it below (the outgoing one can wait)"))
		}
		if w.Settings.Outgoing.Host != "" && w.Settings.Outgoing.Port == 0 {
			return errors.New(tr.L("the outgoing server needs a port: enter it below, or leave the outgoing server empty to set it up later"))
		}
		if w.Unverified() != "" && !w.UnverifiedConfirmed {
			return ErrUnverifiedNotConfirmed
		}
		if w.usesPlain() && !w.PlainConfirmed {
			return ErrPlainNotConfirmed
		}
	case StepCheck:
		if !w.checked || w.IncomingErr != nil {
			return errors.New(tr.L("the check has not passed yet: fix the settings and check again"))
		}
		if w.Settings.Protocol != accounts.POP {
			w.step = StepSummary
			return nil
		}
	case StepServerCopies:
		if w.pending != nil {
			return errors.New(tr.L("please confirm or cancel the change to the server copies first"))
		}
	case StepSummary:
	case StepDone:
		return nil
	}
	w.step++
	return nil
}

// Back returns to the previous step.
func (w *Wizard) Back() {
	switch {
	case w.step == StepSummary && w.Settings.Protocol != accounts.POP:
		w.step = StepCheck
	case w.step > StepIdentity:
		w.step--
	}
	w.pending = nil
}

// Choose sets IMAP or POP at the usage step: the person's own choice,
// which the recommendation no longer changes.
func (w *Wizard) Choose(p accounts.Protocol) {
	w.ProtocolChosen = true
	w.choose(p)
}

// Recommended follows the recommendation, unless the person chose.
func (w *Wizard) Recommended() accounts.Protocol {
	if !w.ProtocolChosen {
		p, _ := w.Recommend()
		w.choose(p)
	}
	return w.Settings.Protocol
}

func (w *Wizard) choose(p accounts.Protocol) {
	if w.Settings.Protocol != p {
		w.Settings.Protocol = p
		if w.Found != nil {
			w.Apply(*w.Found)
		}
	}
}

// NeedsDiscovery says whether the settings are still to be looked up:
// not when they were already, for this address (going Back and forward
// again keeps what was found or entered).
func (w *Wizard) NeedsDiscovery() bool { return w.discoveredFor != w.Email }

// Discover finds the settings and applies them. On failure the person
// enters them by hand (the error says so).
func (w *Wizard) Discover(ctx context.Context, d *Discoverer, progress func(string)) error {
	f, err := d.Discover(ctx, w.Email, progress)
	if ctx.Err() == nil {
		w.discoveredFor = w.Email
	}
	if err != nil {
		w.Found = nil
		w.Note = ""
		// Prefill sensible manual values from the domain.
		domain := strings.SplitN(w.Email, "@", 2)[1]
		w.Settings.Incoming = netconf.Server{Host: "mail." + domain, Port: 993, Security: netconf.TLS, Username: w.Email}
		if w.Settings.Protocol == accounts.POP {
			w.Settings.Incoming.Port = 995
		}
		w.Settings.Outgoing = netconf.Server{Host: "mail." + domain, Port: 465, Security: netconf.TLS, Username: w.Email}
		return err
	}
	w.Apply(f)
	return nil
}

// Apply takes discovered settings for the chosen protocol. It never takes
// a server-copy policy from them: copies are kept unless the person
// decides otherwise.
func (w *Wizard) Apply(f Found) {
	w.Found = &f
	w.Provider = f.Provider
	w.Note = ""
	w.Settings.Source = f.Source
	w.Settings.OfferIMAP = len(f.IMAP) > 0
	p := w.Settings.Protocol
	if p == "" {
		p, _ = w.Recommend()
	}
	if !f.Has(p) {
		other := accounts.IMAP
		if p == accounts.IMAP {
			other = accounts.POP
		}
		w.Note = tr.L("This provider does not offer {{.Protocol}}, so Postie will use {{.Other}}.", tr.M{"Protocol": strings.ToUpper(string(p)), "Other": strings.ToUpper(string(other))})
		p = other
	}
	w.Settings.Protocol = p
	w.Settings.Incoming = f.Incoming(p)[0]
	if len(f.SMTP) > 0 {
		w.Settings.Outgoing = f.SMTP[0]
	} else {
		w.Settings.Outgoing = netconf.Server{Host: w.Settings.Incoming.Host, Port: 465, Security: netconf.TLS, Username: w.Settings.Incoming.Username}
	}
	_, oauthUsed := w.OAuthProvider()
	if f.Provider != nil && f.Provider.Note != "" && !oauthUsed && w.signedIn == nil { // the notes are about passwords
		w.Note = strings.TrimSpace(w.Note + " " + f.Provider.Note)
	}
	w.checked = false
}

// ErrPlainNotConfirmed says "no encryption" was chosen but PlainWarning has
// not been accepted yet.
var ErrPlainNotConfirmed error = sentence(tr.Mark("“no encryption” needs your confirmation first"))

// PlainWarning is shown before "no encryption" can be used (its String
// is in the person's language).
var PlainWarning = Text(tr.Mark("With “no encryption”, your password and your mail travel over the network unprotected, where others could read them. Use it only for a server on your own network, and only if you understand the risk."))

func (w *Wizard) usesPlain() bool {
	return w.Settings.Incoming.Security == netconf.Plain || w.Settings.Outgoing.Security == netconf.Plain
}

// ErrUnverifiedNotConfirmed says the settings found could have been
// forged (Unverified) and the person has not accepted them yet.
var ErrUnverifiedNotConfirmed error = sentence(tr.Mark("the settings found need your confirmation first"))

// Unverified says, in plain words, why the settings in use could have
// been forged: fetched without encryption (at any step), or servers
// outside the address's domain named by DNS records (RFC 6186 §6). ""
// when they were not, or when the person entered the servers.
func (w *Wizard) Unverified() string {
	f := w.Found
	if f == nil || w.Settings.Source != f.Source {
		return ""
	}
	var why []string
	if !f.Trusted {
		why = append(why, tr.L("They were fetched without encryption, so someone on the network could have changed them."))
	}
	var outside []string
	for _, h := range f.Outside {
		if strings.EqualFold(h, w.Settings.Incoming.Host) || strings.EqualFold(h, w.Settings.Outgoing.Host) {
			outside = append(outside, h)
		}
	}
	if len(outside) > 0 {
		_, domain, _ := strings.Cut(w.Email, "@")
		if len(outside) == 1 {
			why = append(why, tr.L("The server {{.Server}} is not part of {{.Domain}}: it was named by DNS records, which can be forged.", tr.M{"Server": outside[0], "Domain": domain}))
		} else {
			why = append(why, tr.L("The servers {{.Server}} and {{.Other}} are not part of {{.Domain}}: they were named by DNS records, which can be forged.",
				tr.M{"Server": strings.Join(outside[:len(outside)-1], ", "), "Other": outside[len(outside)-1], "Domain": domain}))
		}
	}
	if len(why) == 0 {
		return ""
	}
	return tr.L("{{.Why}} Your password would be sent there. Use these settings only if your provider's help pages name the same servers.", tr.M{"Why": strings.Join(why, " ")})
}

// SetServers changes the settings by hand ("Edit settings manually").
func (w *Wizard) SetServers(in, out netconf.Server) {
	if in.Security != netconf.Plain && out.Security != netconf.Plain {
		w.PlainConfirmed = false
	}
	w.Settings.Incoming, w.Settings.Outgoing = in, out
	w.Settings.Source = tr.L("entered by you")
	w.checked = false
}

// Check logs in to both servers for real (the outgoing one only when it
// is set up).
func (w *Wizard) Check(ctx context.Context, c Checker) error {
	if _, ok := w.OAuthProvider(); ok && w.signedIn == nil && w.Password == "" {
		w.IncomingErr, w.OutgoingErr = ErrSignInFirst, nil
		w.checked = true
		return ErrSignInFirst
	}
	w.IncomingErr, w.OutgoingErr = c.CheckBoth(ctx, w.Settings, w.login())
	w.checked = true
	return errors.Join(w.IncomingErr, w.OutgoingErr)
}

// SendingLater says that the account can receive but sending is not set
// up or did not sign in: the person can go on and set it up later.
func (w *Wizard) SendingLater() bool {
	return w.checked && w.IncomingErr == nil && (w.Settings.Outgoing.Host == "" || w.OutgoingErr != nil)
}

// SendingLaterText says so in plain words.
func (w *Wizard) SendingLaterText() string {
	if w.Settings.Outgoing.Host == "" {
		return tr.L("You can receive mail. Sending is not set up yet: you can add the outgoing (SMTP) server later in this account's settings. Until then, messages you write wait in the Outbox.")
	}
	return tr.L("You can receive mail. Sending did not work yet (see above): you can go on and fix the outgoing server later in this account's settings. Until then, messages you write wait in the Outbox.")
}

// TrustCert trusts a certificate for this account only (by fingerprint).
func (w *Wizard) TrustCert(fingerprint string) {
	if !w.Settings.Trusts(fingerprint) {
		w.Settings.TrustedCerts = append(w.Settings.TrustedCerts, fingerprint)
	}
	w.checked = false
}

// CopiesChange is a requested change to the POP server-copy policy. A
// removing choice takes effect only after Confirm; Cancel leaves the
// policy as it was.
type CopiesChange struct {
	Warning string // "" when nothing is removed: applied at once
}

// ChooseCopies asks for a server-copy policy.
func (w *Wizard) ChooseCopies(c accounts.ServerCopies) CopiesChange {
	warn := w.copiesWarning(c)
	if warn == "" {
		w.pending = nil
		w.Settings.ServerCopies = c
		return CopiesChange{}
	}
	w.pending = &c
	return CopiesChange{Warning: warn}
}

func (w *Wizard) copiesWarning(c accounts.ServerCopies) string {
	name, webmail := "", false
	if w.Provider != nil {
		name, webmail = w.Provider.Name, w.Provider.Webmail
	}
	return accounts.CopiesWarning(c, name, webmail, w.Settings.OfferIMAP)
}

// ConfirmCopies applies the pending removing choice.
func (w *Wizard) ConfirmCopies() {
	if w.pending != nil {
		w.Settings.ServerCopies = *w.pending
		w.pending = nil
	}
}

// CancelCopies drops the pending choice; the policy stays as it was.
func (w *Wizard) CancelCopies() { w.pending = nil }

// Summary is the one-sentence summary of where the mail will live.
func (w *Wizard) Summary() string { return accounts.Where(w.Settings) }

// Finish saves the account (no secrets in the store) and its password in
// secrets. With the keyring unusable it returns ErrNoKeyring and saves
// nothing: the person may then choose to be asked each time.
func (w *Wizard) Finish(s *localstore.Store, keys secrets.Secrets) (accounts.Account, error) {
	if w.step != StepDone && w.step != StepSummary {
		return accounts.Account{}, errors.New(tr.L("the setup is not finished"))
	}
	if !w.checked || w.IncomingErr != nil {
		return accounts.Account{}, errors.New(tr.L("the settings have not been checked"))
	}
	acct := accounts.Account{Name: w.Name, Email: w.Email, Settings: w.Settings}
	if w.signedIn == nil {
		acct.Settings.OAuth = ""
		return accounts.Create(s, keys, acct, w.Password)
	}
	tok := w.signedIn.Token()
	acct.Settings.OAuth = w.signedIn.Provider.ID
	acct.Settings.AskPassword = false
	acct, err := accounts.Create(s, keys, acct, tok.RefreshToken)
	if err == nil {
		oauth.Remember(w.signedIn.Provider, acct.ID, keys, tok)
	}
	return acct, err
}
