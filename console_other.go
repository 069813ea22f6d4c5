//go:build !windows

package main

// attachConsole is for Windows' GUI-subsystem exe; elsewhere a program
// started from a terminal prints there already.
func attachConsole() {}
