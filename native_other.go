//go:build !windows

package main

import "os"

// tellNative: only Windows has a message box Postie can show without its
// own window; elsewhere what is said goes to the terminal (stderr), and
// the caller says so there.
func tellNative(string, string) bool { return false }

func exitProcess(code int) { os.Exit(code) }
