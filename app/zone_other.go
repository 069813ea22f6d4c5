//go:build !windows

package app

// markDownloaded is Windows' Zone.Identifier mark; other systems have no
// such mark that programs honour for files saved by a mail program.
func markDownloaded(string) {}
