package app

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/postie-mail/postie/accounts"
	"github.com/postie-mail/postie/accounts/keepcopy"
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore/archive"
)

// keepCopyView is the "Keep a permanent copy of this account" window:
// what will happen, then progress, then the report and, only after a
// complete and checked copy, the offer to stop using the server.
type keepCopyView struct {
	ui     *UI
	acct   accounts.Account
	win    fyne.Window
	format *optionGroup // mbox, Maildir
	into   string
	where  *widget.Label

	text   *widget.Label
	bar    *widget.ProgressBar
	cancel context.CancelFunc
	report *keepcopy.Report
	closed bool
	shown  func() // after each progress report is shown (tests)
}

// The format choices, in words (tr.L them where shown), in the order
// offered.
var (
	formatMbox    = tr.Mark("One file per folder (mbox): most mail programs import it")
	formatMaildir = tr.Mark("One file per message (Maildir)")
)

// showKeepCopy opens the window for the account of the folder shown (or
// the first account).
func (ui *UI) showKeepCopy() {
	if acct, ok := ui.shownAccount(tr.L("Keep a permanent copy"), tr.L("There is no email account yet: there is nothing on a server to copy.")); ok {
		ui.openKeepCopy(acct)
	}
}

func (ui *UI) openKeepCopy(acct accounts.Account) *keepCopyView {
	v := &keepCopyView{ui: ui, acct: acct, into: defaultCopyFolder()}
	v.win = ui.app.NewWindow(tr.L("Keep a permanent copy — {{.Account}}", tr.M{"Account": acct.Name}))
	v.win.SetOnClosed(func() {
		v.closed = true
		if v.cancel != nil {
			v.cancel()
		}
	})
	v.showStart()
	ui.sizeWindow(v.win, fyne.NewSize(660, 600))
	v.win.Show()
	return v
}

// defaultCopyFolder is Documents, or the home folder.
func defaultCopyFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}

func (v *keepCopyView) showStart() {
	who := v.acct.Email
	if who == "" {
		who = v.acct.Name
	}
	intro := para(tr.L("Before you close {{.Account}} or leave its provider, Postie can make sure every message of it is on this computer and in a copy you keep. It will:", tr.M{"Account": who}))
	steps := para(tr.L("• download every message of every folder whole — also older ones that are kept only on the server;\n" +
		"• check each one against the server's copy, by downloading it a second time and comparing;\n" +
		"• write the copy into a folder you choose, in a standard format other mail programs read, and read it back to check it;\n" +
		"• tell you at the end exactly what is safe, and save that report next to the copy."))
	safe := para(tr.L("Nothing is deleted on the server. You can stop at any time and continue later without starting over. A large mailbox can take a while."))
	if v.acct.Settings.KeepDays > 0 {
		safe.SetText(tr.L("Nothing is deleted on the server. You can stop at any time and continue later without starting over. A large mailbox can take a while. From now on Postie keeps every message of this account whole on this computer."))
	}
	v.format = newOptionGroup(tr.L("Format"), []string{tr.L(formatMbox), tr.L(formatMaildir)}, nil)
	v.format.mark(0)
	v.where = para(v.into)
	choose := newKeyButton(tr.L("Choose another folder…"), nil, func() {
		present(v.win, dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				v.into = u.Path()
				v.where.SetText(v.into)
			}
		}, v.win))
	})
	startText := tr.L("Start")
	var resume fyne.CanvasObject = widget.NewLabel("")
	if run, ok := keepcopy.Unfinished(v.ui.store, v.acct.ID); ok {
		startText = tr.L("Continue")
		started := run.Started.Local()
		resume = para(tr.L("A copy started on {{.Date}} at {{.Time}} did not finish. Continue it: what was already checked is not downloaded again.",
			tr.M{"Date": tr.Current().DateLong(started), "Time": tr.Current().Time(started)}))
		v.into = filepath.Dir(run.Dir)
		v.where.SetText(v.into)
		if run.Format == string(archive.Maildir) {
			v.format.mark(1)
		}
	}
	start := newKeyButton(startText, nil, v.start)
	start.Importance = widget.HighImportance
	body := container.NewVBox(bold(tr.L("Keep a permanent copy of {{.Account}}", tr.M{"Account": who})), intro, steps, safe,
		widget.NewForm(widget.NewFormItem(tr.L("Format"), v.format), widget.NewFormItem(tr.L("Put the copy in"), container.NewVBox(v.where, container.NewHBox(choose)))),
		resume)
	buttons := container.NewHBox(newKeyButton(tr.L("Close"), nil, v.win.Close), start)
	v.setContent(container.NewBorder(nil, container.NewBorder(nil, nil, nil, buttons), nil, nil, container.NewVScroll(container.NewPadded(body))))
}

// setContent shows a screen. Wrapped labels learn their height from a
// first layout at the window's width, so it is laid out twice.
func (v *keepCopyView) setContent(o fyne.CanvasObject) {
	v.win.SetContent(o)
	size := v.win.Canvas().Size()
	if size.Width > 0 {
		o.Resize(size)
		o.Refresh()
	}
}

func (v *keepCopyView) chosenFormat() archive.Format {
	if v.format.SelectedIndex() == 1 {
		return archive.Maildir
	}
	return archive.Mbox
}

