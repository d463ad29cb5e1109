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

// startSpecMock is startMock with the original specification's largest Limit, 100, instead of the mock's default
// (the current API's 1000): an API that refuses the provider's probe, so the fallback is what is tested.
func startSpecMock(t *testing.T) *mock.Server {
	t.Helper()
	srv := startMock(t)
	if err := srv.SetMaxLimit(mock.SpecificationMaxLimit); err != nil {
		t.Fatal(err)
	}
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
	if cfg.SharedQuota == nil && cfg.CacheDir == "" {
		// What one test learns about the quota is not another's: tests of the cache name a folder of their own.
		notShared := false
		cfg.SharedQuota = &notShared
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
		var respErr *responseError
		if !errors.As(err, &respErr) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("status %d, body %.30q: got %v, want a responseError containing %q", tc.status, tc.body, err, tc.want)
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
	var netErr *networkError
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
