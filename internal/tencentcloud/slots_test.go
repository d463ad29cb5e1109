package tencentcloud

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestSlots_WaitingForAQuotaHoldsNoSlot: with one slot and a rate of 1 call per second per action, two more
// DescribeBackups calls wait for their action's limiter; a DescribeBinlogs call sent meanwhile has a limiter of its
// own with room, and must go before them: a call waiting for its action's quota does not hold the slot.
func TestSlots_WaitingForAQuotaHoldsNoSlot(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), RequestsPerSecond: 1, MaxConcurrency: 1})
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := c.DescribeBackups(ctx, DescribeBackupsInput{InstanceID: testInstance, Limit: 1}); err != nil {
				t.Error(err)
			}
		})
	}
	// The first DescribeBackups took the limiter's only token; the others now wait for theirs.
	for len(srv.Calls()) == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := c.DescribeBinlogs(ctx, DescribeBinlogsInput{InstancePage: InstancePage{InstanceID: testInstance, Limit: 1}}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	var actions []string
	for _, call := range srv.Calls() {
		actions = append(actions, call.Action)
	}
	want := []string{"DescribeBackups", "DescribeBinlogs", "DescribeBackups", "DescribeBackups"}
	if !slices.Equal(actions, want) {
		t.Fatalf("calls in the order %v, want %v", actions, want)
	}
}
