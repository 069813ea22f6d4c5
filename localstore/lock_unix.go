//go:build unix

package localstore

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/postie-mail/postie/internal/tr"
)

type profileLock struct{ f *os.File }

// lockProfile takes an exclusive advisory lock that the OS drops when the
// process ends, so a crash never leaves a stale lock behind.
func lockProfile(path string) (*profileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tr.L("cannot open the mail profile"), err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrProfileInUse
		}
		return nil, fmt.Errorf("%s: %w", tr.L("cannot lock the mail profile"), err)
	}
	return &profileLock{f: f}, nil
}

func (l *profileLock) release() { l.f.Close() }
