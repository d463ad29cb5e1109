// DescribeRollbackRangeTime: the spans Tencent Cloud will roll instances back (or clone them) to, for many
// instances per call, in batches of the size the API takes, learned like page sizes.

package tencentcloud

import (
	"context"
	"errors"
	"strings"
	"sync"
)

// LargestRollbackBatch is the number of instances asked for per DescribeRollbackRangeTime call at first. The
// API's page states no bound; a batch the API refuses as too large is split, and the size it took is kept for
// the process.
const LargestRollbackBatch = 100

// RollbackRangesInput asks for the rollback ranges of instances.
type RollbackRangesInput struct {
	InstanceIDs []string
	// RemoteZone asks for the ranges of a clone in another availability zone (IsRemoteZone); BackupRegion, of a
	// clone in that region ("" for the instance's own).
	RemoteZone   bool
	BackupRegion string
}

// InstanceRollbackRangeTime is one instance's answer: Code 0 and its ranges, or a failure (1600009: no such
// instance) with Message.
type InstanceRollbackRangeTime struct {
	Code       *int64               `json:"Code"`
	Message    *string              `json:"Message"`
	InstanceID *string              `json:"InstanceId"`
	Times      []*RollbackTimeRange `json:"Times"`
}

// RollbackTimeRange is one span an instance can be rolled back to, in API time.
type RollbackTimeRange struct {
	Begin *string `json:"Begin"`
	End   *string `json:"End"`
}

// RollbackInstanceNotFound is the Code of an instance that does not exist.
const RollbackInstanceNotFound = 1600009

type describeRollbackRangeTimeOutput struct {
	responseStatus
	TotalCount *int64                       `json:"TotalCount"`
	Items      []*InstanceRollbackRangeTime `json:"Items"`
}

// DescribeRollbackRangeTime reads the rollback ranges of every instance of in, in batches sent at once under the
// action's rate limiter: the answers for every instance, in no particular order.
func (c *Client) DescribeRollbackRangeTime(ctx context.Context, in RollbackRangesInput) ([]*InstanceRollbackRangeTime, error) {
	var mu sync.Mutex
	var out []*InstanceRollbackRangeTime
	var fetch func(ids []string) error
	fetch = func(ids []string) error {
		items, err := c.rollbackBatch(ctx, in, ids)
		if isBatchTooLarge(err) && len(ids) > 1 {
			half := (len(ids) + 1) / 2
			c.rollbackSize.lower(half)
			return concurrently(func() error { return fetch(ids[:half]) }, func() error { return fetch(ids[half:]) })
		}
		mu.Lock()
		out = append(out, items...)
		mu.Unlock()
		return err
	}
	size := c.rollbackSize.get()
	var calls []func() error
	for start := 0; start < len(in.InstanceIDs); start += size {
		ids := in.InstanceIDs[start:min(start+size, len(in.InstanceIDs))]
		calls = append(calls, func() error { return fetch(ids) })
	}
	if err := concurrently(calls...); err != nil {
		return nil, err
	}
	return out, nil
}

// rollbackBatch sends one call.
func (c *Client) rollbackBatch(ctx context.Context, in RollbackRangesInput, ids []string) ([]*InstanceRollbackRangeTime, error) {
	params := struct {
		InstanceIDs  []string `json:"InstanceIds"`
		IsRemoteZone string   `json:"IsRemoteZone"`
		BackupRegion string   `json:"BackupRegion,omitempty"`
	}{ids, "false", in.BackupRegion}
	if in.RemoteZone {
		params.IsRemoteZone = "true"
	}
	out, err := callService[describeRollbackRangeTimeOutput](ctx, c, ServiceCDB, "DescribeRollbackRangeTime", params)
	if err != nil {
		return nil, err
	}
	return out.Items, nil
}

// isBatchTooLarge reports whether the API refused a call for naming too many instances: an invalid parameter
// that names InstanceIds.
func isBatchTooLarge(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && strings.HasPrefix(apiErr.Code, "InvalidParameter") && strings.Contains(apiErr.Message, "InstanceIds")
}

// batchSize is the largest batch an action took, lowered when the API refuses one.
type batchSize struct {
	mu   sync.Mutex
	size int // 0: LargestRollbackBatch
}

func (b *batchSize) get() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.size == 0 {
		return LargestRollbackBatch
	}
	return b.size
}

func (b *batchSize) lower(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.size == 0 || n < b.size {
		b.size = n
	}
}
