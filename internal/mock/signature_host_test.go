package mock_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// tc3Request is what a test signs, and what it then sends: each field may differ between the two.
type tc3Request struct {
	host          string // the canonical host: value
	contentType   string
	signedHeaders string // "content-type;host" unless set
	body          string
	timestamp     int64
	date          string // credential scope date; the UTC date of timestamp unless set
	service       string // "cdb" unless set
	secretID      string
	secretKey     string
	extra         map[string]string // other signed headers, lower-case name -> value
}

// tc3Authorization signs req as the API documents TC3-HMAC-SHA256, written here apart from the
// mock's own code so that a mistake there cannot be repeated here.
func tc3Authorization(req tc3Request) string {
	if req.signedHeaders == "" {
		req.signedHeaders = "content-type;host"
	}
	if req.date == "" {
		req.date = time.Unix(req.timestamp, 0).UTC().Format("2006-01-02")
	}
	if req.service == "" {
		req.service = "cdb"
	}
	headers := map[string]string{"content-type": req.contentType, "host": req.host}
	for name, value := range req.extra {
		headers[name] = value
	}
	var canonicalHeaders strings.Builder
	for _, name := range strings.Split(req.signedHeaders, ";") {
		fmt.Fprintf(&canonicalHeaders, "%s:%s\n", name, strings.ToLower(headers[name]))
	}
	hexSHA := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return hex.EncodeToString(sum[:])
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	canonical := strings.Join([]string{"POST", "/", "", canonicalHeaders.String(), req.signedHeaders, hexSHA(req.body)}, "\n")
	scope := req.date + "/" + req.service + "/tc3_request"
	toSign := strings.Join([]string{"TC3-HMAC-SHA256", strconv.FormatInt(req.timestamp, 10), scope, hexSHA(canonical)}, "\n")
	key := mac(mac(mac([]byte("TC3"+req.secretKey), req.date), req.service), "tc3_request")
	return fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		req.secretID, scope, req.signedHeaders, hex.EncodeToString(mac(key, toSign)))
}

