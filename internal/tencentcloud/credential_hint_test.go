package tencentcloud

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// noFetch renews nothing: it makes credentials that a test treats as temporary, without a source to call.
func noFetch(context.Context) (temporaryCredentials, error) { return temporaryCredentials{}, nil }

func TestMaskSecretID(t *testing.T) {
	cases := []struct {
		creds *credentials
		want  string
	}{
		{fixedCredentials("x", "AKIDabcdefghijklmnopqrstuvwxyz0123456", "key", ""), "AKID…3456"},
		{fixedCredentials("x", "AKID12345678", "key", ""), "AKID…5678"},
		{fixedCredentials("x", "AKID1234567", "key", ""), ""}, // too short to hide anything
		{refreshingCredentials("role", "a role", noFetch), ""},
	}
	for _, tc := range cases {
		if got := maskSecretID(tc.creds); got != tc.want {
			t.Errorf("maskSecretID(%q) = %q, want %q", tc.creds.GetSecretId(), got, tc.want)
		}
	}
	// The temporary credentials of a role are not shown, even once fetched.
	role := refreshingCredentials("role", "a role", noFetch)
	role.secretID = "AKIDtemporary000000000000000000000000"
	if got := maskSecretID(role); got != "" {
		t.Errorf("a role's temporary SecretId is shown: %q", got)
	}
}

func TestWithoutSecretID(t *testing.T) {
	creds := fixedCredentials("x", "AKIDabcdefghijklmnopqrstuvwxyz0123456", "key", "")
	got := withoutSecretID("The SecretId `AKIDabcdefghijklmnopqrstuvwxyz0123456` is not found.", creds)
	if want := "The SecretId `AKID…3456` is not found."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A value too short to be a SecretId is left alone, rather than replaced wherever it happens to occur.
	short := fixedCredentials("x", "a", "key", "")
	if got := withoutSecretID("a message", short); got != "a message" {
		t.Errorf("got %q", got)
	}
}

func TestCredentialHint(t *testing.T) {
	const id, key, token = "AKIDhintTest0000000000000000000000wxyz", "the-secret-key-value", "the-token-value"
	static := fixedCredentials("the provider block (secret_id and secret_key)", id, key, "")
	withToken := fixedCredentials("the environment variables X and Y, with the token of Z", id, key, token)
	role := refreshingCredentials("CVM instance role r", `the CVM instance role "r"`, noFetch)
	now := time.Date(2025, 6, 1, 2, 3, 4, 0, time.FixedZone("UTC+8", 8*3600))
	cases := []struct {
		code   string
		creds  *credentials
		action string
		want   string // the whole hint, "" for none
	}{
		{"AuthFailure.SignatureFailure", static, "DescribeBackups",
			"The credentials came from the provider block (secret_id and secret_key), SecretId AKID…wxyz. Check that the secret key " +
				"is the one issued with this secret ID, copied whole: a key of another key pair, or one with a character missing or " +
				"added, is refused this way (keys are listed in the CAM console, under API keys). A clock more than 5 minutes off " +
				"is refused as AuthFailure.SignatureExpire instead."},
		{"AuthFailure.SecretIdNotFound", static, "DescribeBackups",
			"The credentials came from the provider block (secret_id and secret_key), SecretId AKID…wxyz. Tencent Cloud knows no " +
				"such secret ID: check that it is copied whole, and that the key still exists and is enabled (CAM console, API keys). " +
				"A temporary secret ID is known only with its token."},
		{"AuthFailure.InvalidSecretId", static, "DescribeBackups",
			"The credentials came from the provider block (secret_id and secret_key), SecretId AKID…wxyz. This is not a secret ID " +
				"as Tencent Cloud issues them: check that the secret ID is the key's SecretId (it starts with AKID), not its " +
				"SecretKey or an account ID, without spaces or line breaks."},
		{"AuthFailure.TokenFailure", withToken, "DescribeBackups",
			"The credentials came from the environment variables X and Y, with the token of Z, SecretId AKID…wxyz. The token has " +
				"expired, or does not belong to this temporary secret ID. Temporary credentials expire: get a new secret ID, key " +
				"and token together, or let the provider get and renew them (assume_role, cam_role_name)."},
		{"AuthFailure.TokenFailure", static, "DescribeBackups",
			"The credentials came from the provider block (secret_id and secret_key), SecretId AKID…wxyz. A temporary secret ID " +
				"needs its token (security_token or TENCENTCLOUD_SECURITY_TOKEN); a permanent key needs none."},
		{"AuthFailure.TokenFailure", role, "DescribeBackups",
			`The credentials came from the CVM instance role "r". The provider renews these temporary credentials before they ` +
				"expire; if this persists, check this machine's clock."},
		{"UnauthorizedOperation", role, "DescribeBinlogs",
			`The credentials came from the CVM instance role "r". The credentials are valid, but CAM does not allow their user ` +
				"or role this call: grant it cdb:DescribeBinlogs, or use credentials that have it."},
		{"AuthFailure.SignatureExpire", static, "DescribeBackups",
			"The request's time was more than 5 minutes away from Tencent Cloud's clock: this machine's clock is off (it said " +
				"2025-05-31 18:03:04 UTC). Set it right (NTP) and run again; the credentials are not the problem."},
		{"InvalidParameter.InstanceNotFound", static, "DescribeBackups", ""},
		{"RequestLimitExceeded", static, "DescribeBackups", ""},
		{"InternalError", static, "DescribeBackups", ""},
	}
	for _, tc := range cases {
		got := credentialHint(tc.code, "cdb", tc.action, tc.creds, now)
		if got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.code, got, tc.want)
		}
		if strings.Contains(got, key) || strings.Contains(got, token) || strings.Contains(got, id) {
			t.Errorf("%s: the hint holds a key, the token or the whole SecretId: %q", tc.code, got)
		}
	}
}

