package main

import (
	"os"
	"syscall"
	"time"
)

// childProcAttr makes the provider die with the wrapper: when Terraform kills a wrapper that did not exit in time,
// its provider must not be left running.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// peakRSS is a finished process's peak resident set size in bytes (Linux reports ru_maxrss in kilobytes). The kernel's
// figure is the largest of the process's own, its waited-for children's, and that of the process it was exec'd from:
// for the provider, which starts no process and is exec'd from the small wrapper, that is its own.
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return -1
}

// exitStatus is the code to exit with for a finished child: its own, or 128 plus the signal that ended it, as a
// shell reports it.
func exitStatus(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// selfCPU is the calling process's own user plus system CPU time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
