//go:build !windows

package main

// roamingAppData is Windows' only.
func roamingAppData() (string, error) { return "", nil }
