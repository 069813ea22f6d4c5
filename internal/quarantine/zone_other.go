//go:build !windows

package quarantine

func markZone(string) error { return nil } // Windows only
