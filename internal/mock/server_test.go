package mock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

var newest = time.Date(2024, 3, 1, 2, 0, 0, 0, time.FixedZone("CST", 8*3600))

func TestDescribeBackups_SDKSignedRequestAccepted(t *testing.T) {
	s := startServer(t, mock.Options{})
	want := mock.GenerateBackups("cdb-c1nl9rpv", "ap-guangzhou", 7, newest)
	s.SetBackups("ap-guangzhou", "cdb-c1nl9rpv", want)

	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-c1nl9rpv", "Offset": 0, "Limit": 100})

	if *resp.Response.TotalCount != 7 {
		t.Errorf("TotalCount = %d, want 7", *resp.Response.TotalCount)
	}
	if got := resp.backups(t); !reflect.DeepEqual(got, want) {
		t.Errorf("items differ from the stored backups:\n got %+v\nwant %+v", got, want)
	}
	if resp.Response.RequestId == "" {
		t.Error("no RequestId")
	}

	// Every item carries every BackupInfo field under its API name.
	var item map[string]json.RawMessage
	if err := json.Unmarshal(resp.Response.Items[1], &item); err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range item {
		names = append(names, name)
	}
	sort.Strings(names)
	wantNames := []string{"BackupId", "CosStorageType", "Creator", "Date", "EncryptionFlag", "ExecutedGTIDSet",
		"FinishTime", "InstanceId", "InternetUrl", "IntranetUrl", "MD5", "ManualBackupName", "Method", "Name",
		"Progress", "Region", "RemoteInfo", "SaveMode", "Size", "StartTime", "Status", "Type", "Way"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("item fields = %v, want %v", names, wantNames)
	}

	calls := s.Calls()
	if len(calls) != 1 {
		t.Fatalf("recorded %d calls, want 1", len(calls))
	}
	c := calls[0]
	if c.Host != s.Addr() || c.Region != "ap-guangzhou" || c.Action != "DescribeBackups" || c.Version != "2017-03-20" ||
		c.SecretID != mock.DefaultSecretID || c.InstanceID != "cdb-c1nl9rpv" || c.ErrorCode != "" ||
		c.RequestID != resp.Response.RequestId || !strings.HasPrefix(c.RequestClient, "SDK_GO_") {
		t.Errorf("recorded call = %+v", c)
	}
	if c.Offset == nil || *c.Offset != 0 || c.Limit == nil || *c.Limit != 100 {
		t.Errorf("recorded Offset/Limit = %v/%v, want 0/100", c.Offset, c.Limit)
	}
}

func TestDescribeBackups_CustomCredentials(t *testing.T) {
	s := startServer(t, mock.Options{Credentials: map[string]string{"AKIDother000000000000000000000000000": "otherKey"}})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)

	mustDescribe(t, newClient(t, s, clientConfig{region: "ap-guangzhou",
		secretID: "AKIDother000000000000000000000000000", secretKey: "otherKey"}), map[string]any{"InstanceId": "cdb-a"})

	// The defaults are no longer accepted once credentials are given.
	_, err := describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "AuthFailure.SecretIdNotFound", mock.DefaultSecretID)
}

