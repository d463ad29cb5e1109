package mock_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const (
	roleARN      = "qcs::cam::uin/" + mock.DefaultAccountID + ":roleName/backup-reader"
	otherAccount = "200000000002"
	otherID      = "AKIDother000000000000000000000000000"
	otherKey     = "otherAccountSecretKey00000000000"
)

// skewClock is an Options.Now that runs with the real time, moved ahead when told: the SDK
// signs with the real time, and the mock accepts 300 s of skew, so a few seconds' jump expires
// short-lived credentials without a sleep.
type skewClock struct{ offset atomic.Int64 }

func (c *skewClock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *skewClock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// assumeRoleAnswer is this test's decoding of AssumeRole, as the SDK's RoleArnProvider reads it
// (Expiration decodes into a time.Time there).
type assumeRoleAnswer struct {
	Response struct {
		Credentials struct {
			Token        string `json:"Token"`
			TmpSecretId  string `json:"TmpSecretId"`
			TmpSecretKey string `json:"TmpSecretKey"`
		} `json:"Credentials"`
		ExpiredTime int64     `json:"ExpiredTime"`
		Expiration  time.Time `json:"Expiration"`
		RequestId   string    `json:"RequestId"`
	} `json:"Response"`
}

type callerIdentityAnswer struct {
	Response struct {
		Arn, AccountId, UserId, PrincipalId, Type, RequestId string
	} `json:"Response"`
}

// callSTS sends one SDK-signed STS call and decodes its answer into out.
func callSTS(t *testing.T, client *common.Client, action string, params map[string]any, out any) error {
	t.Helper()
	req := tchttp.NewCommonRequest("sts", "2018-08-13", action) // sends {} without parameters
	if params != nil {
		if err := req.SetActionParameters(params); err != nil {
			t.Fatalf("SetActionParameters: %v", err)
		}
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		return err
	}
	if out != nil {
		if err := json.Unmarshal(resp.GetBody(), out); err != nil {
			t.Fatalf("decoding %s answer %s: %v", action, resp.GetBody(), err)
		}
	}
	return nil
}

// assumeRole assumes a role that must be granted, with the default key unless cfg says otherwise.
func assumeRole(t *testing.T, s *mock.Server, cfg clientConfig, params map[string]any) assumeRoleAnswer {
	t.Helper()
	cfg.region = "ap-guangzhou"
	var answer assumeRoleAnswer
	if err := callSTS(t, newClient(t, s, cfg), "AssumeRole", params, &answer); err != nil {
		t.Fatalf("AssumeRole(%v): %v", params, err)
	}
	return answer
}

// tempClient is a CDB client signing with temporary credentials.
func tempClient(t *testing.T, s *mock.Server, secretID, secretKey, token string) *common.Client {
	t.Helper()
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	client.WithCredential(common.NewTokenCredential(secretID, secretKey, token))
	return client
}

// redirect sends every request to the mock, keeping its Host: the SDK's own providers, which
// insist on HTTPS to sts.tencentcloudapi.com, then reach the mock unmodified.
type redirect struct{ addr string }

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host = "http", r.addr
	return http.DefaultTransport.RoundTrip(out)
}

