package app

import (
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	gomail "github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/compose"
	"github.com/postie-mail/postie/internal/mailtext"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
	"github.com/postie-mail/postie/mailview"
)

// draftEvery is how often a message being written is saved as a draft
// (when something changed).
const draftEvery = 5 * time.Second

// composeView is a window for writing one message.
type composeView struct {
	ui            *UI
	win           fyne.Window
	accts         []accounts.Account
	from          *dropDown
	to, cc, bcc   *addressEntry
	subject       *shortcutField
	body          *bodyEntry
	send          *keyButton
	discard       *keyButton
	errMsg        *widget.Label
	saved         *widget.Label
	answered      int64 // the message replied to, marked Answered once sent
	files         []compose.File
	fileList      *fyne.Container // the attachments (fileRows) and any warning about them
	fileRows      *fyne.Container // one line per attachment
	tips          *tipLayer
	bold, italic  *formatButton // formatting buttons (and listBtn)
	listBtn       *formatButton
	inReplyTo     string
	referenceList []string

	draftID   int64 // the saved draft this window replaces when it saves or sends
	dirty     bool  // changed since the last save
	done      bool  // sent or discarded: nothing more to save
	stop      chan struct{}
	stopped   sync.Once
	saverDone chan struct{} // closed when the autosave goroutine has ended

	bookMu sync.Mutex
	book   []localstore.Correspondent
}

// composeOpts say where a compose window comes from.
type composeOpts struct {
	answered  int64 // the message answered (marked Answered once sent)
	draftID   int64 // an existing draft being continued
	signature bool  // add the account's signature
}

func addrText(list []*gomail.Address) string {
	var out []string
	for _, a := range list {
		out = append(out, localstore.Correspondent{Name: a.Name, Address: a.Address}.String())
	}
	return strings.Join(out, ", ")
}

// addAccountThenWrite is writing before any email account exists (a
// click on an email link right after installing Postie): it offers the
// wizard, and the message opens, filled in, once the account is added.
func (ui *UI) addAccountThenWrite(d compose.Draft, o composeOpts) {
	dlg := dialog.NewCustomConfirm(tr.L("Write a message"), tr.L("Add an email account"), tr.L("Not now"),
		para(tr.L("To write this message, Postie needs your email account first. Add it now: the message opens, filled in, as soon as the account is set up.")),
		func(ok bool) {
			if !ok {
				return
			}
			ui.openWizard().then = func(a accounts.Account) { ui.openCompose(d, a, o) }
		}, ui.win)
	dlg.Resize(fyne.NewSize(480, 220))
	present(ui.win, dlg)
}

