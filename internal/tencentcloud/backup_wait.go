// Waiting for a backup: the backups of an instance read until one is done, at an interval that backs off, within
// the action's rate limit, and ending at once when the context is done.

package tencentcloud

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The polling schedule of a backup: the first look after FirstPoll, each next one PollGrowthPercent longer, never
// more than MaxPoll apart. A backup takes minutes to hours, so a few seconds' delay in noticing its end costs
// nothing, and one instance's wait costs at most one DescribeBackups call every few seconds, however long it runs.
const (
	FirstPoll         = 3 * time.Second
	PollGrowthPercent = 50
	MaxPoll           = 30 * time.Second
)

// PollInterval is the wait before look number n (from 0).
func PollInterval(n int) time.Duration {
	d := FirstPoll
	for range n {
		d += d * PollGrowthPercent / 100
		if d >= MaxPoll {
			return MaxPoll
		}
	}
	return d
}

// Backup states of the API.
const (
	BackupRunning = "RUNNING"
	BackupSuccess = "SUCCESS"
	BackupFailed  = "FAILED"
)

// ErrBackupTimeout is the error of a wait that ran out of time: the backup continues on Tencent Cloud.
var ErrBackupTimeout = errors.New("timed out")

// BackupLookup is one look at the backups of an instance: the backups that match, or an error.
type BackupLookup func(ctx context.Context) ([]*BackupInfo, error)

// Poll looks with look until done says the backups it found are what it waits for, sleeping PollInterval between
// looks, and calling seen after each look. It stops with ErrBackupTimeout at deadline, and with ctx's error when
// ctx is done; sleep is time's (tests give their own).
func Poll(ctx context.Context, look BackupLookup, done func([]*BackupInfo) bool, seen func([]*BackupInfo), deadline time.Time,
	sleep func(ctx context.Context, d time.Duration) error) ([]*BackupInfo, error) {
	for n := 0; ; n++ {
		found, err := look(ctx)
		if err != nil {
			return nil, err
		}
		if seen != nil {
			seen(found)
		}
		if done(found) {
			return found, nil
		}
		wait := PollInterval(n)
		left := time.Until(deadline)
		if left <= 0 {
			return found, ErrBackupTimeout
		}
		if err := sleep(ctx, min(wait, left)); err != nil {
			return found, err
		}
	}
}

// FindBackups reads the backups of an instance, every page or until keep has kept what stop asks for: the backups
// keep keeps, newest first as the API answers them. The API does not document the order of its answer, so a backup
// that is not on the first page is looked for on the others.
func (c *Client) FindBackups(ctx context.Context, instanceID string, keep func(*BackupInfo) bool, stop func(kept []*BackupInfo) bool) ([]*BackupInfo, error) {
	var kept []*BackupInfo
	var offset, limit int64
	for {
		page, err := c.DescribeBackups(ctx, DescribeBackupsInput{InstanceID: instanceID, Offset: offset, Limit: limit})
		if err != nil {
			return nil, err
		}
		for _, b := range page.Items {
			if b != nil && keep(b) {
				kept = append(kept, b)
			}
		}
		if stop != nil && stop(kept) {
			return kept, nil
		}
		limit = page.Limit
		offset += int64(len(page.Items))
		if len(page.Items) == 0 || page.TotalCount == nil || offset >= *page.TotalCount {
			return kept, nil
		}
		if offset > 1_000_000 {
			return nil, fmt.Errorf("DescribeBackups of %s did not end after %d backups", instanceID, offset)
		}
	}
}

// SleepCtx waits d, or until ctx is done.
func SleepCtx(ctx context.Context, d time.Duration) error { return sleepCtx(ctx, d) }