func TestAssumeRole_SDKRoleArnProvider(t *testing.T) {
	s := startServer(t, mock.Options{Roles: []mock.Role{{ARN: roleARN}}})
	s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 3, newest))

	// The SDK's provider sends to https://sts.tencentcloudapi.com through common.DefaultHttpClient.
	saved := common.DefaultHttpClient
	common.DefaultHttpClient = &http.Client{Transport: redirect{addr: s.Addr()}}
	t.Cleanup(func() { common.DefaultHttpClient = saved })

	provider := common.NewRoleArnProvider(mock.DefaultSecretID, mock.DefaultSecretKey, roleARN, "terraform-test", 3600)
	cred, err := provider.GetCredential()
	if err != nil {
		t.Fatalf("RoleArnProvider.GetCredential: %v", err)
	}
	id, key, token := cred.GetCredential()
	if !strings.HasPrefix(id, "AKID") || key == "" || token == "" || id == mock.DefaultSecretID {
		t.Fatalf("temporary credentials %q, %q, %q", id, key, token)
	}
	if got := s.AssumeRoleCalls(roleARN); got != 1 {
		t.Errorf("AssumeRoleCalls = %d, want 1", got)
	}

	// The SDK's credential, refreshed by itself, signs CDB calls with its token.
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	client.WithCredential(cred)
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})

	calls := s.Calls()
	if len(calls) != 2 {
		t.Fatalf("recorded %d calls, want AssumeRole and DescribeBackups", len(calls))
	}
	sts, cdb := calls[0], calls[1]
	if sts.Service != "sts" || sts.Action != "AssumeRole" || sts.Version != "2018-08-13" || sts.Host != "sts.tencentcloudapi.com" ||
		sts.SecretID != mock.DefaultSecretID || sts.AccountID != mock.DefaultAccountID || sts.RoleARN != "" || sts.ErrorCode != "" {
		t.Errorf("AssumeRole call = %+v", sts)
	}
	if cdb.Service != "cdb" || cdb.SecretID != id || cdb.Token != token || cdb.AccountID != mock.DefaultAccountID ||
		cdb.RoleARN != roleARN || cdb.ErrorCode != "" {
		t.Errorf("DescribeBackups call = %+v", cdb)
	}
	if st := s.Stats(); st.Calls != 1 || st.STSCalls != 1 || st.AssumeRoleIssued != 1 {
		t.Errorf("Stats = %+v, want 1 CDB call, 1 STS call, 1 issue", st)
	}
}

func TestAssumeRole_AnswerShape(t *testing.T) {
	s := startServer(t, mock.Options{Roles: []mock.Role{{ARN: roleARN}}})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	req := tchttp.NewCommonRequest("sts", "2018-08-13", "AssumeRole")
	if err := req.SetActionParameters(map[string]any{"RoleArn": roleARN, "RoleSessionName": "shape", "DurationSeconds": 1800}); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	before := time.Now().Truncate(time.Second)
	if err := client.Send(req, resp); err != nil {
		t.Fatal(err)
	}
	var raw struct{ Response map[string]json.RawMessage }
	if err := json.Unmarshal(resp.GetBody(), &raw); err != nil {
		t.Fatal(err)
	}
	if got := sortedKeys(raw.Response); !reflect.DeepEqual(got, []string{"Credentials", "Expiration", "ExpiredTime", "RequestId"}) {
		t.Errorf("Response fields = %v", got)
	}
	var creds map[string]string
	if err := json.Unmarshal(raw.Response["Credentials"], &creds); err != nil {
		t.Fatal(err)
	}
	if got := sortedKeys(creds); !reflect.DeepEqual(got, []string{"TmpSecretId", "TmpSecretKey", "Token"}) {
		t.Errorf("Credentials fields = %v", got)
	}

	var answer assumeRoleAnswer
	if err := json.Unmarshal(resp.GetBody(), &answer); err != nil {
		t.Fatal(err)
	}
	r := answer.Response
	expires := time.Unix(r.ExpiredTime, 0)
	if d := expires.Sub(before); d < 1800*time.Second || d > 1802*time.Second {
		t.Errorf("ExpiredTime is %s after the call, want 1800 s", d)
	}
	if !r.Expiration.Equal(expires) || r.Expiration.Location() != time.UTC {
		t.Errorf("Expiration %s does not match ExpiredTime %d in UTC", r.Expiration, r.ExpiredTime)
	}
	var text string
	_ = json.Unmarshal(raw.Response["Expiration"], &text)
	if _, err := time.Parse(time.RFC3339, text); err != nil || !strings.HasSuffix(text, "Z") {
		t.Errorf("Expiration %q is not RFC 3339 in UTC", text)
	}
}

