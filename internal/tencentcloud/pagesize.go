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
	// LargestInstancePageSize is the Limit DescribeDBInstances is asked for first: its API reference's maximum.
	// When the API refuses it, FallbackPageSize is used.
	LargestInstancePageSize = 2000
)

// firstLimit is the Limit an action is asked for first: LargestPageSize, unless its API reference gives another.
func firstLimit(action string) int64 {
	if action == "DescribeDBInstances" {
		return LargestInstancePageSize
	}
	return LargestPageSize
}

// pageSizes remembers, per service, host and action, the largest Limit the API accepted. The first listing that
// needs one probes with the action's largest (firstLimit); listings that start while the probe is in flight wait for its outcome, so
// that a refused probe costs one call per process, not one per listing.
type pageSizes struct {
	mu       sync.Mutex
	accepted map[callKey]int64
	probes   map[callKey]chan struct{}
	// load and save reach the cache shared with other provider processes; nil without one.
	load func(key callKey) (int64, bool)
	save func(key callKey, size int64)
}

func newPageSizes() *pageSizes {
	return &pageSizes{accepted: map[callKey]int64{}, probes: map[callKey]chan struct{}{}}
}

// take returns the Limit to ask for, and whether the call that uses it is the probe, which must then settle it.
func (p *pageSizes) take(ctx context.Context, key callKey) (limit int64, probe bool, err error) {
	for {
		p.mu.Lock()
		if size, ok := p.accepted[key]; ok {
			p.mu.Unlock()
			return size, false, nil
		}
		if p.load != nil {
			if size, ok := p.load(key); ok {
				p.accepted[key] = size
				p.mu.Unlock()
				return size, false, nil
			}
		}
		wait, inFlight := p.probes[key]
		if !inFlight {
			p.probes[key] = make(chan struct{})
			p.mu.Unlock()
			return firstLimit(key.action), true, nil
		}
		p.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return 0, false, ctx.Err()
		}
	}
}

// settle ends the probe of a service's action: accepted is the largest Limit the API is now known to accept, or 0
// when the probe's answer said nothing about it (a network error, an unknown instance), and the next listing
// probes again.
func (p *pageSizes) settle(key callKey, accepted int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if accepted > 0 {
		p.accepted[key] = accepted
		if p.save != nil {
			p.save(key, accepted)
		}
	}
	if ch, ok := p.probes[key]; ok {
		close(ch)
		delete(p.probes, key)
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

// withLargestPage sends a list call whose Limit is the largest the service's action accepts: send is called with
// the Limit to use and returns the call's error. A refused probe (the action's firstLimit) is sent again with FallbackPageSize, once. It
// returns the Limit of the call that was answered.
func (c *Client) withLargestPage(ctx context.Context, key callKey, send func(limit int64) error) (int64, error) {
	limit, probe, err := c.pageSizes.take(ctx, key)
	if err != nil {
		return 0, err
	}
	err = send(limit)
	if !probe {
		return limit, err
	}
	switch {
	case err == nil:
		c.pageSizes.settle(key, limit)
		return limit, nil
	case isLimitRefused(err):
		c.pageSizes.settle(key, FallbackPageSize)
		return FallbackPageSize, send(FallbackPageSize)
	default:
		c.pageSizes.settle(key, 0)
		return limit, err
	}
}

// Page is one page of a list action's items. Every field is a pointer: any may be absent or null in a real
// response, and callers must tell "absent" from zero.
type Page[Item any] struct {
	responseStatus
	TotalCount *int64  `json:"TotalCount"`
	Items      []*Item `json:"Items"`
	// Limit is the page size the page was asked for with: the input's, or the one found for a Limit of 0.
	Limit int64 `json:"-"`
}

// callPage sends one page request of a service's list action, whose parameters params makes for a Limit: with
// the limit asked for, or, for a limit of 0, with the largest the action accepts.
func callPage[Item any](ctx context.Context, c *Client, service, action string, limit int64, params func(limit int64) any) (*Page[Item], error) {
	sc, err := c.service(service, action)
	if err != nil {
		return nil, err
	}
	send := func(limit int64) (*Page[Item], error) {
		out, err := call[Page[Item]](ctx, c, sc, action, params(limit))
		if out != nil {
			out.Limit = limit
		}
		return out, err
	}
	if limit != 0 {
		return send(limit)
	}
	var out *Page[Item]
	_, err = c.withLargestPage(ctx, sc.key(action), func(limit int64) error {
		var err error
		out, err = send(limit)
		return err
	})
	return out, err
}
