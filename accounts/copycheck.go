package accounts

// CheckOutcome is what comparing one stored message with the server's
// copy found.
type CheckOutcome int

// The outcomes of a check.
const (
	Same           CheckOutcome = iota // the server's bytes equal the stored ones
	Differs                            // the server's size or bytes differ from the stored ones
	GoneFromServer                     // deleted on the server before it could be compared
	OnlyHere                           // never was on the server (an Outbox or local folder), or the server let it go earlier
	NotDownloaded                      // only its header is here
)

// Checked is one stored message compared with the server's copy: an
// engine's answer, one chunk at a time, to a "Keep a permanent copy" run.
type Checked struct {
	MessageID int64
	Size      int64 // of the stored message
	Outcome   CheckOutcome
}

// CheckPass is what an engine's pass over the account found besides the
// messages it compared.
type CheckPass struct {
	// NotHere counts messages the server has that are not stored here
	// (arrived since the last sync): another sync brings them.
	NotHere int
	// Problems are folders or messages that could not be compared, in
	// plain words ("the folder Projects on the server has 12 messages
	// Postie does not keep on this computer: it is switched off").
	Problems []string
}