func TestTemporaryCredentials_TokenAndExpiry(t *testing.T) {
	clock := &skewClock{}
	s := startServer(t, mock.Options{Now: clock.Now, Roles: []mock.Role{{ARN: roleARN}}, TemporaryCredentialLifetime: 3 * time.Second})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	params := map[string]any{"InstanceId": "cdb-a"}

	issued := assumeRole(t, s, clientConfig{}, map[string]any{"RoleArn": roleARN, "RoleSessionName": "short", "DurationSeconds": 7200})
	c := issued.Response.Credentials
	if lifetime := time.Until(time.Unix(issued.Response.ExpiredTime, 0)); lifetime > 4*time.Second {
		t.Errorf("the lifetime cap did not apply: ExpiredTime is %s away", lifetime)
	}
	other, err := s.IssueCredential(roleARN, "other-session", 0)
	if err != nil {
		t.Fatal(err)
	}

	mustDescribe(t, tempClient(t, s, c.TmpSecretId, c.TmpSecretKey, c.Token), params)
	refusals := []struct {
		name, id, key, token, mention string
	}{
		{"no token", c.TmpSecretId, c.TmpSecretKey, "", "missing"},
		{"wrong token", c.TmpSecretId, c.TmpSecretKey, c.Token + "x", "not the token"},
		{"another key's token", c.TmpSecretId, c.TmpSecretKey, other.Token, "not the token"},
		{"a token with a permanent key", mock.DefaultSecretID, mock.DefaultSecretKey, c.Token, "permanent key"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			_, err := describe(t, tempClient(t, s, tt.id, tt.key, tt.token), params)
			expectCode(t, err, "AuthFailure.TokenFailure", tt.mention)
		})
	}
	// The signature is checked before the token: a wrong key is a signature failure still.
	_, err = describe(t, tempClient(t, s, c.TmpSecretId, "wrongKey", c.Token), params)
	expectCode(t, err, "AuthFailure.SignatureFailure")

	clock.Advance(5 * time.Second)
	_, err = describe(t, tempClient(t, s, c.TmpSecretId, c.TmpSecretKey, c.Token), params)
	expectCode(t, err, "AuthFailure.TokenFailure", "expired", c.TmpSecretId)
	err = callSTS(t, tempClient(t, s, c.TmpSecretId, c.TmpSecretKey, c.Token), "GetCallerIdentity", nil, nil)
	expectCode(t, err, "AuthFailure.TokenFailure", "expired")

	// Fresh credentials work again; the permanent key never expires.
	again := assumeRole(t, s, clientConfig{}, map[string]any{"RoleArn": roleARN, "RoleSessionName": "short"})
	a := again.Response.Credentials
	mustDescribe(t, tempClient(t, s, a.TmpSecretId, a.TmpSecretKey, a.Token), params)
	mustDescribe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), params)
	if got := s.AssumeRoleCalls(roleARN); got != 2 {
		t.Errorf("AssumeRoleCalls = %d, want 2 (IssueCredential does not count)", got)
	}

	// Without the cap, the asked duration holds.
	if err := s.SetTemporaryCredentialLifetime(0); err != nil {
		t.Fatal(err)
	}
	long := assumeRole(t, s, clientConfig{}, map[string]any{"RoleArn": roleARN, "RoleSessionName": "long", "DurationSeconds": 900})
	if d := time.Unix(long.Response.ExpiredTime, 0).Sub(clock.Now()); d < 898*time.Second || d > 900*time.Second {
		t.Errorf("uncapped credentials expire in %s, want 900 s", d)
	}
	if err := s.SetTemporaryCredentialLifetime(-time.Second); err == nil {
		t.Error("a negative lifetime was accepted")
	}
}

