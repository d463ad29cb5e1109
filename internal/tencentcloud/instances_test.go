package tencentcloud

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// fleetMock serves n generated instances in ap-guangzhou, beside startMock's own.
func fleetMock(t *testing.T, n int) (*mock.Server, []mock.FixtureInstance) {
	t.Helper()
	srv := startMock(t)
	fleet := mock.GenerateFleet(mock.FleetOptions{Region: "ap-guangzhou", Instances: n, Backups: 2, Newest: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Seed: 3})
	srv.AddInstances(&mock.Fixtures{Instances: fleet})
	return srv, fleet
}

// TestInstances_LargestPageProbed: the first DescribeDBInstances asks for 2000; an API that refuses it is asked
// again with 100, once per process; filters are sent as the API names them.
func TestInstances_LargestPageProbed(t *testing.T) {
	srv, _ := fleetMock(t, 5)
	if err := srv.SetMaxInstancesLimit(100); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	ctx := context.Background()
	out, err := c.DescribeDBInstances(ctx, DescribeDBInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Limit != 100 || len(out.Items) != 6 { // the fleet and startMock's own instance
		t.Fatalf("page size %d, %d instances", out.Limit, len(out.Items))
	}
	project := int64(0)
	if _, err := c.DescribeDBInstances(ctx, DescribeDBInstancesInput{Status: []int64{1}, Tags: []Tag{{Key: "env", Value: "prod"}}, ProjectID: &project}); err != nil {
		t.Fatal(err)
	}
	var limits []int64
	for _, call := range srv.Calls() {
		limits = append(limits, *call.Limit)
	}
	if !slices.Equal(limits, []int64{2000, 100, 100}) {
		t.Errorf("Limits sent %v, want [2000 100 100]", limits)
	}
}

// TestInstances_SummariesEveryPage: 250 instances of one product are three pages of 100, each instance once.
func TestInstances_SummariesEveryPage(t *testing.T) {
	srv, fleet := fleetMock(t, 250)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	items, err := c.DescribeBackupSummaries(context.Background(), ProductMySQL)
	if err != nil {
		t.Fatal(err)
	}
	want := 1 // startMock's own instance, of the default kind
	for _, f := range fleet {
		if mock.ProductOf(f.Instance.DeviceType) == ProductMySQL {
			want++
		}
	}
	seen := map[string]bool{}
	for _, it := range items {
		seen[*it.InstanceID] = true
	}
	if len(items) != want || len(seen) != want || want <= 200 {
		t.Fatalf("%d summaries (%d distinct), want %d (more than two pages)", len(items), len(seen), want)
	}
	calls := srv.Calls()
	if len(calls) != (want+99)/100 {
		t.Errorf("%d calls for %d instances", len(calls), want)
	}
}

// TestEach_BoundedAndComplete: Each calls fn once per index, never more than max_concurrency at once, and stops
// handing out indexes once the context is done.
func TestEach_BoundedAndComplete(t *testing.T) {
	c := newTestClient(t, Config{CDBEndpoint: "http://127.0.0.1:1", MaxConcurrency: 3})
	var running, peak atomic.Int32
	done := make([]atomic.Int32, 50)
	c.Each(context.Background(), 50, func(i int) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		done[i].Add(1)
		running.Add(-1)
	})
	for i := range done {
		if done[i].Load() != 1 {
			t.Fatalf("index %d run %d times", i, done[i].Load())
		}
	}
	if peak.Load() > 3 {
		t.Errorf("%d at once, want at most 3", peak.Load())
	}
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	c.Each(ctx, 50, func(int) {
		if calls.Add(1) == 1 {
			cancel()
		}
	})
	if n := calls.Load(); n > 4 {
		t.Errorf("%d calls after the context was cancelled by the first", n)
	}
}
