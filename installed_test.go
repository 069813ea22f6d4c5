package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/postie-mail/postie/accounts/testservers"
)

// The installed Postie, as a person uses it from a terminal: the release
// workflow's Windows job sets POSTIE_INSTALLED to the install folder
// (postie.com beside Postie.exe; elsewhere a folder with the postie
// binary). An account is added against the tests' own servers; on
// Windows, Credential Manager (cmdkey /list) then lists its password
// under a name a person can read (#29 items 13, 14, 16), and removing the
// account removes it. Without POSTIE_INSTALLED it skips.
func TestInstalledPostieAddsAnAccount(t *testing.T) {
	dir := os.Getenv("POSTIE_INSTALLED")
	if dir == "" {
		t.Skip("POSTIE_INSTALLED is not set (the release workflow's Windows job sets it)")
	}
	exe := filepath.Join(dir, "postie")
	if runtime.GOOS == "windows" {
		exe = filepath.Join(dir, "postie.com")
	}
	const addr = "kim-ci@example.test"
	pop := testservers.StartFakePOP(t, addr, "pw-kim", nil)
	smtp := testservers.FakeSMTP(t, addr, "pw-kim", "bad")
	profile := t.TempDir()
	postie := func(stdin string, args ...string) (string, int) {
		cmd := exec.Command(exe, append([]string{"--profile", profile}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("%s: %v", exe, err)
		}
		return out.String(), cmd.ProcessState.ExitCode()
	}
	out, code := postie("pw-kim\n", "account", "add", "--email", addr, "--protocol", "pop",
		"--incoming", "127.0.0.1:"+strconv.Itoa(pop.Port), "--incoming-security", "none",
		"--outgoing", "127.0.0.1:"+strconv.Itoa(smtp), "--outgoing-security", "none", "--password-stdin")
	if code != 0 {
		t.Fatalf("account add: exit %d: %s", code, out)
	}
	t.Logf("account add: %s", out)
	listed := func() string {
		if runtime.GOOS != "windows" {
			return ""
		}
		b, err := exec.Command("cmdkey", "/list").CombinedOutput()
		if err != nil {
			t.Fatalf("cmdkey /list: %v %s", err, b)
		}
		return string(b)
	}
	// cmdkey writes in the console's code page: the dash may come out
	// as another character, the rest not.
	want := addr + " (incoming mail)"
	if l := listed(); runtime.GOOS == "windows" && (!strings.Contains(l, want) || !strings.Contains(l, "Postie")) {
		t.Fatalf("cmdkey /list has no %q:\n%s", want, l)
	} else {
		t.Logf("cmdkey /list:\n%s", l)
	}
	if out, code := postie("", "account", "list"); code != 0 || !strings.Contains(out, addr) {
		t.Fatalf("account list: exit %d: %s", code, out)
	}
	if out, code := postie("", "account", "remove", addr); code != 0 {
		t.Fatalf("account remove: exit %d: %s", code, out)
	}
	if l := listed(); strings.Contains(l, want) {
		t.Fatalf("the password is still in Credential Manager:\n%s", l)
	}
}
