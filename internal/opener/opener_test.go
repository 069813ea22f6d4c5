package opener

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeLauncher puts a program called name on a PATH of its own that
// writes its arguments (one a line) to a file and exits with code.
func fakeLauncher(t *testing.T, name string, code int, stderr string) (argsFile string) {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("xdg-open is the launcher on Linux and BSD only")
	}
	bin := t.TempDir()
	argsFile = filepath.Join(t.TempDir(), "args")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + argsFile + "'\n"
	if stderr != "" {
		script += "echo '" + stderr + "' >&2\n"
	}
	script += "exit " + string(rune('0'+code)) + "\n"
	if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	return argsFile
}

// The path goes to xdg-open as one argument, spaces and non-ASCII
// letters as they are.
func TestOpenPassesThePathAsItIs(t *testing.T) {
	args := fakeLauncher(t, "xdg-open", 0, "")
	p := filepath.Join(t.TempDir(), "Übersicht 2026.txt")
	if err := Open(p); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(args)
	if string(got) != p+"\n" {
		t.Fatalf("xdg-open got %q, want %q", got, p)
	}
}

// A non-zero exit is an error (Fyne's OpenURL only starts xdg-open and
// never sees it); 3 means no program is set up.
func TestOpenFailureIsAnError(t *testing.T) {
	fakeLauncher(t, "xdg-open", 1, "")
	err := Open("/tmp/x.pdf")
	var e *Error
	if !errors.As(err, &e) || e.Code != 1 || errors.Is(err, ErrNoProgram) {
		t.Fatalf("exit 1: %v", err)
	}
	fakeLauncher(t, "xdg-open", 3, "xdg-open: no method available for opening '/tmp/x.pdf'")
	if err := Open("/tmp/x.pdf"); !errors.Is(err, ErrNoProgram) || !strings.Contains(err.Error(), "no method available") {
		t.Fatalf("exit 3: %v", err)
	}
}

// Without xdg-open, gio open is used; with neither, nothing is set up.
func TestOpenFallsBackToGio(t *testing.T) {
	args := fakeLauncher(t, "gio", 0, "")
	if err := Open("/tmp/a b.txt"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(args); string(got) != "open\n/tmp/a b.txt\n" {
		t.Fatalf("gio got %q", got)
	}
	t.Setenv("PATH", t.TempDir())
	if err := Open("/tmp/a.txt"); !errors.Is(err, ErrNoProgram) {
		t.Fatalf("no launcher: %v", err)
	}
}

func TestShowInFolderOpensTheFolder(t *testing.T) {
	args := fakeLauncher(t, "xdg-open", 0, "")
	if err := ShowInFolder("/tmp/Downloads/ticket.pdf"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(args); string(got) != "/tmp/Downloads\n" {
		t.Fatalf("xdg-open got %q", got)
	}
}

// ShellExecute's codes (the Windows file's logic, checked everywhere).
func TestShellExecuteCodes(t *testing.T) {
	if !errors.Is(shellExecuteError(31), ErrNoProgram) || !errors.Is(shellExecuteError(27), ErrNoProgram) {
		t.Fatal("SE_ERR_NOASSOC is no program")
	}
	if errors.Is(shellExecuteError(2), ErrNoProgram) || !strings.Contains(shellExecuteError(5).Error(), "access was denied") {
		t.Fatal(shellExecuteError(5))
	}
}

func TestSelectCommandLine(t *testing.T) {
	got := selectCommandLine(`C:\Windows\explorer.exe`, `C:\Users\Kim\Downloads\Übersicht 2026.txt`)
	want := `"C:\Windows\explorer.exe" /select,"C:\Users\Kim\Downloads\Übersicht 2026.txt"`
	if got != want {
		t.Fatalf("%s", got)
	}
}