// openCompose opens a compose window with d filled in, sending from acct.
func (ui *UI) openCompose(d compose.Draft, acct accounts.Account, o composeOpts) *composeView {
	list, _ := accounts.List(ui.store)
	if len(list) == 0 {
		ui.addAccountThenWrite(d, o)
		return nil
	}
	v := &composeView{ui: ui, accts: list, answered: o.answered, draftID: o.draftID, inReplyTo: d.InReplyTo, referenceList: d.References,
		stop: make(chan struct{})}
	names := make([]string, len(list))
	for i, a := range list {
		names[i] = fmt.Sprintf("%s <%s>", a.Name, a.Email)
	}
	chosen := names[0]
	for i, a := range list {
		if a.ID == acct.ID {
			chosen = names[i]
		}
	}
	title := d.Subject
	if title == "" {
		title = tr.L("New message")
	}
	v.win = ui.app.NewWindow(title)
	v.tips = newTipLayer()
	changed := func() { v.dirty = true }
	v.from = newDropDown(tr.L("From"), names, func(string) { changed(); v.showFiles() })
	v.from.SetSelected(chosen)
	addr := func(key string, list []*gomail.Address, hint string) *addressEntry {
		e := newAddressEntry(v.win, addressFieldNames[key](), v.addressBook, changed)
		e.shortcuts = v.shortcut
		e.later = ui.after
		e.SetText(addrText(list))
		if t := d.Typed[key]; t != "" {
			e.SetText(t)
		}
		e.SetPlaceHolder(hint)
		return e
	}
	v.to = addr("To", d.To, "name@example.com, another@example.org")
	v.cc = addr("Cc", d.Cc, "")
	v.bcc = addr("Bcc", d.Bcc, tr.L("hidden from the other recipients"))
	v.subject = newShortcutField(tr.L("Subject"), v.shortcut)
	v.subject.SetText(d.Subject)
	v.subject.OnChanged = func(s string) {
		changed()
		if s == "" {
			s = tr.L("New message")
		}
		v.win.SetTitle(s)
	}
	v.body = newBodyEntry()
	v.body.shortcuts = v.shortcut
	body := d.Body
	if sig := strings.TrimSpace(acct.Settings.Signature); sig != "" && o.signature {
		body = "\n\n-- \n" + sig + body
	}
	v.body.SetText(body)
	v.body.OnChanged = func(string) { changed() }
	v.files = d.Attachments
	v.fileRows = container.NewVBox()
	v.fileList = container.NewVBox()
	v.showFiles()
	v.errMsg = widget.NewLabel("")
	v.errMsg.Importance = widget.DangerImportance
	v.errMsg.Wrapping = fyne.TextWrapWord
	v.errMsg.Hide() // until there is something to say: the window keeps its room
	v.saved = widget.NewLabel("")
	v.saved.Importance = widget.LowImportance
	v.send = newKeyButton(tr.L("Send"), theme.MailSendIcon(), v.doSend)
	v.send.Importance = widget.HighImportance
	v.discard = newKeyButton(tr.L("Discard"), theme.DeleteIcon(), v.doDiscard)
	form := widget.NewForm(widget.NewFormItem(tr.L("From"), v.from), widget.NewFormItem(tr.L("To"), v.to.field()), widget.NewFormItem(tr.L("Cc"), v.cc.field()),
		widget.NewFormItem(tr.L("Bcc"), v.bcc.field()), widget.NewFormItem(tr.L("Subject"), v.subject))
	attach := newKeyButton(tr.L("Attach a file…"), theme.MailAttachmentIcon(), v.pickFile)
	// Buttons that look like buttons (#29: as low-importance text they
	// read as labels): icons, with their names as tips and for screen
	// readers.
	v.bold = newFormatButton(formatBoldIcon, tr.L("Bold (Ctrl+B)"), v.tips, func() { v.body.wrap("*"); v.win.Canvas().Focus(v.body) })
	v.italic = newFormatButton(formatItalicIcon, tr.L("Italic (Ctrl+I)"), v.tips, func() { v.body.wrap("_"); v.win.Canvas().Focus(v.body) })
	v.listBtn = newFormatButton(formatListIcon, tr.L("List"), v.tips, func() { v.body.listLine(); v.win.Canvas().Focus(v.body) })
	hint := widget.NewLabel(tr.L("*bold*, _italic_ and “- ” lists are sent formatted"))
	hint.Importance = widget.LowImportance
	hint.Truncation = fyne.TextTruncateEllipsis
	formatting := container.NewBorder(nil, nil, container.NewHBox(v.bold, v.italic, v.listBtn), nil, hint)
	top := container.NewVBox(form, formatting)
	bottom := container.NewVBox(v.fileList, v.errMsg, container.NewBorder(nil, nil, container.NewHBox(attach, v.discard), v.send, v.saved))
	// In the order Tab goes through them: the header, the text, then the
	// files and the buttons.
	lists := func() float32 {
		var h float32
		for _, e := range []*addressEntry{v.to, v.cc, v.bcc} {
			if e.showing() {
				h += e.box.MinSize().Height
			}
		}
		return h
	}
	for _, e := range []*addressEntry{v.to, v.cc, v.bcc} {
		e.room = func() float32 {
			if e.showing() {
				return v.body.Size().Height + e.box.Size().Height
			}
			return v.body.Size().Height
		}
	}
	v.win.SetContent(v.tips.over(container.New(composeLayout{lists: lists}, top, v.body, bottom)))
	v.loadAddressBook()
	ui.sizeWindow(v.win, fyne.NewSize(720, 560))
	v.win.SetOnClosed(func() {
		v.stopAutosave()
		v.saveDraft() // closing keeps what was written…
		if !v.done && v.draftID != 0 {
			ui.scheduler().PushSoon() // …and, for IMAP, puts it in the server's Drafts now
		}
	})
	v.keys()
	v.dirty = false
	v.win.Show()
	ui.lastCompose = v
	if d.To == nil && d.Typed["To"] == "" {
		v.win.Canvas().Focus(v.to)
	} else {
		v.win.Canvas().Focus(v.body)
	}
	if ui.draftEvery > 0 {
		v.startAutosave(ui.draftEvery)
	}
	return v
}

