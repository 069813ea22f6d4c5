//go:build !windows

package testservers

import (
	"os/exec"
	"syscall"
	"time"
)

// endProcess asks pid to end and waits a second at most.
func endProcess(pid int) {
	syscall.Kill(pid, syscall.SIGTERM)
	for i := 0; i < 100 && syscall.Kill(pid, 0) == nil; i++ {
		time.Sleep(10 * time.Millisecond)
	}
}

// runAs makes cmd run as the user uid, gid.
func runAs(cmd *exec.Cmd, uid, gid int) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
}
