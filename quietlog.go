package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// expectedNoise are Fyne's log entries that say nothing is wrong, printed
// on ordinary machines at every start or every file dialog: reason and
// cause (a prefix of each; "" matches anything).
var expectedNoise = []struct{ reason, cause string }{
	// Fyne reads its settings file while it is being rewritten.
	{"Preferences load error:", "EOF"},
	// The file dialog's shortcuts on a computer without a Videos (or
	// Music…) folder set up.
	{"Getting favorite locations", "this computer does not define a"},
	// Desktops without a notification service (a minimal install, a
	// server session): new mail still shows in the window.
	{"Sending notification using portal failed", ""},
}

// quietLog passes the standard logger's output on, except Fyne's
// expected noise. Fyne logs one error as up to three entries ("Fyne
// error: reason", "  Cause: …", "  At: file:line"): they are held until
// the group is complete and then dropped or written together.
type quietLog struct {
	mu      sync.Mutex
	out     io.Writer
	pending [][]byte
}

func (q *quietLog) Write(p []byte) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	line := string(p)
	switch {
	case strings.Contains(line, "Fyne error: "):
		q.flush()
		q.pending = append(q.pending, bytes.Clone(p))
	case len(q.pending) > 0 && strings.Contains(line, "  Cause: "):
		q.pending = append(q.pending, bytes.Clone(p))
	case len(q.pending) > 0 && strings.Contains(line, "  At: "):
		q.pending = append(q.pending, bytes.Clone(p))
		if !q.expected() {
			q.flush()
		}
		q.pending = nil
	default:
		q.flush()
		if _, err := q.out.Write(p); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// flush writes what is held (an entry without its usual followers).
func (q *quietLog) flush() {
	for _, e := range q.pending {
		_, _ = q.out.Write(e) // the log's own destination: nowhere else to report a failure
	}
	q.pending = nil
}

func (q *quietLog) expected() bool {
	after := func(e []byte, marker string) string {
		s := string(e)
		if i := strings.Index(s, marker); i >= 0 {
			return strings.TrimSpace(s[i+len(marker):])
		}
		return ""
	}
	reason := after(q.pending[0], "Fyne error: ")
	cause := ""
	if len(q.pending) == 3 {
		cause = after(q.pending[1], "  Cause: ")
	}
	for _, n := range expectedNoise {
		if strings.HasPrefix(reason, n.reason) && strings.HasPrefix(cause, n.cause) {
			return true
		}
	}
	return false
}
