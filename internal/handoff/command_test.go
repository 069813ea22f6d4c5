package handoff

import (
	"strings"
	"testing"
)

// A command goes to the running Postie with its arguments, folder and
// standard input, and its output and exit code come back; a Postie
// that runs no commands, or a request without an absolute folder, is
// refused; a mailto: hand-off still works beside it.
func TestRunCommand(t *testing.T) {
	dir := t.TempDir()
	got := make(chan Request, 1)
	stop, err := ListenWith(dir, func(r Request) { got <- r }, func(c Command) Reply {
		return Reply{Stdout: []byte(strings.Join(c.Args, " ") + "|" + c.Dir + "|" + string(c.Stdin)), Stderr: []byte("note"), Code: 3}
	})
	if err != nil {
		t.Skipf("no unix sockets here: %v", err)
	}
	r, err := RunCommand(dir, Command{Args: []string{"mark", "7", "--read"}, Dir: "/home/kim", Stdin: []byte("body")})
	if err != nil || string(r.Stdout) != "mark 7 --read|/home/kim|body" || string(r.Stderr) != "note" || r.Code != 3 {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := RunCommand(dir, Command{Args: []string{"list"}, Dir: "relative"}); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("relative folder: %v", err)
	}
	if err := Send(dir, Request{Mailto: "mailto:a@example.org"}); err != nil || (<-got).Mailto != "mailto:a@example.org" {
		t.Fatalf("mailto beside commands: %v", err)
	}
	stop()

	stop, err = Listen(dir, func(Request) {})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if _, err := RunCommand(dir, Command{Args: []string{"list"}, Dir: "/"}); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("a Postie without commands: %v", err)
	}
	stop()
	if _, err := RunCommand(dir, Command{Args: []string{"list"}, Dir: "/"}); err != ErrNobody {
		t.Fatalf("nobody: %v", err)
	}
}