// start runs the copy in the background, with progress.
func (v *keepCopyView) start() {
	format := v.chosenFormat()
	v.text = para(tr.L("Getting ready…"))
	v.bar = widget.NewProgressBar()
	stop := newKeyButton(tr.L("Stop for now"), nil, func() {
		if v.cancel != nil {
			v.cancel()
		}
	})
	v.setContent(container.NewBorder(nil, container.NewPadded(container.NewBorder(nil, nil, nil, stop)), nil, nil,
		container.NewPadded(container.NewVBox(bold(tr.L("Making the copy…")), v.text, v.bar,
			para(tr.L("You can go on reading and writing mail meanwhile. If you stop, close Postie or lose the connection, choose Continue later: nothing checked is downloaded again."))))))
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	ui := v.ui
	sy := ui.syncer()
	c := &keepcopy.Copier{Store: ui.store, Check: sy.CheckCopies,
		Sync: func(ctx context.Context, a accounts.Account) error {
			_, err := ui.scheduler().SyncNow(ctx, a)
			return err
		},
		OnProgress: func(p keepcopy.Progress) {
			fyne.Do(func() {
				v.text.SetText(p.Text)
				if p.TotalB > 0 {
					v.bar.SetValue(float64(p.DoneBytes) / float64(p.TotalB))
				}
				if v.shown != nil {
					v.shown()
				}
			})
		}}
	acct := v.acct
	ui.bg(func() {
		rep, err := c.Run(ctx, acct, keepcopy.Options{Format: format, Into: v.into})
		cancel()
		fyne.Do(func() {
			v.cancel = nil
			if fresh, lerr := accounts.Load(ui.store, acct.ID); lerr == nil {
				v.acct = fresh
			}
			if v.closed {
				return
			}
			if err != nil {
				v.showStopped(err)
				return
			}
			v.showReport(rep)
		})
	})
}

// showStopped says why the run stopped before its end, and offers to go on.
func (v *keepCopyView) showStopped(err error) {
	why := para(tr.L("The copy stopped before the end: {{.Error}}", tr.M{"Error": accounts.Explain(err)}))
	if errors.Is(err, context.Canceled) {
		why.SetText(tr.L("The copy is stopped for now."))
	}
	goOn := newKeyButton(tr.L("Continue"), nil, v.start)
	goOn.Importance = widget.HighImportance
	v.setContent(container.NewBorder(nil, container.NewBorder(nil, nil, nil, container.NewHBox(newKeyButton(tr.L("Close"), nil, v.win.Close), goOn)), nil, nil,
		container.NewPadded(container.NewVBox(bold(tr.L("Not finished yet")), why,
			para(tr.L("Everything already checked is kept: Continue goes on where it stopped, now or another time (File › Keep a permanent copy of this account…)."))))))
}

// showReport shows the report; the offer to stop using the server comes
// only after a complete, checked copy.
func (v *keepCopyView) showReport(rep *keepcopy.Report) {
	v.report = rep
	head := bold(rep.Headline())
	details := para(strings.TrimSpace(rep.Details()))
	open := newKeyButton(tr.L("Show the copy"), nil, func() {
		if err := v.ui.openURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(rep.Dir)}); err != nil {
			v.ui.showError(tr.L("Could not open the folder"), errors.New(tr.L("this computer has no program set up to show folders; the copy is in {{.Folder}}", tr.M{"Folder": rep.Dir})))
		}
	})
	buttons := container.NewHBox(open)
	var next fyne.CanvasObject = widget.NewLabel("")
	if rep.OK() {
		letGo := newKeyButton(tr.L("Stop using the server for this account…"), nil, v.confirmStopUsing)
		letGo.Importance = widget.HighImportance
		buttons.Add(letGo)
		next = para(tr.L("If you are closing this address, you can now stop using the server: the account becomes an archive on this computer with all its folders and messages. Nothing is deleted on the server; you close the account at your provider yourself."))
	} else {
		again := newKeyButton(tr.L("Try again"), nil, v.start)
		again.Importance = widget.HighImportance
		buttons.Add(again)
	}
	// Wrapped text stays in the scrolled part (a wrapped label above or
	// below it would be given one line's height and overlap).
	v.setContent(container.NewBorder(nil, container.NewPadded(container.NewBorder(nil, nil, newKeyButton(tr.L("Close"), nil, v.win.Close), buttons)), nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(head, details, next)))))
}

// confirmStopUsing asks once more, then makes the account a local archive.
func (v *keepCopyView) confirmStopUsing() {
	name := keepcopy.ArchiveName(v.acct)
	msg := para(tr.L("{{.Account}} will become “{{.Archive}}”, an archive on this computer beside “On this computer”, with all its folders and messages. Postie forgets its server settings and password and will not get or send mail for it any more. Nothing is deleted on the server.",
		tr.M{"Account": v.acct.Name, "Archive": name}))
	d := dialog.NewCustomConfirm(tr.L("Stop using the server?"), tr.L("Stop using the server"), tr.L("Cancel"), msg, func(ok bool) {
		if !ok {
			return
		}
		if err := keepcopy.StopUsingServer(v.ui.store, v.ui.secretsFor(v.acct), v.acct); err != nil {
			v.ui.showError(tr.L("The server is still in use"), err)
			return
		}
		v.ui.refreshFolders(false)
		v.ui.setStatus(tr.L("{{.Account}} is now an archive on this computer: “{{.Archive}}”.", tr.M{"Account": v.acct.Name, "Archive": name}))
		v.win.Close()
	}, v.win)
	d.Resize(fyne.NewSize(480, 280))
	present(v.win, d)
}
