//go:build unix

package tencentcloud

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f, which every process that opens the same file respects (flock), and
// returns the function that releases it.
func lockFile(f *os.File) (unlock func(), err error) {
	fd := int(f.Fd()) //nolint:gosec // a file descriptor fits an int
	if err := syscall.Flock(fd, syscall.LOCK_EX); err != nil {
		return nil, err
	}
	return func() { _ = syscall.Flock(fd, syscall.LOCK_UN) }, nil
}
