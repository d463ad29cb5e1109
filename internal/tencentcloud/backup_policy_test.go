package tencentcloud

import (
	"errors"
	"sync/atomic"
	"testing"
)

// TestConcurrently: every call runs, at once, and the error is the first in the order given, whichever failed
// first: the last call fails at once and the second only once every call has started, yet the second's is the
// error.
func TestConcurrently(t *testing.T) {
	errSecond, errLast := errors.New("second"), errors.New("last")
	var started atomic.Int32
	allStarted := make(chan struct{})
	lastFailed := make(chan struct{})
	start := func() {
		if started.Add(1) == 4 {
			close(allStarted)
		}
	}
	err := concurrently(
		func() error { start(); return nil },
		func() error { start(); <-allStarted; <-lastFailed; return errSecond },
		func() error { start(); <-allStarted; return nil },
		func() error { start(); defer close(lastFailed); return errLast },
	)
	if !errors.Is(err, errSecond) {
		t.Errorf("got %v, want the second call's error", err)
	}
	if err := concurrently(func() error { return nil }, func() error { return nil }); err != nil {
		t.Errorf("no call failed, got %v", err)
	}
}
