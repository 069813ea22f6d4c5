package accounts

import "fmt"

// Unfetched is a message the server lists but could not send (issue
// #25): a FETCH or RETR that failed for that message alone, twice, or
// bytes that did not match the size the server gave. It is skipped so it
// never holds the rest back, tried again on later syncs, and named to the
// person: a sync that leaves one is never "up to date".
type Unfetched struct {
	Folder string // the folder as the person sees it ("Inbox")
	Count  int    // how many messages there
	Reason string // plain words: "the server failed while sending it"
}

// UnfetchedNote is the sentence for the status bar and `postie sync`:
// "1 message in Inbox could not be downloaded: the server failed while
// sending it — webmail may show it."
func UnfetchedNote(u Unfetched) string {
	noun := "messages"
	if u.Count == 1 {
		noun = "message"
	}
	return fmt.Sprintf("%d %s in %s could not be downloaded: %s — webmail may show it.", u.Count, noun, u.Folder, u.Reason)
}
