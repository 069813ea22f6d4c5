package accounts

import (
	"github.com/postie-mail/postie/internal/tr"
	"github.com/postie-mail/postie/localstore"
)

// Unfetched is a message the server lists but could not send (issue
// #25): a FETCH or RETR that failed for that message alone, twice, or
// bytes that did not match the size the server gave. It is skipped so it
// never holds the rest back, tried again on later syncs, and named to the
// person: a sync that leaves one is never "up to date".
type Unfetched struct {
	Folder string // the folder as the person sees it ("Inbox")
	Count  int    // how many messages there
	Reason string // why: one of the Reason constants (English: stored and compared)
}

// Why messages could not be downloaded (Unfetched.Reason). They are
// English words the store keeps and the engines compare, never shown as
// they are: UnfetchedNote says a whole sentence for each, in the
// person's language.
const (
	// IMAP (recorded by the store).
	ReasonServerFailed = localstore.ReasonServerFailed
	ReasonIncomplete   = localstore.ReasonIncomplete
	ReasonStandIn      = localstore.ReasonStandIn
	// POP.
	ReasonUnreadable   = "the server could not send it"
	ReasonTrying       = "the server failed while sending it; Postie tries again at the next check"
	ReasonSizeMismatch = "what the server sent was not the size it gave, so it may be incomplete; the copy on the server is kept"
)

// UnfetchedNote is the sentence for the status bar and `postie sync`:
// "1 message in Inbox could not be downloaded: the server failed while
// sending it — webmail may show it."
func UnfetchedNote(u Unfetched) string {
	d := tr.M{"Folder": u.Folder}
	switch u.Reason {
	case ReasonServerFailed:
		return tr.N("{{.Count}} message in {{.Folder}} could not be downloaded: the server failed while sending it — webmail may show it.",
			"{{.Count}} messages in {{.Folder}} could not be downloaded: the server failed while sending them — webmail may show them.", u.Count, d)
	case ReasonIncomplete:
		return tr.N("{{.Count}} message in {{.Folder}} could not be downloaded: the server sent only part of it — webmail may show it.",
			"{{.Count}} messages in {{.Folder}} could not be downloaded: the server sent only part of them — webmail may show them.", u.Count, d)
	case ReasonStandIn:
		return tr.N("{{.Count}} message in {{.Folder}} could not be downloaded: the server sent a notice in its place — webmail may show it.",
			"{{.Count}} messages in {{.Folder}} could not be downloaded: the server sent notices in their place — webmail may show them.", u.Count, d)
	case ReasonUnreadable:
		return tr.N("{{.Count}} message in {{.Folder}} could not be downloaded: the server could not send it — webmail may show it.",
			"{{.Count}} messages in {{.Folder}} could not be downloaded: the server could not send them — webmail may show them.", u.Count, d)
	case ReasonTrying:
		return tr.N("{{.Count}} message in {{.Folder}} could not be downloaded: the server failed while sending it; Postie tries again at the next check — webmail may show it.",
			"{{.Count}} messages in {{.Folder}} could not be downloaded: the server failed while sending them; Postie tries again at the next check — webmail may show them.", u.Count, d)
	case ReasonSizeMismatch:
		return tr.N("{{.Count}} message in {{.Folder}} could not be downloaded: what the server sent was not the size it gave, so it may be incomplete; the copy on the server is kept — webmail may show it.",
			"{{.Count}} messages in {{.Folder}} could not be downloaded: what the server sent was not the size it gave, so they may be incomplete; the copies on the server are kept — webmail may show them.", u.Count, d)
	}
	return tr.N("{{.Count}} message in {{.Folder}} could not be downloaded — webmail may show it.",
		"{{.Count}} messages in {{.Folder}} could not be downloaded — webmail may show them.", u.Count, d)
}

// FolderName is a folder's name as the person sees it: the Inbox, which
// Postie names, in their language; every other folder as the server or
// the person named it (never renamed anywhere).
func FolderName(f localstore.Folder) string {
	if f.Role == localstore.RoleInbox {
		return tr.X("folder.inbox", "Inbox")
	}
	return f.Name
}
