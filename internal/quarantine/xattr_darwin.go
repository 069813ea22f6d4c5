package quarantine

import "golang.org/x/sys/unix"

func setAttr(path, name string, value []byte) error {
	return unix.Setxattr(path, name, value, 0)
}
