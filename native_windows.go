package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// tellNative shows text in a native message box (MessageBoxW), which
// needs no OpenGL: for what must be said when Postie's own window cannot
// be drawn, to a person who started it from the Start menu and sees no
// terminal. It returns when the person has pressed OK.
func tellNative(title, text string) bool {
	t, err := windows.UTF16PtrFromString(text)
	if err != nil {
		return false
	}
	c, err := windows.UTF16PtrFromString(title)
	if err != nil {
		return false
	}
	_, err = windows.MessageBox(0, t, c, windows.MB_OK|windows.MB_ICONWARNING|windows.MB_SETFOREGROUND|windows.MB_TASKMODAL)
	return err == nil
}

func exitProcess(code int) { os.Exit(code) }
