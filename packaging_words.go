package main

import "github.com/postie-mail/postie/internal/tr"

// packagingWords are the words of the desktop entry (Linux) and the
// Windows installer: they are translated with the rest of Postie's
// catalogue, and .ci/words writes them into the packages (the desktop
// entry's GenericName[de]=…, the installer's LangStrings). Postie's own
// name is never translated.
var _ = []string{ // packaging words
	tr.MarkX("desktop.generic-name", "Email client"),
	tr.MarkX("desktop.comment", "Read and keep your email, online or offline"),
	// Search words for the desktop's application menu, each ended by ";".
	tr.MarkX("desktop.keywords", "mail;email;inbox;IMAP;POP;"),
	tr.MarkX("installer.description", "Read and keep your email, online or offline"),
	tr.MarkX("installer.section-path", "Add Postie to the PATH (the postie command in a terminal)"),
	tr.MarkX("installer.path-too-long", "Your PATH is too long for this installer to change safely. To use the postie command in a terminal, add {{.Folder}} to it yourself."),
}
