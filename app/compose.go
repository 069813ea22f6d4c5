package app

import (
	"fmt"
	"io"
	"net/mail"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	gomail "github.com/emersion/go-message/mail"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/localstore"
)

// composeView is a window for writing one message.
type composeView struct {
	ui                   *UI
	win                  fyne.Window
	accts                []accounts.Account
	from                 *widget.Select
	to, cc, bcc, subject *widget.Entry
	body                 *widget.Entry
	send                 *widget.Button
	errMsg               *widget.Label
	answered             int64 // the message replied to, marked Answered once sent
	files                []accounts.File
	fileList             *fyne.Container
	inReplyTo            string
	referenceList        []string
}

func addrText(list []*gomail.Address) string {
	var out []string
	for _, a := range list {
		out = append(out, (&mail.Address{Name: a.Name, Address: a.Address}).String())
	}
	return strings.Join(out, ", ")
}

// openCompose opens a compose window with d filled in, sending from acct.
func (ui *UI) openCompose(d accounts.Draft, acct accounts.Account, answered int64) *composeView {
	list, _ := accounts.List(ui.store)
	if len(list) == 0 {
		dialog.ShowInformation("Write a message", "To send mail, first add an email account (File › Add an email account).", ui.win)
		return nil
	}
	v := &composeView{ui: ui, accts: list, answered: answered, inReplyTo: d.InReplyTo, referenceList: d.References}
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
	v.from = widget.NewSelect(names, nil)
	v.from.SetSelected(chosen)
	mk := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	v.to = mk(addrText(d.To), "name@example.com, another@example.org")
	v.cc = mk(addrText(d.Cc), "")
	v.bcc = mk(addrText(d.Bcc), "hidden from the other recipients")
	v.subject = mk(d.Subject, "")
	v.body = widget.NewMultiLineEntry()
	v.body.Wrapping = fyne.TextWrapWord
	body := d.Body
	if sig := strings.TrimSpace(acct.Settings.Signature); sig != "" {
		body = "\n\n-- \n" + sig + body
	}
	v.body.SetText(body)
	v.files = d.Attachments
	v.fileList = container.NewVBox()
	v.showFiles()
	v.errMsg = widget.NewLabel("")
	v.errMsg.Importance = widget.DangerImportance
	v.errMsg.Wrapping = fyne.TextWrapWord
	v.send = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), v.doSend)
	v.send.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("From", v.from), widget.NewFormItem("To", v.to), widget.NewFormItem("Cc", v.cc),
		widget.NewFormItem("Bcc", v.bcc), widget.NewFormItem("Subject", v.subject))
	title := d.Subject
	if title == "" {
		title = "New message"
	}
	attach := widget.NewButtonWithIcon("Attach a file…", theme.MailAttachmentIcon(), v.pickFile)
	v.win = ui.app.NewWindow(title)
	v.win.SetContent(container.NewBorder(form, container.NewVBox(v.fileList, v.errMsg, container.NewBorder(nil, nil, attach, v.send)), nil, nil, v.body))
	v.win.Resize(fyne.NewSize(720, 560))
	v.win.Show()
	ui.lastCompose = v
	if d.To == nil {
		v.win.Canvas().Focus(v.to)
	} else {
		v.win.Canvas().Focus(v.body)
	}
	return v
}

func parseAddrs(s string) ([]*gomail.Address, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a list of email addresses (separate them with commas)", s)
	}
	out := make([]*gomail.Address, len(list))
	for i, a := range list {
		out[i] = &gomail.Address{Name: a.Name, Address: a.Address}
	}
	return out, nil
}

