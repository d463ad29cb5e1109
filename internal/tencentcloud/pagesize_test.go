package tencentcloud

import (
	"context"
	"sync"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// limitsSent are the Limits of the DescribeBackups calls the mock received, in order.
func limitsSent(srv *mock.Server) []int64 {
	var limits []int64
	for _, c := range srv.Calls() {
		if c.Action == "DescribeBackups" && c.Limit != nil {
			limits = append(limits, *c.Limit)
		}
	}
	return limits
}

func largestPage(t *testing.T, c *Client) *DescribeBackupsOutput {
	t.Helper()
	out, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalLimits(got []int64, want ...int64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestPageSize_ProbeAccepted(t *testing.T) {
	srv := startMock(t) // the mock's default largest Limit: the current API's 1000
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	if out := largestPage(t, c); out.Limit != 1000 {
		t.Fatalf("page size %d, want 1000", out.Limit)
	}
	if out := largestPage(t, c); out.Limit != 1000 {
		t.Fatalf("second listing: page size %d, want 1000", out.Limit)
	}
	if got := limitsSent(srv); !equalLimits(got, 1000, 1000) {
		t.Errorf("Limits sent %v, want [1000 1000]", got)
	}
}

// TestPageSize_ProbeRefusedFallsBackOnce: the refused probe is sent again with 100 and remembered, so the next
// listing asks for 100 at once; the refusal never reaches the caller.
func TestPageSize_ProbeRefusedFallsBackOnce(t *testing.T) {
	srv := startSpecMock(t) // the specification's largest Limit, 100
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	if out := largestPage(t, c); out.Limit != 100 || len(out.Items) != 5 {
		t.Fatalf("page size %d with %d backups, want 100 with 5", out.Limit, len(out.Items))
	}
	if out := largestPage(t, c); out.Limit != 100 {
		t.Fatalf("second listing: page size %d, want 100", out.Limit)
	}
	if got := limitsSent(srv); !equalLimits(got, 1000, 100, 100) {
		t.Errorf("Limits sent %v, want [1000 100 100]", got)
	}
	if n := srv.Stats().LimitTooLarge; n != 1 {
		t.Errorf("%d refused probes, want 1", n)
	}
}

// TestPageSize_ConcurrentListingsProbeOnce: listings that start together wait for one probe.
func TestPageSize_ConcurrentListingsProbeOnce(t *testing.T) {
	srv := startSpecMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			out, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance})
			if err == nil && out.Limit != 100 {
				t.Errorf("page size %d, want 100", out.Limit)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Stats().LimitTooLarge; n != 1 {
		t.Errorf("%d refused probes for 20 listings, want 1", n)
	}
}

func TestPageSize_ExplicitIsNeverProbed(t *testing.T) {
	srv := startSpecMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	out, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 7})
	if err != nil || out.Limit != 7 {
		t.Fatalf("page size %v, %v; want 7", out, err)
	}
	// An explicit Limit the API refuses is the caller's error, not a probe to fall back from.
	_, err = c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 500})
	if !isLimitRefused(err) {
		t.Fatalf("Limit 500 against a largest Limit of 100: %v, want the API's refusal", err)
	}
	if got := limitsSent(srv); !equalLimits(got, 7, 500) {
		t.Errorf("Limits sent %v, want [7 500]", got)
	}
}

// TestPageSize_UnrelatedErrorProbesAgain: a probe whose answer says nothing about Limit leaves the page size
// unknown, and the next listing probes.
func TestPageSize_UnrelatedErrorProbesAgain(t *testing.T) {
	srv := startSpecMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	srv.InjectErrorFor("DescribeBackups", 1, "UnauthorizedOperation", "not allowed")
	if _, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance}); err == nil {
		t.Fatal("the injected refusal was not answered")
	}
	largestPage(t, c)
	if got := limitsSent(srv); !equalLimits(got, 1000, 1000, 100) {
		t.Errorf("Limits sent %v, want [1000 1000 100]", got)
	}
}

func TestIsLimitRefused(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&APIError{Code: "InvalidParameterValue", Message: "The value of parameter `Limit` (1000) is not valid"}, true},
		{&APIError{Code: "InvalidParameter", Message: "Limit must be at most 100"}, true},
		{&APIError{Code: "InvalidParameterValue.InvalidParameterValueError", Message: "Limit out of range"}, true},
		{&APIError{Code: "InvalidParameterValue", Message: "The value of parameter `Offset` is not valid"}, false},
		{&APIError{Code: "InvalidParameter.InstanceNotFound", Message: "no such instance"}, false},
		{&APIError{Code: "InternalError", Message: "Limit"}, false},
		{context.Canceled, false},
	} {
		if got := isLimitRefused(tc.err); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.err, got, tc.want)
		}
	}
}
