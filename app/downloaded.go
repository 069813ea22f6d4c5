package app

import "github.com/postie-mail/postie/internal/quarantine"

// markDownloaded marks a saved or opened attachment as coming from the
// internet (Zone.Identifier on Windows, com.apple.quarantine on macOS),
// so the system checks it before it runs.
func markDownloaded(path string) {
	_ = quarantine.Mark(path) // a disk that cannot hold the mark (FAT): the file stays saved, unmarked
}
