//go:build unix

package localstore

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

type profileLock struct{ f *os.File }

// lockProfile takes an exclusive advisory lock that the OS drops when the
// process ends, so a crash never leaves a stale lock behind.
func lockProfile(path string) (*profileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the mail profile: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrProfileInUse
		}
		return nil, fmt.Errorf("cannot lock the mail profile: %w", err)
	}
	return &profileLock{f: f}, nil
}

func (l *profileLock) release() { l.f.Close() }
