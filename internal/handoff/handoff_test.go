package handoff

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// A second start hands its request to the running Postie, which hears it
// once; the socket is the user's only; a socket left by a crash is
// replaced; a request that is not a mailto: link is refused; with
// nobody listening, Send says so.
func TestHandOff(t *testing.T) {
	dir := t.TempDir()
	if err := Send(dir, Request{}); err != ErrNobody {
		t.Fatalf("nobody running: %v", err)
	}
	// A crashed Postie's socket: a socket file nobody listens on.
	ln, err := net.Listen("unix", filepath.Join(dir, SocketName))
	if err != nil {
		t.Skipf("no unix sockets here: %v", err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	got := make(chan Request, 4)
	stop, err := Listen(dir, func(r Request) { got <- r })
	if err != nil {
		t.Fatalf("stale socket not replaced: %v", err)
	}
	defer stop()
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(filepath.Join(dir, SocketName)); fi.Mode().Perm()&0o077 != 0 {
			t.Fatalf("socket mode %v", fi.Mode())
		}
	}
	if err := Send(dir, Request{Mailto: "mailto:kim@example.org?subject=hi"}); err != nil {
		t.Fatal(err)
	}
	if r := <-got; r.Mailto != "mailto:kim@example.org?subject=hi" {
		t.Fatalf("got %+v", r)
	}
	if err := Send(dir, Request{}); err != nil || (<-got).Mailto != "" {
		t.Fatal("a plain start was not handed over")
	}
	if err := Send(dir, Request{Mailto: "file:///etc/passwd"}); err == nil {
		t.Fatal("a request that is not a mailto: link was accepted")
	}
	select {
	case r := <-got:
		t.Fatalf("a refused request reached the window: %+v", r)
	default:
	}
}
