package mock_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// These helpers drive the mock with the unmodified Tencent Cloud SDK, so every signature the
// mock verifies in these tests was computed by the SDK, not by the mock's own code.

// describeBackupsResponse is this test's own decoding of a DescribeBackups answer.
type describeBackupsResponse struct {
	tchttp.BaseResponse
	Response struct {
		TotalCount *int64            `json:"TotalCount"`
		Items      []json.RawMessage `json:"Items"`
		RequestId  string            `json:"RequestId"`
	} `json:"Response"`
}

// backups decodes the items.
func (r *describeBackupsResponse) backups(t *testing.T) []mock.Backup {
	t.Helper()
	out := make([]mock.Backup, 0, len(r.Response.Items))
	for _, raw := range r.Response.Items {
		var b mock.Backup
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatalf("decoding item %s: %v", raw, err)
		}
		out = append(out, b)
	}
	return out
}

// startServer starts a mock on a free port, closed when the test ends.
func startServer(t *testing.T, opts mock.Options) *mock.Server {
	t.Helper()
	s := mock.NewServer(opts)
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// clientConfig says how the SDK client reaches the mock.
type clientConfig struct {
	secretID, secretKey, region string
	endpoint                    string            // host[:port]; the mock's address when empty
	transport                   http.RoundTripper // the SDK's default when nil
}

func newClient(t *testing.T, s *mock.Server, cfg clientConfig) *common.Client {
	t.Helper()
	if cfg.secretID == "" {
		cfg.secretID, cfg.secretKey = mock.DefaultSecretID, mock.DefaultSecretKey
	}
	if cfg.endpoint == "" {
		cfg.endpoint = s.Addr()
	}
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = cfg.endpoint
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqTimeout = 5
	cpf.DisableRegionBreaker = true
	client, err := common.NewClientWithSecretId(cfg.secretID, cfg.secretKey, cfg.region)
	if err != nil {
		t.Fatalf("NewClientWithSecretId: %v", err)
	}
	client.WithProfile(cpf)
	if cfg.transport != nil {
		client.WithHttpTransport(cfg.transport)
	}
	return client
}

// callAction sends one signed call with these parameters.
func callAction(t *testing.T, client *common.Client, action, version string, params map[string]any) (*describeBackupsResponse, error) {
	t.Helper()
	req := tchttp.NewCommonRequest("cdb", version, action)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatalf("SetActionParameters: %v", err)
	}
	resp := &describeBackupsResponse{}
	err := client.Send(req, resp)
	return resp, err
}

func describe(t *testing.T, client *common.Client, params map[string]any) (*describeBackupsResponse, error) {
	t.Helper()
	return callAction(t, client, "DescribeBackups", "2017-03-20", params)
}

// mustDescribe sends a call that must succeed.
func mustDescribe(t *testing.T, client *common.Client, params map[string]any) *describeBackupsResponse {
	t.Helper()
	resp, err := describe(t, client, params)
	if err != nil {
		t.Fatalf("DescribeBackups(%v): %v", params, err)
	}
	if resp.Response.TotalCount == nil {
		t.Fatalf("DescribeBackups(%v): no TotalCount in the answer", params)
	}
	return resp
}

// expectCode asserts that err is the SDK's error for this API error code, with a RequestId and a
// message containing every one of mentions.
func expectCode(t *testing.T, err error, code string, mentions ...string) *tcerr.TencentCloudSDKError {
	t.Helper()
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		t.Fatalf("error = %v (%T), want a TencentCloudSDKError with code %s", err, err, code)
	}
	if sdkErr.GetCode() != code {
		t.Fatalf("code = %s (%s), want %s", sdkErr.GetCode(), sdkErr.GetMessage(), code)
	}
	if !strings.HasPrefix(code, "ClientError") && sdkErr.GetRequestId() == "" {
		t.Errorf("error %s has no RequestId", code)
	}
	for _, m := range mentions {
		if !strings.Contains(sdkErr.GetMessage(), m) {
			t.Errorf("message %q does not mention %q", sdkErr.GetMessage(), m)
		}
	}
	return sdkErr
}

// realSignatureFailure is the real API's message for a wrong signature, as public answers quote it.
const realSignatureFailure = "The provided credentials could not be validated. Please check your signature is correct."