func TestDescribeBackups_Authentication(t *testing.T) {
	params := map[string]any{"InstanceId": "cdb-a", "Limit": 5}
	tests := []struct {
		name     string
		opts     mock.Options
		cfg      clientConfig
		wantCode string // "" means accepted
		mentions []string
	}{
		{name: "wrong key", cfg: clientConfig{secretID: mock.DefaultSecretID, secretKey: "wrongKey"},
			wantCode: "AuthFailure.SignatureFailure"},
		{name: "unknown secret id", cfg: clientConfig{secretID: "AKIDunknown00000000000000000000000000", secretKey: mock.DefaultSecretKey},
			wantCode: "AuthFailure.SecretIdNotFound", mentions: []string{"AKIDunknown"}},
		{name: "server clock 310 s ahead", opts: mock.Options{Now: fixedClock(310 * time.Second)},
			wantCode: "AuthFailure.SignatureExpire"},
		{name: "server clock 310 s behind", opts: mock.Options{Now: fixedClock(-310 * time.Second)},
			wantCode: "AuthFailure.SignatureExpire"},
		{name: "server clock 280 s ahead", opts: mock.Options{Now: fixedClock(280 * time.Second)}},
		{name: "server clock 280 s behind", opts: mock.Options{Now: fixedClock(-280 * time.Second)}},
		{name: "body changed after signing", cfg: clientConfig{transport: bodyRewriter{from: `"Limit":5`, to: `"Limit":6`}},
			wantCode: "AuthFailure.SignatureFailure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, tt.opts)
			s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 8, newest))
			tt.cfg.region = "ap-guangzhou"
			resp, err := describe(t, newClient(t, s, tt.cfg), params)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if len(resp.Response.Items) != 5 {
					t.Errorf("got %d items, want 5", len(resp.Response.Items))
				}
				return
			}
			if tt.wantCode == "AuthFailure.SignatureFailure" {
				expectSignatureFailure(t, s, err, "SecretKey")
			} else {
				expectCode(t, err, tt.wantCode, tt.mentions...)
			}
			if calls := s.Calls(); len(calls) != 1 || calls[0].ErrorCode != tt.wantCode {
				t.Errorf("recorded calls = %+v, want one with ErrorCode %s", calls, tt.wantCode)
			}
		})
	}
}

// TestSignatureFailure_ReasonOnlyInTheLog: a wrong key gets the real API's message, which says nothing of the
// cause; the mock's reason goes to Options.Logf, with the call's RequestId, and nowhere in the answer.
func TestSignatureFailure_ReasonOnlyInTheLog(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	s := startServer(t, mock.Options{Logf: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
	}})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: mock.DefaultSecretID, secretKey: "wrongKey"})
	_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
	expectSignatureFailure(t, s, err)
	sdkErr := expectCode(t, err, "AuthFailure.SignatureFailure")

	// A call the mock refuses for another reason, whose answer says it all, is not logged.
	_, err = describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-nothere"})
	expectCode(t, err, "InvalidParameter.InstanceNotFound")

	mu.Lock()
	defer mu.Unlock()
	if len(lines) != 1 {
		t.Fatalf("logged %q, want one line", lines)
	}
	for _, want := range []string{"cdb DescribeBackups", "AuthFailure.SignatureFailure", sdkErr.GetRequestId(), "SecretKey"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("log line %q does not mention %q", lines[0], want)
		}
	}
	if reason := s.Calls()[0].Reason; strings.Contains(sdkErr.GetMessage(), reason) {
		t.Errorf("the answer %q holds the mock's reason %q", sdkErr.GetMessage(), reason)
	}
}

func TestDescribeBackups_CredentialScope(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	today := time.Now().UTC().Format("2006-01-02")
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format("2006-01-02")
	tests := []struct {
		name, from, to, mention string
	}{
		// A client that dates its scope in local time instead of UTC fails like this for hours a day.
		{"credential date is not the timestamp's UTC date", "/" + today + "/", "/" + yesterday + "/", yesterday},
		{"credential scope of another service", "/cdb/", "/cvm/", "cvm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rewrite := headerRewriter{header: "Authorization", edit: func(v string) string { return strings.Replace(v, tt.from, tt.to, 1) }}
			client := newClient(t, s, clientConfig{region: "ap-guangzhou", transport: rewrite})
			_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
			expectSignatureFailure(t, s, err, tt.mention)
		})
	}
}

func TestDescribeBackups_ActionAndVersion(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	_, err := callAction(t, client, "DescribeBackupList", "2017-03-20", map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "InvalidAction", "DescribeBackupList")

	_, err = callAction(t, client, "DescribeBackups", "2019-01-01", map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "NoSuchVersion", "2019-01-01")
}

