// Package opener opens a file with the program the system has for it, and
// shows a file in the system's file manager, and says when that did not
// work. Fyne's OpenURL cannot: on Linux it only starts xdg-open and never
// learns its exit status, and on Windows it hands a file:// URL to
// rundll32 url.dll,FileProtocolHandler, which opens nothing for a name with
// a space or a non-ASCII letter and exits 0 all the same (#29).
//
// Open and ShowInFolder block until the system has answered (on Linux
// until xdg-open has exited): call them off the UI goroutine.
package opener

import (
	"errors"
	"fmt"
)

// ErrNoProgram means nothing on this computer is set up to open that kind
// of file (or no file manager could be started).
var ErrNoProgram = errors.New("no program on this computer is set up to open this kind of file")

// Error is a failure to open a file, in the system's own words (for logs;
// a person is told in plain words and offered to save the file).
type Error struct {
	Tool      string // what was asked: xdg-open, gio, open, ShellExecute, explorer
	Code      int    // its exit status or return code
	Detail    string // what it said, if anything
	NoProgram bool   // nothing is set up to open this kind of file
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s failed (%d)", e.Tool, e.Code)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Is makes errors.Is(err, ErrNoProgram) true when nothing is set up to
// open the file.
func (e *Error) Is(target error) bool { return target == ErrNoProgram && e.NoProgram }

// shellExecuteError is ShellExecute's return value (≤ 32: it failed) as
// an Error: SE_ERR_NOASSOC and SE_ERR_ASSOCINCOMPLETE mean no program is
// set up for the type.
func shellExecuteError(code uintptr) *Error {
	e := &Error{Tool: "ShellExecute", Code: int(code)}
	switch code {
	case 0:
		e.Detail = "out of memory or resources"
	case 2:
		e.Detail = "the file was not found"
	case 3:
		e.Detail = "the folder was not found"
	case 5:
		e.Detail = "access was denied"
	case 8:
		e.Detail = "not enough memory"
	case 11:
		e.Detail = "the program is not valid"
	case 26:
		e.Detail = "a sharing violation"
	case 27:
		e.Detail = "the file type's association is incomplete"
		e.NoProgram = true
	case 28, 29, 30:
		e.Detail = "the program did not answer (DDE)"
	case 31:
		e.Detail = "no program is associated with this file type"
		e.NoProgram = true
	case 32:
		e.Detail = "a DLL was not found"
	}
	return e
}

// selectCommandLine is the command line that has Explorer open the folder
// of path with path selected. Explorer reads /select,"path" itself: the
// argument must not be quoted as a whole, as Go's own quoting would.
func selectCommandLine(explorer, path string) string {
	return `"` + explorer + `" /select,"` + path + `"`
}