// expectSignatureFailure checks that err is the real API's answer to a wrong signature, word for word, and that
// the mock recorded its own reason, mentioning each of mentions, in the call with that RequestId.
func expectSignatureFailure(t *testing.T, s *mock.Server, err error, mentions ...string) {
	t.Helper()
	sdkErr := expectCode(t, err, "AuthFailure.SignatureFailure")
	if sdkErr.GetMessage() != realSignatureFailure {
		t.Errorf("message %q, want the real API's %q", sdkErr.GetMessage(), realSignatureFailure)
	}
	for _, c := range s.Calls() {
		if c.RequestID != sdkErr.GetRequestId() {
			continue
		}
		if c.Reason == "" {
			t.Errorf("the call %s was recorded without a reason", c.RequestID)
		}
		for _, m := range mentions {
			if !strings.Contains(c.Reason, m) {
				t.Errorf("the recorded reason %q does not mention %q", c.Reason, m)
			}
		}
		return
	}
	t.Errorf("no call recorded with RequestId %s", sdkErr.GetRequestId())
}

// fixedClock is an Options.Now that is offset from the real time.
func fixedClock(offset time.Duration) func() time.Time {
	return func() time.Time { return time.Now().Add(offset) }
}

// bodyRewriter changes the body after the SDK signed it, as a tampering proxy would.
type bodyRewriter struct {
	from, to string
}

func (b bodyRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	changed := bytes.Replace(body, []byte(b.from), []byte(b.to), 1)
	if bytes.Equal(changed, body) {
		return nil, errors.New("bodyRewriter: nothing to replace in " + string(body))
	}
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(changed))
	out.ContentLength = int64(len(changed))
	return http.DefaultTransport.RoundTrip(out)
}

// headerRewriter changes one request header after the SDK signed the request.
type headerRewriter struct {
	header string
	edit   func(string) string
}

func (h headerRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Header.Set(h.header, h.edit(req.Header.Get(h.header)))
	return http.DefaultTransport.RoundTrip(out)
}

// rollbackItem is this test's own decoding of one item of a DescribeRollbackRangeTime answer,
// every field the API documents and no other.
type rollbackItem struct {
	Code       *int64           `json:"Code"`
	Message    *string          `json:"Message"`
	InstanceId *string          `json:"InstanceId"`
	Times      []map[string]any `json:"Times"`
}

// rollbackResult is a DescribeRollbackRangeTime answer, decoded strictly.
type rollbackResult struct {
	TotalCount *int64         `json:"TotalCount"`
	Items      []rollbackItem `json:"Items"`
	RequestId  string         `json:"RequestId"`
}

// describeRollback sends one DescribeRollbackRangeTime call through the SDK's common client and
// decodes its answer, refusing fields the API does not document.
func describeRollback(t *testing.T, client *common.Client, params map[string]any) (rollbackResult, error) {
	t.Helper()
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeRollbackRangeTime")
	if err := req.SetActionParameters(params); err != nil {
		t.Fatalf("SetActionParameters: %v", err)
	}
	var raw struct {
		tchttp.BaseResponse
		Response json.RawMessage `json:"Response"`
	}
	if err := client.Send(req, &raw); err != nil {
		return rollbackResult{}, err
	}
	var res rollbackResult
	dec := json.NewDecoder(bytes.NewReader(raw.Response))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("DescribeRollbackRangeTime: decoding %s: %v", raw.Response, err)
	}
	return res, nil
}

// mustRollbackTimes asks for one instance, which must be answered Code 0, and returns its ranges
// as "Begin/End" strings, in answer order.
func mustRollbackTimes(t *testing.T, client *common.Client, instanceID string) []string {
	t.Helper()
	res, err := describeRollback(t, client, map[string]any{"InstanceIds": []string{instanceID}})
	if err != nil {
		t.Fatalf("DescribeRollbackRangeTime(%s): %v", instanceID, err)
	}
	if res.TotalCount == nil || *res.TotalCount != 1 || len(res.Items) != 1 {
		t.Fatalf("DescribeRollbackRangeTime(%s): TotalCount %v, %d items; want 1 and 1", instanceID, res.TotalCount, len(res.Items))
	}
	it := res.Items[0]
	if it.Code == nil || *it.Code != 0 || it.Message == nil || *it.Message != "" || it.InstanceId == nil || *it.InstanceId != instanceID {
		t.Fatalf("DescribeRollbackRangeTime(%s): item %+v, want Code 0, Message \"\" and its InstanceId", instanceID, it)
	}
	if it.Times == nil {
		t.Fatalf("DescribeRollbackRangeTime(%s): Times is null, want an array", instanceID)
	}
	out := make([]string, 0, len(it.Times))
	for _, r := range it.Times {
		begin, okBegin := r["Begin"].(string)
		end, okEnd := r["End"].(string)
		if len(r) != 2 || !okBegin || !okEnd {
			t.Fatalf("DescribeRollbackRangeTime(%s): range %v, want exactly Begin and End strings", instanceID, r)
		}
		out = append(out, begin+"/"+end)
	}
	return out
}
