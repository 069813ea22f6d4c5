package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/netconf"
	"github.com/postie-mail/postie/accounts/secrets"
	"github.com/postie-mail/postie/accounts/setup"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// wizardView draws the account wizard (setup.Wizard) one step at a
// time in its own window. All decisions are the state machine's.
type wizardView struct {
	then      func(accounts.Account) // after the account is added (a message waiting to be written)
	ui        *UI
	w         *setup.Wizard
	win       fyne.Window
	body      *fyne.Container
	title     *widget.Label
	errMsg    *widget.Label
	back      *keyButton
	next      *keyButton
	cancelBtn *keyButton
	cancel    context.CancelFunc // stops a running lookup or check

	// widgets of the current step that tests reach
	email, name, password *textField
	signIn, usePassword   *keyButton // the provider sign-in, when offered
	credentials           *fyne.Container
	idForm                *widget.Form       // name, address and, when asked for, the password (one form: the boxes line up)
	idItems               []*widget.FormItem // name, address, password
	protocol              *optionGroup
	questions             []*optionGroup
	cards                 []*textCard // the explanations of IMAP and POP
	copies                *optionGroup
	trust                 *keyButton
	again                 *keyButton     // "Check again"
	manualFirst           fyne.Focusable // the first box of the servers typed in by hand
	busy                  bool
	closed                bool
}

var stepTitles = map[setup.Step]string{
	setup.StepIdentity:     tr.Mark("Add an email account"),
	setup.StepUsage:        tr.Mark("How will you use this account?"),
	setup.StepFinding:      tr.Mark("Finding your settings"),
	setup.StepCheck:        tr.Mark("Checking that you can sign in"),
	setup.StepServerCopies: tr.Mark("The copies on the server"),
	setup.StepSummary:      tr.Mark("Ready"),
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
	v.win = ui.app.NewWindow(tr.L("Add an email account"))
	v.title = widget.NewLabel("")
	v.title.TextStyle.Bold = true
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.errMsg = widget.NewLabel("")
	v.errMsg.Wrapping = fyne.TextWrapWord
	v.errMsg.Importance = widget.DangerImportance
	v.back = newKeyButton(tr.L("Back"), theme.NavigateBackIcon(), v.goBack)
	v.next = newKeyButton(tr.L("Next"), theme.NavigateNextIcon(), v.goNext)
	v.next.Importance = widget.HighImportance
	v.next.IconPlacement = widget.ButtonIconTrailingText
	v.cancelBtn = newKeyButton(tr.L("Cancel"), nil, v.askCancel)
	cancel := v.cancelBtn
	v.body = container.NewVBox()
	buttons := container.NewBorder(nil, nil, cancel, container.NewHBox(v.back, v.next))
	v.win.SetContent(container.NewBorder(v.title, container.NewVBox(v.errMsg, buttons), nil, nil, container.NewVScroll(container.NewPadded(v.body))))
	ui.sizeWindow(v.win, fyne.NewSize(760, 700)) // cut to smaller screens (windowsize.go)
	v.win.SetOnClosed(func() { v.closed = true; v.stop() })
	// Escape is Cancel (the controls pass it on to the window).
	v.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			v.askCancel()
		}
	})
	v.draw()
	v.win.Show()
	v.focusStep()
	return v
}

// askCancel closes the wizard (Cancel, Escape), asking first when
// something was typed or chosen: it would be lost.
func (v *wizardView) askCancel() {
	v.readStep()
	if v.w.Step() == setup.StepIdentity && v.w.Name == "" && v.w.Email == "" && v.w.Password == "" {
		v.stop()
		v.win.Close()
		return
	}
	confirm(v.win, tr.L("Stop adding this account?"), tr.L("What you entered for this account so far is not kept."),
		tr.L("Stop adding it"), tr.L("Go on"), func(ok bool) {
			if ok {
				v.stop()
				v.win.Close()
			}
		})
}

