package tencentcloud

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestClient_ReadsProxySettingsPerClient proves the proxy environment is read when a client is made, not once
// per process: the second client, made after HTTP_PROXY is gone, connects directly (and .invalid never resolves).
func TestClient_ReadsProxySettingsPerClient(t *testing.T) {
	srv := startMock(t)
	t.Setenv("HTTP_PROXY", srv.URL())
	t.Setenv("NO_PROXY", "")
	cfg := Config{Protocol: "HTTP", Domain: "mock.invalid"}
	if _, err := newTestClient(t, cfg).DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if host := srv.Calls()[0].Host; host != "cdb.mock.invalid" {
		t.Fatalf("Host = %q", host)
	}
	t.Setenv("HTTP_PROXY", "")
	_, err := newTestClient(t, cfg).DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
	var netErr *networkError
	if !errors.As(err, &netErr) || len(srv.Calls()) != 1 {
		t.Fatalf("got %v after %d calls; want a direct connection that fails", err, len(srv.Calls()))
	}
}

// TestReadAnswer: a body is read whole, and one longer than an API answer can be is refused without reading it.
func TestReadAnswer(t *testing.T) {
	for _, length := range []int64{-1, 0, 5} {
		body, err := readAnswer(&http.Response{ContentLength: length, Body: io.NopCloser(strings.NewReader("hello"))})
		want := "hello"
		if length == 0 {
			want = ""
		}
		if err != nil || string(body) != want {
			t.Errorf("Content-Length %d: %q, %v", length, body, err)
		}
	}
	if _, err := readAnswer(&http.Response{ContentLength: 9, Body: io.NopCloser(strings.NewReader("hello"))}); err == nil {
		t.Error("a body shorter than its Content-Length was read without an error")
	}
	_, err := readAnswer(&http.Response{ContentLength: maxAnswerBytes + 1, Body: io.NopCloser(strings.NewReader("x"))})
	if err == nil || !strings.Contains(err.Error(), "more than the 134217728") {
		t.Errorf("oversized answer: %v", err)
	}
}

// TestClient_AnswerCutOffMidBody: a connection that breaks while the body is read (fewer bytes than its
// Content-Length) is a network failure, retried, and its error quotes nothing of what was read.
func TestClient_AnswerCutOffMidBody(t *testing.T) {
	const link = "https://cos.example.com/backup.xb?q-signature=SECRET"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"Response":{"Items":[{"InternetUrl":"`+link)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL})
	_, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
	var netErr *networkError
	if !errors.As(err, &netErr) || !isRetryable(netErr) || !strings.Contains(err.Error(), "broke after 90 bytes of the answer: unexpected EOF") {
		t.Fatalf("got %v, want a retryable networkError about reading the answer", err)
	}
	if testing.Verbose() {
		t.Log(err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("the error quotes the body: %v", err)
	}
}
