package tencentcloud

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// close releases the file; the provider keeps its files open until the process ends.
func (q *quotaFile) close() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.file.Close()
}

// testCallKey is the cache entry of CDB's DescribeBackups at its public host.
var testCallKey = callKey{service: ServiceCDB, host: "cdb.tencentcloudapi.com", action: "DescribeBackups"}

// sharedLimiters are two limiters on one cache entry, as two provider processes have, on one fake clock.
func sharedLimiters(t *testing.T, rate float64) (a, b *rateLimiter, clock *fakeClock, dir string) {
	t.Helper()
	dir = t.TempDir()
	clock = &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	open := func() *rateLimiter {
		q, err := openQuotaFile(dir, quotaKey("secret-id AKIDtest", "ap-guangzhou", testCallKey), clock.now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = q.close() })
		return newSharedRateLimiter(rate, clock.now, q)
	}
	return open(), open(), clock, dir
}

// TestQuotaFile_OneBudgetForTwoLimiters: tokens taken through one file are gone for the other: the waits go on
// from each other's reservations, as one limiter's would.
func TestQuotaFile_OneBudgetForTwoLimiters(t *testing.T) {
	a, b, _, _ := sharedLimiters(t, 10) // a burst of 1, then one call every 100 ms
	want := []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond}
	for i, l := range []*rateLimiter{a, b, a, b} {
		if w, _ := l.reserve(); w != want[i] {
			t.Fatalf("reservation %d: wait %v, want %v", i, w, want[i])
		}
	}
}

// TestQuotaFile_ThrottlingIsShared: a rate-limit answer to one process lowers the rate of the other, and a new
// process starts at the lowered rate, until it is forgotten.
func TestQuotaFile_ThrottlingIsShared(t *testing.T) {
	a, b, clock, dir := sharedLimiters(t, 100)
	a.Throttled(clock.now())
	if r := b.Rate(); !near(r, 70) {
		t.Fatalf("the other process's rate is %v, want 70", r)
	}
	q, err := openQuotaFile(dir, quotaKey("secret-id AKIDtest", "ap-guangzhou", testCallKey), clock.now)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	later := newSharedRateLimiter(100, clock.now, q)
	if r := later.Rate(); !near(r, 70) {
		t.Fatalf("a new process starts at %v, want 70", r)
	}
	// Recovery goes on with time in every process (10% of 70 per second).
	clock.advance(2 * time.Second)
	if r := later.Rate(); !near(r, 84) {
		t.Fatalf("after 2 s: %v, want 84", r)
	}
	clock.advance(LearnedRateExpiry)
	if r := later.Rate(); r != 100 {
		t.Fatalf("after the expiry: %v, want the configured 100", r)
	}
	// Another key is another quota.
	other, err := openQuotaFile(dir, quotaKey("secret-id AKIDother", "ap-guangzhou", testCallKey), clock.now)
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	a.Throttled(clock.now())
	if r := newSharedRateLimiter(100, clock.now, other).Rate(); r != 100 {
		t.Fatalf("another account's limiter is at %v, want 100", r)
	}
}

// TestQuotaFile_DamagedEntryStartsAfresh: the cache only holds what can be learned again.
func TestQuotaFile_DamagedEntryStartsAfresh(t *testing.T) {
	a, _, _, dir := sharedLimiters(t, 10)
	entries, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(entries) != 1 {
		t.Fatalf("entries %v, %v", entries, err)
	}
	if err := os.WriteFile(entries[0], []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if w, _ := a.reserve(); w != 0 {
		t.Fatalf("wait %v on a damaged entry, want a fresh bucket", w)
	}
}

// TestQuotaFile_KeyHoldsNoSecret: the entry's name is a hash; the file holds no ID or key.
func TestQuotaFile_KeyHoldsNoSecret(t *testing.T) {
	dir := t.TempDir()
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), CacheDir: dir})
	largestPage(t, c)
	entries, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(entries) == 0 {
		t.Fatal("nothing was cached")
	}
	for _, e := range entries {
		raw, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{mock.DefaultSecretID, mock.DefaultSecretKey} {
			if strings.Contains(e, secret) || strings.Contains(string(raw), secret) {
				t.Errorf("%s holds a credential", e)
			}
		}
	}
}

// TestPageSize_LearnedByAnEarlierProcess: the page size the API accepted is in the cache, so the next process does
// not probe again.
func TestPageSize_LearnedByAnEarlierProcess(t *testing.T) {
	dir := t.TempDir()
	srv := startSpecMock(t) // the specification's largest Limit, 100
	first := newTestClient(t, Config{CDBEndpoint: srv.URL(), CacheDir: dir})
	largestPage(t, first)
	second := newTestClient(t, Config{CDBEndpoint: srv.URL(), CacheDir: dir})
	if out := largestPage(t, second); out.Limit != 100 {
		t.Fatalf("page size %d, want 100", out.Limit)
	}
	if got := limitsSent(srv); !equalLimits(got, 1000, 100, 100) {
		t.Errorf("Limits sent %v, want [1000 100 100]: one probe for both processes", got)
	}
	// Without the cache, a process probes for itself.
	notShared := false
	third := newTestClient(t, Config{CDBEndpoint: srv.URL(), CacheDir: dir, SharedQuota: &notShared})
	largestPage(t, third)
	if got := limitsSent(srv); !equalLimits(got, 1000, 100, 100, 1000, 100) {
		t.Errorf("Limits sent %v, want a probe of its own for the process without the cache", got)
	}
}

