package tencentcloud

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func retries(n int) *int { return &n }

func describe(c *Client) error {
	_, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
	return err
}

func TestRetry_RetryableCodes(t *testing.T) {
	for _, code := range []string{
		"RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded", "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
		"RequestLimitExceeded.IPLimitExceeded", "LimitExceeded.RateLimitExceeded", "InternalError", "InternalError.DBError",
		"InternalError.UndefinedError", "ServiceUnavailable", "ResourceUnavailable", "ResourceInUse",
	} {
		srv := startMock(t)
		c := newTestClient(t, Config{CDBEndpoint: srv.URL(), MaxRetries: retries(3)})
		srv.InjectError(2, code, "try again")
		if err := describe(c); err != nil {
			t.Errorf("%s: %v", code, err)
		}
		if n := len(srv.Calls()); n != 3 {
			t.Errorf("%s: %d calls, want 3 (two failures, one success)", code, n)
		}
	}
}

func TestRetry_FinalCodesAreNotRetried(t *testing.T) {
	for _, code := range []string{
		"AuthFailure.SignatureFailure", "AuthFailure.SecretIdNotFound", "AuthFailure.SignatureExpire", "AuthFailure.TokenFailure",
		"UnauthorizedOperation", "AuthFailure.UnauthorizedOperation", "InvalidParameter", "InvalidParameter.InstanceNotFound",
		"InvalidParameterValue.InvalidParameterValueError", "MissingParameter", "UnknownParameter", "UnsupportedRegion",
		"OperationDenied.WrongStatus", "CdbError", "RequestLimitExceededX", "InternalError.DBRecordNotExistError",
		"OperationDenied.NotSupportBasic",
	} {
		srv := startMock(t)
		c := newTestClient(t, Config{CDBEndpoint: srv.URL(), MaxRetries: retries(3)})
		srv.InjectError(1, code, "no")
		var apiErr *APIError
		if err := describe(c); !errors.As(err, &apiErr) || apiErr.Code != code {
			t.Errorf("%s: got %v", code, err)
		}
		if n := len(srv.Calls()); n != 1 {
			t.Errorf("%s: %d calls, want 1", code, n)
		}
	}
}

func TestRetry_MangledAnswers(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		retry  bool
	}{
		{"proxy error page", 502, "<html>Bad Gateway</html>", true},
		{"HTML with status 200", 200, "<html>maintenance</html>", true},
		{"cut-off JSON", 200, `{"Response":{"TotalCount":3,"Items":[{"BackupId":1`, true},
		{"empty body", 200, "", true},
		{"JSON error with status 503", 503, `{"message":"overloaded"}`, true},
		{"wrong field type", 200, `{"Response":{"TotalCount":"three"}}`, false},
		{"HTTP 404", 404, "not found", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startMock(t)
			c := newTestClient(t, Config{CDBEndpoint: srv.URL(), MaxRetries: retries(2)})
			srv.InjectRawResponse(1, tc.status, tc.body)
			err := describe(c)
			calls := len(srv.Calls())
			if tc.retry && (err != nil || calls != 2) {
				t.Fatalf("got %v after %d calls; want success on the retry", err, calls)
			}
			if !tc.retry && (err == nil || calls != 1) {
				t.Fatalf("got %v after %d calls; want an error without retry", err, calls)
			}
		})
	}
}

func TestRetry_ExhaustedErrorNamesAttemptsAndLastError(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), MaxRetries: retries(4)})
	srv.InjectError(100, "InternalError.DBError", "database unavailable")
	err := describe(c)
	var exhausted *retriesExhaustedError
	if !errors.As(err, &exhausted) || exhausted.Attempts != 5 {
		t.Fatalf("got %#v", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RequestID == "" {
		t.Fatalf("the last API error is not reachable: %v", err)
	}
	for _, want := range []string{"DescribeBackups failed after 5 attempts", "[InternalError.DBError] database unavailable", "RequestId: " + apiErr.RequestID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if n := len(srv.Calls()); n != 5 {
		t.Fatalf("%d calls, want 5", n)
	}
}

func TestRetry_Budget(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), MaxRetries: retries(50), RetryBudget: 100 * time.Millisecond})
	c.retry.jitter = func(time.Duration) time.Duration { return 40 * time.Millisecond }
	srv.InjectError(100, "InternalError", "down")
	var exhausted *retriesExhaustedError
	if err := describe(c); !errors.As(err, &exhausted) || exhausted.Attempts > 4 {
		t.Fatalf("got %v; the budget of 100 ms with 40 ms waits allows at most 3 retries", err)
	}
}