func TestDescribeBackups_Parameters(t *testing.T) {
	s := startServer(t, mock.Options{})
	stored := mock.GenerateBackups("cdb-a", "ap-guangzhou", 30, newest)
	s.SetBackups("ap-guangzhou", "cdb-a", stored)
	s.SetBackups("ap-guangzhou", "cdb-empty", []mock.Backup{})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	refused := []struct {
		name     string
		params   map[string]any
		code     string
		mentions string
	}{
		{"Limit 0", map[string]any{"InstanceId": "cdb-a", "Limit": 0}, "InvalidParameterValue", "Limit"},
		{"Limit 1001", map[string]any{"InstanceId": "cdb-a", "Limit": 1001}, "InvalidParameterValue", "Limit"},
		{"Offset -1", map[string]any{"InstanceId": "cdb-a", "Offset": -1}, "InvalidParameterValue", "Offset"},
		{"Limit as a string", map[string]any{"InstanceId": "cdb-a", "Limit": "20"}, "InvalidParameter", "Limit"},
		{"Limit with a fraction", map[string]any{"InstanceId": "cdb-a", "Limit": 2.5}, "InvalidParameter", "Limit"},
		{"Offset as a string", map[string]any{"InstanceId": "cdb-a", "Offset": "0"}, "InvalidParameter", "Offset"},
		{"InstanceId as a number", map[string]any{"InstanceId": 12}, "InvalidParameter", "InstanceId"},
		{"InstanceId missing", map[string]any{"Limit": 10}, "MissingParameter", "InstanceId"},
		{"unknown parameter", map[string]any{"InstanceId": "cdb-a", "PageSize": 10}, "UnknownParameter", "PageSize"},
		{"parameter names are case-sensitive", map[string]any{"instanceId": "cdb-a"}, "UnknownParameter", "instanceId"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := describe(t, client, tt.params)
			expectCode(t, err, tt.code, tt.mentions)
		})
	}

	t.Run("default Limit is 20", func(t *testing.T) {
		resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
		if *resp.Response.TotalCount != 30 || len(resp.Response.Items) != 20 {
			t.Fatalf("TotalCount %d, %d items; want 30, 20", *resp.Response.TotalCount, len(resp.Response.Items))
		}
		if got := resp.backups(t); !reflect.DeepEqual(got, stored[:20]) {
			t.Error("items are not the first 20 stored backups")
		}
	})
	t.Run("Limit 100 and Offset page in stored order", func(t *testing.T) {
		resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": 25, "Limit": 100})
		if got := resp.backups(t); *resp.Response.TotalCount != 30 || !reflect.DeepEqual(got, stored[25:]) {
			t.Errorf("TotalCount %d, items %d; want 30 and the stored backups 25..29", *resp.Response.TotalCount, len(got))
		}
		resp = mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": 3, "Limit": 1})
		if got := resp.backups(t); len(got) != 1 || got[0].BackupId != stored[3].BackupId {
			t.Errorf("Offset 3 Limit 1 gave %+v, want backup %d", got, stored[3].BackupId)
		}
	})
	t.Run("Offset past the end", func(t *testing.T) {
		resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": 30, "Limit": 10})
		if *resp.Response.TotalCount != 30 || resp.Response.Items == nil || len(resp.Response.Items) != 0 {
			t.Errorf("TotalCount %d, items %v; want 30 and []", *resp.Response.TotalCount, resp.Response.Items)
		}
	})
	t.Run("instance without backups", func(t *testing.T) {
		resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-empty"})
		if *resp.Response.TotalCount != 0 || resp.Response.Items == nil || len(resp.Response.Items) != 0 {
			t.Errorf("TotalCount %d, items %v; want 0 and []", *resp.Response.TotalCount, resp.Response.Items)
		}
	})
}

