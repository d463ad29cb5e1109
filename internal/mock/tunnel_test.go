package mock_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// openTunnel asks the mock at addr for a CONNECT tunnel to target, as a client configured with
// an HTTP proxy does; extra is sent right behind the CONNECT, before its answer is read.
func openTunnel(t *testing.T, addr, target, extra string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, "CONNECT "+target+" HTTP/1.1\r\nHost: "+target+"\r\n\r\n"+extra); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		t.Fatalf("CONNECT %s: %v", target, err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("CONNECT %s: status %d, want 200", target, res.StatusCode)
	}
	return conn, br
}

// tunnelTransport sends every request through a CONNECT tunnel to the request's host, opened
// through the mock as the proxy: what a client configured with a tunnelling proxy does for plain
// HTTP. Go's own transport tunnels only HTTPS, so the test opens the tunnel itself.
func tunnelTransport(t *testing.T, proxyAddr string) *http.Transport {
	transport := &http.Transport{
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", proxyAddr)
			if err != nil {
				return nil, err
			}
			if _, err := io.WriteString(conn, "CONNECT "+addr+" HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
				conn.Close()
				return nil, err
			}
			br := bufio.NewReader(conn)
			res, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
			if err != nil {
				conn.Close()
				return nil, err
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK || br.Buffered() > 0 {
				conn.Close()
				return nil, errors.New("CONNECT " + addr + " refused: " + res.Status)
			}
			return conn, nil
		},
	}
	t.Cleanup(transport.CloseIdleConnections)
	return transport
}

func TestConnect_TunnelServesSignedCalls(t *testing.T) {
	s := startServer(t, mock.Options{})
	backups := mock.GenerateBackups("cdb-a", "ap-guangzhou", 7, newest)
	s.SetBackups("ap-guangzhou", "cdb-a", backups)
	s.SetBackups("ap-shanghai-fsi", "cdb-fsi", mock.GenerateBackups("cdb-fsi", "ap-shanghai-fsi", 2, newest))
	viaTunnel := tunnelTransport(t, s.Addr())

	// The SDK signs the real API host; the tunnel leads to the mock, which answers as that host.
	client := newClient(t, s, clientConfig{region: "ap-guangzhou", endpoint: "cdb.tencentcloudapi.com", transport: viaTunnel})
	var ids []int64
	for offset := 0; offset < len(backups); offset += 3 {
		resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": offset, "Limit": 3})
		if *resp.Response.TotalCount != int64(len(backups)) {
			t.Fatalf("TotalCount = %d, want %d", *resp.Response.TotalCount, len(backups))
		}
		for _, b := range resp.backups(t) {
			ids = append(ids, b.BackupId)
		}
	}
	for i, b := range backups {
		if i >= len(ids) || ids[i] != b.BackupId {
			t.Fatalf("BackupIds through the tunnel = %v, want those of the %d backups in order", ids, len(backups))
		}
	}
	calls := s.Calls()
	if len(calls) != 3 {
		t.Fatalf("recorded %d calls, want 3", len(calls))
	}
	for _, c := range calls {
		if c.Host != "cdb.tencentcloudapi.com" || c.ErrorCode != "" {
			t.Errorf("recorded call %+v, want Host cdb.tencentcloudapi.com answered", c)
		}
	}
	if got := s.Stats(); got.Tunnels != 1 || got.Calls != 3 {
		t.Errorf("Stats: %d tunnels, %d calls; want the 3 calls through 1 tunnel kept open", got.Tunnels, got.Calls)
	}

	// The gateway's rules hold for the host the tunnel was opened to, as for plain proxying.
	t.Run("finance region on its own host", func(t *testing.T) {
		client := newClient(t, s, clientConfig{region: "ap-shanghai-fsi", endpoint: "cdb.ap-shanghai-fsi.tencentcloudapi.com", transport: viaTunnel})
		mustDescribe(t, client, map[string]any{"InstanceId": "cdb-fsi"})
	})
	t.Run("finance region on the plain host", func(t *testing.T) {
		client := newClient(t, s, clientConfig{region: "ap-shanghai-fsi", endpoint: "cdb.tencentcloudapi.com", transport: viaTunnel})
		_, err := describe(t, client, map[string]any{"InstanceId": "cdb-fsi"})
		expectCode(t, err, "UnsupportedRegion", "ap-shanghai-fsi")
	})
	t.Run("wrong key", func(t *testing.T) {
		client := newClient(t, s, clientConfig{region: "ap-guangzhou", endpoint: "cdb.tencentcloudapi.com", transport: viaTunnel,
			secretID: mock.DefaultSecretID, secretKey: "not-the-key"})
		_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
		expectCode(t, err, "AuthFailure.SignatureFailure")
	})
}

// TestConnect_RequestSentWithTheConnect sends the request in the same write as the CONNECT, before
// the tunnel is answered: the mock has read part of it already, and must serve it all the same.
func TestConnect_RequestSentWithTheConnect(t *testing.T) {
	s := startServer(t, mock.Options{})
	conn, br := openTunnel(t, s.Addr(), "cdb.tencentcloudapi.com:80",
		"GET "+mock.StatsPath+" HTTP/1.1\r\nHost: cdb.tencentcloudapi.com\r\n\r\n")
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var stats mock.Stats
	if err := json.NewDecoder(res.Body).Decode(&stats); err != nil || stats.Tunnels != 1 {
		t.Errorf("stats through the tunnel: %+v, %v; want 1 tunnel", stats, err)
	}
	_ = conn.Close()
}