// focusStep gives the keyboard to the step's first box or choice, or to
// Next when the step has none: a person using the keyboard goes on
// where the step starts. Cancel and Back keep it when they have it.
func (v *wizardView) focusStep() {
	c := v.win.Canvas()
	if f := c.Focused(); f != nil && (f == fyne.Focusable(v.cancelBtn) || f == fyne.Focusable(v.back) && v.back.Visible()) {
		return
	}
	var to fyne.Focusable = v.next
	switch v.w.Step() {
	case setup.StepIdentity:
		switch {
		case v.name.Text == "" || v.email.Text == "":
			to = v.name
		case v.signIn != nil:
			to = v.signIn
		case v.password.Visible():
			to = v.password
		}
	case setup.StepUsage:
		if len(v.questions) > 0 {
			to = v.questions[0].focusTarget()
		}
	case setup.StepFinding:
		if v.manualFirst != nil {
			to = v.manualFirst
		}
	case setup.StepCheck:
		if v.trust != nil {
			to = v.trust
		} else if v.next.Disabled() && v.again != nil {
			to = v.again
		}
	case setup.StepServerCopies:
		if v.copies != nil {
			to = v.copies.focusTarget()
		}
	}
	c.Focus(to)
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
	v.title.SetText(tr.L(stepTitles[v.w.Step()]))
	v.errMsg.SetText("")
	v.back.Show()
	v.next.SetText(tr.L("Next"))
	v.next.Enable()
	v.body.Objects = nil
	v.trust, v.again, v.manualFirst, v.copies = nil, nil, nil, nil
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
		v.next.SetText(tr.L("Add account"))
		v.drawSummary()
	}
	v.win.Content().Refresh() // buttons and wrapped text changed size
	v.focusStep()
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
	v.name = newTextField(tr.L("Your name"))
	v.name.SetPlaceHolder(tr.L("Your name, as others will see it"))
	v.name.SetText(v.w.Name)
	v.email = newTextField(tr.L("Email address"))
	v.email.SetPlaceHolder("name@example.com")
	v.email.SetText(v.w.Email)
	v.password = newPasswordField(tr.L("Password")) // has a show/hide button
	v.password.SetText(v.w.Password)
	// Enter in any box is Next.
	for _, f := range []*textField{v.name, v.email, v.password} {
		f.OnSubmitted = func(string) { v.goNext() }
	}
	v.credentials = container.NewVBox()
	v.email.OnChanged = func(string) { v.drawCredentials() }
	v.idItems = []*widget.FormItem{widget.NewFormItem(tr.L("Your name"), v.name), widget.NewFormItem(tr.L("Email address"), v.email),
		widget.NewFormItem(tr.L("Password"), v.password)}
	v.idForm = widget.NewForm(v.idItems[:2]...)
	v.add(para(tr.L("Postie needs your email address and a way to sign in to it. Whatever lets Postie in is kept in your computer's password store, never in Postie's files.")),
		v.idForm, v.credentials)
	v.drawCredentials()
}

// protocolTitle is IMAP's or POP's title in the person's language.
func protocolTitle(p accounts.Protocol) string {
	if p == accounts.POP {
		return tr.L(accounts.POPTitle)
	}
	return tr.L(accounts.IMAPTitle)
}