func TestDescribeBackups_TemporaryCredentialsRecordToken(t *testing.T) {
	s := startServer(t, mock.Options{Roles: []mock.Role{{ARN: roleARN}}})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	cred, err := s.IssueCredential(roleARN, "record", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	mustDescribe(t, tempClient(t, s, cred.SecretID, cred.SecretKey, cred.Token), map[string]any{"InstanceId": "cdb-a"})
	if calls := s.Calls(); len(calls) != 1 || calls[0].Token != cred.Token || calls[0].SecretID != cred.SecretID ||
		calls[0].AccountID != mock.DefaultAccountID || calls[0].RoleARN != roleARN {
		t.Errorf("recorded calls = %+v, want one with the token, acting as the role", calls)
	}
	if cred.AccountID != mock.DefaultAccountID || cred.RoleARN != roleARN || cred.SessionName != "record" ||
		time.Until(cred.Expiration) > time.Hour || time.Until(cred.Expiration) < 59*time.Minute {
		t.Errorf("IssueCredential = %+v", cred)
	}

	// The real API refuses a token sent with a permanent key.
	_, err = describe(t, tempClient(t, s, mock.DefaultSecretID, mock.DefaultSecretKey, "session-token-1"), map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "AuthFailure.TokenFailure", mock.DefaultSecretID, "permanent key")
	if calls := s.Calls(); calls[1].Token != "session-token-1" || calls[1].AccountID != "" {
		t.Errorf("refused call recorded as %+v", calls[1])
	}
}

func TestAssumeRole_TrustAndParameters(t *testing.T) {
	crossARN := "qcs::cam::uin/" + otherAccount + ":roleName/cross"
	externalARN := "qcs::cam::uin/" + mock.DefaultAccountID + ":roleName/with-external-id"
	byIDARN := "qcs::cam::uin/" + mock.DefaultAccountID + ":role/4611686018427397919"
	s := startServer(t, mock.Options{
		Accounts: []mock.Account{{AccountID: otherAccount, SecretID: otherID, SecretKey: otherKey}},
		Roles: []mock.Role{
			{ARN: roleARN, MaxDuration: time.Hour},
			{ARN: crossARN, TrustedAccounts: []string{mock.DefaultAccountID}},
			{ARN: externalARN, ExternalID: "tf-ext-42"},
			{ARN: byIDARN},
		},
	})
	other := clientConfig{secretID: otherID, secretKey: otherKey}
	base := func(arn string, extra ...any) map[string]any {
		p := map[string]any{"RoleArn": arn, "RoleSessionName": "tf-session"}
		for i := 0; i < len(extra); i += 2 {
			p[extra[i].(string)] = extra[i+1]
		}
		return p
	}
	tests := []struct {
		name     string
		cfg      clientConfig
		params   map[string]any
		wantCode string // "" means granted
		mention  string
	}{
		{"own account's role", clientConfig{}, base(roleARN), "", ""},
		{"role named by ID", clientConfig{}, base(byIDARN), "", ""},
		{"another account's key is not trusted", other, base(roleARN), "UnauthorizedOperation", mock.DefaultAccountID},
		{"cross-account role trusting the caller", clientConfig{}, base(crossARN), "", ""},
		{"cross-account role, its own account not listed", other, base(crossARN), "UnauthorizedOperation", otherAccount},
		{"external ID missing", clientConfig{}, base(externalARN), "UnauthorizedOperation", "ExternalId"},
		{"external ID wrong", clientConfig{}, base(externalARN, "ExternalId", "tf-ext-43"), "UnauthorizedOperation", "ExternalId"},
		{"external ID right", clientConfig{}, base(externalARN, "ExternalId", "tf-ext-42"), "", ""},
		{"unknown role", clientConfig{}, base("qcs::cam::uin/100000000001:roleName/nope"), "ResourceNotFound.RoleNotFound", "nope"},
		{"malformed role ARN", clientConfig{}, base("arn:aws:iam::1:role/x"), "InvalidParameter.ParamError", "RoleArn"},
		{"role ARN missing", clientConfig{}, map[string]any{"RoleSessionName": "tf-session"}, "MissingParameter", "RoleArn"},
		{"session name missing", clientConfig{}, map[string]any{"RoleArn": roleARN}, "MissingParameter", "RoleSessionName"},
		{"session name too short", clientConfig{}, base(roleARN, "RoleSessionName", "x"), "InvalidParameter.ParamError", "RoleSessionName"},
		{"session name with a space", clientConfig{}, base(roleARN, "RoleSessionName", "tf session"), "InvalidParameter.ParamError", "RoleSessionName"},
		{"duration above 43200", clientConfig{}, base(crossARN, "DurationSeconds", 43201), "InvalidParameter.OverTimeError", "43200"},
		{"duration 43200", clientConfig{}, base(crossARN, "DurationSeconds", 43200), "", ""},
		{"duration above the role's maximum", clientConfig{}, base(roleARN, "DurationSeconds", 3601), "InvalidParameter.OverTimeError", "3600"},
		{"negative duration", clientConfig{}, base(roleARN, "DurationSeconds", -1), "InvalidParameter", "DurationSeconds"},
		{"duration as a string", clientConfig{}, base(roleARN, "DurationSeconds", "900"), "InvalidParameter", "DurationSeconds"},
		{"policy", clientConfig{}, base(roleARN, "Policy", url.QueryEscape(`{"version":"2.0","statement":[{"effect":"allow","action":["cdb:DescribeBackups"],"resource":["*"]}]}`)), "", ""},
		{"policy not JSON", clientConfig{}, base(roleARN, "Policy", "allow%20all"), "InvalidParameter.StrategyFormatError", "Policy"},
		{"policy not URL-encoded", clientConfig{}, base(roleARN, "Policy", "%zz"), "InvalidParameter.StrategyFormatError", "Policy"},
		{"unknown parameter", clientConfig{}, base(roleARN, "SessionName", "x"), "UnknownParameter", "SessionName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.region = "ap-guangzhou"
			var answer assumeRoleAnswer
			err := callSTS(t, newClient(t, s, cfg), "AssumeRole", tt.params, &answer)
			if tt.wantCode != "" {
				expectCode(t, err, tt.wantCode, tt.mention)
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if answer.Response.Credentials.TmpSecretId == "" || answer.Response.RequestId == "" {
				t.Errorf("answer = %+v", answer.Response)
			}
		})
	}
	if got := s.AssumeRoleCalls(""); got != 6 {
		t.Errorf("AssumeRoleCalls(\"\") = %d, want the 6 granted", got)
	}

	// Role chaining: temporary credentials of the default account assume the cross-account role.
	first := assumeRole(t, s, clientConfig{}, base(roleARN)).Response.Credentials
	chained := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	chained.WithCredential(common.NewTokenCredential(first.TmpSecretId, first.TmpSecretKey, first.Token))
	var answer assumeRoleAnswer
	if err := callSTS(t, chained, "AssumeRole", base(crossARN), &answer); err != nil {
		t.Fatalf("chained AssumeRole: %v", err)
	}
	c := answer.Response.Credentials
	var who callerIdentityAnswer
	if err := callSTS(t, tempClient(t, s, c.TmpSecretId, c.TmpSecretKey, c.Token), "GetCallerIdentity", nil, &who); err != nil {
		t.Fatal(err)
	}
	if who.Response.AccountId != otherAccount || who.Response.PrincipalId != mock.DefaultAccountID {
		t.Errorf("chained identity = %+v, want account %s assumed by %s", who.Response, otherAccount, mock.DefaultAccountID)
	}
}

func TestGetCallerIdentity(t *testing.T) {
	const subID, subKey, subUIN = "AKIDsubuser00000000000000000000000000", "subUserKey", "100000000011"
	s := startServer(t, mock.Options{
		Accounts: []mock.Account{{AccountID: mock.DefaultAccountID, UserUIN: subUIN, SecretID: subID, SecretKey: subKey}},
		Roles:    []mock.Role{{ARN: roleARN}},
	})
	who := func(client *common.Client) callerIdentityAnswer {
		t.Helper()
		var answer callerIdentityAnswer
		if err := callSTS(t, client, "GetCallerIdentity", nil, &answer); err != nil {
			t.Fatalf("GetCallerIdentity: %v", err)
		}
		if answer.Response.RequestId == "" {
			t.Error("no RequestId")
		}
		return answer
	}

	root := who(newClient(t, s, clientConfig{region: "ap-guangzhou"})).Response
	if root.AccountId != mock.DefaultAccountID || root.UserId != mock.DefaultAccountID || root.PrincipalId != mock.DefaultAccountID ||
		root.Type != "CAMUser" || root.Arn != "qcs::cam:"+mock.DefaultAccountID+":uin/"+mock.DefaultAccountID {
		t.Errorf("root key: %+v", root)
	}
	sub := who(newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: subID, secretKey: subKey})).Response
	if sub.AccountId != mock.DefaultAccountID || sub.UserId != subUIN || sub.PrincipalId != subUIN ||
		sub.Type != "CAMUser" || sub.Arn != "qcs::cam:"+mock.DefaultAccountID+":uin/"+subUIN {
		t.Errorf("sub-user key: %+v", sub)
	}

	c := assumeRole(t, s, clientConfig{secretID: subID, secretKey: subKey},
		map[string]any{"RoleArn": roleARN, "RoleSessionName": "whoami"}).Response.Credentials
	role := who(tempClient(t, s, c.TmpSecretId, c.TmpSecretKey, c.Token)).Response
	roleID, session, _ := strings.Cut(role.UserId, ":")
	if role.AccountId != mock.DefaultAccountID || role.Type != "CAMRole" || session != "whoami" || !strings.HasPrefix(roleID, "46116860184") ||
		role.PrincipalId != subUIN || role.Arn != "qcs::sts:"+mock.DefaultAccountID+":assumed-role/"+roleID {
		t.Errorf("assumed role: %+v", role)
	}

	err := callSTS(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), "GetCallerIdentity", map[string]any{"Verbose": true}, nil)
	expectCode(t, err, "UnknownParameter", "Verbose")
}