// addressFieldNames name the address boxes for a screen reader (by the
// draft's keys, which are not translated).
var addressFieldNames = map[string]func() string{
	"To":  func() string { return tr.L("To") },
	"Cc":  func() string { return tr.L("Cc") },
	"Bcc": func() string { return tr.L("Bcc") },
}

// The compose window's shortcuts: Ctrl+Enter sends, Ctrl+Shift+A
// attaches a file (Cmd on macOS).
var (
	sendShortcuts = []*desktop.CustomShortcut{
		{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault},
	}
	attachShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyA, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
)

// keys sets the window's keys: its shortcuts (also taken by the boxes,
// which are handed every shortcut while they have the keyboard), and
// Escape, which closes the window asking whether to keep a draft.
func (v *composeView) keys() {
	c := v.win.Canvas()
	for _, s := range append(append([]*desktop.CustomShortcut{}, sendShortcuts...), attachShortcut) {
		c.AddShortcut(s, func(s fyne.Shortcut) { v.shortcut(s) })
	}
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			v.askClose()
		}
	})
}

// shortcut does what a compose shortcut asks; false for any other.
func (v *composeView) shortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok {
		return false
	}
	for _, send := range sendShortcuts {
		if cs.KeyName == send.KeyName && cs.Modifier == send.Modifier {
			v.doSend()
			return true
		}
	}
	if cs.KeyName == attachShortcut.KeyName && cs.Modifier == attachShortcut.Modifier {
		v.pickFile()
		return true
	}
	return false
}

// askClose closes the window (Escape). When something was written it
// asks first: keep it as a draft (the default, which Enter takes), delete
// it, or go on writing (Escape again).
func (v *composeView) askClose() {
	if !v.dirty && v.draftID == 0 {
		v.win.Close() // nothing written: nothing to keep
		return
	}
	var d *dialog.CustomDialog
	keep := newKeyButton(tr.L("Keep as a draft"), theme.DocumentSaveIcon(), func() {
		d.Hide()
		v.win.Close() // closing saves the draft
	})
	keep.Importance = widget.HighImportance
	discard := newKeyButton(tr.L("Delete it"), theme.DeleteIcon(), func() {
		d.Hide()
		v.discardNow()
	})
	goOn := newKeyButton(tr.L("Go on writing"), nil, func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr.L("Close this message?"),
		para(tr.L("Keep what you wrote as a draft? You can go on writing it later from Drafts.")), v.win)
	d.SetButtons([]fyne.CanvasObject{discard, goOn, keep})
	present(v.win, d)
	v.win.Canvas().Focus(keep)
}

// setError says what went wrong under the message ("" hides it).
func (v *composeView) setError(s string) {
	v.errMsg.SetText(s)
	if s == "" {
		v.errMsg.Hide()
	} else {
		v.errMsg.Show()
	}
}

// loadAddressBook reads the addresses in the store in the background;
// what was typed meanwhile gets its suggestions when they arrive (#29:
// the first two letters showed none until the next key).
func (v *composeView) loadAddressBook() {
	v.ui.bg(func() {
		list, _ := v.ui.store.Correspondents()
		v.bookMu.Lock()
		v.book = list
		v.bookMu.Unlock()
		fyne.Do(func() {
			for _, e := range []*addressEntry{v.to, v.cc, v.bcc} {
				if v.win.Canvas().Focused() == fyne.Focusable(e) {
					e.suggest()
				}
			}
		})
	})
}

// addressBook is the addresses loaded so far (none until they are).
func (v *composeView) addressBook() []localstore.Correspondent {
	v.bookMu.Lock()
	defer v.bookMu.Unlock()
	return v.book
}