// TestQuotaFile_UnusableCacheWorksAsWithout: a cache folder that cannot be made leaves each process its own
// budget, and says why once.
func TestQuotaFile_UnusableCacheWorksAsWithout(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startSpecMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), CacheDir: filepath.Join(file, "quota")})
	if out := largestPage(t, c); out.Limit != 100 {
		t.Fatalf("page size %d, want 100", out.Limit)
	}
	largestPage(t, c)
	if err := c.cacheProblem(); err == nil || !strings.Contains(err.Error(), "keeps its own budget") {
		t.Fatalf("cacheProblem() = %v, want one saying the process keeps its own budget", err)
	}
	if got := limitsSent(srv); !equalLimits(got, 1000, 100, 100) {
		t.Errorf("Limits sent %v, want [1000 100 100]", got)
	}
}

// The child process of TestQuota_TwoProcessesShareOneBudget: it makes its calls and exits.
func TestQuotaChildProcess(t *testing.T) {
	endpoint := os.Getenv("TC_QUOTA_CHILD_ENDPOINT")
	if endpoint == "" {
		t.Skip("run by TestQuota_TwoProcessesShareOneBudget")
	}
	calls, _ := strconv.Atoi(os.Getenv("TC_QUOTA_CHILD_CALLS"))
	shared, _ := strconv.ParseBool(os.Getenv("TC_QUOTA_CHILD_SHARED"))
	retries := 20
	c, errs := NewClient(context.Background(), Config{
		Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: endpoint,
		RequestsPerSecond: childRate(), MaxConcurrency: childConcurrency(), MaxRetries: &retries, SharedQuota: &shared, CacheDir: os.Getenv("TC_QUOTA_CHILD_DIR"),
	})
	if errs != nil {
		t.Fatal(errs)
	}
	var wg sync.WaitGroup
	for range childConcurrency() {
		wg.Go(func() {
			for range calls / childConcurrency() {
				if _, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 10}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestQuota_TwoProcessesShareOneBudget runs two provider processes at once against one quota of 10 calls per
// second, each configured for 10: sharing the cache, they keep to it together and no call is refused; each on its
// own, they ask for twice the quota and are refused.
func TestQuota_TwoProcessesShareOneBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two processes that make 40 calls at 10 per second")
	}
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) {
			srv := mock.NewServer(mock.Options{Quota: 10})
			if err := srv.Start("127.0.0.1:0"); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			srv.SetBackups("ap-guangzhou", testInstance, mock.GenerateBackups(testInstance, "ap-guangzhou", 5, time.Now()))
			dir := t.TempDir()
			var children []*exec.Cmd
			for range 2 {
				cmd := exec.Command(os.Args[0], "-test.run=^TestQuotaChildProcess$", "-test.count=1")
				cmd.Env = append(os.Environ(), "TC_QUOTA_CHILD_ENDPOINT="+srv.URL(), "TC_QUOTA_CHILD_CALLS=32",
					"TC_QUOTA_CHILD_SHARED="+strconv.FormatBool(shared), "TC_QUOTA_CHILD_DIR="+dir)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				children = append(children, cmd)
			}
			for _, cmd := range children {
				if err := cmd.Wait(); err != nil {
					t.Fatalf("a child process failed: %v", err)
				}
			}
			stats := srv.Stats()
			t.Logf("shared=%v: %d calls, %d refused", shared, stats.Calls, stats.Refused)
			switch {
			case shared && stats.Refused != 0:
				t.Errorf("sharing one budget, %d of %d calls were refused; want none", stats.Refused, stats.Calls)
			case !shared && stats.Refused == 0:
				t.Errorf("each process on its own budget asked for twice the quota, yet no call was refused: the test proves nothing")
			}
		})
	}
}

// childRate is the child process's requests_per_second: 10, the quota, unless TC_QUOTA_CHILD_RPS says otherwise.
func childRate() float64 {
	if r, err := strconv.ParseFloat(os.Getenv("TC_QUOTA_CHILD_RPS"), 64); err == nil {
		return r
	}
	return 10
}

// childConcurrency is the child process's max_concurrency and the goroutines calling: 4 unless TC_QUOTA_CHILD_CONCURRENCY
// says otherwise.
func childConcurrency() int {
	if n, err := strconv.Atoi(os.Getenv("TC_QUOTA_CHILD_CONCURRENCY")); err == nil {
		return n
	}
	return 4
}