func TestDescribeBackups_InstanceLookupIsPerRegion(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-gz000001", mock.GenerateBackups("cdb-gz000001", "ap-guangzhou", 3, newest))

	_, err := describe(t, newClient(t, s, clientConfig{region: "ap-shanghai"}), map[string]any{"InstanceId": "cdb-gz000001"})
	expectCode(t, err, "InvalidParameter.InstanceNotFound", "cdb-gz000001")

	_, err = describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-nothere"})
	expectCode(t, err, "InvalidParameter.InstanceNotFound", "cdb-nothere")

	_, err = describe(t, newClient(t, s, clientConfig{region: "ap-atlantis"}), map[string]any{"InstanceId": "cdb-gz000001"})
	expectCode(t, err, "UnsupportedRegion", "ap-atlantis")

	// SetBackups replaces an instance's backups.
	s.SetBackups("ap-guangzhou", "cdb-gz000001", nil)
	resp := mustDescribe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-gz000001"})
	if *resp.Response.TotalCount != 0 {
		t.Errorf("TotalCount after replacing = %d, want 0", *resp.Response.TotalCount)
	}
}

func TestDescribeBackups_FinanceRegionHosts(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-shanghai-fsi", "cdb-fsi00001", mock.GenerateBackups("cdb-fsi00001", "ap-shanghai-fsi", 4, newest))
	s.SetBackups("ap-guangzhou", "cdb-gz000001", mock.GenerateBackups("cdb-gz000001", "ap-guangzhou", 4, newest))
	proxyURL, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	// The mock as an HTTP forward proxy: requests keep their real Tencent Cloud host names.
	viaProxy := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
	t.Cleanup(viaProxy.CloseIdleConnections)

	tests := []struct {
		name, endpoint, region, instance string
		wantCode                         string
	}{
		{"finance region on its own host", "cdb.ap-shanghai-fsi.tencentcloudapi.com", "ap-shanghai-fsi", "cdb-fsi00001", ""},
		{"finance region on the plain host", "cdb.tencentcloudapi.com", "ap-shanghai-fsi", "cdb-fsi00001", "UnsupportedRegion"},
		{"finance region on another region's host", "cdb.ap-shanghai.tencentcloudapi.com", "ap-shanghai-fsi", "cdb-fsi00001", "UnsupportedRegion"},
		{"finance host with another finance region", "cdb.ap-shanghai-fsi.tencentcloudapi.com", "ap-shenzhen-fsi", "cdb-fsi00001", "UnsupportedRegion"},
		{"ordinary region on a finance host", "cdb.ap-shanghai-fsi.tencentcloudapi.com", "ap-guangzhou", "cdb-gz000001", "UnsupportedRegion"},
		{"ordinary region on the plain host", "cdb.tencentcloudapi.com", "ap-guangzhou", "cdb-gz000001", ""},
		{"ordinary region on its regional host", "cdb.ap-guangzhou.tencentcloudapi.com", "ap-guangzhou", "cdb-gz000001", ""},
		{"another service's host", "cvm.tencentcloudapi.com", "ap-guangzhou", "cdb-gz000001", "NoSuchVersion"}, // names the service
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.ResetCalls()
			client := newClient(t, s, clientConfig{region: tt.region, endpoint: tt.endpoint, transport: viaProxy})
			resp, err := describe(t, client, map[string]any{"InstanceId": tt.instance})
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if *resp.Response.TotalCount != 4 {
					t.Errorf("TotalCount = %d, want 4", *resp.Response.TotalCount)
				}
			} else {
				mention := tt.region
				if tt.wantCode == "NoSuchVersion" {
					mention = "cvm"
				}
				expectCode(t, err, tt.wantCode, mention)
			}
			if calls := s.Calls(); len(calls) != 1 || calls[0].Host != tt.endpoint {
				t.Errorf("recorded calls = %+v, want one with Host %s", calls, tt.endpoint)
			}
		})
	}

	t.Run("finance region through an endpoint override", func(t *testing.T) {
		client := newClient(t, s, clientConfig{region: "ap-shanghai-fsi"})
		mustDescribe(t, client, map[string]any{"InstanceId": "cdb-fsi00001"})
	})
}

