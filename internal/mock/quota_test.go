package mock_test

import (
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// fakeClock is an Options.Clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// burst makes n calls at once and returns how many were answered and how many refused.
func burst(t *testing.T, s *mock.Server, cfg clientConfig, n int) (ok, refused int) {
	t.Helper()
	cfg.region = "ap-guangzhou"
	client := newClient(t, s, cfg)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
			mu.Lock()
			defer mu.Unlock()
			switch code := errCode(err); {
			case err == nil:
				ok++
			case code == "RequestLimitExceeded":
				refused++
			default:
				t.Errorf("unexpected error %v", err)
			}
		}()
	}
	wg.Wait()
	return ok, refused
}

func TestQuota_TokenBucketPerSecretID(t *testing.T) {
	const otherID, otherKey = "AKIDother000000000000000000000000000", "otherKey"
	clock := &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := startServer(t, mock.Options{
		Credentials: map[string]string{mock.DefaultSecretID: mock.DefaultSecretKey, otherID: otherKey},
		Clock:       clock.Now,
		Quota:       10,
	})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)

	// A full bucket holds one second's worth of calls.
	if ok, refused := burst(t, s, clientConfig{}, 25); ok != 10 || refused != 15 {
		t.Errorf("first burst: %d answered, %d refused; want 10 and 15", ok, refused)
	}
	// Another SecretId has a bucket of its own.
	if ok, refused := burst(t, s, clientConfig{secretID: otherID, secretKey: otherKey}, 12); ok != 10 || refused != 2 {
		t.Errorf("other SecretId: %d answered, %d refused; want 10 and 2", ok, refused)
	}
	clock.Advance(350 * time.Millisecond)
	if ok, refused := burst(t, s, clientConfig{}, 5); ok != 3 || refused != 2 {
		t.Errorf("after 350 ms: %d answered, %d refused; want 3 and 2", ok, refused)
	}
	clock.Advance(time.Hour) // the bucket fills up to its size, no more
	if ok, refused := burst(t, s, clientConfig{}, 15); ok != 10 || refused != 5 {
		t.Errorf("after an hour: %d answered, %d refused; want 10 and 5", ok, refused)
	}
	if st := s.Stats(); st.Refused != 15+2+2+5 || st.Calls != 25+12+5+15 || st.Faults != 0 {
		t.Errorf("Stats = %+v, want 24 refused of 57 calls, no faults", st)
	}

	// Refusals come after authentication: a bad signature takes no token, and is not refused.
	if err := s.SetQuota(1); err != nil {
		t.Fatal(err)
	}
	_, err := describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: mock.DefaultSecretID, secretKey: "wrong"}),
		map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "AuthFailure.SignatureFailure")
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, second(describe(t, client, map[string]any{"InstanceId": "cdb-a"})), "RequestLimitExceeded", "frequency limit")

	// Quota 0 is no limit.
	if err := s.SetQuota(0); err != nil {
		t.Fatal(err)
	}
	if ok, refused := burst(t, s, clientConfig{}, 30); ok != 30 || refused != 0 {
		t.Errorf("without quota: %d answered, %d refused", ok, refused)
	}
}

func TestQuota_BelowOnePerSecondHoldsOneCall(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := startServer(t, mock.Options{Clock: clock.Now, Quota: 0.5})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	if ok, _ := burst(t, s, clientConfig{}, 3); ok != 1 {
		t.Errorf("%d answered at once, want 1", ok)
	}
	clock.Advance(time.Second)
	if ok, _ := burst(t, s, clientConfig{}, 1); ok != 0 {
		t.Error("answered after 1 s at 0.5 per second")
	}
	clock.Advance(time.Second)
	if ok, _ := burst(t, s, clientConfig{}, 2); ok != 1 {
		t.Errorf("%d answered after 2 s, want 1", ok)
	}
}
