package accounts

import (
	"strings"

	"github.com/postie-mail/postie/internal/tr"
)

// The plain-language texts the wizard, the settings window and the command
// line share. Facts from the reference article on POP and IMAP; our words.
// The titles, questions and explanations are kept in English (marked for
// the catalogue) and said in the person's language where they are shown:
// tr.L(accounts.IMAPTitle).
var (
	IMAPTitle     = tr.Mark("Keep everything in step (IMAP)")
	IMAPExplained = tr.Mark("Your mail stays on your provider's server. Everything you do here — reading, deleting, moving, replying — also shows on your phone, in webmail and on your other computers. Postie still keeps a copy here so you can read offline. This is right for most people, and for a mailbox that several people share.")
	POPTitle      = tr.Mark("Download copies to this computer (POP)")
	POPExplained  = tr.Mark("Copies of your messages are downloaded to this computer, to read offline and to keep as a permanent archive — for example before you close this address. What you do here is not seen anywhere else: a message you delete here is still in webmail and on your phone. Postie leaves the originals on the server unless you decide otherwise.")

	QuestionOtherDevices = tr.Mark("Do you also read this mail on a phone, in webmail or on another computer?")
	QuestionShared       = tr.Mark("Does anyone else read this mailbox?")
	QuestionArchive      = tr.Mark("Do you want a permanent copy of your mail on this computer, for example before closing this address?")
)

// CopiesChoice is one server-copy choice as the person sees it.
type CopiesChoice struct {
	Copies ServerCopies
	Label  string // in the person's language
}

// CopiesHelp explains the choices' words (tr.L it where it is shown).
var CopiesHelp = tr.Mark("“Delete for ever” means deleting a message that is already in the Trash, or emptying the Trash. Messages you only move to the Trash stay on the server.")

// CopiesChoices are the POP server-copy choices, "Keep" first (the
// default), their labels in the person's language. days is used for the
// "after N days" choice. Tell a chosen label by its index, never by its
// words.
func CopiesChoices(days int) []CopiesChoice {
	if days < 1 {
		days = 30
	}
	return []CopiesChoice{
		{ServerCopies{Mode: Keep}, tr.L("Keep them on the server (recommended)")},
		{ServerCopies{Mode: AfterDays, Days: days}, tr.N("Remove them {{.Count}} day after download", "Remove them {{.Count}} days after download", days)},
		{ServerCopies{Mode: OnDelete}, tr.L("Remove them when I delete them for ever here")},
		{ServerCopies{Mode: AfterDownload}, tr.L("Remove them right after download")},
	}
}

// CopiesWarning is what the person must read and confirm before a policy
// that removes server copies takes effect ("" for Keep). webmail and
// offersIMAP make it name what the person would lose. It is made of whole
// paragraphs, each one sentence of the catalogue (translators get every
// warning whole, with its places named), separated by a blank line.
func CopiesWarning(c ServerCopies, providerName string, webmail, offersIMAP bool) string {
	var what string
	switch c.Mode {
	case AfterDownload:
		what = tr.L("Postie will remove each message from the server as soon as it is safely saved on this computer.")
	case AfterDays:
		what = tr.N("Postie will remove each message from the server {{.Count}} day after downloading it.",
			"Postie will remove each message from the server {{.Count}} days after downloading it.", c.Days)
	case OnDelete:
		what = tr.L("When you delete a message for ever here (from the Trash, or by emptying the Trash), Postie will also remove it from the server.")
	default:
		return ""
	}
	gone := tr.L("Once removed, those messages are gone from webmail, from your phone and from any other computer. This computer will hold the only copy — keep a backup of it (File › Export mail).")
	if c.Mode == OnDelete { // deleting for ever removes this computer's copy too
		gone = tr.L("A message deleted for ever is then gone everywhere at once: from this computer, from the server, from webmail, from your phone and from any other computer. No copy is left to get back, so keep a backup (File › Export mail). Messages you do not delete stay on the server.")
	}
	paras := []string{what, gone}
	named := tr.M{"Provider": providerName}
	switch {
	case offersIMAP && webmail && providerName != "":
		paras = append(paras, tr.L("{{.Provider}} also offers webmail and IMAP: if you read this mail anywhere else, choose IMAP or keep the copies on the server instead.", named))
	case offersIMAP && webmail:
		paras = append(paras, tr.L("Your provider also offers webmail and IMAP: if you read this mail anywhere else, choose IMAP or keep the copies on the server instead."))
	case offersIMAP && providerName != "":
		paras = append(paras, tr.L("{{.Provider}} also offers IMAP: if you read this mail on other devices, choose IMAP or keep the copies on the server instead.", named))
	case offersIMAP:
		paras = append(paras, tr.L("Your provider also offers IMAP: if you read this mail on other devices, choose IMAP or keep the copies on the server instead."))
	case webmail && providerName != "":
		paras = append(paras, tr.L("{{.Provider}} has webmail: messages removed from the server disappear there too.", named))
	case webmail:
		paras = append(paras, tr.L("Your provider has webmail: messages removed from the server disappear there too."))
	}
	return strings.Join(paras, "\n\n")
}

// Where says in one sentence where the mail lives and what deleting does.
func Where(s Settings) string {
	if s.Protocol != POP {
		return tr.L("Your mail stays on the server {{.Server}}. What you read, move or delete here changes on your phone, in webmail and on your other computers too — deleting a message here deletes it everywhere.", tr.M{"Server": s.Incoming.Host})
	}
	switch s.ServerCopies.Mode {
	case AfterDownload:
		return tr.L("Your mail moves to this computer: once a message is safely downloaded it is removed from the server, so this computer holds the only copy.")
	case AfterDays:
		return tr.N("Copies of your mail are downloaded to this computer; each message is removed from the server {{.Count}} day after download. Deleting a message here removes only this computer's copy.",
			"Copies of your mail are downloaded to this computer; each message is removed from the server {{.Count}} days after download. Deleting a message here removes only this computer's copy.", s.ServerCopies.Days)
	case OnDelete:
		return tr.L("Copies of your mail are downloaded to this computer and the originals stay on the server until you delete a message for ever here — then it is removed from the server too.")
	}
	return tr.L("Copies of your mail are downloaded to this computer and the originals stay on the server. Deleting a message here removes only this computer's copy.")
}

// SizeText is a size as people read it, in their language: "3.2 MB",
// "12 KB", "80 bytes" ("3,2 MB" in German).
func SizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return tr.L("{{.Size}} MB", tr.M{"Size": tr.Decimal(float64(n)/(1<<20), 1)})
	case n >= 1<<10:
		return tr.L("{{.Size}} KB", tr.M{"Size": tr.Number(int(n >> 10))})
	}
	return tr.N("{{.Count}} byte", "{{.Count}} bytes", int(n))
}

// KeepChoice is one answer to "keep messages for reading offline".
type KeepChoice struct {
	Label string // English, marked: tr.L it where it is shown
	Days  int    // 0: all
}

// KeepChoices are the offline-copy choices for an IMAP account. Tell a
// chosen one by its index, never by its (translated) words.
var KeepChoices = []KeepChoice{{tr.Mark("All messages"), 0}, {tr.Mark("The last 30 days"), 30}, {tr.Mark("The last 90 days"), 90}, {tr.Mark("The last year"), 365}}

// KeepHelp explains the offline-copy choice (tr.L it where it is shown).
var KeepHelp = tr.Mark("Older messages stay on the server and are still listed here with their sender and subject; " +
	"each one downloads when you open it (which needs the internet). Keeping everything uses more disk space but lets you read all of it offline.")
