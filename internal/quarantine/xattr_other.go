//go:build !darwin

package quarantine

var setAttr func(path, name string, value []byte) error // none outside macOS
