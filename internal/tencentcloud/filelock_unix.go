//go:build unix

package tencentcloud

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f, which every process that opens the same file respects (flock), and
// returns the function that releases it.
func lockFile(f *os.File) (unlock func(), err error) {
	fd := int(f.Fd()) //nolint:gosec // a file descriptor fits an int
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX)
		if err == nil {
			break
		}
		// A signal (the Go runtime preempts goroutines with one) interrupts the wait for the lock: wait again.
		if !errors.Is(err, syscall.EINTR) {
			return nil, err
		}
	}
	return func() { _ = syscall.Flock(fd, syscall.LOCK_UN) }, nil
}
