package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/localstore"
)

// wizardView draws the account wizard (setup.Wizard) one step at a
// time in its own window. All decisions are the state machine's.
type wizardView struct {
	then   func(accounts.Account) // after the account is added (a message waiting to be written)
	ui     *UI
	w      *setup.Wizard
	win    fyne.Window
	body   *fyne.Container
	title  *widget.Label
	errMsg *widget.Label
	back   *widget.Button
	next   *widget.Button
	cancel context.CancelFunc // stops a running lookup or check

	// widgets of the current step that tests reach
	email, name, password *widget.Entry
	signIn, usePassword   *widget.Button // the provider sign-in, when offered
	credentials           *fyne.Container
	idForm                *widget.Form       // name, address and, when asked for, the password (one form: the boxes line up)
	idItems               []*widget.FormItem // name, address, password
	protocol              *widget.RadioGroup
	questions             []*widget.RadioGroup
	copies                *widget.RadioGroup
	trust                 *widget.Button
	busy                  bool
	closed                bool
}

var stepTitles = map[setup.Step]string{
	setup.StepIdentity:     "Add an email account",
	setup.StepUsage:        "How will you use this account?",
	setup.StepFinding:      "Finding your settings",
	setup.StepCheck:        "Checking that you can sign in",
	setup.StepServerCopies: "The copies on the server",
	setup.StepSummary:      "Ready",
}

func (ui *UI) showAddAccount() { ui.openWizard() }

// openWizard opens the account wizard, or brings forward the one already
// open (two wizards at once would only confuse).
func (ui *UI) openWizard() *wizardView {
	if w := ui.wizard; w != nil && !w.closed {
		w.win.RequestFocus()
		return w
	}
	v := &wizardView{ui: ui, w: setup.NewWizard()}
	ui.wizard = v
	v.win = ui.app.NewWindow("Add an email account")
	v.title = widget.NewLabel("")
	v.title.TextStyle.Bold = true
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.errMsg = widget.NewLabel("")
	v.errMsg.Wrapping = fyne.TextWrapWord
	v.errMsg.Importance = widget.DangerImportance
	v.back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), v.goBack)
	v.next = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), v.goNext)
	v.next.Importance = widget.HighImportance
	v.next.IconPlacement = widget.ButtonIconTrailingText
	cancel := widget.NewButton("Cancel", func() { v.stop(); v.win.Close() })
	v.body = container.NewVBox()
	buttons := container.NewBorder(nil, nil, cancel, container.NewHBox(v.back, v.next))
	v.win.SetContent(container.NewBorder(v.title, container.NewVBox(v.errMsg, buttons), nil, nil, container.NewVScroll(container.NewPadded(v.body))))
	ui.sizeWindow(v.win, fyne.NewSize(760, 700)) // cut to smaller screens (windowsize.go)
	v.win.SetOnClosed(func() { v.closed = true; v.stop() })
	v.draw()
	v.win.Show()
	return v
}

func (v *wizardView) stop() {
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
}

