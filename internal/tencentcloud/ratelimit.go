package tencentcloud

import (
	"context"
	"sync"
	"time"
)

// Call-rate defaults and the limiter's tuning; the exported ones are quoted in the provider's documentation. The
// DescribeBackups page gives 100 calls per second; Tencent Cloud's current page says 10. The limiter starts at
// the configured rate and finds the real quota by itself. Within LearningPeriod, each refusal of a call sent after
// the last decrease takes the rate to what the answered calls show (or DecreasePercent of it, if that is lower);
// after that, no two decreases come less than HoldOff apart, each to the rate the calls answered over the last
// AnswerWindow show (MinCutPercent off at least, MaxCutPercent at most). The rate climbs back by
// RecoveryPercentPerSecond of the lowered rate per second up to a little above that estimate (or under the rate of
// the refusal), then by CeilingRecoveryPercentPerSecond for CeilingHold, then by RecoveryPercentPerSecond again.
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
	// LearningPeriod is how long a limiter (shared, across the processes that share it) descends by
	// DecreasePercent at each refusal of a call sent after the last decrease. After it, one decrease a HoldOff
	// is enough, taking from MinCutPercent to MaxCutPercent off: a refusal soon after a decrease is the API's
	// bucket still empty from the overshoot, not a new overshoot, and taking each one for a new signal cascaded the
	// rate down to a fraction of the quota when several processes shared it (make bench, scenario d).
	LearningPeriod = time.Second
	HoldOff        = time.Second
	MinCutPercent  = 10
	MaxCutPercent  = 75
	// estimateSpan is the least time the answered calls must cover to tell the quota: over a shorter one, the
	// API's burst and the retries of the learning period weigh too much.
	estimateSpan = 5 * time.Second
	// MinAnswersForEstimate is the least number of answers the first refusal's estimate is made from; with
	// fewer, it steps down by DecreasePercent.
	MinAnswersForEstimate = 5
	// ceilingShare is the share of the rate a refusal came at above which the rate climbs slowly again.
	ceilingShare = 0.95
	// CeilingRecoveryPercentPerSecond is how fast the rate climbs past the rate of the last refusal: slowly, since
	// the API's bucket hides an overshoot for a while, and a fast climb past the quota ends in a burst of refusals.
	CeilingRecoveryPercentPerSecond = 1
	// CeilingHold is how long the rate climbs slowly past the ceiling before it climbs as usual again.
	CeilingHold = 3 * time.Second
)

// limiterState is what a rate limiter knows: in the limiter itself, or, shared with the other provider processes
// that call the same service's action with the same key, in a file of the cache (quotastore.go).
type limiterState struct {
	// ThrottledRate is the rate right after the last decrease, at ThrottledAt (zero until the first).
	ThrottledRate float64   `json:"throttled_rate,omitempty"`
	ThrottledAt   time.Time `json:"throttled_at,omitzero"`
	// Tokens are the calls that may go now; below zero, the calls reserved ahead. Last is when they were counted.
	Tokens float64   `json:"tokens"`
	Last   time.Time `json:"last,omitzero"`
	// Generation counts decreases: a wait computed before one is computed again.
	Generation int `json:"generation"`
	// Since is when the limiter was first used (by any process sharing it): the learning period runs from there.
	// AnsweredSince counts the calls answered since then.
	Since         time.Time `json:"since,omitzero"`
	AnsweredSince int       `json:"answered_since,omitempty"`
	// Ceiling is the rate the last refusal came at: the rate climbs back to it at RecoveryPercentPerSecond, and
	// past it at CeilingRecoveryPercentPerSecond. Zero until the first refusal after the learning period.
	Ceiling float64 `json:"ceiling,omitempty"`
	// Answered counts the calls answered without a rate-limit code over the last AnswerWindow: how many went
	// through is the best estimate of the real quota when one is hit.
	Answered answerCounts `json:"answered"`
}

