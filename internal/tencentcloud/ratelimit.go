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

// limiterState is what a rate limiter knows: in the limiter itself, or, shared with the other provider processes
// that call the same action with the same key, in a file of the cache (quotastore.go).
type limiterState struct {
	// ThrottledRate is the rate right after the last decrease, at ThrottledAt (zero until the first).
	ThrottledRate float64   `json:"throttled_rate,omitempty"`
	ThrottledAt   time.Time `json:"throttled_at,omitzero"`
	// Tokens are the calls that may go now; below zero, the calls reserved ahead. Last is when they were counted.
	Tokens float64   `json:"tokens"`
	Last   time.Time `json:"last,omitzero"`
	// Generation counts decreases: a wait computed before one is computed again.
	Generation int `json:"generation"`
	// Answered holds when the calls of the last second were answered without a rate-limit code: how many went
	// through in a second is the best estimate of the real quota when one is hit.
	Answered []time.Time `json:"answered,omitempty"`
}

// stateStore keeps a limiterState: update runs fn on it, with the store held for the whole call.
type stateStore interface {
	update(fn func(s *limiterState))
}

// memoryStore is the state of one limiter in this process alone.
type memoryStore struct {
	mu    sync.Mutex
	state limiterState
}

func (m *memoryStore) update(fn func(s *limiterState)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fn(&m.state)
}

// rateLimiter is a token bucket whose rate adapts to the API's answers: multiplicative decrease on throttling,
// linear recovery over time (AIMD, as TCP does for the same problem). One is shared by every call of an action
// in a configured provider, and through a shared store by the provider processes on this machine.
type rateLimiter struct {
	configured float64 // the user's requests_per_second: this process never goes faster
	store      stateStore
	now        func() time.Time
	started    time.Time
}

func newRateLimiter(perSecond float64, now func() time.Time) *rateLimiter {
	return newSharedRateLimiter(perSecond, now, nil)
}

// newSharedRateLimiter is a limiter whose state lives in store; nil keeps it in memory.
func newSharedRateLimiter(perSecond float64, now func() time.Time, store stateStore) *rateLimiter {
	if now == nil {
		now = time.Now
	}
	l := &rateLimiter{configured: perSecond, now: now, started: now()}
	if store == nil {
		store = &memoryStore{state: limiterState{Tokens: l.burst(perSecond), Last: now()}}
	}
	l.store = store
	return l
}

// rateAt is the current rate: the rate after the last decrease plus the recovery since, up to the configured one.
func (l *rateLimiter) rateAt(s *limiterState, t time.Time) float64 {
	if s.ThrottledAt.IsZero() {
		return l.configured
	}
	recovered := s.ThrottledRate * (1 + RecoveryPercentPerSecond/100.0*t.Sub(s.ThrottledAt).Seconds())
	return min(l.configured, recovered)
}

func (l *rateLimiter) burst(rate float64) float64 {
	return max(1, rate*burstSeconds)
}

// refill brings the tokens up to now, at the current rate.
func (l *rateLimiter) refill(s *limiterState, now time.Time) float64 {
	rate := l.rateAt(s, now)
	if s.Last.IsZero() {
		s.Tokens, s.Last = l.burst(rate), now
	}
	if elapsed := now.Sub(s.Last); elapsed > 0 {
		s.Tokens = min(l.burst(rate), s.Tokens+elapsed.Seconds()*rate)
		s.Last = now
	}
	return rate
}

// reserve takes a token and says how long to wait before using it, and at which generation of the rate.
func (l *rateLimiter) reserve() (wait time.Duration, generation int) {
	l.store.update(func(s *limiterState) {
		now := l.now()
		rate := l.refill(s, now)
		s.Tokens--
		generation = s.Generation
		if s.Tokens < 0 {
			wait = time.Duration(-s.Tokens / rate * float64(time.Second))
		}
	})
	return wait, generation
}

// cancel gives back a reserved token that was not used.
func (l *rateLimiter) cancel() {
	l.store.update(func(s *limiterState) { s.Tokens++ })
}

func (l *rateLimiter) generation() (g int) {
	l.store.update(func(s *limiterState) { g = s.Generation })
	return g
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
		if wait == 0 || l.generation() == generation {
			return nil
		}
		l.cancel()
	}
}

// Throttled lowers the rate after a rate-limit answer to a call let through at reservedAt. Calls let through
// before the last decrease went out at the old rate: their refusals are the same overshoot and count once.
func (l *rateLimiter) Throttled(reservedAt time.Time) {
	l.store.update(func(s *limiterState) {
		if !s.ThrottledAt.IsZero() && reservedAt.Before(s.ThrottledAt) {
			return
		}
		now := l.now()
		rate := l.rateAt(s, now)
		lowered := rate * DecreasePercent / 100
		// After a full second of calls, the count that went through in the last second is about the quota: go
		// straight there instead of stepping down one refusal at a time, but never below a quarter of the rate in
		// one step (a quiet second says little about the quota).
		if now.Sub(l.started) >= time.Second {
			s.Answered = trimAnswered(s.Answered, now)
			lowered = max(rate/4, min(lowered, float64(len(s.Answered))))
		}
		s.ThrottledRate = max(minRequestsPerSecond, lowered)
		s.Generation++
		s.ThrottledAt = now
		l.refill(s, now)
		s.Tokens = min(s.Tokens, 0)
	})
}

// Answered records a call that went through (any answer but a rate-limit one).
func (l *rateLimiter) Answered() {
	l.store.update(func(s *limiterState) {
		now := l.now()
		s.Answered = append(trimAnswered(s.Answered, now), now)
	})
}

// trimAnswered forgets answers older than a second.
func trimAnswered(answered []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(answered) && now.Sub(answered[i]) >= time.Second {
		i++
	}
	return answered[i:]
}

// Rate is the current rate, for logs.
func (l *rateLimiter) Rate() (rate float64) {
	l.store.update(func(s *limiterState) { rate = l.rateAt(s, l.now()) })
	return rate
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
