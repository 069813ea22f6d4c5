package opener

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
)

// Open opens path with the program macOS has for it (open), waits for
// open to exit and returns an error when it failed, ErrNoProgram when no
// application can open the file.
func Open(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	return run(abs)
}

// ShowInFolder shows path selected in a Finder window (open -R).
func ShowInFolder(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	return run("-R", abs)
}

func run(args ...string) error {
	stderr := &limitedBuffer{max: 4096}
	cmd := exec.Command("/usr/bin/open", args...)
	cmd.Stderr = stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		e := &Error{Tool: "open", Code: exit.ExitCode(), Detail: lastLine(stderr.b)}
		e.NoProgram = strings.Contains(e.Detail, "No application")
		return e
	}
	return err
}
