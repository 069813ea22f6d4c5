//go:build !(cgo && (linux || freebsd || netbsd || openbsd || windows || darwin) && !android && !ios && !mobile)

package app

// systemScreen cannot read the screen without GLFW (a build without cgo):
// windows are cut to fallbackScreen.
func systemScreen() (screenArea, bool) { return screenArea{}, false }
