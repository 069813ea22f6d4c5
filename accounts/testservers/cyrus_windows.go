package testservers

import "os/exec"

// Cyrus does not run on Windows (its tests skip there: no Debian
// packages to unpack); these keep the package building for Windows'
// own go test.
func endProcess(int) {}

func runAs(*exec.Cmd, int, int) {}
