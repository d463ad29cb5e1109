package tencentcloud

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Retry defaults: enough attempts to ride out a burst of throttling or a short outage, bounded so a plan fails
// within minutes, never hangs.
const (
	DefaultMaxRetries     = 8
	DefaultRequestTimeout = 30 * time.Second
	DefaultRetryBudget    = 3 * time.Minute
	backoffBase           = 250 * time.Millisecond
	backoffCap            = 20 * time.Second
)

// retryPolicy decides whether and when a failed call is tried again.
type retryPolicy struct {
	maxRetries int           // retries after the first attempt
	budget     time.Duration // total time from the first attempt after which no retry starts
	// jitter picks a wait in [0, limit); rand by default, fixed in tests.
	jitter func(limit time.Duration) time.Duration
}

func newRetryPolicy(maxRetries int, budget time.Duration) retryPolicy {
	return retryPolicy{maxRetries: maxRetries, budget: budget, jitter: fullJitter}
}

// fullJitter is "full jitter" backoff: a uniform wait below the exponential limit, so that many clients
// throttled at once do not retry in step.
func fullJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return rand.N(limit)
}

// backoff is the wait before retry number `retry` (1 for the first retry).
func (p retryPolicy) backoff(retry int) time.Duration {
	limit := backoffCap
	if retry < 20 { // beyond that the shift overflows; the cap applies long before
		limit = min(backoffCap, backoffBase<<(retry-1))
	}
	return p.jitter(limit)
}

// rateLimitedRetryWait bounds the backoff of a call refused for the call rate: the limiter paces its retry.
const rateLimitedRetryWait = 500 * time.Millisecond

// rateLimitCodes are the codes Tencent Cloud answers when a caller exceeds its call quota.
var rateLimitCodes = []string{"RequestLimitExceeded", "LimitExceeded.RateLimitExceeded"}

// isRateLimited reports whether err is Tencent Cloud refusing a call for exceeding the call-rate quota.
func isRateLimited(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	for _, c := range rateLimitCodes {
		if apiErr.Code == c || strings.HasPrefix(apiErr.Code, c+".") {
			return true
		}
	}
	return false
}

// finalInternalErrors are InternalError sub-codes that answer the request rather than report a fault: sending it
// again gives the same answer.
var finalInternalErrors = map[string]bool{
	// DescribeBackupDecryptionKey: the backup has no key record (no such backup, or it is not encrypted).
	"InternalError.DBRecordNotExistError": true,
}

// isRetryable reports whether a failed call may succeed if sent again: throttling, server-side faults, no answer,
// or an answer mangled on the way (a proxy's error page, a cut-off body). Auth, permission and parameter errors
// are final: sending the same request again cannot change them.
func isRetryable(err error) bool {
	if isRateLimited(err) {
		return true
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch {
		case finalInternalErrors[apiErr.Code]:
			return false
		case apiErr.Code == "InternalError", strings.HasPrefix(apiErr.Code, "InternalError."),
			apiErr.Code == "ServiceUnavailable", strings.HasPrefix(apiErr.Code, "ServiceUnavailable."),
			apiErr.Code == "ResourceUnavailable", strings.HasPrefix(apiErr.Code, "ResourceUnavailable."),
			apiErr.Code == "ResourceInUse", strings.HasPrefix(apiErr.Code, "ResourceInUse."):
			return true
		}
		return false
	}
	var respErr *responseError
	if errors.As(err, &respErr) {
		return respErr.transient
	}
	var netErr *networkError
	return errors.As(err, &netErr)
}

// retriesExhaustedError is a call that kept failing with retryable errors until the retries or the time budget
// ran out. It carries the last error, whose code, message and RequestId tell what went wrong.
type retriesExhaustedError struct {
	Action   string
	Attempts int
	Elapsed  time.Duration
	Last     error
}

func (e *retriesExhaustedError) Error() string {
	return fmt.Sprintf("%s failed after %d attempts over %s; the last error was: %v",
		e.Action, e.Attempts, e.Elapsed.Round(time.Millisecond), e.Last)
}

func (e *retriesExhaustedError) Unwrap() error { return e.Last }

// sleepCtx waits for d, or returns the context's error as soon as it is cancelled.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