// TestConnect_AnyHostLeadsToTheMock checks that a CONNECT to a host the mock does not serve is
// answered as a plain proxied request to it is: by the mock itself, which never reaches the network.
func TestConnect_AnyHostLeadsToTheMock(t *testing.T) {
	s := startServer(t, mock.Options{})
	proxyURL, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	viaProxy := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
	t.Cleanup(viaProxy.CloseIdleConnections)
	answer := func(transport http.RoundTripper) string {
		t.Helper()
		res, err := (&http.Client{Transport: transport, Timeout: 5 * time.Second}).Get("http://example.invalid:8080/")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var answer struct {
			Response struct{ Error struct{ Code string } }
		}
		if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
			t.Fatal(err)
		}
		return answer.Response.Error.Code
	}
	plain, tunnelled := answer(viaProxy), answer(tunnelTransport(t, s.Addr()))
	if plain != "UnsupportedProtocol" || tunnelled != plain {
		t.Errorf("GET example.invalid answered %q through the proxy, %q through a tunnel; want UnsupportedProtocol both", plain, tunnelled)
	}
	if calls := s.Calls(); len(calls) != 2 || calls[1].Host != "example.invalid:8080" {
		t.Errorf("recorded calls = %+v, want both, the second with Host example.invalid:8080", calls)
	}
}

// TestConnect_TLSFailsAtOnce checks that HTTPS through the mock as a proxy fails its handshake
// quickly, instead of hanging: the mock serves plain HTTP only.
func TestConnect_TLSFailsAtOnce(t *testing.T) {
	s := startServer(t, mock.Options{})
	proxyURL, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	transport := &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{ServerName: "cdb.tencentcloudapi.com"}}
	t.Cleanup(transport.CloseIdleConnections)
	start := time.Now()
	res, err := (&http.Client{Transport: transport, Timeout: 10 * time.Second}).Post("https://cdb.tencentcloudapi.com/", "application/json", strings.NewReader("{}"))
	if err == nil {
		res.Body.Close()
		t.Error("HTTPS through the mock succeeded; want its handshake to fail")
	}
	t.Logf("HTTPS through the mock: %v", err) // Go's client: "server gave HTTP response to HTTPS client"
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the TLS failure took %s", took)
	}
	if calls := s.Calls(); len(calls) != 0 {
		t.Errorf("recorded calls = %+v, want none", calls)
	}
}

// TestConnect_CloseEndsTunnels checks that Close ends open tunnels, which the listener's own
// server no longer tracks once they are taken over.
func TestConnect_CloseEndsTunnels(t *testing.T) {
	s := startServer(t, mock.Options{})
	conn, br := openTunnel(t, s.Addr(), "cdb.tencentcloudapi.com:80", "")
	closed := make(chan error, 1)
	go func() {
		_, err := br.ReadByte()
		closed <- err
	}()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-closed:
		if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "reset") {
			t.Errorf("read on the tunnel after Close: %v, want the connection closed", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the tunnel is still open 5 s after Close")
	}
	_ = conn.Close()
}

// TestConnect_CloseFaultInTunnel checks that a fault that closes the connection ends the tunnel.
func TestConnect_CloseFaultInTunnel(t *testing.T) {
	s := startServer(t, mock.Options{Faults: mock.FaultOptions{Rate: 1, Kinds: []mock.FaultKind{mock.FaultCloseConnection}}})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou", endpoint: "cdb.tencentcloudapi.com", transport: tunnelTransport(t, s.Addr())})
	_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
	if err == nil {
		t.Fatal("the call succeeded; want the connection closed")
	}
	if calls := s.Calls(); len(calls) != 1 || calls[0].ErrorCode != mock.ErrorConnectionClosed {
		t.Errorf("recorded calls = %+v, want one, its connection closed", calls)
	}
}

// TestWrapHandler_SeesTunnelledCalls checks that a wrapper of the handler sees the CONNECT and
// the calls that come through the tunnel, and that a handler that cannot give its connection
// answers CONNECT with an error.
func TestWrapHandler_SeesTunnelledCalls(t *testing.T) {
	s := mock.NewServer(mock.Options{})
	var mu sync.Mutex
	var seen []string
	handler := s.WrapHandler(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen = append(seen, r.Method+" "+r.Host+r.URL.Path)
			mu.Unlock()
			next.ServeHTTP(w, r)
		})
	})
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { _ = s.Close() }) // runs first: ends the tunnel, which srv.Close would wait for

	_, br := openTunnel(t, srv.Listener.Addr().String(), "cdb.tencentcloudapi.com:80",
		"GET "+mock.StatsPath+" HTTP/1.1\r\nHost: cdb.tencentcloudapi.com\r\n\r\n")
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	mu.Lock()
	got := strings.Join(seen, ", ")
	mu.Unlock()
	if want := "CONNECT cdb.tencentcloudapi.com:80, GET cdb.tencentcloudapi.com" + mock.StatsPath; got != want {
		t.Errorf("the wrapper saw %q, want %q", got, want)
	}

	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodConnect, "http://cdb.tencentcloudapi.com:80", nil))
	if rec.Code != http.StatusNotImplemented {
		t.Errorf("CONNECT on a ResponseWriter that cannot be hijacked: status %d, want 501", rec.Code)
	}
}
