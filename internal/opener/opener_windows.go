package opener

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

var shellExecuteW = windows.NewLazySystemDLL("shell32.dll").NewProc("ShellExecuteW")

// Open opens path with the program Windows has for it: ShellExecuteW with
// the default verb on the native path (backslashes, any letters). A
// return value of 32 or less is an error; ErrNoProgram when no program is
// associated with the file type.
func Open(path string) error {
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(abs)
	if err != nil {
		return err
	}
	dir, err := windows.UTF16PtrFromString(filepath.Dir(abs))
	if err != nil {
		return err
	}
	// Shell extensions that ShellExecute may call need COM on this
	// thread (Microsoft's documentation of ShellExecute).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	switch err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err {
	case nil, syscall.Errno(1): // S_OK, S_FALSE (already initialised): balanced either way
		defer windows.CoUninitialize()
	}
	r, _, _ := shellExecuteW.Call(0, 0, uintptr(unsafe.Pointer(file)), 0, uintptr(unsafe.Pointer(dir)), windows.SW_SHOWNORMAL)
	if r <= 32 {
		return shellExecuteError(r)
	}
	return nil
}

// ShowInFolder opens an Explorer window on the folder of path with path
// selected (explorer /select,"path"). Explorer's exit status means
// nothing (it is 1 when it worked), so only a failure to start it counts.
func ShowInFolder(path string) error {
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil {
		return err
	}
	win, err := windows.GetWindowsDirectory()
	if err != nil {
		return err
	}
	explorer := filepath.Join(win, "explorer.exe")
	cmd := exec.Command(explorer)
	cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: selectCommandLine(explorer, abs)}
	if err := cmd.Start(); err != nil {
		return &Error{Tool: "explorer", Code: -1, Detail: err.Error(), NoProgram: true}
	}
	_ = cmd.Wait() // its exit status is 1 even when the folder opened
	return nil
}
