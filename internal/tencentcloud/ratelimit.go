package tencentcloud

import (
	"context"
	"sync"
	"time"
)

// Call-rate defaults. The DescribeBackups page gives 100 calls per second; Tencent Cloud's current page says 10.
// The limiter starts at the configured rate and finds the real quota by itself: each rate-limit answer halves the
// rate, and it climbs back slowly while calls succeed.
const (
	DefaultRequestsPerSecond = 100
	DefaultMaxConcurrency    = 10
	// minRequestsPerSecond is the floor the rate never halves below.
	minRequestsPerSecond = 0.5
	// RecoveryPercentPerSecond is the share of the configured rate regained per second without a rate-limit answer.
	RecoveryPercentPerSecond = 5
	// burstSeconds is how much of a second's worth of calls may go at once; small, so the rate holds over any
	// short window and not only on average.
	burstSeconds = 0.1
)

// rateLimiter is a token bucket whose rate adapts to the API's answers: multiplicative decrease on throttling,
// linear recovery over time. One is shared by every call of a configured provider.
type rateLimiter struct {
	mu            sync.Mutex
	configured    float64   // the user's requests_per_second
	throttledRate float64   // the rate right after the last decrease
	throttledAt   time.Time // zero until the first decrease
	tokens        float64
	last          time.Time // when tokens was last brought up to date
	now           func() time.Time
}

func newRateLimiter(perSecond float64, now func() time.Time) *rateLimiter {
	if now == nil {
		now = time.Now
	}
	l := &rateLimiter{configured: perSecond, throttledRate: perSecond, now: now, last: now()}
	l.tokens = l.burst(perSecond)
	return l
}

// rateAt is the current rate: the rate after the last decrease plus the recovery since, up to the configured one.
func (l *rateLimiter) rateAt(t time.Time) float64 {
	if l.throttledAt.IsZero() {
		return l.configured
	}
	recovered := l.throttledRate + l.configured*RecoveryPercentPerSecond/100*t.Sub(l.throttledAt).Seconds()
	return min(l.configured, recovered)
}

func (l *rateLimiter) burst(rate float64) float64 {
	return max(1, rate*burstSeconds)
}

// reserve takes a token and says how long to wait before using it.
func (l *rateLimiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	rate := l.rateAt(now)
	l.tokens = min(l.burst(rate), l.tokens+now.Sub(l.last).Seconds()*rate)
	l.last = now
	l.tokens--
	if l.tokens >= 0 {
		return 0
	}
	return time.Duration(-l.tokens / rate * float64(time.Second))
}

// cancel gives back a reserved token that was not used.
func (l *rateLimiter) cancel() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens++
}

// Wait blocks until a call may be sent, or until ctx is cancelled.
func (l *rateLimiter) Wait(ctx context.Context) error {
	wait := l.reserve()
	if err := sleepCtx(ctx, wait); err != nil {
		l.cancel()
		return err
	}
	return nil
}

// Throttled halves the rate after a rate-limit answer. Answers to calls sent before the last decrease do not
// decrease it again: a burst of refusals for one overshoot counts once.
func (l *rateLimiter) Throttled(sentAt time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.throttledAt.IsZero() && sentAt.Before(l.throttledAt) {
		return
	}
	now := l.now()
	l.throttledRate = max(minRequestsPerSecond, l.rateAt(now)/2)
	l.throttledAt = now
	l.tokens = min(l.tokens, 0)
}

// Rate is the current rate, for logs.
func (l *rateLimiter) Rate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rateAt(l.now())
}

// semaphore bounds the calls in flight.
type semaphore chan struct{}

func (s semaphore) acquire(ctx context.Context) error {
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s semaphore) release() { <-s }
