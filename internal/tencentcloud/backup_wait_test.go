package tencentcloud

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestPollInterval: 3 s, then half as long again each time, never above 30 s.
func TestPollInterval(t *testing.T) {
	want := []time.Duration{3 * time.Second, 4500 * time.Millisecond, 6750 * time.Millisecond, 10125 * time.Millisecond,
		15187500 * time.Microsecond, 22781250 * time.Microsecond, 30 * time.Second, 30 * time.Second}
	for n, w := range want {
		if got := PollInterval(n); got != w {
			t.Errorf("PollInterval(%d) = %s, want %s", n, got, w)
		}
	}
	if got := PollInterval(1000); got != MaxPoll {
		t.Errorf("PollInterval(1000) = %s", got)
	}
}

func running(progress int64) []*BackupInfo {
	s := BackupRunning
	return []*BackupInfo{{Status: &s, Progress: &progress}}
}

// TestPoll_Schedule: looks until done, sleeping the schedule between looks and telling each look.
func TestPoll_Schedule(t *testing.T) {
	looks := [][]*BackupInfo{running(10), running(50), {{Status: new(string)}}}
	*looks[2][0].Status = BackupSuccess
	n := 0
	var slept []time.Duration
	var seen int
	found, err := Poll(context.Background(), func(context.Context) ([]*BackupInfo, error) { n++; return looks[n-1], nil },
		func(bs []*BackupInfo) bool { return *bs[0].Status != BackupRunning }, func([]*BackupInfo) { seen++ },
		time.Now().Add(time.Hour), func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil })
	if err != nil || *found[0].Status != BackupSuccess || n != 3 || seen != 3 {
		t.Fatalf("found %v, err %v, %d looks, %d seen", found, err, n, seen)
	}
	if len(slept) != 2 || slept[0] != 3*time.Second || slept[1] != 4500*time.Millisecond {
		t.Errorf("slept %v, want [3s 4.5s]", slept)
	}
}

// TestPoll_Deadline: a sleep is cut to what is left before the deadline, and then the wait ends with
// ErrBackupTimeout after one more look.
func TestPoll_Deadline(t *testing.T) {
	var slept []time.Duration
	looks := 0
	_, err := Poll(context.Background(), func(context.Context) ([]*BackupInfo, error) { looks++; return running(1), nil },
		func([]*BackupInfo) bool { return false }, nil, time.Now().Add(200*time.Millisecond),
		func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return SleepCtx(ctx, d) })
	if !errors.Is(err, ErrBackupTimeout) || looks != 2 {
		t.Fatalf("err %v after %d looks, want ErrBackupTimeout after 2", err, looks)
	}
	if len(slept) != 1 || slept[0] > 200*time.Millisecond || slept[0] <= 0 {
		t.Errorf("slept %v: one sleep, cut from 3 s to what was left of 200 ms", slept)
	}
}

// TestPoll_Cancelled: a cancelled context ends the wait at once, with its error, while the real sleep would last
// seconds.
func TestPoll_Cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	looks := 0
	start := time.Now()
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := Poll(ctx, func(context.Context) ([]*BackupInfo, error) { looks++; return running(1), nil },
		func([]*BackupInfo) bool { return false }, nil, time.Now().Add(time.Hour), SleepCtx)
	if !errors.Is(err, context.Canceled) || looks != 1 {
		t.Fatalf("err %v after %d looks, want context.Canceled after 1", err, looks)
	}
	if time.Since(start) >= FirstPoll {
		t.Errorf("the wait went on for %s after the cancel", time.Since(start))
	}
}
