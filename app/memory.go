package app

import (
	"math"
	"os"
	"runtime/debug"
)

// MemoryLimit is the Go heap the window aims to stay under (a soft limit:
// the collector works harder near it and never fails because of it). By
// default Go lets the heap grow to twice what is live, so opening a 20 MB
// attachment or a 5 MB newsletter left Postie at 260 MB; with the limit,
// browsing, reading and searching a 100,000-message folder stays under
// 200 MB (BenchmarkBrowse100k).
const MemoryLimit = 110 << 20

// LimitMemory sets MemoryLimit unless GOMEMLIMIT sets another; it returns
// a function that takes the limit away again (for tests).
func LimitMemory() (undo func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(MemoryLimit)
	if old == math.MaxInt64 {
		return func() { debug.SetMemoryLimit(math.MaxInt64) }
	}
	return func() { debug.SetMemoryLimit(old) }
}
