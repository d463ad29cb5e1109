// The largest page an action accepts: probed once per provider process (or read from the cache of an earlier
// process), then used by every listing.

package tencentcloud

import (
	"context"
	"errors"
	"strings"
	"sync"
)

// Page sizes of the list actions. The specification page of DescribeBackups says Limit is at most 100; Tencent
// Cloud's current API reference says 1000 for DescribeBackups and DescribeBinlogs. Which one a region enforces can
// only be found by asking.
const (
	// LargestPageSize is the Limit asked for first: the current API reference's maximum.
	LargestPageSize = 1000
	// FallbackPageSize is the Limit used when the API refuses LargestPageSize: the specification's maximum.
	FallbackPageSize = 100
)

// pageSizes remembers, per action, the largest Limit the API accepted. The first listing that needs one probes
// with LargestPageSize; listings that start while the probe is in flight wait for its outcome, so that a refused
// probe costs one call per process, not one per listing.
type pageSizes struct {
	mu       sync.Mutex
	accepted map[string]int64
	probes   map[string]chan struct{}
	// load and save reach the cache shared with other provider processes; nil without one.
	load func(action string) (int64, bool)
	save func(action string, size int64)
}

func newPageSizes() *pageSizes {
	return &pageSizes{accepted: map[string]int64{}, probes: map[string]chan struct{}{}}
}

// take returns the Limit to ask for, and whether the call that uses it is the probe, which must then settle it.
func (p *pageSizes) take(ctx context.Context, action string) (limit int64, probe bool, err error) {
	for {
		p.mu.Lock()
		if size, ok := p.accepted[action]; ok {
			p.mu.Unlock()
			return size, false, nil
		}
		if p.load != nil {
			if size, ok := p.load(action); ok {
				p.accepted[action] = size
				p.mu.Unlock()
				return size, false, nil
			}
		}
		wait, inFlight := p.probes[action]
		if !inFlight {
			p.probes[action] = make(chan struct{})
			p.mu.Unlock()
			return LargestPageSize, true, nil
		}
		p.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return 0, false, ctx.Err()
		}
	}
}

// settle ends the probe of an action: accepted is the largest Limit the API is now known to accept, or 0 when the
// probe's answer said nothing about it (a network error, an unknown instance), and the next listing probes again.
func (p *pageSizes) settle(action string, accepted int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if accepted > 0 {
		p.accepted[action] = accepted
		if p.save != nil {
			p.save(action, accepted)
		}
	}
	if ch, ok := p.probes[action]; ok {
		close(ch)
		delete(p.probes, action)
	}
}

// isLimitRefused reports whether an error is the API refusing a call's Limit: an InvalidParameterValue or
// InvalidParameter error (or one of their sub-codes) whose message names the Limit parameter. That is how
// Tencent Cloud API 3.0 refuses a parameter's value, and the message is the only part that names the parameter.
func isLimitRefused(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	code := apiErr.Code
	invalid := code == "InvalidParameterValue" || strings.HasPrefix(code, "InvalidParameterValue.") ||
		code == "InvalidParameter" || strings.HasPrefix(code, "InvalidParameter.")
	return invalid && strings.Contains(apiErr.Message, "Limit")
}

// withLargestPage sends a list call whose Limit is the largest the action accepts: send is called with the Limit
// to use and returns the call's error. A refused probe is sent again with FallbackPageSize, once. It returns the
// Limit of the call that was answered.
func (c *Client) withLargestPage(ctx context.Context, action string, send func(limit int64) error) (int64, error) {
	limit, probe, err := c.pageSizes.take(ctx, action)
	if err != nil {
		return 0, err
	}
	err = send(limit)
	if !probe {
		return limit, err
	}
	switch {
	case err == nil:
		c.pageSizes.settle(action, limit)
		return limit, nil
	case isLimitRefused(err):
		c.pageSizes.settle(action, FallbackPageSize)
		return FallbackPageSize, send(FallbackPageSize)
	default:
		c.pageSizes.settle(action, 0)
		return limit, err
	}
}

// pageCall sends a list call with send: with the limit asked for, or, for a limit of 0, with the largest the action
// accepts.
func pageCall[T any](ctx context.Context, c *Client, action string, limit int64, send func(limit int64) (*T, error)) (*T, error) {
	if limit != 0 {
		return send(limit)
	}
	var out *T
	_, err := c.withLargestPage(ctx, action, func(limit int64) error {
		var err error
		out, err = send(limit)
		return err
	})
	return out, err
}
