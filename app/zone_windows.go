package app

import "os"

// markDownloaded marks a saved attachment as coming from the internet, as
// browsers do (the Zone.Identifier stream): Windows then warns before it
// runs, and Office opens it in Protected View.
func markDownloaded(path string) {
	os.WriteFile(path+":Zone.Identifier", []byte("[ZoneTransfer]\r\nZoneId=3\r\n"), 0o644)
}
