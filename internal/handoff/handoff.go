// Package handoff keeps Postie to one window per profile without turning
// a second start away: the running Postie listens on a socket in its
// profile folder (readable only by its user, like the folder), and a
// second start — from the menu, or a click on a mailto: link — hands its
// request over and exits. The running window then comes to the front,
// with a compose window for a mailto: link.
//
// Unix-domain sockets work on Linux, macOS and Windows 10 (1803) and
// later alike. The profile lock decides who is running; the socket only
// carries requests, so a socket left by a crash is simply replaced.
package handoff

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SocketName is the socket's file name in the profile folder.
const SocketName = "postie.sock"

// Request is what a second start asks of the running Postie.
type Request struct {
	Mailto string `json:"mailto,omitempty"` // a mailto: link to write to; "" just shows the window
	// Command is a command-line verb for the running Postie to run on
	// its open profile (see command.go); nil for a start of the window.
	Command *Command `json:"command,omitempty"`
}

// maxRequest bounds what is read from a connection.
const maxRequest = 64 << 10

// Listen serves requests for the profile in dir until stop is called.
// The caller holds the profile lock: any socket file already there is a
// crashed Postie's and is replaced. handle runs on the listener's
// goroutine, one request at a time.
func Listen(dir string, handle func(Request)) (stop func(), err error) {
	return ListenWith(dir, handle, nil)
}

// ListenWith is Listen that also runs command-line verbs handed over by
// RunCommand (run nil: they are refused).
func ListenWith(dir string, handle func(Request), run func(Command) Reply) (stop func(), err error) {
	path := filepath.Join(dir, SocketName)
	_ = os.Remove(path) // stale: we hold the lock (none there: nothing to remove)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	_ = os.Chmod(path, 0o600) // belt and braces: the profile folder itself is private (0700)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			serve(c, handle, run)
		}
	}()
	return func() { _ = ln.Close(); _ = os.Remove(path) }, nil // a socket left behind is replaced at the next start
}

func serve(c net.Conn, handle func(Request), run func(Command) Reply) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReaderSize(io.LimitReader(c, maxCommand), 4096).ReadString('\n')
	if err != nil {
		return
	}
	var r Request
	// The answers are a courtesy to the second start, which says "no
	// running Postie answered" when one goes missing.
	if json.Unmarshal([]byte(line), &r) != nil || r.Command == nil && len(line) > maxRequest {
		_, _ = c.Write([]byte("refused\n"))
		return
	}
	if r.Command != nil {
		serveCommand(c, *r.Command, run)
		return
	}
	if r.Mailto != "" && (len(r.Mailto) < 7 || !strings.EqualFold(r.Mailto[:7], "mailto:")) {
		_, _ = c.Write([]byte("refused\n"))
		return
	}
	handle(r)
	_, _ = c.Write([]byte("ok\n"))
}

// ErrNobody means no running Postie answered for that profile.
var ErrNobody = errors.New("no running Postie answered")

// Send hands a request to the Postie running on the profile in dir.
func Send(dir string, r Request) error {
	c, err := net.DialTimeout("unix", filepath.Join(dir, SocketName), 2*time.Second)
	if err != nil {
		return ErrNobody
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	b, _ := json.Marshal(r)
	if _, err := c.Write(append(b, '\n')); err != nil {
		return ErrNobody
	}
	answer, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return ErrNobody
	}
	if strings.TrimSpace(answer) != "ok" {
		return errors.New("the running Postie refused the request")
	}
	return nil
}