// wrongKeyCall makes one DescribeBackups call with cfg, whose keys the mock refuses, and returns its APIError.
func wrongKeyCall(t *testing.T, srv *mock.Server, cfg Config) *APIError {
	t.Helper()
	cfg.Region, cfg.CDBEndpoint = "ap-guangzhou", srv.URL()
	noRetries, notShared := 0, false
	cfg.MaxRetries, cfg.SharedQuota = &noRetries, &notShared
	c, errs := NewClient(context.Background(), cfg)
	if errs != nil {
		t.Fatal(errs)
	}
	_, err := c.DescribeBackups(context.Background(), DescribeBackupsInput{InstanceID: testInstance, Limit: 10})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("got %v, want an API error", err)
	}
	return apiErr
}

// TestClient_CredentialErrorsNameTheirSource: the mock refuses a wrong key; the client's error keeps the API's code,
// message and RequestId, and adds where the keys came from, with the SecretId masked and the key nowhere.
func TestClient_CredentialErrorsNameTheirSource(t *testing.T) {
	srv := startMock(t)
	const wrongKey = "wrong-secret-key-1234567890"
	dir := t.TempDir()
	profile := `{"secretId": "` + mock.DefaultSecretID + `", "secretKey": "` + wrongKey + `"}`
	if err := os.WriteFile(filepath.Join(dir, "ci.credential"), []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	cases := []struct {
		name string
		cfg  Config
		from string
	}{
		{"provider block", Config{SecretID: mock.DefaultSecretID, SecretKey: wrongKey}.WithEnvironment(env(nil)),
			"the provider block (secret_id and secret_key)"},
		{"environment", Config{}.WithEnvironment(env(map[string]string{EnvSecretID: mock.DefaultSecretID, EnvSecretKey: wrongKey})),
			"the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY"},
		{"secret id in the block, key in the environment", Config{SecretID: mock.DefaultSecretID}.WithEnvironment(env(map[string]string{EnvSecretKey: wrongKey})),
			"secret_id in the provider block and the environment variable TENCENTCLOUD_SECRET_KEY"},
		{"tccli profile", Config{Profile: "ci", SharedCredentialsDir: dir}.WithEnvironment(env(nil)),
			`the tccli profile "ci" in ` + dir + " (ci.credential)"},
	}
	masked := mock.DefaultSecretID[:4] + "…" + mock.DefaultSecretID[len(mock.DefaultSecretID)-4:]
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := wrongKeyCall(t, srv, tc.cfg)
			if e.Code != "AuthFailure.SignatureFailure" || e.Message != "The provided credentials could not be validated. Please check your signature is correct." || e.RequestID == "" {
				t.Errorf("code %q, message %q, RequestId %q: the API's answer is not kept as it came", e.Code, e.Message, e.RequestID)
			}
			wantFrom := "The credentials came from " + tc.from + ", SecretId " + masked + ". Check that the secret key"
			if !strings.HasPrefix(e.Hint, wantFrom) {
				t.Errorf("hint %q, want it to start %q", e.Hint, wantFrom)
			}
			if msg := e.Error(); strings.Contains(msg, wrongKey) || strings.Contains(msg, mock.DefaultSecretID) ||
				!strings.HasSuffix(msg, "\n\n"+e.Hint) {
				t.Errorf("error %q: must end with the hint and hold neither the key nor the whole SecretId", msg)
			}
		})
	}
}

// TestClient_UnknownSecretIDIsMasked: the mock's SecretIdNotFound quotes the SecretId; the client masks it.
func TestClient_UnknownSecretIDIsMasked(t *testing.T) {
	srv := startMock(t)
	const unknown = "AKIDunknownKey000000000000000000000abc"
	e := wrongKeyCall(t, srv, Config{SecretID: unknown, SecretKey: "some-key"}.WithEnvironment(func(string) string { return "" }))
	if e.Code != "AuthFailure.SecretIdNotFound" {
		t.Fatalf("code %s", e.Code)
	}
	if msg := e.Error(); strings.Contains(msg, unknown) || !strings.Contains(msg, "AKID…0abc") || strings.Contains(msg, "some-key") {
		t.Errorf("error %q: the SecretId must be masked and the key absent", msg)
	}
}

// TestClient_ClockOffIsSignatureExpire: a server clock 10 minutes ahead refuses the call as AuthFailure.SignatureExpire,
// whose hint is about the clock, not the keys.
func TestClient_ClockOffIsSignatureExpire(t *testing.T) {
	srv := mock.NewServer(mock.Options{Now: func() time.Time { return time.Now().Add(10 * time.Minute) }})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", testInstance, nil)
	e := wrongKeyCall(t, srv, Config{SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey})
	if e.Code != "AuthFailure.SignatureExpire" || !strings.HasPrefix(e.Hint, "The request's time was more than 5 minutes away from Tencent Cloud's clock") {
		t.Errorf("code %s, hint %q", e.Code, e.Hint)
	}
}