// autosave keeps the draft every few seconds while the window is open.
func (v *composeView) startAutosave(every time.Duration) {
	v.saverDone = make(chan struct{})
	go v.autosave(every, v.saverDone)
}

func (v *composeView) autosave(every time.Duration, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-v.stop:
			return
		case <-t.C:
			fyne.Do(func() { v.saveDraft() })
		}
	}
}

// stopAutosave ends the autosave goroutine and waits for it.
func (v *composeView) stopAutosave() {
	v.stopped.Do(func() { close(v.stop) })
	if v.saverDone != nil {
		<-v.saverDone
	}
}

// account is the account chosen in From.
func (v *composeView) account() accounts.Account {
	for i, n := range v.from.Options {
		if n == v.from.Selected {
			return v.accts[i]
		}
	}
	return v.accts[0]
}

// draft is what the window holds; addresses still being typed are kept
// as typed (Typed) rather than lost.
func (v *composeView) draft() compose.Draft {
	acct := v.account()
	d := compose.Draft{From: &gomail.Address{Name: acct.Name, Address: acct.Email}, Subject: v.subject.Text, Body: v.body.Text,
		InReplyTo: v.inReplyTo, References: v.referenceList, Attachments: v.files, Typed: map[string]string{}}
	for _, f := range []struct {
		key  string
		e    *addressEntry
		list *[]*gomail.Address
	}{{"To", v.to, &d.To}, {"Cc", v.cc, &d.Cc}, {"Bcc", v.bcc, &d.Bcc}} {
		list, err := parseAddrs(f.e.Text)
		if err != nil {
			d.Typed[f.key] = f.e.Text
		}
		*f.list = list
	}
	return d
}

// saveDraft stores the message as a draft (for IMAP also on the server,
// at the next sync) when something changed since the last save.
func (v *composeView) saveDraft() {
	if v.done || !v.dirty {
		return
	}
	acct := v.account()
	raw, err := compose.BuildDraft(v.draft(), v.ui.now())
	if err == nil {
		var id int64
		id, err = v.ui.store.SaveDraft(acct.ID, v.draftID, raw)
		if err == nil {
			v.draftID, v.dirty = id, false
			v.saved.SetText(tr.L("Draft saved at {{.Time}}", tr.M{"Time": tr.Current().Time(v.ui.now())}))
			return
		}
	}
	v.saved.SetText("")
	v.setError(tr.L("The draft could not be saved: {{.Error}}", tr.M{"Error": accounts.Explain(err)}))
}

// doDiscard throws the message away, draft included, after asking.
func (v *composeView) doDiscard() {
	confirm(v.win, tr.L("Discard this message?"), tr.L("What you wrote here, and its saved draft, will be deleted."), tr.L("Yes"), tr.L("No"), func(ok bool) {
		if ok {
			v.discardNow()
		}
	})
}

// discardNow throws the message away, draft included.
func (v *composeView) discardNow() {
	v.done = true
	if v.draftID != 0 {
		if err := v.ui.store.DiscardDraft(v.draftID); err != nil {
			v.ui.showError(tr.L("The saved draft could not be deleted"), err)
		}
	}
	v.win.Close()
}

func parseAddrs(s string) ([]*gomail.Address, error) {
	s = strings.TrimRight(strings.TrimSpace(s), ",")
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		// Name the part that is no address, when it can be told (#29:
		// an unfinished "bo" after a whole address was reported as the
		// whole field not being separated by commas).
		if !strings.ContainsAny(s, `"(`) {
			for _, part := range strings.Split(s, ",") {
				if part = strings.TrimSpace(part); part != "" {
					if _, err := mail.ParseAddress(part); err != nil {
						return nil, errors.New(tr.L("{{.Email}} is not an email address", tr.M{"Email": strconv.Quote(part)}))
					}
				}
			}
		}
		return nil, errors.New(tr.L("{{.Text}} is not a list of email addresses (separate them with commas)", tr.M{"Text": strconv.Quote(s)}))
	}
	out := make([]*gomail.Address, len(list))
	for i, a := range list {
		out[i] = &gomail.Address{Name: a.Name, Address: a.Address}
	}
	return out, nil
}

