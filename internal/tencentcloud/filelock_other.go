//go:build !unix

package tencentcloud

import (
	"errors"
	"os"
)

// lockFile has no lock to take on this system: the call-rate cache is not shared, and each provider process keeps
// its own budget.
func lockFile(*os.File) (func(), error) {
	return nil, errors.ErrUnsupported
}