func para(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func bold(s string) *widget.Label {
	l := para(s)
	l.TextStyle.Bold = true
	return l
}

// draw shows the current step.
func (v *wizardView) draw() {
	v.title.SetText(stepTitles[v.w.Step()])
	v.errMsg.SetText("")
	v.back.Show()
	v.next.SetText("Next")
	v.next.Enable()
	v.body.Objects = nil
	switch v.w.Step() {
	case setup.StepIdentity:
		v.back.Hide()
		v.drawIdentity()
	case setup.StepUsage:
		v.drawUsage()
	case setup.StepFinding:
		v.drawFinding()
	case setup.StepCheck:
		v.drawCheck()
	case setup.StepServerCopies:
		v.drawCopies()
	case setup.StepSummary:
		v.next.SetText("Add account")
		v.drawSummary()
	}
	v.win.Content().Refresh() // buttons and wrapped text changed size
}

func (v *wizardView) add(objs ...fyne.CanvasObject) { v.body.Objects = append(v.body.Objects, objs...) }

func (v *wizardView) goNext() {
	if v.busy {
		return
	}
	v.readStep()
	if v.w.Step() == setup.StepSummary {
		v.finish()
		return
	}
	if err := v.w.Next(); err != nil {
		if errors.Is(err, setup.ErrPlainNotConfirmed) {
			v.confirmPlain()
			return
		}
		if errors.Is(err, setup.ErrUnverifiedNotConfirmed) {
			v.confirmUnverified()
			return
		}
		v.errMsg.SetText(accounts.Explain(err))
		return
	}
	v.draw()
}

func (v *wizardView) goBack() {
	v.stop()
	v.busy = false
	v.readStep()
	v.w.Back()
	v.draw()
}

// readStep copies what the person typed into the state machine.
func (v *wizardView) readStep() {
	if v.w.Step() == setup.StepIdentity && v.email != nil {
		v.w.Name, v.w.Email = v.name.Text, v.email.Text
		if v.password.Visible() || v.password.Text != "" {
			v.w.Password = v.password.Text
		}
	}
}

func (v *wizardView) drawIdentity() {
	v.name = widget.NewEntry()
	v.name.SetPlaceHolder("Your name, as others will see it")
	v.name.SetText(v.w.Name)
	v.email = widget.NewEntry()
	v.email.SetPlaceHolder("name@example.com")
	v.email.SetText(v.w.Email)
	v.password = widget.NewPasswordEntry() // has a show/hide button
	v.password.SetText(v.w.Password)
	v.password.OnSubmitted = func(string) { v.goNext() }
	v.credentials = container.NewVBox()
	v.email.OnChanged = func(string) { v.drawCredentials() }
	v.idItems = []*widget.FormItem{widget.NewFormItem("Your name", v.name), widget.NewFormItem("Email address", v.email),
		widget.NewFormItem("Password", v.password)}
	v.idForm = widget.NewForm(v.idItems[:2]...)
	v.add(para("Postie needs your email address and a way to sign in to it. Whatever lets Postie in is kept in your computer's password store, never in Postie's files."),
		v.idForm, v.credentials)
	v.drawCredentials()
}

func (v *wizardView) drawUsage() {
	w := v.w
	rec := bold("")
	choices := []string{accounts.IMAPTitle, accounts.POPTitle}
	setting := false // SetSelected below is not the person's choice
	v.protocol = widget.NewRadioGroup(choices, func(s string) {
		if setting {
			return
		}
		if s == accounts.POPTitle {
			w.Choose(accounts.POP)
		} else if s != "" {
			w.Choose(accounts.IMAP)
		}
	})
	title := func(p accounts.Protocol) string {
		if p == accounts.POP {
			return accounts.POPTitle
		}
		return accounts.IMAPTitle
	}
	update := func() {
		p, why := w.Recommend()
		rec.SetText("We recommend: " + title(p) + ". " + why)
		// The recommendation is selected until the person chooses.
		setting = true
		v.protocol.SetSelected(title(w.Recommended()))
		setting = false
	}
	v.questions = nil
	ask := func(q string, ans *setup.Answer) fyne.CanvasObject {
		r := widget.NewRadioGroup([]string{"Yes", "No"}, func(s string) {
			*ans = map[string]setup.Answer{"Yes": setup.Yes, "No": setup.No}[s]
			update()
		})
		r.Horizontal = true
		r.SetSelected(map[setup.Answer]string{setup.Yes: "Yes", setup.No: "No"}[*ans])
		v.questions = append(v.questions, r)
		return container.NewBorder(nil, nil, nil, r, para(q)) // the answer beside the question
	}
	card := func(title, text string) fyne.CanvasObject {
		return widget.NewCard("", "", container.NewVBox(bold(title), para(text)))
	}
	v.add(para("Postie can keep your mail in one of two ways. Three questions help choose:"),
		ask(accounts.QuestionOtherDevices, &w.OtherDevices), ask(accounts.QuestionShared, &w.Shared), ask(accounts.QuestionArchive, &w.Archive),
		widget.NewSeparator(), rec, v.protocol,
		// Side by side, so both explanations show without scrolling.
		container.NewGridWithColumns(2, card(accounts.IMAPTitle, accounts.IMAPExplained), card(accounts.POPTitle, accounts.POPExplained)))
	update()
}

func (v *wizardView) drawFinding() {
	if !v.w.NeedsDiscovery() {
		// Back and forward again: what was found or entered stays.
		if v.w.Found != nil && v.w.Settings.Source == v.w.Found.Source {
			v.drawFound()
		} else {
			v.add(para("The settings as you entered them:"), v.manualForm())
		}
		return
	}
	progress := para("Looking for the settings of " + v.w.Email + "…")
	bar := widget.NewProgressBarInfinite()
	v.add(progress, bar)
	v.next.Disable()
	v.busy = true
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	d := v.ui.opts.Discoverer
	v.ui.bg(func() {
		err := v.w.Discover(ctx, d, func(s string) { fyne.Do(func() { progress.SetText(s) }) })
		fyne.Do(func() {
			if ctx.Err() != nil && v.w.Step() != setup.StepFinding {
				return
			}
			v.busy = false
			bar.Stop()
			v.body.Objects = nil
			v.next.Enable()
			if err != nil {
				v.add(para("Postie could not find the settings for this address by itself. Please enter them below — your provider's help pages list them (look for “IMAP”, “POP” or “mail program settings”)."))
				v.add(v.manualForm())
			} else {
				v.drawFound()
			}
			v.body.Refresh()
		})
	})
}

func (v *wizardView) drawFound() {
	s := v.w.Settings
	found := v.w.Found
	src := widget.NewLabel("Found in " + found.Source + ".")
	src.Wrapping = fyne.TextWrapWord
	if why := v.w.Unverified(); why != "" || !found.Trusted {
		src.SetText("Found in " + found.Source + ". " + why)
		src.Importance = widget.WarningImportance
	}
	v.add(src, widget.NewForm(
		widget.NewFormItem("Incoming ("+strings.ToUpper(string(s.Protocol))+")", para(s.Incoming.String())),
		widget.NewFormItem("Outgoing", para(s.Outgoing.String())),
		widget.NewFormItem("User name", para(s.Incoming.Username))))
	if v.w.Note != "" {
		n := para(v.w.Note)
		n.Importance = widget.WarningImportance
		v.add(n)
	}
	manual := container.NewVBox()
	v.add(widget.NewButton("Edit settings manually", func() {
		manual.Objects = []fyne.CanvasObject{v.manualForm()}
		manual.Refresh()
	}), manual)
}

// manualForm edits both servers ("Edit settings manually").
func (v *wizardView) manualForm() fyne.CanvasObject {
	st := v.w.Settings
	return serverEditor(&st, func() {
		v.w.Settings.Protocol = st.Protocol
		v.w.SetServers(st.Incoming, st.Outgoing)
	})
}

func (v *wizardView) confirmPlain() {
	d := dialog.NewConfirm("Send your password unprotected?", setup.PlainWarning.String(), func(ok bool) {
		if ok {
			v.w.PlainConfirmed = true
			v.goNext()
		}
	}, v.win)
	d.SetConfirmText("I understand the risk")
	d.SetDismissText("Go back")
	d.Show()
}

// confirmUnverified asks before settings that could have been forged
// are used (#26): fetched without encryption, or servers outside the
// address's domain named by DNS.
func (v *wizardView) confirmUnverified() {
	d := dialog.NewConfirm("Use these settings?", v.w.Unverified(), func(ok bool) {
		if ok {
			v.w.UnverifiedConfirmed = true
			v.goNext()
		}
	}, v.win)
	d.SetConfirmText("They are right")
	d.SetDismissText("Go back")
	d.Show()
}

func (v *wizardView) drawCheck() {
	status := para("Signing in to " + v.w.Settings.Incoming.Host + " and " + v.w.Settings.Outgoing.Host + "…")
	bar := widget.NewProgressBarInfinite()
	v.add(status, bar)
	v.next.Disable()
	v.busy = true
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	v.ui.bg(func() {
		_ = v.w.Check(ctx, v.ui.opts.Checker) // its outcome is read from the wizard (IncomingErr, OutgoingErr) below
		fyne.Do(func() {
			if v.w.Step() != setup.StepCheck {
				return
			}
			v.busy = false
			bar.Stop()
			v.body.Objects = nil
			v.showResults()
			switch {
			case v.w.IncomingErr != nil:
				if p, ok := v.w.OAuthProvider(); ok {
					// Servers at a provider with its own sign-in page,
					// found only now (an address at the person's own domain).
					v.add(para(setup.SignInText(p)), widget.NewButtonWithIcon("Sign in with "+p.Name, theme.LoginIcon(), func() { v.signInAtCheck(p) }))
				}
				v.add(para("Use Back to change the settings, or fix the problem and check again."),
					widget.NewButtonWithIcon("Check again", theme.ViewRefreshIcon(), func() { v.draw() }))
			case v.w.SendingLater():
				later := para(v.w.SendingLaterText())
				later.Importance = widget.WarningImportance
				v.add(later)
				if v.w.OutgoingErr != nil {
					v.add(widget.NewButtonWithIcon("Check again", theme.ViewRefreshIcon(), func() { v.draw() }))
				}
				v.next.SetText("Go on without sending")
				v.next.Enable()
			default:
				v.next.Enable()
			}
			v.body.Refresh()
		})
	})
}

// showResults says how signing in to each server went. One certificate
// shown by both servers (the same SHA-256) is shown once, with one Trust
// button for both (#29: it was shown twice, once per server).
func (v *wizardView) showResults() {
	if in, out, ok := sameUntrustedCert(v.w.IncomingErr, v.w.OutgoingErr); ok && v.w.Settings.Outgoing.Host != "" {
		c := in.Cert
		msg := para(fmt.Sprintf("Receiving and sending mail: the incoming server %s and the outgoing server %s showed the same certificate, which this computer does not trust: %s.\nIssued to: %s\nIssued by: %s\nSHA-256 fingerprint: %s\nIf your provider or administrator confirms this fingerprint, you can trust this certificate for this account only, for both servers.",
			in.Server.Host, out.Server.Host, c.Reason, c.IssuedTo, c.IssuedBy, c.SHA256))
		msg.Importance = widget.DangerImportance
		v.add(msg)
		v.addTrust(c.SHA256, "Trust this certificate for this account")
		return
	}
	v.showResult("Receiving mail", v.w.IncomingErr)
	if v.w.Settings.Outgoing.Host != "" {
		v.showResult("Sending mail", v.w.OutgoingErr)
	}
}

// sameUntrustedCert says whether both servers failed over one untrusted
// certificate.
func sameUntrustedCert(in, out error) (*netconf.Problem, *netconf.Problem, bool) {
	var a, b *netconf.Problem
	if !errors.As(in, &a) || !errors.As(out, &b) || a.Kind != netconf.ProblemUntrustedCert || b.Kind != netconf.ProblemUntrustedCert ||
		a.Cert == nil || b.Cert == nil || a.Cert.SHA256 == "" {
		return nil, nil, false
	}
	return a, b, strings.EqualFold(a.Cert.SHA256, b.Cert.SHA256)
}

// addTrust offers to trust the certificate with fingerprint fp.
func (v *wizardView) addTrust(fp, label string) {
	v.trust = widget.NewButtonWithIcon(label, theme.ConfirmIcon(), func() {
		v.w.TrustCert(fp)
		v.draw()
	})
	v.add(v.trust)
}

func (v *wizardView) showResult(what string, err error) {
	if err == nil {
		ok := widget.NewLabelWithStyle("✓ "+what+": signed in", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		ok.Importance = widget.SuccessImportance
		v.add(ok)
		return
	}
	msg := para(what + ": " + accounts.Explain(err))
	msg.Importance = widget.DangerImportance
	v.add(msg)
	var p *netconf.Problem
	if errors.As(err, &p) && p.Kind == netconf.ProblemUntrustedCert && p.Cert != nil {
		v.addTrust(p.Cert.SHA256, "Trust this certificate for this account")
	}
}

func (v *wizardView) drawCopies() {
	choices := accounts.CopiesChoices(30)
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.Label
	}
	v.add(para("Postie downloads copies of your messages. What should happen to the originals on the server?"))
	var setting bool
	v.copies = widget.NewRadioGroup(labels, func(label string) {
		if setting {
			return
		}
		for _, c := range choices {
			if c.Label != label {
				continue
			}
			ch := v.w.ChooseCopies(c.Copies)
			if ch.Warning == "" {
				return
			}
			confirmRemoval(v.win, ch.Warning, func(ok bool) {
				if ok {
					v.w.ConfirmCopies()
				} else {
					v.w.CancelCopies()
				}
				v.selectCopies(&setting)
			})
		}
	})
	v.selectCopies(&setting)
	v.add(v.copies, para(accounts.CopiesHelp))
	if v.w.Settings.OfferIMAP {
		v.add(para("Tip: if you also read this mail on a phone or in webmail, keep the copies on the server."))
	}
}

// selectCopies shows the policy in force (after a confirm or a cancel).
func (v *wizardView) selectCopies(setting *bool) {
	for _, c := range accounts.CopiesChoices(30) {
		if c.Copies.Mode == v.w.Settings.ServerCopies.Mode {
			*setting = true
			v.copies.SetSelected(c.Label)
			*setting = false
		}
	}
}

func (v *wizardView) drawSummary() {
	s := v.w.Settings
	outgoing := s.Outgoing.String()
	if v.w.SendingLater() {
		outgoing = "not set up yet: sending can be set up later in this account's settings"
		if s.Outgoing.Host != "" {
			outgoing = s.Outgoing.String() + " (did not sign in yet: it can be fixed later in this account's settings)"
		}
	}
	v.add(bold("Where your mail will live"), para(v.w.Summary()), widget.NewForm(
		widget.NewFormItem("Account", para(v.w.Name+" <"+v.w.Email+">")),
		widget.NewFormItem("Incoming", para(strings.ToUpper(string(s.Protocol))+": "+s.Incoming.String())),
		widget.NewFormItem("Outgoing", para(outgoing))))
}

// finish saves the account; with no working keyring it offers to ask for
// the password each time Postie starts instead.
func (v *wizardView) finish() {
	acct, err := v.save(v.ui.opts.Secrets)
	if errors.Is(err, secrets.ErrNoKeyring) {
		d := dialog.NewConfirm("No password store", "This computer has no password store (keyring) that Postie can use, so your password cannot be saved.\n\nPostie can instead ask for your password each time it starts, and keep it only in memory while it runs.", func(ok bool) {
			if !ok {
				return
			}
			v.w.Settings.AskPassword = true
			acct, err := v.save(v.ui.asked)
			v.done(acct, err)
		}, v.win)
		d.SetConfirmText("Ask me each time")
		d.SetDismissText("Cancel")
		d.Show()
		return
	}
	v.done(acct, err)
}

// save stores the account and its password (or sign-in) as one step
// for the syncs: none of them reads a password until both are saved.
func (v *wizardView) save(keys secrets.Secrets) (accounts.Account, error) {
	v.ui.saving.Lock()
	defer v.ui.saving.Unlock()
	return v.w.Finish(v.ui.store, keys)
}

func (v *wizardView) done(acct accounts.Account, err error) {
	if err != nil {
		v.errMsg.SetText(accounts.Explain(err))
		return
	}
	_ = v.w.Next() // to the last step: the account is saved, nothing can fail there
	v.win.Close()
	// Its Inbox opens as soon as the tree shows the new account.
	if in, err := v.ui.store.FolderByRole(acct.ID, localstore.RoleInbox); err == nil {
		v.ui.pendingSelect = in.ID
		v.ui.refreshFolders(false)
	}
	v.ui.status.SetText(fmt.Sprintf("%s was added. %s", acct.Name, accounts.Where(acct.Settings)))
	v.ui.offerDefaultMail()
	// The first sync starts at once: the store's change starts a watcher.
	if v.then != nil {
		v.then(acct)
	}
}