// TestSignature_HostWithOrWithoutPort sends calls signed over the host with its port (as the Go
// SDK signs) or without it (as the Node.js SDK signs): both are accepted; any other difference
// between what was signed and what was sent is refused.
func TestSignature_HostWithOrWithoutPort(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 3, newest))
	_, port, err := net.SplitHostPort(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	otherPort := strconv.Itoa(map[bool]int{true: 8081, false: 8080}[port == "8080"])
	const body = `{"InstanceId":"cdb-a"}`

	tests := []struct {
		name     string
		hostSent string             // the Host header; the mock's address when empty
		sign     func(*tc3Request)  // what the signature covers, changed from what is sent
		send     func(*http.Header) // what is sent, changed after signing
		sentBody string             // the body sent, when not the one signed
		wantCode string             // "" for success
	}{
		// Accepted.
		{name: "address with port, signed with port", sign: func(r *tc3Request) { r.host = "127.0.0.1:" + port }},
		{name: "address with port, signed without port", sign: func(r *tc3Request) { r.host = "127.0.0.1" }},
		{name: "API host with port, signed with port", hostSent: "cdb.tencentcloudapi.com:" + port,
			sign: func(r *tc3Request) { r.host = "cdb.tencentcloudapi.com:" + port }},
		{name: "API host with port, signed without port", hostSent: "cdb.tencentcloudapi.com:" + port,
			sign: func(r *tc3Request) { r.host = "cdb.tencentcloudapi.com" }},
		{name: "API host without port, signed as sent", hostSent: "cdb.tencentcloudapi.com",
			sign: func(r *tc3Request) { r.host = "cdb.tencentcloudapi.com" }},
		{name: "host in capitals, signed lower-case without port", hostSent: "CDB.TencentCloudAPI.com:" + port,
			sign: func(r *tc3Request) { r.host = "cdb.tencentcloudapi.com" }},
		{name: "IPv6 host with port, signed without port", hostSent: "[::1]:" + port,
			sign: func(r *tc3Request) { r.host = "[::1]" }},
		{name: "IPv6 host with port, signed with port", hostSent: "[::1]:" + port,
			sign: func(r *tc3Request) { r.host = "[::1]:" + port }},
		{name: "extra signed header, host without port", sign: func(r *tc3Request) {
			r.host, r.signedHeaders = "127.0.0.1", "content-type;host;x-tc-action"
			r.extra = map[string]string{"x-tc-action": "DescribeBackups"}
		}},

		// Refused.
		{name: "wrong secret key", sign: func(r *tc3Request) { r.host, r.secretKey = "127.0.0.1", "not-the-key" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "wrong secret key, host with port", sign: func(r *tc3Request) { r.secretKey = "not-the-key" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "body changed after signing", sign: func(r *tc3Request) { r.host = "127.0.0.1" },
			sentBody: `{"InstanceId":"cdb-a","Limit":1}`, wantCode: "AuthFailure.SignatureFailure"},
		{name: "body changed after signing, host with port", sentBody: `{"InstanceId":"cdb-a","Limit":1}`,
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "content type changed after signing", sign: func(r *tc3Request) { r.host = "127.0.0.1" },
			send:     func(h *http.Header) { h.Set("Content-Type", "application/json; charset=utf-8") },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "scope date not the timestamp's", sign: func(r *tc3Request) {
			r.host, r.date = "127.0.0.1", time.Unix(r.timestamp, 0).UTC().AddDate(0, 0, -1).Format("2006-01-02")
		}, wantCode: "AuthFailure.SignatureFailure"},
		{name: "timestamp changed after signing", sign: func(r *tc3Request) { r.host = "127.0.0.1" },
			send: func(h *http.Header) {
				ts, _ := strconv.ParseInt(h.Get("X-TC-Timestamp"), 10, 64)
				h.Set("X-TC-Timestamp", strconv.FormatInt(ts+1, 10))
			}, wantCode: "AuthFailure.SignatureFailure"},
		{name: "scope for another service", sign: func(r *tc3Request) { r.host, r.service = "127.0.0.1", "cvm" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "signed headers listed but not signed", sign: func(r *tc3Request) { r.host = "127.0.0.1" },
			send: func(h *http.Header) {
				h.Set("Authorization", strings.Replace(h.Get("Authorization"), "content-type;host", "content-type;host;x-tc-action", 1))
			}, wantCode: "AuthFailure.SignatureFailure"},
		{name: "other host name, without port", sign: func(r *tc3Request) { r.host = "localhost" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "other host name, with port", sign: func(r *tc3Request) { r.host = "localhost:" + port },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "API host signed, address sent", sign: func(r *tc3Request) { r.host = "cdb.tencentcloudapi.com" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "other port", sign: func(r *tc3Request) { r.host = "127.0.0.1:" + otherPort },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "empty port", sign: func(r *tc3Request) { r.host = "127.0.0.1:" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "port signed, none sent", hostSent: "cdb.tencentcloudapi.com",
			sign:     func(r *tc3Request) { r.host = "cdb.tencentcloudapi.com:80" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "other port, API host", hostSent: "cdb.tencentcloudapi.com:" + port,
			sign:     func(r *tc3Request) { r.host = "cdb.tencentcloudapi.com:" + otherPort },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "sub-domain of the host sent", hostSent: "cdb.tencentcloudapi.com:" + port,
			sign:     func(r *tc3Request) { r.host = "cdb.ap-guangzhou.tencentcloudapi.com" },
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "IPv6 host without brackets", hostSent: "[::1]:" + port,
			sign:     func(r *tc3Request) { r.host = "::1" },
			wantCode: "AuthFailure.SignatureFailure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := tt.hostSent
			if host == "" {
				host = s.Addr()
			}
			signed := tc3Request{
				host:        host,
				contentType: "application/json",
				body:        body,
				timestamp:   time.Now().Unix(),
				secretID:    mock.DefaultSecretID,
				secretKey:   mock.DefaultSecretKey,
			}
			if tt.sign != nil {
				tt.sign(&signed)
			}
			sentBody := body
			if tt.sentBody != "" {
				sentBody = tt.sentBody
			}
			req, err := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(sentBody))
			if err != nil {
				t.Fatal(err)
			}
			req.Host = host
			req.Header = http.Header{
				"Content-Type":   {"application/json"},
				"X-Tc-Action":    {"DescribeBackups"},
				"X-Tc-Version":   {"2017-03-20"},
				"X-Tc-Region":    {"ap-guangzhou"},
				"X-Tc-Timestamp": {strconv.FormatInt(signed.timestamp, 10)},
				"Authorization":  {tc3Authorization(signed)},
			}
			if tt.send != nil {
				tt.send(&req.Header)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var answer struct {
				Response struct {
					TotalCount *int64
					Error      struct{ Code, Message string }
				}
			}
			if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
				t.Fatal(err)
			}
			got := answer.Response
			switch {
			case tt.wantCode == "" && (got.Error.Code != "" || got.TotalCount == nil || *got.TotalCount != 3):
				t.Errorf("Host %q signed as %q: answer %+v, want the 3 backups", host, signed.host, got)
			case tt.wantCode != "" && got.Error.Code != tt.wantCode:
				t.Errorf("Host %q signed as %q: answer %+v, want %s", host, signed.host, got, tt.wantCode)
			}
		})
	}
}
