package tencentcloud

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const testInstance = "cdb-client01"

func startMock(t *testing.T) *mock.Server {
	t.Helper()
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", testInstance, mock.GenerateBackups(testInstance, "ap-guangzhou", 5, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
	return srv
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	if cfg.Region == "" {
		cfg.Region = "ap-guangzhou"
	}
	if cfg.SecretID == "" {
		cfg.SecretID, cfg.SecretKey = mock.DefaultSecretID, mock.DefaultSecretKey
	}
	if cfg.MaxRetries == nil {
		noRetries := 0
		cfg.MaxRetries = &noRetries
	}
	c, errs := NewClient(context.Background(), cfg)
	if errs != nil {
		t.Fatal(errs)
	}
	c.retry.jitter = func(time.Duration) time.Duration { return time.Millisecond }
	return c
}

func TestClient_DescribeBackups(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), UserAgent: "terraform-provider-tencentcloud 1.2.3"})
	out, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Offset: 1, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if *out.TotalCount != 5 || len(out.Items) != 3 || out.RequestID == "" {
		t.Fatalf("got total %v, %d items, request id %q", out.TotalCount, len(out.Items), out.RequestID)
	}
	calls := srv.Calls()
	if len(calls) != 1 {
		t.Fatalf("%d calls", len(calls))
	}
	call := calls[0]
	if call.Action != "DescribeBackups" || call.Version != "2017-03-20" || call.Region != "ap-guangzhou" ||
		call.Host != srv.Addr() || *call.Offset != 1 || *call.Limit != 3 || call.InstanceID != testInstance {
		t.Fatalf("call = %+v", call)
	}
	if !strings.Contains(call.RequestClient, "terraform-provider-tencentcloud 1.2.3") {
		t.Fatalf("X-TC-RequestClient = %q", call.RequestClient)
	}
}

// testRole is a role of the mock's default account, trusted by it.
const testRole = "qcs::cam::uin/100000000001:roleName/terraform-test"

func TestClient_SendsToken(t *testing.T) {
	srv := startMock(t)
	if err := srv.AddRole(mock.Role{ARN: testRole}); err != nil {
		t.Fatal(err)
	}
	tmp, err := srv.IssueCredential(testRole, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), SecretID: tmp.SecretID, SecretKey: tmp.SecretKey, SecurityToken: tmp.Token})
	if _, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Calls()[0].Token; got != tmp.Token {
		t.Fatalf("X-TC-Token = %q", got)
	}
	// The same key without its token is refused, as the real API refuses it.
	c = newTestClient(t, Config{CDBEndpoint: srv.URL(), SecretID: tmp.SecretID, SecretKey: tmp.SecretKey})
	var apiErr *APIError
	if _, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1}); !errors.As(err, &apiErr) || apiErr.Code != "AuthFailure.TokenFailure" {
		t.Fatalf("got %v", err)
	}
}

func TestClient_APIError(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	_, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: "cdb-nothere", Limit: 1})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidParameter.InstanceNotFound" || apiErr.RequestID == "" || apiErr.Region != "ap-guangzhou" {
		t.Fatalf("got %#v", err)
	}
	want := "DescribeBackups: [InvalidParameter.InstanceNotFound] " + apiErr.Message + " (RequestId: " + apiErr.RequestID + ")"
	if err.Error() != want {
		t.Fatalf("got %q, want %q", err.Error(), want)
	}
}

// TestClient_ErrorsNeverQuoteTheBody feeds answers the client cannot use, each holding a download link.
func TestClient_ErrorsNeverQuoteTheBody(t *testing.T) {
	const link = "https://cos.example.com/backup.xb?q-signature=SECRET"
	cases := []struct {
		status int
		body   string
		want   string
	}{
		{502, "<html><body>Bad Gateway " + link + "</body></html>", "HTTP status 502 Bad Gateway"},
		{200, "<html><body>" + link + "</body></html>", "the answer is not JSON but looks like an HTML page (78 bytes)"},
		{200, `{"Response":{"TotalCount":1,"Items":[{"InternetUrl":"` + link, "the answer is not valid JSON: it is cut off after 105 bytes"},
		{503, `{"Response":{"Items":[{"InternetUrl":"` + link + `"}]}}`, "HTTP status 503 Service Unavailable"},
		{200, `{"Response":{"TotalCount":"1","Items":[{"InternetUrl":"` + link + `"}]}}`, `field "TotalCount" is a JSON string`},
	}
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	for _, tc := range cases {
		srv.InjectRawResponse(1, tc.status, tc.body)
		_, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
		var respErr *ResponseError
		if !errors.As(err, &respErr) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("status %d, body %.30q: got %v, want a ResponseError containing %q", tc.status, tc.body, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error quotes the body: %v", err)
		}
	}
}

func TestClient_NetworkError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c := newTestClient(t, Config{CDBEndpoint: "http://" + addr})
	_, err = c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
	var netErr *NetworkError
	if !errors.As(err, &netErr) || !strings.Contains(err.Error(), "could not reach http://"+addr) {
		t.Fatalf("got %#v", err)
	}
}

func TestClient_Cancelled(t *testing.T) {
	srv := startMock(t)
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.DescribeBackups(ctx, DescribeBackupsInput{InstanceID: testInstance, Limit: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Fatalf("a cancelled call reached the API %d times", n)
	}
}

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
	var netErr *NetworkError
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
	var netErr *NetworkError
	if !errors.As(err, &netErr) || !isRetryable(netErr) || !strings.Contains(err.Error(), "broke after 90 bytes of the answer: unexpected EOF") {
		t.Fatalf("got %v, want a retryable NetworkError about reading the answer", err)
	}
	if testing.Verbose() {
		t.Log(err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("the error quotes the body: %v", err)
	}
}
