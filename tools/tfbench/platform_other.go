//go:build !linux

package main

import (
	"os"
	"syscall"
	"time"
)

// childProcAttr adds nothing: only Linux can tie the provider's life to the wrapper's.
func childProcAttr() *syscall.SysProcAttr { return nil }

// peakRSS is -1, unknown: the unit of ru_maxrss differs between systems, and tfbench reads it on Linux only.
func peakRSS(*os.ProcessState) int64 { return -1 }

// exitStatus is the child's exit code, or 1 when a signal ended it.
func exitStatus(ps *os.ProcessState) int {
	if code := ps.ExitCode(); code >= 0 {
		return code
	}
	return 1
}

// selfCPU is 0, unknown: tfbench reads it on Linux only.
func selfCPU() time.Duration { return 0 }