// doSend puts the message in the Outbox and sends what waits there.
func (v *composeView) doSend() {
	acct := v.account()
	d := v.draft()
	for _, key := range []string{"To", "Cc", "Bcc"} {
		if t := d.Typed[key]; t != "" {
			_, err := parseAddrs(t)
			v.setError(accounts.Explain(err))
			return
		}
	}
	raw, id, rcpt, err := compose.Build(d, v.ui.now())
	if err != nil {
		v.setError(accounts.Explain(err))
		return
	}
	if _, err := v.ui.store.QueueOutgoing(acct.ID, id, acct.Email, rcpt, raw, v.draftID); err != nil {
		v.setError(tr.L("The message could not be put in the Outbox: {{.Error}}", tr.M{"Error": accounts.Explain(err)}))
		return
	}
	answered := v.answered
	if answered == 0 && v.inReplyTo != "" { // a reply continued from its draft
		if m, err := v.ui.store.MessageByMessageID(acct.ID, v.inReplyTo); err == nil {
			answered = m.ID
		}
	}
	status := tr.L("The message is in the Outbox and goes out as soon as the server can be reached.")
	if answered != 0 {
		if err := v.ui.store.SetFlags([]int64{answered}, localstore.Answered, true); err != nil {
			status = tr.L("The message is in the Outbox and goes out as soon as the server can be reached. (The message you answered could not be marked as answered: {{.Error}})",
				tr.M{"Error": accounts.Explain(err)})
		}
	}
	v.done = true
	v.win.Close()
	v.ui.status.SetText(status)
	v.ui.bg(func() { _, _ = v.ui.syncAccount(acct) }) // the outcome shows as every sync's does (synced)
}

// original is the selected message as compose.Original, with its account.
func (ui *UI) original() (compose.Original, accounts.Account, int64, bool) {
	m, ok := ui.list.selected()
	if !ok {
		return compose.Original{}, accounts.Account{}, 0, false
	}
	acct := ui.accountOf(m)
	text := ui.reader.view.Text
	if ui.reader.currentID != m.ID {
		text = m.Preview
	}
	return compose.Original{MessageID: m.MessageID, References: m.References, From: m.From, To: m.To, Cc: m.Cc,
		Subject: m.Subject, Date: m.Date, Text: text}, acct, m.ID, true
}

// accountOf is the account a message belongs to; for mail "On this
// computer", the first account (to answer from).
func (ui *UI) accountOf(m localstore.Summary) accounts.Account {
	f, _ := ui.folders.folder(m.FolderID)
	acct, err := accounts.Load(ui.store, f.AccountID)
	if err != nil {
		if list, _ := accounts.List(ui.store); len(list) > 0 {
			acct = list[0]
		}
	}
	return acct
}

func (ui *UI) doWrite() {
	list, _ := accounts.List(ui.store)
	var acct accounts.Account
	if len(list) > 0 {
		acct = list[0]
	}
	ui.openCompose(compose.Draft{}, acct, composeOpts{signature: true})
}

func (ui *UI) doReply(all bool) {
	o, acct, id, ok := ui.original()
	if !ok {
		return
	}
	ui.openCompose(compose.Reply(o, &gomail.Address{Name: acct.Name, Address: acct.Email}, all), acct, composeOpts{answered: id, signature: true})
}

func (ui *UI) doForward() {
	o, acct, id, ok := ui.original()
	if !ok {
		return
	}
	d := compose.Forward(o, &gomail.Address{Name: acct.Name, Address: acct.Email})
	d.Attachments = forwardedFiles(ui.store, id)
	ui.openCompose(d, acct, composeOpts{signature: true})
}

// forwardedFiles are the attachments of a stored message, to go with it
// when it is forwarded inline (each can be removed before sending).
// Pictures shown inside the text are not among them.
func forwardedFiles(s *localstore.Store, id int64) []compose.File {
	raw, err := s.Raw(id)
	if err != nil {
		return nil // not downloaded: the text goes, the files cannot
	}
	var files []compose.File
	for _, a := range mailview.Parse(raw).Attachments {
		if a.Inline {
			continue
		}
		data, err := mailview.AttachmentData(raw, a)
		if err != nil {
			continue
		}
		files = append(files, compose.File{Name: a.Name, Type: a.Type, Data: data})
	}
	return files
}