func TestSTS_Routing(t *testing.T) {
	s := startServer(t, mock.Options{Roles: []mock.Role{{ARN: roleARN}}})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	proxyURL, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	viaProxy := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
	t.Cleanup(viaProxy.CloseIdleConnections)

	t.Run("real STS host through the proxy", func(t *testing.T) {
		client := newClient(t, s, clientConfig{region: "ap-guangzhou", endpoint: "sts.tencentcloudapi.com", transport: viaProxy})
		if err := callSTS(t, client, "GetCallerIdentity", nil, nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("CDB signature on the STS host", func(t *testing.T) {
		client := newClient(t, s, clientConfig{region: "ap-guangzhou", endpoint: "sts.tencentcloudapi.com", transport: viaProxy})
		_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
		expectCode(t, err, "NoSuchVersion", "sts")
	})
	t.Run("another STS version", func(t *testing.T) {
		req := tchttp.NewCommonRequest("sts", "2010-01-01", "GetCallerIdentity")
		_ = req.SetActionParameters(map[string]any{})
		err := newClient(t, s, clientConfig{region: "ap-guangzhou"}).Send(req, tchttp.NewCommonResponse())
		expectCode(t, err, "NoSuchVersion", "2018-08-13")
	})
	t.Run("an STS action the mock does not serve", func(t *testing.T) {
		err := callSTS(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), "GetFederationToken", map[string]any{}, nil)
		expectCode(t, err, "InvalidAction", "GetFederationToken")
	})
	t.Run("signed for another service on the STS host", func(t *testing.T) {
		chain := roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			req = req.Clone(req.Context())
			req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), "/sts/", "/cdb/", 1))
			return viaProxy.RoundTrip(req)
		})
		client := newClient(t, s, clientConfig{region: "ap-guangzhou", endpoint: "sts.tencentcloudapi.com", transport: chain})
		expectSignatureFailure(t, s, callSTS(t, client, "GetCallerIdentity", nil, nil), "service cdb")
	})

	// STS calls take none of CDB's reliability settings: an injected error waits for a CDB call.
	s.ResetStats()
	s.ResetCalls()
	s.InjectError(1, "InternalError.DBError", "db down")
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	if err := callSTS(t, client, "AssumeRole", map[string]any{"RoleArn": roleARN, "RoleSessionName": "not-faulted"}, nil); err != nil {
		t.Fatalf("AssumeRole took the injected error: %v", err)
	}
	_, err = describe(t, client, map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "InternalError.DBError")
	if st := s.Stats(); st.Calls != 1 || st.STSCalls != 1 || st.AssumeRoleIssued != 1 {
		t.Errorf("Stats = %+v", st)
	}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