func TestInjectError_AnswersExactlyNCalls(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 3, newest))
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	params := map[string]any{"InstanceId": "cdb-a"}

	s.InjectError(2, "RequestLimitExceeded", "Your current request times exceeds the limit.")
	first := expectCode(t, second(describe(t, client, params)), "RequestLimitExceeded", "exceeds the limit")
	again := expectCode(t, second(describe(t, client, params)), "RequestLimitExceeded")
	if first.GetRequestId() == again.GetRequestId() {
		t.Errorf("RequestId repeated: %s", first.GetRequestId())
	}
	mustDescribe(t, client, params)

	var codes []string
	for _, c := range s.Calls() {
		codes = append(codes, c.ErrorCode)
	}
	if want := []string{"RequestLimitExceeded", "RequestLimitExceeded", ""}; !reflect.DeepEqual(codes, want) {
		t.Errorf("recorded codes = %q, want %q", codes, want)
	}

	// Injected answers queue in order.
	s.InjectError(1, "InternalError.DBError", "db down")
	s.InjectError(1, "OperationDenied.WrongStatus", "busy")
	expectCode(t, second(describe(t, client, params)), "InternalError.DBError")
	expectCode(t, second(describe(t, client, params)), "OperationDenied.WrongStatus")
	mustDescribe(t, client, params)

	s.ResetCalls()
	if got := s.Calls(); len(got) != 0 {
		t.Errorf("after ResetCalls, %d calls", len(got))
	}
}

func TestInjectRawResponse(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	params := map[string]any{"InstanceId": "cdb-a"}

	// The SDK reads an error code from any JSON body before it looks at the status: an HTML page
	// fails as unparsable, a JSON body with a non-200 status as an HTTP status error.
	page := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	s.InjectRawResponse(1, http.StatusBadGateway, page)
	expectCode(t, second(describe(t, client, params)), "ClientError.ParseJsonError", page)
	s.InjectRawResponse(1, http.StatusServiceUnavailable, `{"message":"upstream unavailable"}`)
	expectCode(t, second(describe(t, client, params)), "ClientError.HttpStatusCodeError", "503")

	body := `{"Response":{"TotalCount":1,"Items":[{"BackupId":1,"Size":null,"Unexpected":true}],"RequestId":"raw-1"}}`
	s.InjectRawResponse(2, http.StatusOK, body)
	for range 2 {
		res, err := http.Post(s.URL(), "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || string(got) != body {
			t.Errorf("answer = %d %q, want 200 and the injected body exactly", res.StatusCode, got)
		}
	}
	resp := mustDescribe(t, client, params)
	if *resp.Response.TotalCount != 0 {
		t.Errorf("after the injected answers, TotalCount = %d", *resp.Response.TotalCount)
	}

	var codes []string
	for _, c := range s.Calls() {
		codes = append(codes, c.ErrorCode)
	}
	if want := []string{"HTTP 502", "HTTP 503", "", "", ""}; !reflect.DeepEqual(codes, want) {
		t.Errorf("recorded codes = %q, want %q", codes, want)
	}
}

