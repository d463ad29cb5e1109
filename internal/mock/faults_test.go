package mock_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// faultServer starts a mock that gives every call one fault kind, with one instance of 5 backups.
func faultServer(t *testing.T, kind mock.FaultKind, stall time.Duration) *mock.Server {
	t.Helper()
	s := startServer(t, mock.Options{Faults: mock.FaultOptions{Rate: 1, Seed: 1, Kinds: []mock.FaultKind{kind}, StallFor: stall}})
	s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 5, newest))
	return s
}

// plainAnswer is what a plain net/http client got.
type plainAnswer struct {
	status int
	header http.Header
	body   []byte
}

// postPlain sends an unsigned DescribeBackups body with plain net/http.
func postPlain(ctx context.Context, client *http.Client, url string) (plainAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"InstanceId":"cdb-a"}`))
	if err != nil {
		return plainAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return plainAnswer{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return plainAnswer{status: res.StatusCode, header: res.Header, body: body}, err
}

// eventually polls cond until it holds, failing the test after a few seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// faultsOf lists the Fault and ErrorCode of every recorded call.
func faultsOf(s *mock.Server) []string {
	var out []string
	for _, c := range s.Calls() {
		out = append(out, string(c.Fault)+"/"+c.ErrorCode)
	}
	return out
}

func TestFault_BadGateway(t *testing.T) {
	s := faultServer(t, mock.FaultBadGateway, 0)

	// Before any check: an unsigned request gets it too.
	res, err := postPlain(context.Background(), http.DefaultClient, s.URL())
	if err != nil {
		t.Fatal(err)
	}
	if res.status != http.StatusBadGateway || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") ||
		!strings.Contains(string(res.body), "<h1>502 Bad Gateway</h1>") {
		t.Errorf("answer = %d %q %q, want 502 with an HTML page", res.status, res.header.Get("Content-Type"), res.body)
	}
	_, err = describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "ClientError.ParseJsonError", "502 Bad Gateway")

	if got, want := faultsOf(s), []string{"502/HTTP 502", "502/HTTP 502"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
	if got := s.FaultCounts(); !reflect.DeepEqual(got, map[mock.FaultKind]int{mock.FaultBadGateway: 2}) {
		t.Errorf("FaultCounts = %v", got)
	}
}

func TestFault_CloseConnection(t *testing.T) {
	s := faultServer(t, mock.FaultCloseConnection, 0)

	_, err := postPlain(context.Background(), http.DefaultClient, s.URL())
	if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("error = %v, want EOF or connection reset", err)
	}
	_, err = describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "ClientError.NetworkError")

	if got, want := faultsOf(s), []string{"close/connection closed", "close/connection closed"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
	if got := s.Stats(); got.Faults != 2 || got.FaultsByKind[mock.FaultCloseConnection] != 2 {
		t.Errorf("Stats = %+v", got)
	}
}

func TestFault_StallOutlastsClientTimeout(t *testing.T) {
	s := faultServer(t, mock.FaultStall, 5*time.Second)

	client := &http.Client{Timeout: 200 * time.Millisecond}
	started := time.Now()
	_, err := postPlain(context.Background(), client, s.URL())
	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("error = %v, want the client's timeout", err)
	}
	if elapsed := time.Since(started); elapsed > 3*time.Second {
		t.Errorf("the client waited %s", elapsed)
	}
	// The server stops waiting once the client has gone.
	eventually(t, "the stalled call is recorded as canceled", func() bool {
		return reflect.DeepEqual(faultsOf(s), []string{"stall/" + mock.ErrorCanceled})
	})
	eventually(t, "no call is in flight", func() bool { return s.Stats().InFlight == 0 })

	closed := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(closed); elapsed > time.Second {
		t.Errorf("Close took %s", elapsed)
	}
}

func TestFault_StallEndsWhenServerCloses(t *testing.T) {
	s := faultServer(t, mock.FaultStall, time.Minute)

	done := make(chan error, 1)
	go func() {
		_, err := postPlain(context.Background(), &http.Client{Timeout: 30 * time.Second}, s.URL())
		done <- err
	}()
	eventually(t, "the call is in flight", func() bool { return s.Stats().InFlight == 1 })

	closed := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("the stalled call got an answer from a closed server")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stalled call outlived Close")
	}
	if elapsed := time.Since(closed); elapsed > 2*time.Second {
		t.Errorf("Close and the client's failure took %s", elapsed)
	}
	eventually(t, "the handler is done", func() bool { return s.Stats().InFlight == 0 })
}

// A server that serves Handler itself (here httptest, whose Close waits for every handler) is
// released from a stall by the mock's Close.
func TestFault_CloseReleasesStallsOfAnyHTTPServer(t *testing.T) {
	s := mock.NewServer(mock.Options{Faults: mock.FaultOptions{Rate: 1, Kinds: []mock.FaultKind{mock.FaultStall}, StallFor: time.Minute}})
	ts := httptest.NewServer(s.Handler())
	done := make(chan error, 1)
	go func() {
		_, err := postPlain(context.Background(), &http.Client{Timeout: 30 * time.Second}, ts.URL)
		done <- err
	}()
	eventually(t, "the call is in flight", func() bool { return s.Stats().InFlight == 1 })

	closed := time.Now()
	_ = s.Close()
	ts.Close()
	if elapsed := time.Since(closed); elapsed > 2*time.Second {
		t.Errorf("closing took %s", elapsed)
	}
	if err := <-done; err == nil {
		t.Error("the stalled call got an answer; want the connection dropped")
	}
	if got := faultsOf(s); !reflect.DeepEqual(got, []string{"stall/" + mock.ErrorCanceled}) {
		t.Errorf("recorded %q", got)
	}
}

func TestFault_ShortStallThenNormalAnswer(t *testing.T) {
	s := faultServer(t, mock.FaultStall, 100*time.Millisecond)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	started := time.Now()
	resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	if elapsed := time.Since(started); elapsed < 100*time.Millisecond {
		t.Errorf("answered after %s, want at least the stall", elapsed)
	}
	if *resp.Response.TotalCount != 5 {
		t.Errorf("TotalCount = %d, want 5", *resp.Response.TotalCount)
	}
	// A stalled call is still checked like any other.
	_, err := describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: mock.DefaultSecretID, secretKey: "wrong"}),
		map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "AuthFailure.SignatureFailure")
	if got, want := faultsOf(s), []string{"stall/", "stall/AuthFailure.SignatureFailure"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
}

func TestFault_TruncatedJSON(t *testing.T) {
	s := faultServer(t, mock.FaultTruncatedJSON, 0)
	want := s.Backups("ap-guangzhou", "cdb-a")

	// Whatever the answer, it arrives cut: here an unsigned call's error answer.
	res, err := postPlain(context.Background(), http.DefaultClient, s.URL())
	if err != nil {
		t.Fatalf("a truncated answer should arrive well framed: %v", err)
	}
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json" {
		t.Errorf("status %d, Content-Type %q; want 200 application/json", res.status, res.header.Get("Content-Type"))
	}
	if !strings.HasPrefix(string(res.body), `{"Response":{"Error":{"Code":"MissingParameter`) {
		t.Errorf("body %q is not the start of an API answer", res.body)
	}
	var v any
	if json.Unmarshal(res.body, &v) == nil {
		t.Errorf("body %q parses; want a cut answer", res.body)
	}

	_, err = describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-a", "Limit": 100})
	expectCode(t, err, "ClientError.ParseJsonError")

	if got, want := faultsOf(s), []string{"truncated/truncated answer", "truncated/truncated answer"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
	if got := s.Backups("ap-guangzhou", "cdb-a"); !reflect.DeepEqual(got, want) {
		t.Error("a fault changed the stored backups")
	}
}

func TestFault_APICodes(t *testing.T) {
	tests := []struct {
		kind  mock.FaultKind
		codes []string
	}{
		{mock.FaultInternalError, []string{"InternalError", "InternalError.DBError", "InternalError.UndefinedError",
			"InternalError.UnknownError", "InternalError.CdbError", "InternalError.DatabaseAccessError",
			"InternalError.DBOperationError", "InternalError.HttpError"}},
		{mock.FaultRateLimit, []string{"RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
			"RequestLimitExceeded.GlobalRegionUinLimitExceeded", "RequestLimitExceeded.IPLimitExceeded",
			"LimitExceeded.RateLimitExceeded"}},
		{mock.FaultServiceUnavailable, []string{"ServiceUnavailable", "ResourceUnavailable"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			if got := mock.FaultCodes(tt.kind); !reflect.DeepEqual(got, tt.codes) {
				t.Errorf("FaultCodes = %q, want %q", got, tt.codes)
			}
			s := faultServer(t, tt.kind, 0)
			client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
			seen := map[string]bool{}
			for range 60 {
				_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
				sdkErr := expectCode(t, err, errCode(err))
				if !slices.Contains(tt.codes, sdkErr.GetCode()) || sdkErr.GetMessage() == "" {
					t.Fatalf("answered %s %q, want one of %q", sdkErr.GetCode(), sdkErr.GetMessage(), tt.codes)
				}
				seen[sdkErr.GetCode()] = true
			}
			if len(seen) != len(tt.codes) {
				t.Errorf("60 calls gave the codes %v, want every one of %q", seen, tt.codes)
			}

			// API faults come after authentication: a bad signature is answered as such, and is no fault.
			bad := newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: mock.DefaultSecretID, secretKey: "wrong"})
			_, err := describe(t, bad, map[string]any{"InstanceId": "cdb-a"})
			expectCode(t, err, "AuthFailure.SignatureFailure")
			if got := s.FaultCounts(); !reflect.DeepEqual(got, map[mock.FaultKind]int{tt.kind: 60}) {
				t.Errorf("FaultCounts = %v, want 60 %s", got, tt.kind)
			}
			if calls := s.Calls(); calls[60].Fault != "" {
				t.Errorf("the refused call is recorded with fault %q", calls[60].Fault)
			}
		})
	}
}