// doSend puts the message in the Outbox and sends what waits there.
func (v *composeView) doSend() {
	var acct accounts.Account
	for i, n := range v.from.Options {
		if n == v.from.Selected {
			acct = v.accts[i]
		}
	}
	var d accounts.Draft
	var err error
	d.From = &gomail.Address{Name: acct.Name, Address: acct.Email}
	if d.To, err = parseAddrs(v.to.Text); err == nil {
		if d.Cc, err = parseAddrs(v.cc.Text); err == nil {
			d.Bcc, err = parseAddrs(v.bcc.Text)
		}
	}
	if err != nil {
		v.errMsg.SetText(err.Error())
		return
	}
	d.Subject, d.Body, d.InReplyTo, d.References = v.subject.Text, v.body.Text, v.inReplyTo, v.referenceList
	d.Attachments = v.files
	raw, id, rcpt, err := accounts.Build(d, v.ui.now())
	if err != nil {
		v.errMsg.SetText(err.Error())
		return
	}
	if _, err := v.ui.store.QueueOutgoing(acct.ID, id, acct.Email, rcpt, raw); err != nil {
		v.errMsg.SetText("The message could not be put in the Outbox: " + err.Error())
		return
	}
	if v.answered != 0 {
		v.ui.store.SetFlags([]int64{v.answered}, localstore.Answered, true)
	}
	v.win.Close()
	v.ui.status.SetText("The message is in the Outbox and goes out as soon as the server can be reached.")
	v.ui.bg(func() { v.ui.syncAccount(acct) })
}

// original is the selected message as accounts.Original, with its account.
func (ui *UI) original() (accounts.Original, accounts.Account, int64, bool) {
	m, ok := ui.list.selected()
	if !ok {
		return accounts.Original{}, accounts.Account{}, 0, false
	}
	f, _ := ui.folders.folder(m.FolderID)
	acct, err := accounts.Load(ui.store, f.AccountID)
	if err != nil { // "On this computer": answer from the first account
		if list, _ := accounts.List(ui.store); len(list) > 0 {
			acct = list[0]
		}
	}
	text := ui.reader.view.Text
	if ui.reader.currentID != m.ID {
		text = m.Preview
	}
	return accounts.Original{MessageID: m.MessageID, References: m.References, From: m.From, To: m.To, Cc: m.Cc,
		Subject: m.Subject, Date: m.Date, Text: text}, acct, m.ID, true
}

func (ui *UI) doWrite() {
	list, _ := accounts.List(ui.store)
	var acct accounts.Account
	if len(list) > 0 {
		acct = list[0]
	}
	ui.openCompose(accounts.Draft{}, acct, 0)
}

func (ui *UI) doReply(all bool) {
	o, acct, id, ok := ui.original()
	if !ok {
		return
	}
	ui.openCompose(accounts.Reply(o, &gomail.Address{Name: acct.Name, Address: acct.Email}, all), acct, id)
}

func (ui *UI) doForward() {
	o, acct, _, ok := ui.original()
	if !ok {
		return
	}
	ui.openCompose(accounts.Forward(o, &gomail.Address{Name: acct.Name, Address: acct.Email}), acct, 0)
}

// bigMessage is where many providers start refusing messages.
const bigMessage = 20 << 20

// showFiles lists the attachments with their sizes and a Remove button,
// and warns when the message gets too big for many providers.
func (v *composeView) showFiles() {
	v.fileList.Objects = nil
	total := 0
	for i, f := range v.files {
		i := i
		total += len(f.Data)
		rm := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			v.files = append(v.files[:i:i], v.files[i+1:]...)
			v.showFiles()
		})
		v.fileList.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.MailAttachmentIcon()), rm,
			widget.NewLabel(fmt.Sprintf("%s (%s)", f.Name, sizeText(int64(len(f.Data)))))))
	}
	if total > bigMessage {
		w := widget.NewLabel(fmt.Sprintf("The attachments add up to %s: many providers refuse messages over 20–25 MB.", sizeText(int64(total))))
		w.Importance = widget.WarningImportance
		w.Wrapping = fyne.TextWrapWord
		v.fileList.Add(w)
	}
	v.fileList.Refresh()
}

func (v *composeView) pickFile() {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		data, err := io.ReadAll(r)
		if err != nil {
			v.errMsg.SetText("Could not read that file: " + err.Error())
			return
		}
		v.addFile(r.URI().Name(), r.URI().MimeType(), data)
	}, v.win)
}

func (v *composeView) addFile(name, ctype string, data []byte) {
	v.files = append(v.files, accounts.File{Name: name, Type: ctype, Data: data})
	v.showFiles()
}