func (v *wizardView) drawUsage() {
	w := v.w
	rec := bold("")
	protocols := []accounts.Protocol{accounts.IMAP, accounts.POP}
	titles := []string{protocolTitle(accounts.IMAP), protocolTitle(accounts.POP)}
	v.protocol = newOptionGroup(tr.L("How Postie keeps your mail"), titles, func(i int) { w.Choose(protocols[i]) })
	update := func() {
		p, why := w.Recommend()
		rec.SetText(tr.L("We recommend: {{.Choice}}. {{.Reason}}", tr.M{"Choice": protocolTitle(p), "Reason": why}))
		// The recommendation is chosen until the person chooses.
		if w.Recommended() == accounts.POP {
			v.protocol.mark(1)
		} else {
			v.protocol.mark(0)
		}
	}
	v.questions = nil
	answers := []setup.Answer{setup.Yes, setup.No}
	yesNo := []string{tr.L("Yes"), tr.L("No")}
	ask := func(q string, ans *setup.Answer) fyne.CanvasObject {
		r := newOptionGroup(q, yesNo, func(i int) {
			*ans = answers[i]
			update()
		})
		r.Horizontal = true
		for i, a := range answers {
			if *ans == a {
				r.mark(i)
			}
		}
		v.questions = append(v.questions, r)
		return container.NewBorder(nil, nil, nil, r, para(q)) // the answer beside the question
	}
	// The cards say their whole text to a screen reader; Space, Enter or
	// a click on one chooses it.
	v.cards = []*textCard{
		newTextCard(titles[0], tr.L(accounts.IMAPExplained), func() { v.protocol.SetSelectedIndex(0) }),
		newTextCard(titles[1], tr.L(accounts.POPExplained), func() { v.protocol.SetSelectedIndex(1) }),
	}
	v.add(para(tr.L("Postie can keep your mail in one of two ways. Three questions help choose:")),
		ask(tr.L(accounts.QuestionOtherDevices), &w.OtherDevices), ask(tr.L(accounts.QuestionShared), &w.Shared), ask(tr.L(accounts.QuestionArchive), &w.Archive),
		widget.NewSeparator(), rec, v.protocol,
		// Side by side, so both explanations show without scrolling.
		container.NewGridWithColumns(2, v.cards[0], v.cards[1]))
	update()
}

func (v *wizardView) drawFinding() {
	if !v.w.NeedsDiscovery() {
		// Back and forward again: what was found or entered stays.
		if v.w.Found != nil && v.w.Settings.Source == v.w.Found.Source {
			v.drawFound()
		} else {
			v.add(para(tr.L("The settings as you entered them:")), v.manualForm())
		}
		return
	}
	progress := para(tr.L("Looking for the settings of {{.Email}}…", tr.M{"Email": v.w.Email}))
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
				v.add(para(tr.L("Postie could not find the settings for this address by itself. Please enter them below — your provider's help pages list them (look for “IMAP”, “POP” or “mail program settings”).")))
				v.add(v.manualForm())
			} else {
				v.drawFound()
			}
			v.body.Refresh()
			v.focusStep()
		})
	})
}

func (v *wizardView) drawFound() {
	s := v.w.Settings
	found := v.w.Found
	src := para(tr.L("Source: {{.Source}}.", tr.M{"Source": found.Source}))
	if why := v.w.Unverified(); why != "" || !found.Trusted {
		src.SetText(strings.TrimSpace(tr.L("Source: {{.Source}}. {{.Why}}", tr.M{"Source": found.Source, "Why": why})))
		src.Importance = widget.WarningImportance
	}
	v.add(src, widget.NewForm(
		widget.NewFormItem(tr.L("Incoming ({{.Protocol}})", tr.M{"Protocol": strings.ToUpper(string(s.Protocol))}), para(s.Incoming.String())),
		widget.NewFormItem(tr.L("Outgoing"), para(s.Outgoing.String())),
		widget.NewFormItem(tr.L("User name"), para(s.Incoming.Username))))
	if v.w.Note != "" {
		n := para(v.w.Note)
		n.Importance = widget.WarningImportance
		v.add(n)
	}
	manual := container.NewVBox()
	v.add(newKeyButton(tr.L("Edit settings manually"), nil, func() {
		manual.Objects = []fyne.CanvasObject{v.manualForm()}
		manual.Refresh()
		if v.manualFirst != nil {
			v.win.Canvas().Focus(v.manualFirst)
		}
	}), manual)
}

// manualForm edits both servers ("Edit settings manually"); Enter in a
// box is Next.
//
// The form starts with the settings found. Touching a box and putting it
// back leaves them the settings found, with their source and warnings
// (#26: they were taken for "entered by you", and a forged answer then
// went on without the question).
func (v *wizardView) manualForm() fyne.CanvasObject {
	st := v.w.Settings
	orig := v.w.Settings
	form, first := serverEditor(&st, func() {
		v.w.Settings.Protocol = st.Protocol
		v.w.SetServers(st.Incoming, st.Outgoing)
		if st.Protocol == orig.Protocol && st.Incoming == orig.Incoming && st.Outgoing == orig.Outgoing {
			v.w.Settings.Source = orig.Source
		}
	}, v.goNext)
	v.manualFirst = first
	return form
}