// errCode is the SDK error code of err, or "" (expectCode then fails with the details).
func errCode(err error) string {
	var coded interface{ GetCode() string }
	if errors.As(err, &coded) {
		return coded.GetCode()
	}
	return ""
}

// callMany makes n sequential SDK calls, paging the instance in turn.
func callMany(t *testing.T, s *mock.Server, n int) {
	t.Helper()
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	for i := range n {
		_, _ = describe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": i % 5, "Limit": 2})
	}
}

func TestFaults_SameSeedSameDecisions(t *testing.T) {
	opts := mock.FaultOptions{Rate: 0.5, Seed: 42, StallFor: time.Millisecond}
	run := func(o mock.FaultOptions) []string {
		s := startServer(t, mock.Options{Faults: o})
		s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 5, newest))
		callMany(t, s, 80)
		return faultsOf(s)
	}
	first, again := run(opts), run(opts)
	if !reflect.DeepEqual(first, again) {
		t.Errorf("the same seed gave other decisions:\n%q\n%q", first, again)
	}
	kinds := map[string]bool{}
	for _, f := range first {
		kinds[strings.SplitN(f, "/", 2)[0]] = true
	}
	if len(kinds) != len(mock.AllFaultKinds())+1 {
		t.Errorf("80 calls at rate 0.5 gave %v, want every kind and calls without a fault", kinds)
	}
	opts.Seed = 43
	if other := run(opts); reflect.DeepEqual(first, other) {
		t.Error("another seed gave the same decisions")
	}

	// SetFaults restarts the generator: a reused server repeats the sequence.
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 5, newest))
	callMany(t, s, 3)
	opts.Seed = 42
	if err := s.SetFaults(opts); err != nil {
		t.Fatal(err)
	}
	s.ResetCalls()
	callMany(t, s, 80)
	if got := faultsOf(s); !reflect.DeepEqual(got, first) {
		t.Errorf("after SetFaults the decisions differ:\n%q\n%q", got, first)
	}
}

