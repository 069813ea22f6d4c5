package app

import (
	"fmt"
	"net/url"
	"os/exec"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
)

const prefOfferedDefault = "offeredDefaultMail"

// showAbout is Help › About: the version and where the mail is kept.
func (ui *UI) showAbout() {
	where := para("Your mail is kept in " + ui.store.Dir() + " (passwords and sign-ins in this computer's keyring).")
	text := container.NewVBox(bold("Postie "+ui.opts.Version), para("An email program that keeps a copy of your mail on this computer, so you can read it offline."),
		where, para("Made with Fyne, go-imap, go-pop3, go-message, go-smtp, go-keyring and SQLite."))
	dialog.ShowCustom("About Postie", "Close", text, ui.win)
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
	d := dialog.NewConfirm("Open email links with Postie?",
		"When you click an email address on a web page or in another program, Postie can open with a new message to it.\n\nYou can change this later in Help › Open email links with Postie.",
		func(yes bool) {
			if yes {
				ui.makeDefaultMail()
			}
		}, ui.win)
	d.SetConfirmText("Yes, use Postie")
	d.SetDismissText("Not now")
	d.Show()
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
			ui.status.SetText("Windows opened Default apps: choose Postie under Email.")
		}
	case "darwin":
		dialog.ShowInformation("Open email links with Postie", "On a Mac this is chosen in Apple's Mail: Mail › Settings › General › Default email reader › Postie.", ui.win)
	default:
		err = ui.runCommand("xdg-mime", "default", "io.github.postie_mail.postie.desktop", "x-scheme-handler/mailto")
		if err == nil {
			ui.status.SetText("Email links now open Postie.")
		}
	}
	if err != nil {
		dialog.ShowInformation("Open email links with Postie", fmt.Sprintf("This computer did not let Postie change it (%v). Your system's settings for default applications can: choose Postie for email.", err), ui.win)
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
	return fyne.NewMenu("Help",
		fyne.NewMenuItem("Open email links with Postie", ui.makeDefaultMail),
		fyne.NewMenuItem("About Postie", ui.showAbout))
}
