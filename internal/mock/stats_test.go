package mock_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func TestLatency_DelaysEveryCall(t *testing.T) {
	s := startServer(t, mock.Options{Latency: 150 * time.Millisecond})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	started := time.Now()
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	if elapsed := time.Since(started); elapsed < 150*time.Millisecond {
		t.Errorf("answered after %s, want at least 150ms", elapsed)
	}
	// Errors are delayed too: the delay comes before any check.
	started = time.Now()
	if _, err := postPlain(context.Background(), http.DefaultClient, s.URL()); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(started); elapsed < 150*time.Millisecond {
		t.Errorf("the error answered after %s, want at least 150ms", elapsed)
	}

	// A client that gives up ends the wait.
	if err := s.SetLatency(time.Minute); err != nil {
		t.Fatal(err)
	}
	s.ResetCalls()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := postPlain(ctx, http.DefaultClient, s.URL()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the deadline", err)
	}
	eventually(t, "the call is recorded as canceled", func() bool {
		calls := s.Calls()
		return len(calls) == 1 && calls[0].ErrorCode == mock.ErrorCanceled
	})
}

func TestStats_PeakConcurrency(t *testing.T) {
	s := startServer(t, mock.Options{Latency: time.Minute})
	const n = 6
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = postPlain(ctx, http.DefaultClient, s.URL())
		}()
	}
	eventually(t, "every call is in flight", func() bool { return s.Stats().InFlight == n })
	if st := s.Stats(); st.PeakConcurrency != n || st.Calls != n || st.FirstCall.IsZero() {
		t.Errorf("Stats = %+v, want peak %d", st, n)
	}
	cancel()
	wg.Wait()
	eventually(t, "no call is in flight", func() bool { return s.Stats().InFlight == 0 })
	if st := s.Stats(); st.PeakConcurrency != n || st.LastAnswer.Before(st.FirstCall) {
		t.Errorf("Stats = %+v, want peak %d kept and LastAnswer after FirstCall", st, n)
	}
	s.ResetStats()
	if st := s.Stats(); st.PeakConcurrency != 0 || st.Calls != 0 || !st.FirstCall.IsZero() || !st.LastAnswer.IsZero() {
		t.Errorf("after ResetStats: %+v", st)
	}
}

func TestStats_Endpoint(t *testing.T) {
	s := startServer(t, mock.Options{Faults: mock.FaultOptions{Rate: 1, Kinds: []mock.FaultKind{mock.FaultBadGateway}}})
	for range 3 {
		if _, err := postPlain(context.Background(), http.DefaultClient, s.URL()); err != nil {
			t.Fatal(err)
		}
	}

	get := func(method, path string) (plainAnswer, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, s.URL()+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v map[string]any
		_ = json.NewDecoder(res.Body).Decode(&v)
		return plainAnswer{status: res.StatusCode, header: res.Header}, v
	}

	res, v := get(http.MethodGet, mock.StatsPath)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET %s: %d %s", mock.StatsPath, res.status, res.header.Get("Content-Type"))
	}
	if v["calls"] != 3.0 || v["faults"] != 3.0 || v["refused"] != 0.0 || v["peak_concurrency"] != 1.0 ||
		v["faults_by_kind"].(map[string]any)["502"] != 3.0 || v["first_call"] == nil || v["last_answer"] == nil {
		t.Errorf("stats = %v", v)
	}
	var typed mock.Stats
	data, _ := json.Marshal(v)
	if err := json.Unmarshal(data, &typed); err != nil || typed.Calls != 3 || typed.FaultsByKind[mock.FaultBadGateway] != 3 {
		t.Errorf("the JSON does not decode into Stats: %+v, %v", typed, err)
	}

	// The mock's own paths are no API calls, and take only their method.
	if res, _ := get(http.MethodPost, mock.StatsPath); res.status != http.StatusMethodNotAllowed || res.header.Get("Allow") != "GET" {
		t.Errorf("POST %s: %d, Allow %q", mock.StatsPath, res.status, res.header.Get("Allow"))
	}
	if res, _ := get(http.MethodGet, mock.ResetPath); res.status != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %d", mock.ResetPath, res.status)
	}
	if got := len(s.Calls()); got != 3 {
		t.Errorf("recorded %d calls, want the 3 API calls only", got)
	}

	res, v = get(http.MethodPost, mock.ResetPath)
	if res.status != http.StatusOK || v["calls"] != 0.0 || v["faults"] != 0.0 || v["first_call"] != nil {
		t.Errorf("POST %s: %d %v", mock.ResetPath, res.status, v)
	}
	if st := s.Stats(); st.Calls != 0 || len(st.FaultsByKind) != 0 {
		t.Errorf("after reset: %+v", st)
	}

	// Any other path follows the API's rules.
	if err := s.SetFaults(mock.FaultOptions{}); err != nil {
		t.Fatal(err)
	}
	res, v = get(http.MethodGet, "/__mock/other")
	if code := v["Response"].(map[string]any)["Error"].(map[string]any)["Code"]; res.status != http.StatusOK || code != "UnsupportedProtocol" {
		t.Errorf("GET /__mock/other: %d %v, want the API's UnsupportedProtocol", res.status, v)
	}
	if st := s.Stats(); st.Calls != 1 || !strings.HasPrefix(s.Calls()[3].ErrorCode, "UnsupportedProtocol") {
		t.Errorf("GET /__mock/other is not an API call: %+v", st)
	}
}