func TestFaults_Rate(t *testing.T) {
	stored := mock.GenerateBackups("cdb-a", "ap-guangzhou", 5, newest)
	for _, tt := range []struct {
		rate     float64
		calls    int
		min, max int
	}{
		{0, 200, 0, 0},
		{1, 200, 200, 200},
		{0.2, 1000, 150, 250},
	} {
		s := startServer(t, mock.Options{Faults: mock.FaultOptions{Rate: tt.rate, Seed: 7, StallFor: time.Millisecond}})
		s.SetBackups("ap-guangzhou", "cdb-a", stored)
		callMany(t, s, tt.calls)
		st := s.Stats()
		if st.Faults < tt.min || st.Faults > tt.max || st.Calls != tt.calls {
			t.Errorf("rate %v: %d faults in %d calls, want %d..%d", tt.rate, st.Faults, st.Calls, tt.min, tt.max)
		}
		sum := 0
		for _, n := range s.FaultCounts() {
			sum += n
		}
		if sum != st.Faults {
			t.Errorf("rate %v: FaultCounts sum to %d, Stats.Faults is %d", tt.rate, sum, st.Faults)
		}
		if tt.rate == 0.2 && len(s.FaultCounts()) != len(mock.AllFaultKinds()) {
			t.Errorf("rate 0.2 over %d calls injected only %v", tt.calls, s.FaultCounts())
		}
		if !reflect.DeepEqual(s.Backups("ap-guangzhou", "cdb-a"), stored) {
			t.Errorf("rate %v: faults changed the stored backups", tt.rate)
		}
	}
}

