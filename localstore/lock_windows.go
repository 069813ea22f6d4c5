//go:build windows

package localstore

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

type profileLock struct{ f *os.File }

func lockProfile(path string) (*profileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the mail profile: %w", err)
	}
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, ErrProfileInUse
		}
		return nil, fmt.Errorf("cannot lock the mail profile: %w", err)
	}
	return &profileLock{f: f}, nil
}

func (l *profileLock) release() { l.f.Close() }