func (v *wizardView) confirmPlain() {
	confirm(v.win, tr.L("Send your password unprotected?"), setup.PlainWarning.String(), tr.L("I understand the risk"), tr.L("Go back"), func(ok bool) {
		if ok {
			v.w.PlainConfirmed = true
			v.goNext()
		}
	})
}

// confirmUnverified asks before settings that could have been forged
// are used (#26): fetched without encryption, or servers outside the
// address's domain named by DNS.
func (v *wizardView) confirmUnverified() {
	confirm(v.win, tr.L("Use these settings?"), v.w.Unverified(), tr.L("They are right"), tr.L("Go back"), func(ok bool) {
		if ok {
			v.w.UnverifiedConfirmed = true
			v.goNext()
		}
	})
}

func (v *wizardView) drawCheck() {
	in, out := v.w.Settings.Incoming.Host, v.w.Settings.Outgoing.Host
	status := para(tr.L("Signing in to {{.Incoming}} and {{.Outgoing}}…", tr.M{"Incoming": in, "Outgoing": out}))
	if out == "" {
		status.SetText(tr.L("Signing in to {{.Server}}…", tr.M{"Server": in}))
	}
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
			checkAgain := func() fyne.CanvasObject {
				v.again = newKeyButton(tr.L("Check again"), theme.ViewRefreshIcon(), func() { v.draw() })
				return v.again
			}
			switch {
			case v.w.IncomingErr != nil:
				if p, ok := v.w.OAuthProvider(); ok {
					// Servers at a provider with its own sign-in page,
					// found only now (an address at the person's own domain).
					v.add(para(setup.SignInText(p)), newKeyButton(tr.L("Sign in with {{.Provider}}", tr.M{"Provider": p.Name}), theme.LoginIcon(), func() { v.signInAtCheck(p) }))
				}
				v.add(para(tr.L("Use Back to change the settings, or fix the problem and check again.")), checkAgain())
			case v.w.SendingLater():
				later := para(v.w.SendingLaterText())
				later.Importance = widget.WarningImportance
				v.add(later)
				if v.w.OutgoingErr != nil {
					v.add(checkAgain())
				}
				v.next.SetText(tr.L("Go on without sending"))
				v.next.Enable()
			default:
				v.next.Enable()
			}
			v.body.Refresh()
			v.focusStep()
		})
	})
}

