package accounts

import "fmt"

// The plain-language texts the wizard, the settings window and the command
// line share. Facts from the reference article on POP and IMAP; our words.
const (
	IMAPTitle     = "Keep everything in step (IMAP)"
	IMAPExplained = "Your mail stays on your provider's server. Everything you do here — reading, deleting, moving, replying — also shows on your phone, in webmail and on your other computers. Postie still keeps a copy here so you can read offline. This is right for most people, and for a mailbox that several people share."
	POPTitle      = "Download copies to this computer (POP)"
	POPExplained  = "Copies of your messages are downloaded to this computer, to read offline and to keep as a permanent archive — for example before you close this address. What you do here is not seen anywhere else: a message you delete here is still in webmail and on your phone. Postie leaves the originals on the server unless you decide otherwise."

	QuestionOtherDevices = "Do you also read this mail on a phone, in webmail or on another computer?"
	QuestionShared       = "Does anyone else read this mailbox?"
	QuestionArchive      = "Do you want a permanent copy of your mail on this computer, for example before closing this address?"
)

// CopiesChoice is one server-copy choice as the person sees it.
type CopiesChoice struct {
	Copies ServerCopies
	Label  string
}

// CopiesHelp explains the choices' words.
const CopiesHelp = "“Delete for ever” means deleting a message that is already in the Trash, or emptying the Trash. Messages you only move to the Trash stay on the server."

// CopiesChoices are the POP server-copy choices, "Keep" first (the
// default). days is used for the "after N days" choice.
func CopiesChoices(days int) []CopiesChoice {
	if days < 1 {
		days = 30
	}
	return []CopiesChoice{
		{ServerCopies{Mode: Keep}, "Keep them on the server (recommended)"},
		{ServerCopies{Mode: AfterDays, Days: days}, fmt.Sprintf("Remove them %d days after download", days)},
		{ServerCopies{Mode: OnDelete}, "Remove them when I delete them for ever here"},
		{ServerCopies{Mode: AfterDownload}, "Remove them right after download"},
	}
}

// CopiesWarning is what the person must read and confirm before a policy
// that removes server copies takes effect ("" for Keep). webmail and
// offersIMAP make it name what the person would lose.
func CopiesWarning(c ServerCopies, providerName string, webmail, offersIMAP bool) string {
	var what string
	switch c.Mode {
	case AfterDownload:
		what = "Postie will remove each message from the server as soon as it is safely saved on this computer."
	case AfterDays:
		what = fmt.Sprintf("Postie will remove each message from the server %d days after downloading it.", c.Days)
	case OnDelete:
		what = "When you delete a message for ever here (from the Trash, or by emptying the Trash), Postie will also remove it from the server."
	default:
		return ""
	}
	gone := "Once removed, those messages are gone from webmail, from your phone and from any other computer. This computer will hold the only copy — keep a backup of it (File › Export mail)."
	if c.Mode == OnDelete { // deleting for ever removes this computer's copy too
		gone = "A message deleted for ever is then gone everywhere at once: from this computer, from the server, from webmail, from your phone and from any other computer. No copy is left to get back, so keep a backup (File › Export mail). Messages you do not delete stay on the server."
	}
	s := what + "\n\n" + gone
	who := "Your provider"
	if providerName != "" {
		who = providerName
	}
	switch {
	case offersIMAP && webmail:
		s += fmt.Sprintf("\n\n%s also offers webmail and IMAP: if you read this mail anywhere else, choose IMAP or keep the copies on the server instead.", who)
	case offersIMAP:
		s += fmt.Sprintf("\n\n%s also offers IMAP: if you read this mail on other devices, choose IMAP or keep the copies on the server instead.", who)
	case webmail:
		s += fmt.Sprintf("\n\n%s has webmail: messages removed from the server disappear there too.", who)
	}
	return s
}

// Where says in one sentence where the mail lives and what deleting does.
func Where(s Settings) string {
	if s.Protocol != POP {
		return fmt.Sprintf("Your mail stays on the server %s. What you read, move or delete here changes on your phone, in webmail and on your other computers too — deleting a message here deletes it everywhere.", s.Incoming.Host)
	}
	switch s.ServerCopies.Mode {
	case AfterDownload:
		return "Your mail moves to this computer: once a message is safely downloaded it is removed from the server, so this computer holds the only copy."
	case AfterDays:
		return fmt.Sprintf("Copies of your mail are downloaded to this computer; each message is removed from the server %d days after download. Deleting a message here removes only this computer's copy.", s.ServerCopies.Days)
	case OnDelete:
		return "Copies of your mail are downloaded to this computer and the originals stay on the server until you delete a message for ever here — then it is removed from the server too."
	}
	return "Copies of your mail are downloaded to this computer and the originals stay on the server. Deleting a message here removes only this computer's copy."
}

// SizeText is a size as people read it: "3.2 MB", "12 KB", "80 bytes".
func SizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// KeepChoice is one answer to "keep messages for reading offline".
type KeepChoice struct {
	Label string
	Days  int // 0: all
}

// KeepChoices are the offline-copy choices for an IMAP account.
var KeepChoices = []KeepChoice{{"All messages", 0}, {"The last 30 days", 30}, {"The last 90 days", 90}, {"The last year", 365}}

// KeepHelp explains the offline-copy choice.
const KeepHelp = "Older messages stay on the server and are still listed here with their sender and subject; " +
	"each one downloads when you open it (which needs the internet). Keeping everything uses more disk space but lets you read all of it offline."
