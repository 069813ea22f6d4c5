package main

import (
	"os"
	"syscall"
)

// attachConsole makes the command-line verbs print on real Windows. The
// release exe is a GUI-subsystem program (no console window flashes
// when Postie starts from the Start menu), and such a program gets no
// console: its output would vanish. Attaching to the console of the
// terminal it was started from, and writing there where the output is
// not redirected to a file or pipe, shows it. (Wine shows the output
// either way; this is for real Windows.)
func attachConsole() {
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	r, _, _ := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole").Call(attachParentProcess)
	if r == 0 {
		return // started without a terminal, or a console program
	}
	for _, f := range []**os.File{&os.Stdout, &os.Stderr} {
		if _, err := syscall.GetFileType(syscall.Handle((*f).Fd())); err == nil {
			continue // redirected: keep it
		}
		if con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			*f = con
		}
	}
	if _, err := syscall.GetFileType(syscall.Handle(os.Stdin.Fd())); err != nil {
		if con, err := os.Open("CONIN$"); err == nil {
			os.Stdin = con
		}
	}
}