// showResults says how signing in to each server went. One certificate
// shown by both servers (the same SHA-256) is shown once, with one Trust
// button for both (#29: it was shown twice, once per server).
func (v *wizardView) showResults() {
	if in, out, ok := sameUntrustedCert(v.w.IncomingErr, v.w.OutgoingErr); ok && v.w.Settings.Outgoing.Host != "" {
		c := in.Cert
		msg := para(tr.L("Receiving and sending mail: the incoming server {{.Incoming}} and the outgoing server {{.Outgoing}} showed the same certificate, which this computer does not trust: {{.Reason}}.\nIssued to: {{.IssuedTo}}\nIssued by: {{.IssuedBy}}\nSHA-256 fingerprint: {{.Fingerprint}}\nIf your provider or administrator confirms this fingerprint, you can trust this certificate for this account only, for both servers.",
			tr.M{"Incoming": in.Server.Host, "Outgoing": out.Server.Host, "Reason": c.Reason, "IssuedTo": c.IssuedTo, "IssuedBy": c.IssuedBy, "Fingerprint": c.SHA256}))
		msg.Importance = widget.DangerImportance
		v.add(msg)
		v.addTrust(c.SHA256)
		return
	}
	v.showResult(true, v.w.IncomingErr)
	if v.w.Settings.Outgoing.Host != "" {
		v.showResult(false, v.w.OutgoingErr)
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
// (Two servers with two untrusted certificates get a button each; trust
// is the first, which the keyboard starts on.)
func (v *wizardView) addTrust(fp string) {
	b := newKeyButton(tr.L("Trust this certificate for this account"), theme.ConfirmIcon(), func() {
		v.w.TrustCert(fp)
		v.draw()
	})
	if v.trust == nil {
		v.trust = b
	}
	v.add(b)
}

// showResult says how signing in to the incoming (or the outgoing)
// server went.
func (v *wizardView) showResult(incoming bool, err error) {
	if err == nil {
		text := tr.L("✓ Sending mail: signed in")
		if incoming {
			text = tr.L("✓ Receiving mail: signed in")
		}
		ok := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		ok.Importance = widget.SuccessImportance
		v.add(ok)
		return
	}
	text := tr.L("Sending mail: {{.Error}}", tr.M{"Error": accounts.Explain(err)})
	if incoming {
		text = tr.L("Receiving mail: {{.Error}}", tr.M{"Error": accounts.Explain(err)})
	}
	msg := para(text)
	msg.Importance = widget.DangerImportance
	v.add(msg)
	var p *netconf.Problem
	if errors.As(err, &p) && p.Kind == netconf.ProblemUntrustedCert && p.Cert != nil {
		v.addTrust(p.Cert.SHA256)
	}
}

func (v *wizardView) drawCopies() {
	choices := accounts.CopiesChoices(30)
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.Label
	}
	v.add(para(tr.L("Postie downloads copies of your messages. What should happen to the originals on the server?")))
	v.copies = newOptionGroup(tr.L("The copies on the server"), labels, func(i int) {
		ch := v.w.ChooseCopies(choices[i].Copies)
		if ch.Warning == "" {
			return
		}
		confirmRemoval(v.win, ch.Warning, func(ok bool) {
			if ok {
				v.w.ConfirmCopies()
			} else {
				v.w.CancelCopies()
			}
			v.selectCopies()
		})
	})
	v.selectCopies()
	v.add(v.copies, para(tr.L(accounts.CopiesHelp)))
	if v.w.Settings.OfferIMAP {
		v.add(para(tr.L("Tip: if you also read this mail on a phone or in webmail, keep the copies on the server.")))
	}
}

// selectCopies shows the policy in force (after a confirm or a cancel).
func (v *wizardView) selectCopies() {
	for i, c := range accounts.CopiesChoices(30) {
		if c.Copies.Mode == v.w.Settings.ServerCopies.Mode {
			v.copies.mark(i)
		}
	}
}

func (v *wizardView) drawSummary() {
	s := v.w.Settings
	outgoing := s.Outgoing.String()
	if v.w.SendingLater() {
		outgoing = tr.L("not set up yet: sending can be set up later in this account's settings")
		if s.Outgoing.Host != "" {
			outgoing = tr.L("{{.Server}} (did not sign in yet: it can be fixed later in this account's settings)", tr.M{"Server": s.Outgoing.String()})
		}
	}
	v.add(bold(tr.L("Where your mail will live")), para(v.w.Summary()), widget.NewForm(
		widget.NewFormItem(tr.L("Account"), para(v.w.Name+" <"+v.w.Email+">")),
		widget.NewFormItem(tr.L("Incoming"), para(strings.ToUpper(string(s.Protocol))+": "+s.Incoming.String())),
		widget.NewFormItem(tr.L("Outgoing"), para(outgoing))))
}

// finish saves the account; with no working keyring it offers to ask for
// the password each time Postie starts instead.
func (v *wizardView) finish() {
	acct, err := v.save(v.ui.opts.Secrets)
	if errors.Is(err, secrets.ErrNoKeyring) {
		confirm(v.win, tr.L("No password store"), tr.L("This computer has no password store (keyring) that Postie can use, so your password cannot be saved.\n\nPostie can instead ask for your password each time it starts, and keep it only in memory while it runs."),
			tr.L("Ask me each time"), tr.L("Cancel"), func(ok bool) {
				if !ok {
					return
				}
				v.w.Settings.AskPassword = true
				acct, err := v.save(v.ui.asked)
				v.done(acct, err)
			})
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
	v.ui.status.SetText(tr.L("{{.Account}} was added. {{.Where}}", tr.M{"Account": acct.Name, "Where": accounts.Where(acct.Settings)}))
	v.ui.offerDefaultMail()
	// The first sync starts at once: the store's change starts a watcher.
	if v.then != nil {
		v.then(acct)
	}
}