func TestRetry_NetworkErrorsAreRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := newTestClient(t, Config{CDBEndpoint: "http://" + addr, MaxRetries: retries(2)})
	err = describe(c)
	var exhausted *retriesExhaustedError
	var netErr *networkError
	if !errors.As(err, &exhausted) || exhausted.Attempts != 3 || !errors.As(err, &netErr) {
		t.Fatalf("got %v", err)
	}
}

// silentServer accepts connections and never answers, like a stalled load balancer.
func silentServer(t *testing.T) string {
	t.Helper()
	e, err := mock.StartSilentEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e.URL()
}

func TestRetry_RequestTimeout(t *testing.T) {
	c := newTestClient(t, Config{CDBEndpoint: silentServer(t), MaxRetries: retries(1), RequestTimeout: 100 * time.Millisecond})
	err := describe(c)
	var exhausted *retriesExhaustedError
	if !errors.As(err, &exhausted) || exhausted.Attempts != 2 || !strings.Contains(err.Error(), "no answer within 100ms (request_timeout)") {
		t.Fatalf("got %v", err)
	}
}

func TestRetry_CancelStopsInFlightCall(t *testing.T) {
	c := newTestClient(t, Config{CDBEndpoint: silentServer(t), MaxRetries: retries(5), RequestTimeout: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := c.DescribeBackups(ctx, DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return after cancellation")
	}
}

func TestRetry_CancelStopsBackoffWait(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), MaxRetries: retries(5)})
	c.retry.jitter = func(time.Duration) time.Duration { return 30 * time.Second }
	srv.InjectError(100, "InternalError", "down")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := c.DescribeBackups(ctx, DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "while waiting to retry") {
			t.Fatalf("got %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the backoff wait ignored the cancellation")
	}
}

func TestRetry_BackoffGrowsToTheCap(t *testing.T) {
	p := newRetryPolicy(10, time.Minute)
	p.jitter = func(limit time.Duration) time.Duration { return limit }
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 16 * time.Second, 20 * time.Second, 20 * time.Second}
	for i, w := range want {
		if got := p.backoff(i + 1); got != w {
			t.Errorf("retry %d: limit %s, want %s", i+1, got, w)
		}
	}
	if got := p.backoff(200); got != backoffCap {
		t.Errorf("retry 200: %s", got)
	}
	for range 1000 {
		if d := fullJitter(time.Second); d < 0 || d >= time.Second {
			t.Fatalf("jitter %s outside [0, 1s)", d)
		}
	}
}

// TestRetry_RateLimitRefusalsDoNotCountAgainstMaxRetries: a call refused for the rate waits for the limiter and
// is sent again, within the budget, even with max_retries = 0; other retryable errors still count.
func TestRetry_RateLimitRefusalsDoNotCountAgainstMaxRetries(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), MaxRetries: retries(0)})
	srv.InjectError(3, "RequestLimitExceeded", "Your requests are too frequent.")
	if err := describe(c); err != nil {
		t.Fatalf("three rate-limit refusals with max_retries = 0: %v", err)
	}
	if n := len(srv.Calls()); n != 4 {
		t.Fatalf("%d calls, want 4 (three refusals, then the answer)", n)
	}
	srv.ResetCalls()
	srv.InjectError(1, "InternalError", "down")
	if err := describe(c); err == nil {
		t.Fatal("an InternalError was retried with max_retries = 0")
	}
}
