// Package assets holds Postie's icon and bundled data, embedded in the
// binary.
package assets

import (
	"embed"
	"mime"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"github.com/postie-mail/postie/internal/tr"
)

//go:embed icon.svg
var iconSVG []byte

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon: an envelope (vector, crisp at every size).
var Icon = fyne.NewStaticResource("postie.svg", iconSVG)

// IconPNG is the same icon as a 512 px PNG, for packaging.
var IconPNG = fyne.NewStaticResource("postie.png", iconPNG)

// Welcome returns the welcome message put in the Inbox of "On this
// computer" on first run, in the person's language (#28).
func Welcome() []byte {
	local := tr.X("folder.local", "On this computer")
	file := tr.X("menu.file", "File")
	paragraphs := []string{
		tr.L("Hello, and welcome to Postie."),
		tr.L("Postie keeps a copy of your mail on this computer, so everything you have already downloaded can be read even when you are not connected to the internet."),
		tr.L("To read your own mail here, choose “{{.Add}}” (the button at the top of the folder list, or {{.Menu}} › {{.Item}}). Postie asks for your email address and password, finds the right settings itself where it can, and helps you choose how your mail is kept:",
			tr.M{"Add": tr.L("Add an email account"), "Menu": file, "Item": tr.L("Add an email account…")}),
		"- " + tr.L("Keep everything in step with the server. What you read, delete or move here also changes on your phone, in webmail and on other computers. This suits most people."),
		"- " + tr.L("Download copies to this computer. Good for reading offline and for keeping a permanent archive. The copies on the server are left alone unless you yourself decide otherwise, and Postie warns you clearly before anything would be removed from the server."),
		tr.L("The folders under “{{.Local}}” live only here. You can bring in mail from another program with {{.Menu}} › {{.Import}} (mbox files, Maildir folders or .eml files) and save any folder with {{.Menu}} › {{.Export}}.",
			tr.M{"Local": local, "Menu": file, "Import": tr.L("Import mail…"), "Export": tr.L("Export mail…")}),
		tr.L("Your passwords are kept in your computer's password store, never in Postie's files."),
		tr.L("Enjoy your mail,") + "\n" + "Postie",
	}
	var b strings.Builder
	b.WriteString("From: Postie <welcome@postie.invalid>\r\n")
	b.WriteString("To: " + mime.QEncoding.Encode("utf-8", tr.L("You")) + " <you@postie.invalid>\r\n")
	b.WriteString("Subject: " + mime.QEncoding.Encode("utf-8", tr.L("Welcome to Postie")) + "\r\n")
	b.WriteString("Message-ID: <welcome-1@postie.invalid>\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	for i, p := range paragraphs {
		if i > 0 {
			b.WriteString("\r\n")
		}
		b.WriteString(strings.ReplaceAll(wrap(p, 72), "\n", "\r\n") + "\r\n")
	}
	return []byte(b.String())
}

// wrap breaks text into lines of at most width characters at spaces (a
// word longer than that, or text without spaces — Chinese, Japanese —
// stays on its line); a "- " item's further lines are indented.
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		indent := ""
		if strings.HasPrefix(para, "- ") {
			indent = "  "
		}
		line := ""
		for _, w := range strings.Fields(para) {
			switch {
			case line == "":
				line = w
			case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width:
				out = append(out, line)
				line = indent + w
			default:
				line += " " + w
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

//go:embed flag.svg
var flagSVG []byte

//go:embed unread.svg
var unreadSVG []byte

// FlagIcon marks a flagged message.
var FlagIcon = fyne.NewStaticResource("flag.svg", flagSVG)

// UnreadIcon marks an unread message.
var UnreadIcon = fyne.NewStaticResource("unread.svg", unreadSVG)

//go:embed providers.json
var providers []byte

// Providers is the bundled table of large providers' server settings
// (JSON, read by accounts.ParseProviders).
func Providers() []byte { return providers }

// Translations holds the catalogues of what Postie says, one file a
// language (go-i18n JSON, as Fyne's lang package reads them): en.json is
// made from the code (assets/catalogue_test.go -update), the others are
// translations of it.
//
//go:embed translations/*.json
var Translations embed.FS