// doForwardAttached sends the whole message on as an attachment, with
// its own attachments and headers untouched.
func (ui *UI) doForwardAttached() {
	o, acct, id, ok := ui.original()
	if !ok {
		return
	}
	raw, err := ui.store.Raw(id)
	if err != nil {
		ui.showError(tr.L("Could not read this message"), err)
		return
	}
	ui.openCompose(compose.ForwardAttached(o, raw, &gomail.Address{Name: acct.Name, Address: acct.Email}), acct, composeOpts{signature: true})
}

// editDraft opens a saved draft to go on writing it.
func (ui *UI) editDraft(m localstore.Summary) {
	raw, err := ui.store.Raw(m.ID)
	if err == nil {
		var d compose.Draft
		if d, err = compose.ParseDraft(raw); err == nil {
			ui.openCompose(d, ui.accountOf(m), composeOpts{draftID: m.ID})
			return
		}
	}
	ui.showError(tr.L("Could not open this draft"), err)
}

// bigMessage is where many providers start refusing messages, used when
// the server has not said its own limit.
const bigMessage = 20 << 20

// showFiles lists the attachments with their sizes and a Remove button,
// and warns when the message gets too big for the server.
func (v *composeView) showFiles() {
	if v.fileList == nil {
		return
	}
	v.fileRows.Objects = nil
	total := int64(0)
	for i, f := range v.files {
		i := i
		total += int64(len(f.Data))
		name := mailtext.FileName(f.Name, tr.L("attachment"))
		rm := newIconButton(tr.L("Remove {{.File}}", tr.M{"File": name}), theme.ContentRemoveIcon(), func() {
			v.files = append(v.files[:i:i], v.files[i+1:]...)
			v.dirty = true
			v.showFiles()
		})
		rm.Importance = widget.LowImportance
		v.fileRows.Add(attachmentLine(v.tips, mailtext.ShortFileName(name, 60), name, accounts.SizeText(int64(len(f.Data))), rm))
	}
	v.fileRows.Refresh()
	v.fileList.Objects = nil
	if len(v.files) > 0 {
		v.fileList.Add(attachmentScroll(v.fileRows))
	}
	// Attachments travel in base64: a third bigger than the files.
	sent := total * 4 / 3
	limit := v.account().Settings.SendLimit
	var warn string
	switch {
	case limit > 0 && sent > limit:
		warn = tr.L("The attachments add up to {{.Size}}, about {{.Sent}} once sent: more than the {{.Limit}} your mail server accepts. Remove some, or share big files as a link.",
			tr.M{"Size": accounts.SizeText(total), "Sent": accounts.SizeText(sent), "Limit": accounts.SizeText(limit)})
	case limit <= 0 && sent > bigMessage:
		warn = tr.L("The attachments add up to {{.Size}}, about {{.Sent}} once sent: many providers refuse messages over 20–25 MB.",
			tr.M{"Size": accounts.SizeText(total), "Sent": accounts.SizeText(sent)})
	}
	if v.account().Settings.Outgoing.Host == "" {
		// Two whole paragraphs.
		warn = strings.TrimSpace(tr.L("Sending is not set up for this account yet: this message will wait in the Outbox until you add the outgoing (SMTP) server in Account settings.") + "\n" + warn)
	}
	if warn != "" {
		w := widget.NewLabel(warn)
		w.Importance = widget.WarningImportance
		w.Wrapping = fyne.TextWrapWord
		v.fileList.Add(w)
	}
	v.fileList.Refresh()
}

func (v *composeView) pickFile() {
	present(v.win, dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		data, err := io.ReadAll(r)
		if err != nil {
			v.setError(tr.L("Could not read that file: {{.Error}}", tr.M{"Error": accounts.Explain(err)}))
			return
		}
		v.addFile(r.URI().Name(), r.URI().MimeType(), data)
	}, v.win))
}

func (v *composeView) addFile(name, ctype string, data []byte) {
	v.files = append(v.files, compose.File{Name: name, Type: ctype, Data: data})
	v.dirty = true
	v.showFiles()
}
