//go:build !windows && !darwin

package opener

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
)

// launchers are tried in order: the first one found on PATH is used.
var launchers = [][]string{{"xdg-open"}, {"gio", "open"}}

// Open opens path with the desktop's program for it (xdg-open, or gio
// open), waits for the launcher to exit and returns an error when it
// failed (a non-zero exit), ErrNoProgram when nothing is set up to open
// the file or no launcher is installed.
func Open(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	return launch(abs)
}

// ShowInFolder opens the folder that holds path in the file manager.
// (Desktops differ in how to have a file selected there; the folder is
// what all of them open.)
func ShowInFolder(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	return launch(filepath.Dir(abs))
}

func launch(target string) error {
	for _, l := range launchers {
		exe, err := exec.LookPath(l[0])
		if err != nil {
			continue
		}
		stderr := &limitedBuffer{max: 4096}
		cmd := exec.Command(exe, append(l[1:], target)...)
		cmd.Stderr = stderr
		err = cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			e := &Error{Tool: strings.Join(l, " "), Code: exit.ExitCode(), Detail: lastLine(stderr.b)}
			// xdg-open: 3 is "a required tool could not be found";
			// its generic fallback and gio name the missing program.
			low := strings.ToLower(e.Detail)
			e.NoProgram = (l[0] == "xdg-open" && e.Code == 3) || strings.Contains(low, "no method available") ||
				strings.Contains(low, "no application")
			return e
		}
		return err
	}
	return &Error{Tool: "xdg-open", Code: -1, Detail: "neither xdg-open nor gio is installed", NoProgram: true}
}