func TestProtocolErrors(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)

	headers := func() http.Header {
		return http.Header{
			"Content-Type":   {"application/json"},
			"X-Tc-Action":    {"DescribeBackups"},
			"X-Tc-Version":   {"2017-03-20"},
			"X-Tc-Region":    {"ap-guangzhou"},
			"X-Tc-Timestamp": {fmt.Sprint(time.Now().Unix())},
			"Authorization": {"TC3-HMAC-SHA256 Credential=" + mock.DefaultSecretID + "/" +
				time.Now().UTC().Format("2006-01-02") + "/cdb/tc3_request, SignedHeaders=content-type;host, Signature=" +
				strings.Repeat("ab", 32)},
		}
	}
	tests := []struct {
		name     string
		method   string
		path     string
		edit     func(http.Header)
		wantCode string
		mentions string
	}{
		{"GET", http.MethodGet, "/", nil, "UnsupportedProtocol", "GET"},
		{"form body", http.MethodPost, "/", func(h http.Header) { h.Set("Content-Type", "application/x-www-form-urlencoded") },
			"UnsupportedProtocol", "Content-Type"},
		{"other path", http.MethodPost, "/v3/cdb", nil, "UnsupportedProtocol", "/v3/cdb"},
		{"no action", http.MethodPost, "/", func(h http.Header) { h.Del("X-TC-Action") }, "MissingParameter", "Action"},
		{"no version", http.MethodPost, "/", func(h http.Header) { h.Del("X-TC-Version") }, "MissingParameter", "Version"},
		{"no region", http.MethodPost, "/", func(h http.Header) { h.Del("X-TC-Region") }, "MissingParameter", "Region"},
		{"no timestamp", http.MethodPost, "/", func(h http.Header) { h.Del("X-TC-Timestamp") }, "MissingParameter", "Timestamp"},
		{"no authorization", http.MethodPost, "/", func(h http.Header) { h.Del("Authorization") },
			"AuthFailure.InvalidAuthorization", "Authorization"},
		{"other algorithm", http.MethodPost, "/", func(h http.Header) {
			h.Set("Authorization", strings.Replace(h.Get("Authorization"), "TC3-HMAC-SHA256", "HmacSHA256", 1))
		}, "AuthFailure.InvalidAuthorization", "TC3-HMAC-SHA256"},
		{"host not signed", http.MethodPost, "/", func(h http.Header) {
			h.Set("Authorization", strings.Replace(h.Get("Authorization"), "content-type;host", "content-type", 1))
		}, "AuthFailure.InvalidAuthorization", "host"},
		{"timestamp not a number", http.MethodPost, "/", func(h http.Header) { h.Set("X-TC-Timestamp", "2024-01-01T00:00:00Z") },
			"InvalidParameter", "X-TC-Timestamp"},
		{"well-formed but wrong signature", http.MethodPost, "/", nil, "AuthFailure.SignatureFailure", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, s.URL()+tt.path, strings.NewReader(`{"InstanceId":"cdb-a"}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header = headers()
			if tt.edit != nil {
				tt.edit(req.Header)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var answer struct {
				Response struct {
					Error     struct{ Code, Message string }
					RequestId string
				}
			}
			if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
				t.Errorf("status %d, Content-Type %q; API errors are answered 200 application/json", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if answer.Response.Error.Code != tt.wantCode || !strings.Contains(answer.Response.Error.Message, tt.mentions) {
				t.Errorf("answer = %+v, want code %s mentioning %q", answer.Response, tt.wantCode, tt.mentions)
			}
			if answer.Response.RequestId == "" {
				t.Error("no RequestId")
			}
		})
	}
}

func TestConcurrentCallsHaveUniqueRequestIDs(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 50, newest))
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	const workers, perWorker = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				if _, err := describe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": w*perWorker + i, "Limit": 1}); err != nil {
					errs <- err
				}
			}
		}()
		if w == workers/2 {
			s.SetBackups("ap-guangzhou", "cdb-b", nil) // writes while reading
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[string]bool{}
	for _, c := range s.Calls() {
		if seen[c.RequestID] {
			t.Errorf("RequestId %s repeated", c.RequestID)
		}
		seen[c.RequestID] = true
	}
	if len(seen) != workers*perWorker {
		t.Errorf("recorded %d calls, want %d", len(seen), workers*perWorker)
	}
}

func TestStartAndClose(t *testing.T) {
	s := mock.NewServer(mock.Options{})
	if s.URL() != "" || s.Addr() != "" {
		t.Errorf("before Start: URL %q, Addr %q; want empty", s.URL(), s.Addr())
	}
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || s.URL() != "http://"+s.Addr() {
		t.Errorf("URL %q, Addr %q", s.URL(), s.Addr())
	}
	if err := s.Start("127.0.0.1:0"); err == nil {
		t.Error("a second Start succeeded")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if resp, err := http.Post(s.URL(), "application/json", strings.NewReader("{}")); err == nil {
		resp.Body.Close()
		t.Error("the server still answers after Close")
	}
}

// second returns its second argument: the error of a (response, error) pair.
func second[T any](_ T, err error) error { return err }
