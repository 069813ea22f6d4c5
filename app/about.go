package app

import (
	"net/url"
	"os/exec"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"github.com/postie-mail/postie/internal/tr"
)

const prefOfferedDefault = "offeredDefaultMail"

// showAbout is Help › About: the version and where the mail is kept.
func (ui *UI) showAbout() {
	where := para(tr.L("Your mail is kept in {{.Folder}} (passwords and sign-ins in this computer's keyring).", tr.M{"Folder": ui.store.Dir()}))
	text := container.NewVBox(bold(tr.L("Postie {{.Version}}", tr.M{"Version": ui.opts.Version})),
		para(tr.L("An email program that keeps a copy of your mail on this computer, so you can read it offline.")),
		where, para(tr.L("Made with Fyne, go-imap, go-pop3, go-message, go-smtp, go-keyring and SQLite.")))
	present(ui.win, dialog.NewCustom(tr.L("About Postie"), tr.L("Close"), text, ui.win))
}

// offerDefaultMail asks once, after the first account is added and
// without blocking anything, whether email links on web pages should
// open Postie.
func (ui *UI) offerDefaultMail() {
	prefs := ui.app.Preferences()
	if prefs.Bool(prefOfferedDefault) {
		return
	}
	prefs.SetBool(prefOfferedDefault, true)
	confirm(ui.win, tr.L("Open email links with Postie?"),
		tr.L("When you click an email address on a web page or in another program, Postie can open with a new message to it.\n\nYou can change this later in {{.Menu}} › {{.Item}}.",
			tr.M{"Menu": tr.X("menu.help", "Help"), "Item": tr.L("Open email links with Postie")}),
		tr.L("Yes, use Postie"), tr.L("Not now"), func(yes bool) {
			if yes {
				ui.makeDefaultMail()
			}
		})
}

// makeDefaultMail makes Postie the handler of mailto: links where an app
// may do so itself (Linux desktops, through xdg-mime), and elsewhere
// opens the place where the person chooses (Windows' Default apps) or
// says where it is (macOS: Mail's settings).
func (ui *UI) makeDefaultMail() {
	var err error
	switch runtime.GOOS {
	case "windows":
		u, _ := url.Parse("ms-settings:defaultapps")
		err = ui.openURL(u)
		if err == nil {
			ui.status.SetText(tr.L("Windows opened Default apps: choose Postie under Email."))
		}
	case "darwin":
		inform(ui.win, tr.L("Open email links with Postie"), tr.L("On a Mac this is chosen in Apple's Mail: Mail › Settings › General › Default email reader › Postie."))
	default:
		err = ui.runCommand("xdg-mime", "default", "io.github.postie_mail.postie.desktop", "x-scheme-handler/mailto")
		if err == nil {
			ui.status.SetText(tr.L("Email links now open Postie."))
		}
	}
	if err != nil {
		inform(ui.win, tr.L("Open email links with Postie"),
			tr.L("This computer did not let Postie change it ({{.Error}}). Your system's settings for default applications can: choose Postie for email.", tr.M{"Error": err.Error()}))
	}
}

// runCommand runs a system command; tests replace it.
func (ui *UI) runCommand(name string, args ...string) error {
	if ui.commander != nil {
		return ui.commander(name, args...)
	}
	return exec.Command(name, args...).Run()
}

func (ui *UI) helpMenu() *fyne.Menu {
	return fyne.NewMenu(tr.X("menu.help", "Help"),
		fyne.NewMenuItem(tr.L("Open email links with Postie"), ui.makeDefaultMail),
		fyne.NewMenuItem(tr.L("About Postie"), ui.showAbout))
}
