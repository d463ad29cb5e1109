package tencentcloud

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"
)

// fakeClock is a clock that only moves when told to.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// newRateLimiter is a limiter whose state is in memory, on the clock now (nil: the wall clock).
func newRateLimiter(perSecond float64, now func() time.Time) *rateLimiter {
	return newSharedRateLimiter(perSecond, now, nil)
}

func TestRateLimiter_BurstThenSteadyRate(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(100, clock.now)
	// A burst of a tenth of a second's worth goes at once; then one call per 10 ms.
	for i := range 10 {
		if w, _ := l.reserve(); w != 0 {
			t.Fatalf("call %d of the burst waits %s", i, w)
		}
	}
	for i := 1; i <= 5; i++ {
		if w, _ := l.reserve(); w != time.Duration(i)*10*time.Millisecond {
			t.Fatalf("call %d after the burst waits %s, want %s", i, w, time.Duration(i)*10*time.Millisecond)
		}
	}
	// After a quiet second, the bucket is full again but holds no more than the burst.
	clock.advance(time.Second)
	for range 10 {
		if w, _ := l.reserve(); w != 0 {
			t.Fatal("the bucket did not refill")
		}
	}
	if w, _ := l.reserve(); w != 10*time.Millisecond {
		t.Fatalf("the bucket held more than its burst: wait %s", w)
	}
}

func TestRateLimiter_OverAnySecondNeverAboveTheRate(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(20, clock.now)
	// 200 calls, each sent when the limiter allows: count those sent in every one-second window.
	var sent []time.Time
	for range 200 {
		w, _ := l.reserve()
		clock.advance(w)
		sent = append(sent, clock.now())
	}
	for i := range sent {
		n := 0
		for j := i; j < len(sent) && sent[j].Sub(sent[i]) < time.Second; j++ {
			n++
		}
		if n > 22 { // the rate plus the burst of 2
			t.Fatalf("%d calls in the second from call %d, at 20 per second", n, i)
		}
	}
}

func TestRateLimiter_LowersOnThrottleAndRecoversSlowly(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(100, clock.now)
	before := clock.now()
	clock.advance(time.Millisecond)
	l.Throttled(clock.now())
	if r := l.Rate(); !near(r, 70) {
		t.Fatalf("rate %g after one rate-limit answer, want 70", r)
	}
	// A refusal of a call let through before the decrease is the same overshoot: no second decrease.
	l.Throttled(before)
	if r := l.Rate(); !near(r, 70) {
		t.Fatalf("rate %g after a stale refusal, want 70", r)
	}
	clock.advance(4 * time.Second)
	if r := l.Rate(); !near(r, 98) {
		t.Fatalf("rate %g four seconds later, want 98 (10%% of 70 per second)", r)
	}
	clock.advance(time.Minute)
	if r := l.Rate(); !near(r, 100) {
		t.Fatalf("rate %g a minute later, want back at the configured 100", r)
	}
	// After the learning period, one decrease a hold-off: refusals within it are the same overshoot.
	clock.advance(time.Millisecond)
	l.Throttled(clock.now())
	r := l.Rate()
	clock.advance(HoldOff / 2)
	l.Throttled(clock.now())
	if got := l.Rate(); got < r {
		t.Fatalf("rate %g after a refusal within the hold-off, want no decrease below %g", got, r)
	}
	// Refusals a hold-off apart, with nothing answered, each lower the rate, never below the floor.
	for range 100 {
		clock.advance(HoldOff + time.Millisecond)
		before := l.Rate()
		l.Throttled(clock.now())
		if after := l.Rate(); after >= before || after < minRequestsPerSecond {
			t.Fatalf("rate %g after a refusal at %g, want lower, and at least %g", after, before, minRequestsPerSecond)
		}
	}
}

func TestRateLimiter_JumpsToTheObservedQuota(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(100, clock.now)
	// For twelve seconds, 30 calls per second go through; then one is refused. The last ten seconds' 300 answers,
	// less a second's burst, say 300/11 per second.
	for range 360 {
		clock.advance(time.Second / 30)
		l.Answered()
	}
	l.Throttled(clock.now())
	if r := l.Rate(); !near(r, 300.0/11) {
		t.Fatalf("rate %g; want the 300/11 calls per second the answers show", r)
	}
	// It climbs back by 10%% of that per second to 10%% above the estimate, then by 1%% per second.
	clock.advance(time.Second)
	if r := l.Rate(); !near(r, 300.0/11*1.1) {
		t.Fatalf("rate %g a second later, want %g", r, 300.0/11*1.1)
	}
	clock.advance(2 * time.Second)
	if r := l.Rate(); !near(r, 300.0/11*1.1+300.0/11*0.01*2) {
		t.Fatalf("rate %g three seconds later, want %g", r, 300.0/11*1.1+300.0/11*0.01*2)
	}
	// Without a refusal for CeilingHold past it, the usual climb again.
	clock.advance(3 * time.Second)
	if r := l.Rate(); !near(r, 300.0/11*1.1+300.0/11*0.01*3+300.0/11*0.10*2) {
		t.Fatalf("rate %g six seconds later, want %g", r, 300.0/11*1.1+300.0/11*0.01*3+300.0/11*0.10*2)
	}
	// A refusal after a quiet hour says little of the quota: a gentle step down.
	clock.advance(time.Hour)
	l.Throttled(clock.now())
	if r := l.Rate(); !near(r, 90) {
		t.Fatalf("rate %g after a refusal that followed silence, want 90", r)
	}
}

// TestRateLimiter_FirstRefusalEstimatesTheQuota: the first refusal in the first second takes the rate to what the
// answered calls show, the API's burst counted out.
func TestRateLimiter_FirstRefusalEstimatesTheQuota(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(100, clock.now)
	for range 10 { // the API's burst of 10, at the limiter's 100 per second
		clock.advance(10 * time.Millisecond)
		l.Answered()
	}
	l.Throttled(clock.now())
	if r := l.Rate(); !near(r, 10/1.1) {
		t.Fatalf("rate %g, want 10 answers over 1 + 0.1 s", r)
	}
}

func TestRateLimiter_WaitOvertakenByADecreaseIsRecomputed(t *testing.T) {
	l := newRateLimiter(1000, nil)
	for range 300 { // use up the burst of 100 and queue 0.2 s of calls
		l.reserve()
	}
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		_ = l.Wait(context.Background())
		done <- time.Since(start)
	}()
	time.Sleep(10 * time.Millisecond)
	for range 40 { // down to the floor of 0.5 per second, long after the wait was computed
		l.Throttled(time.Now())
	}
	select {
	case waited := <-done:
		t.Fatalf("the wait ended after %s at the old rate", waited)
	case <-time.After(500 * time.Millisecond):
	}
}

func TestRateLimiter_WaitEndsOnCancel(t *testing.T) {
	l := newRateLimiter(0.5, nil) // one call per two seconds
	ctx, cancel := context.WithCancel(context.Background())
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Fatalf("waited %s after cancellation", waited)
	}
	// The cancelled wait gave its token back: the next reservation waits no longer than the first would have.
	if w, _ := l.reserve(); w > 2*time.Second {
		t.Fatalf("the cancelled reservation was kept: next wait %s", w)
	}
}

func TestSemaphore(t *testing.T) {
	s := make(semaphore, 2)
	ctx := context.Background()
	for i := range 2 {
		if err := s.acquire(ctx); err != nil {
			t.Fatalf("slot %d not available: %v", i+1, err)
		}
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := s.acquire(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a third call got a slot: %v", err)
	}
	s.release()
	if err := s.acquire(ctx); err != nil {
		t.Fatal(err)
	}
}
