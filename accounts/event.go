package accounts

// Event is an engine's report: progress in plain words, or a failure.
// Engines call OnEvent from their own goroutine; the UI hands it on.
type Event struct {
	AccountID   int64
	Text        string
	Done, Total int
	Err         error
}