// stateStore keeps a limiterState: update runs fn on it, with the store held for the whole call, and keeps what fn
// changed; view runs fn on it for reading.
type stateStore interface {
	update(fn func(s *limiterState))
	view(fn func(s *limiterState))
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

func (m *memoryStore) view(fn func(s *limiterState)) { m.update(fn) }

// rateLimiter is a token bucket whose rate adapts to the API's answers: multiplicative decrease on throttling,
// linear recovery over time (AIMD, as TCP does for the same problem). One is shared by every call of a service's
// action in a configured provider, and through a shared store by the provider processes on this machine.
type rateLimiter struct {
	configured float64 // the user's requests_per_second: this process never goes faster
	store      stateStore
	now        func() time.Time
}

// newSharedRateLimiter is a limiter whose state lives in store; nil keeps it in memory.
func newSharedRateLimiter(perSecond float64, now func() time.Time, store stateStore) *rateLimiter {
	if now == nil {
		now = time.Now
	}
	l := &rateLimiter{configured: perSecond, now: now}
	if store == nil {
		store = &memoryStore{state: limiterState{Tokens: l.burst(perSecond), Last: now(), Since: now()}}
	}
	l.store = store
	return l
}

// rateAt is the current rate: the rate after the last decrease plus the recovery since, up to the configured one.
func (l *rateLimiter) rateAt(s *limiterState, t time.Time) float64 {
	if s.ThrottledAt.IsZero() {
		return l.configured
	}
	elapsed := t.Sub(s.ThrottledAt).Seconds()
	recovered := s.ThrottledRate * (1 + RecoveryPercentPerSecond/100.0*elapsed)
	if s.Ceiling > s.ThrottledRate && recovered > s.Ceiling {
		// Past the ceiling: from the time it was reached, the slow climb.
		reachedAfter := (s.Ceiling/s.ThrottledRate - 1) / (RecoveryPercentPerSecond / 100.0)
		past := elapsed - reachedAfter
		slow := min(past, CeilingHold.Seconds())
		// After CeilingHold without a refusal, the estimate was low: the usual climb again.
		recovered = s.Ceiling + s.ThrottledRate*(CeilingRecoveryPercentPerSecond*slow+RecoveryPercentPerSecond*(past-slow))/100.0
	}
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
	if s.Since.IsZero() {
		s.Since, s.AnsweredSince = now, 0
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

// cancel gives back a reserved token that was not used, unless a decrease since its reservation (generation)
// has wiped the reservations already.
func (l *rateLimiter) cancel(generation int) {
	l.store.update(func(s *limiterState) {
		if s.Generation == generation {
			s.Tokens++
		}
	})
}

func (l *rateLimiter) generation() (g int) {
	l.store.view(func(s *limiterState) { g = s.Generation })
	return g
}

// Wait blocks until a call may be sent, or until ctx is cancelled. A wait that a decrease of the rate overtook
// was computed at the old rate: the decrease wiped it, and it is taken again at the new one.
func (l *rateLimiter) Wait(ctx context.Context) error {
	for {
		wait, generation := l.reserve()
		if err := sleepCtx(ctx, wait); err != nil {
			l.cancel(generation)
			return err
		}
		if wait == 0 || l.generation() == generation {
			return nil
		}
	}
}

// Throttled lowers the rate after a rate-limit answer to a call let through at reservedAt. Calls let through
// before the last decrease went out at the old rate: their refusals are the same overshoot and count once. After
// the learning period, so do those let through within HoldOff of it.
func (l *rateLimiter) Throttled(reservedAt time.Time) {
	l.store.update(func(s *limiterState) {
		now := l.now()
		learnt := !s.Since.IsZero() && now.Sub(s.Since) >= LearningPeriod
		if !s.ThrottledAt.IsZero() {
			since := s.ThrottledAt
			if learnt {
				since = since.Add(HoldOff)
			}
			if reservedAt.Before(since) {
				return
			}
		}
		rate := l.rateAt(s, now)
		lowered := rate * DecreasePercent / 100
		switch {
		case learnt:
			// Near the quota: the calls answered over the last AnswerWindow, less the API's burst (about a second's
			// quota), tell it; step there (gently at least), and climb slowly past a little above it.
			lowered = rate * (100 - MinCutPercent) / 100
			s.Ceiling = max(lowered, rate*ceilingShare)
			if n, span := s.Answered.within(now); span >= estimateSpan && n > 0 {
				estimate := float64(n) / (span.Seconds() + 1)
				lowered = max(rate*(100-MaxCutPercent)/100, min(lowered, estimate))
				s.Ceiling = max(lowered, min(rate, estimate*1.1))
			}
		case !s.Since.IsZero():
			// A refusal in the first second: the calls answered so far are the API's burst and its rate since the
			// start, about quota × (1 + elapsed seconds), since the quota was reached.
			elapsed := now.Sub(s.Since).Seconds()
			if answered := float64(s.AnsweredSince); answered >= MinAnswersForEstimate {
				lowered = min(lowered, answered/(1+elapsed))
				s.Ceiling = lowered * (1 + RecoveryPercentPerSecond/100.0)
			}
		}
		s.ThrottledRate = max(minRequestsPerSecond, lowered)
		s.Generation++
		s.ThrottledAt = now
		// The calls waiting were scheduled at the old rate: their reservations are wiped, and they reserve again
		// at the new one. Carried over, a queue reserved at 100 per second would stall the calls for seconds at 10.
		l.refill(s, now)
		s.Tokens = 0
	})
}

// Answered records a call that went through (any answer but a rate-limit one).
func (l *rateLimiter) Answered() {
	l.store.update(func(s *limiterState) {
		now := l.now()
		s.Answered.add(now)
		s.AnsweredSince++
	})
}

// answerCounts counts events in slots of answerSlot over the last AnswerWindow.
type answerCounts struct {
	Start time.Time `json:"start,omitzero"` // the start of Slots[0]
	Slots []int     `json:"slots,omitempty"`
}

const (
	answerSlot = 100 * time.Millisecond
	// AnswerWindow is how far back the calls answered are counted, to estimate the quota after LearningPeriod.
	AnswerWindow = 10 * time.Second
)

// advance drops the slots that fell out of the window at now and makes room for now's; it returns now's slot.
func (a *answerCounts) advance(now time.Time) int {
	if a.Start.IsZero() || now.Before(a.Start) {
		a.Start, a.Slots = now.Truncate(answerSlot), nil
	}
	i := int(now.Sub(a.Start) / answerSlot)
	if keep := int(AnswerWindow / answerSlot); i >= keep {
		drop := i - keep + 1
		if drop >= len(a.Slots) {
			a.Slots = nil
		} else {
			a.Slots = a.Slots[drop:]
		}
		a.Start = a.Start.Add(time.Duration(drop) * answerSlot)
		i -= drop
	}
	for len(a.Slots) <= i {
		a.Slots = append(a.Slots, 0)
	}
	return i
}

func (a *answerCounts) add(now time.Time) { a.Slots[a.advance(now)]++ }

// within is the count over the window at now, and the time it covers.
func (a *answerCounts) within(now time.Time) (n int, span time.Duration) {
	a.advance(now)
	for _, c := range a.Slots {
		n += c
	}
	return n, now.Sub(a.Start)
}

// Rate is the current rate, for logs.
func (l *rateLimiter) Rate() (rate float64) {
	l.store.view(func(s *limiterState) { rate = l.rateAt(s, l.now()) })
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
