//go:build windows

package localstore

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/windows"

	"github.com/postie-mail/postie/internal/tr"
)

type profileLock struct{ f *os.File }

func lockProfile(path string) (*profileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tr.L("cannot open the mail profile"), err)
	}
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, ErrProfileInUse
		}
		return nil, fmt.Errorf("%s: %w", tr.L("cannot lock the mail profile"), err)
	}
	return &profileLock{f: f}, nil
}

func (l *profileLock) release() { l.f.Close() }