func TestFaults_QueuedInjectionsComeFirst(t *testing.T) {
	s := faultServer(t, mock.FaultBadGateway, 0)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	s.InjectError(1, "OperationDenied.WrongStatus", "busy")
	expectCode(t, second(describe(t, client, map[string]any{"InstanceId": "cdb-a"})), "OperationDenied.WrongStatus")
	expectCode(t, second(describe(t, client, map[string]any{"InstanceId": "cdb-a"})), "ClientError.ParseJsonError")
	if got, want := faultsOf(s), []string{"/OperationDenied.WrongStatus", "502/HTTP 502"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
}

func TestFaults_Settings(t *testing.T) {
	s := mock.NewServer(mock.Options{})
	for name, o := range map[string]mock.FaultOptions{
		"rate above 1":   {Rate: 1.5},
		"negative rate":  {Rate: -0.1},
		"negative stall": {Rate: 0.1, StallFor: -time.Second},
		"unknown kind":   {Rate: 0.1, Kinds: []mock.FaultKind{"explode"}},
	} {
		if err := s.SetFaults(o); err == nil {
			t.Errorf("%s: SetFaults accepted %+v", name, o)
		}
	}
	if err := s.SetQuota(-1); err == nil {
		t.Error("SetQuota accepted -1")
	}
	if err := s.SetLatency(-time.Second); err == nil {
		t.Error("SetLatency accepted -1s")
	}
	if err := s.SetMutation(mock.MutationOptions{EveryCalls: 2, Remove: -1}); err == nil {
		t.Error("SetMutation accepted Remove -1")
	}
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "1.5") {
				t.Errorf("NewServer with rate 1.5: recovered %v, want a panic naming the rate", r)
			}
		}()
		mock.NewServer(mock.Options{Faults: mock.FaultOptions{Rate: 1.5}})
	}()
}

func TestParseFaultKinds(t *testing.T) {
	got, err := mock.ParseFaultKinds(" internal,502 ,STALL,close,truncated,ratelimit,unavailable")
	want := []mock.FaultKind{mock.FaultInternalError, mock.FaultBadGateway, mock.FaultStall, mock.FaultCloseConnection,
		mock.FaultTruncatedJSON, mock.FaultRateLimit, mock.FaultServiceUnavailable}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseFaultKinds = %v, %v; want %v", got, err, want)
	}
	if got, err := mock.ParseFaultKinds("all"); err != nil || !reflect.DeepEqual(got, mock.AllFaultKinds()) {
		t.Errorf("all = %v, %v", got, err)
	}
	if got, err := mock.ParseFaultKinds(""); err != nil || got != nil {
		t.Errorf("empty = %v, %v; want nil (all)", got, err)
	}
	for _, bad := range []string{"boom", "502,", "internal,,close"} {
		if _, err := mock.ParseFaultKinds(bad); err == nil || !strings.Contains(err.Error(), "internal, ratelimit") {
			t.Errorf("ParseFaultKinds(%q) = %v, want an error listing the kinds", bad, err)
		}
	}
}
