package handoff

import (
	"bufio"
	"encoding/json"
	"errors"
	"net"
	"path/filepath"
	"time"
)

// Command is a command-line verb (postie list, mark, move, send…) that a
// second process hands to the Postie whose window has the profile open,
// so that one process alone changes the store: the window's own store,
// queue and change notifications do the work, and the window shows the
// change at once.
type Command struct {
	Args  []string `json:"args"`            // the verb and its arguments, as typed
	Dir   string   `json:"dir"`             // the caller's working folder (relative paths)
	Stdin []byte   `json:"stdin,omitempty"` // what the caller read from its standard input
}

// Reply is what the command wrote and its exit code.
type Reply struct {
	Stdout []byte `json:"stdout,omitempty"`
	Stderr []byte `json:"stderr,omitempty"`
	Code   int    `json:"code"`
}

// maxCommand bounds a command's request (a message body and its
// attachments' names, read from standard input).
const maxCommand = 64 << 20

// commandTime bounds one command: the window may be busy writing a big
// sync for a while before the store takes the change.
const commandTime = 5 * time.Minute

func serveCommand(c net.Conn, cmd Command, run func(Command) Reply) {
	if run == nil || !filepath.IsAbs(cmd.Dir) || len(cmd.Args) == 0 {
		_, _ = c.Write([]byte("refused\n"))
		return
	}
	c.SetDeadline(time.Now().Add(commandTime))
	b, err := json.Marshal(run(cmd))
	if err != nil {
		return
	}
	_, _ = c.Write(append(b, '\n'))
}

// RunCommand has the Postie running on the profile in dir run a
// command-line verb. ErrNobody: none answered (nothing was run).
func RunCommand(dir string, cmd Command) (Reply, error) {
	c, err := net.DialTimeout("unix", filepath.Join(dir, SocketName), 2*time.Second)
	if err != nil {
		return Reply{}, ErrNobody
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(commandTime))
	b, err := json.Marshal(Request{Command: &cmd})
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.Write(append(b, '\n')); err != nil {
		return Reply{}, ErrNobody
	}
	line, err := bufio.NewReaderSize(c, 64<<10).ReadBytes('\n')
	if err != nil {
		return Reply{}, ErrUnknownOutcome
	}
	if string(line) == "refused\n" {
		return Reply{}, errors.New("the running Postie refused the command (it may be an older version: close its window and try again)")
	}
	var r Reply
	if err := json.Unmarshal(line, &r); err != nil {
		return Reply{}, ErrUnknownOutcome
	}
	return r, nil
}

// ErrUnknownOutcome means the command was handed over but no answer came
// back: it may or may not have been done.
var ErrUnknownOutcome = errors.New("the running Postie took the command but did not answer; it may or may not have been done (look in its window)")