func TestQuota_AppliesToTheSecretIDUsed(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := startServer(t, mock.Options{Quota: 1, Clock: clock.Now, Roles: []mock.Role{{ARN: roleARN}}})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	cred, err := s.IssueCredential(roleARN, "quota", 0)
	if err != nil {
		t.Fatal(err)
	}
	// STS calls take no token of the quota.
	if err := callSTS(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), "GetCallerIdentity", nil, nil); err != nil {
		t.Fatal(err)
	}
	params := map[string]any{"InstanceId": "cdb-a"}
	mustDescribe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), params)
	temp := tempClient(t, s, cred.SecretID, cred.SecretKey, cred.Token)
	mustDescribe(t, temp, params) // its own bucket
	_, err = describe(t, temp, params)
	expectCode(t, err, "RequestLimitExceeded")
}

func TestAccountsAndRoles_Validation(t *testing.T) {
	s := mock.NewServer(mock.Options{})
	bad := map[string]error{
		"account ID not digits":     s.AddAccount(mock.Account{AccountID: "acct", SecretID: "AKIDx", SecretKey: "k"}),
		"no secret key":             s.AddAccount(mock.Account{AccountID: otherAccount, SecretID: "AKIDx"}),
		"secret ID in use":          s.AddAccount(mock.Account{AccountID: otherAccount, SecretID: mock.DefaultSecretID, SecretKey: "k"}),
		"user UIN not digits":       s.AddAccount(mock.Account{AccountID: otherAccount, UserUIN: "bob", SecretID: "AKIDy", SecretKey: "k"}),
		"role ARN malformed":        s.AddRole(mock.Role{ARN: "qcs::cam::uin/1:roleName/x"}),
		"role of another account":   s.AddRole(mock.Role{ARN: roleARN, AccountID: otherAccount}),
		"trusted account bad":       s.AddRole(mock.Role{ARN: roleARN, TrustedAccounts: []string{"everyone"}}),
		"external ID too short":     s.AddRole(mock.Role{ARN: roleARN, ExternalID: "x"}),
		"max duration above 12 h":   s.AddRole(mock.Role{ARN: roleARN, MaxDuration: 13 * time.Hour}),
		"instance role name bad":    s.AddInstanceRole("bad/name", ""),
		"instance role account":     s.AddInstanceRole("reader", "acct"),
		"issue for an unknown role": second(s.IssueCredential(roleARN, "session", 0)),
	}
	for name, err := range bad {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := s.AddAccount(mock.Account{AccountID: otherAccount, SecretID: otherID, SecretKey: otherKey}); err != nil {
		t.Errorf("a valid account: %v", err)
	}
	if err := s.AddRole(mock.Role{ARN: roleARN}); err != nil {
		t.Errorf("a valid role: %v", err)
	}
	if _, err := s.IssueCredential(roleARN, "x", 0); err == nil {
		t.Error("IssueCredential accepted a one-character session name")
	}

	defer func() {
		if recover() == nil {
			t.Error("NewServer accepted an invalid account")
		}
	}()
	mock.NewServer(mock.Options{Accounts: []mock.Account{{AccountID: "x"}}})
}

func TestCredentials_EmptyMapLeavesOnlyAccounts(t *testing.T) {
	s := startServer(t, mock.Options{
		Credentials: map[string]string{},
		Accounts:    []mock.Account{{AccountID: otherAccount, SecretID: otherID, SecretKey: otherKey}},
	})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	mustDescribe(t, newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: otherID, secretKey: otherKey}), map[string]any{"InstanceId": "cdb-a"})
	if calls := s.Calls(); calls[0].AccountID != otherAccount {
		t.Errorf("the call acted as %q, want %s", calls[0].AccountID, otherAccount)
	}
	_, err := describe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "AuthFailure.SecretIdNotFound")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
