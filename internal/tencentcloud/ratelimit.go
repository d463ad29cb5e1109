package tencentcloud

import (
	"context"
	"sync"
	"time"
)

// Call-rate defaults. The DescribeBackups page gives 100 calls per second; Tencent Cloud's current page says 10.
// The limiter starts at the configured rate and finds the real quota by itself: each rate-limit answer lowers the
// rate by 30%, and it climbs back slowly while calls succeed.
const (
	DefaultRequestsPerSecond = 100
	DefaultMaxConcurrency    = 10
	// minRequestsPerSecond is the floor no decrease goes below.
	minRequestsPerSecond = 0.5
	// DecreasePercent is the share of the rate kept after a rate-limit answer.
	DecreasePercent = 70
	// RecoveryPercentPerSecond is how fast the rate climbs back without a rate-limit answer: per second, this share
	// of the rate it was lowered to. Relative to the lowered rate, so that near a low real quota it climbs slowly
	// and is refused seldom.
	RecoveryPercentPerSecond = 10
	// burstSeconds is how much of a second's worth of calls may go at once; small, so the rate holds over any
	// short window and not only on average.
	burstSeconds = 0.1
)

// rateLimiter is a token bucket whose rate adapts to the API's answers: multiplicative decrease on throttling,
// linear recovery over time (AIMD, as TCP does for the same problem). One is shared by every call of a configured provider.
type rateLimiter struct {
	mu            sync.Mutex
	configured    float64   // the user's requests_per_second
	throttledRate float64   // the rate right after the last decrease
	throttledAt   time.Time // zero until the first decrease
	tokens        float64
	last          time.Time // when tokens was last brought up to date
	now           func() time.Time
	started       time.Time
	generation    int // counts decreases; a wait computed before one is computed again
	// answered holds when the calls of the last second were answered without a rate-limit code: how many went
	// through in a second is the best estimate of the real quota when one is hit.
	answered []time.Time
}

func newRateLimiter(perSecond float64, now func() time.Time) *rateLimiter {
	if now == nil {
		now = time.Now
	}
	l := &rateLimiter{configured: perSecond, throttledRate: perSecond, now: now, last: now(), started: now()}
	l.tokens = l.burst(perSecond)
	return l
}

// rateAt is the current rate: the rate after the last decrease plus the recovery since, up to the configured one.
func (l *rateLimiter) rateAt(t time.Time) float64 {
	if l.throttledAt.IsZero() {
		return l.configured
	}
	recovered := l.throttledRate * (1 + RecoveryPercentPerSecond/100.0*t.Sub(l.throttledAt).Seconds())
	return min(l.configured, recovered)
}

func (l *rateLimiter) burst(rate float64) float64 {
	return max(1, rate*burstSeconds)
}

// reserve takes a token and says how long to wait before using it, and at which generation of the rate.
func (l *rateLimiter) reserve() (time.Duration, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	rate := l.rateAt(now)
	l.tokens = min(l.burst(rate), l.tokens+now.Sub(l.last).Seconds()*rate)
	l.last = now
	l.tokens--
	if l.tokens >= 0 {
		return 0, l.generation
	}
	return time.Duration(-l.tokens / rate * float64(time.Second)), l.generation
}

// cancel gives back a reserved token that was not used.
func (l *rateLimiter) cancel() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens++
}

// Wait blocks until a call may be sent, or until ctx is cancelled. A wait that a decrease of the rate overtook
// was computed at the old rate: it is given back and taken again at the new one.
func (l *rateLimiter) Wait(ctx context.Context) error {
	for {
		wait, generation := l.reserve()
		if err := sleepCtx(ctx, wait); err != nil {
			l.cancel()
			return err
		}
		l.mu.Lock()
		current := l.generation
		l.mu.Unlock()
		if current == generation {
			return nil
		}
		l.cancel()
	}
}

// Throttled lowers the rate after a rate-limit answer to a call let through at reservedAt. Calls let through
// before the last decrease went out at the old rate: their refusals are the same overshoot and count once.
func (l *rateLimiter) Throttled(reservedAt time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.throttledAt.IsZero() && reservedAt.Before(l.throttledAt) {
		return
	}
	now := l.now()
	rate := l.rateAt(now)
	lowered := rate * DecreasePercent / 100
	// After a full second of calls, the count that went through in the last second is about the quota: go
	// straight there instead of stepping down one refusal at a time, but never below a quarter of the rate in
	// one step (a quiet second says little about the quota).
	if now.Sub(l.started) >= time.Second {
		l.trimAnswered(now)
		lowered = max(rate/4, min(lowered, float64(len(l.answered))))
	}
	l.throttledRate = max(minRequestsPerSecond, lowered)
	l.generation++
	l.throttledAt = now
	l.tokens = min(l.tokens, 0)
}

// Answered records a call that went through (any answer but a rate-limit one).
func (l *rateLimiter) Answered() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.trimAnswered(now)
	l.answered = append(l.answered, now)
}

// trimAnswered forgets answers older than a second.
func (l *rateLimiter) trimAnswered(now time.Time) {
	i := 0
	for i < len(l.answered) && now.Sub(l.answered[i]) >= time.Second {
		i++
	}
	l.answered = l.answered[i:]
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
