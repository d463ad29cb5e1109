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

func TestRateLimiter_BurstThenSteadyRate(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(100, clock.now)
	// A burst of a tenth of a second's worth goes at once; then one call per 10 ms.
	for i := range 10 {
		if w := l.reserve(); w != 0 {
			t.Fatalf("call %d of the burst waits %s", i, w)
		}
	}
	for i := 1; i <= 5; i++ {
		if w, want := l.reserve(), time.Duration(i)*10*time.Millisecond; w != want {
			t.Fatalf("call %d after the burst waits %s, want %s", i, w, want)
		}
	}
	// After a quiet second, the bucket is full again but holds no more than the burst.
	clock.advance(time.Second)
	for range 10 {
		if w := l.reserve(); w != 0 {
			t.Fatal("the bucket did not refill")
		}
	}
	if w := l.reserve(); w != 10*time.Millisecond {
		t.Fatalf("the bucket held more than its burst: wait %s", w)
	}
}

func TestRateLimiter_OverAnySecondNeverAboveTheRate(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(20, clock.now)
	// 200 calls, each sent when the limiter allows: count those sent in every one-second window.
	var sent []time.Time
	for range 200 {
		clock.advance(l.reserve())
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

func TestRateLimiter_HalvesOnThrottleAndRecoversSlowly(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	l := newRateLimiter(100, clock.now)
	before := clock.now()
	clock.advance(time.Millisecond)
	l.Throttled(clock.now())
	if r := l.Rate(); !near(r, 50) {
		t.Fatalf("rate %g after one rate-limit answer, want 50", r)
	}
	// A second refusal of a call sent before the decrease is the same overshoot: no second decrease.
	l.Throttled(before)
	if r := l.Rate(); !near(r, 50) {
		t.Fatalf("rate %g after a stale refusal, want 50", r)
	}
	clock.advance(4 * time.Second)
	if r := l.Rate(); !near(r, 70) {
		t.Fatalf("rate %g four seconds later, want 70 (5%% of 100 per second)", r)
	}
	l.Throttled(clock.now())
	if r := l.Rate(); !near(r, 35) {
		t.Fatalf("rate %g after another refusal, want 35", r)
	}
	clock.advance(time.Minute)
	if r := l.Rate(); !near(r, 100) {
		t.Fatalf("rate %g a minute later, want back at the configured 100", r)
	}
	for range 50 {
		clock.advance(time.Millisecond)
		l.Throttled(clock.now())
	}
	if r := l.Rate(); r < minRequestsPerSecond || r > minRequestsPerSecond+0.01 {
		t.Fatalf("rate %g after many refusals, want the floor %g", r, minRequestsPerSecond)
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
	if w := l.reserve(); w > 2*time.Second {
		t.Fatalf("the cancelled reservation was kept: next wait %s", w)
	}
}

func TestSemaphore(t *testing.T) {
	s := make(semaphore, 2)
	ctx := context.Background()
	if s.acquire(ctx) != nil || s.acquire(ctx) != nil {
		t.Fatal("two slots not available")
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
