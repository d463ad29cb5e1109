package tencentcloud

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestResolveCDBEndpoint(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want Endpoint
	}{
		{"default", Config{Region: "ap-guangzhou"}, Endpoint{"HTTPS", "cdb.tencentcloudapi.com"}},
		{"protocol http", Config{Region: "ap-guangzhou", Protocol: "HTTP"}, Endpoint{"HTTP", "cdb.tencentcloudapi.com"}},
		{"protocol lowercase", Config{Region: "ap-guangzhou", Protocol: "https"}, Endpoint{"HTTPS", "cdb.tencentcloudapi.com"}},
		{"domain", Config{Region: "ap-guangzhou", Domain: "internal.tencentcloudapi.com"}, Endpoint{"HTTPS", "cdb.internal.tencentcloudapi.com"}},
		{"finance region", Config{Region: "ap-shanghai-fsi"}, Endpoint{"HTTPS", "cdb.ap-shanghai-fsi.tencentcloudapi.com"}},
		{"finance region with domain", Config{Region: "ap-shenzhen-fsi", Domain: "example.com", Protocol: "HTTP"}, Endpoint{"HTTP", "cdb.ap-shenzhen-fsi.example.com"}},
		{"override http", Config{Region: "ap-shanghai-fsi", CDBEndpoint: "http://127.0.0.1:8080"}, Endpoint{"HTTP", "127.0.0.1:8080"}},
		{"override https with slash", Config{Region: "ap-guangzhou", CDBEndpoint: "https://cdb.internal.tencentcloudapi.com/"}, Endpoint{"HTTPS", "cdb.internal.tencentcloudapi.com"}},
		{"override bare host means https", Config{Region: "ap-guangzhou", Protocol: "HTTP", CDBEndpoint: "cdb.example.com:8443"}, Endpoint{"HTTPS", "cdb.example.com:8443"}},
		{"override localhost", Config{Region: "ap-guangzhou", CDBEndpoint: "http://localhost:9000"}, Endpoint{"HTTP", "localhost:9000"}},
		{"override ipv6", Config{Region: "ap-guangzhou", CDBEndpoint: "http://[::1]:9000"}, Endpoint{"HTTP", "[::1]:9000"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.cfg.resolveEndpoint(ServiceCDB, tc.cfg.CDBEndpoint)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseEndpoint_Rejects(t *testing.T) {
	cases := map[string]string{
		"":                             "empty",
		"ftp://cdb.example.com":        `scheme "ftp"`,
		"http://":                      "no host",
		"http://cdb.example.com/v3":    "without user, path",
		"http://cdb.example.com?a=b":   "without user, path",
		"http://user:pw@cdb.example":   "without user, path",
		"http://cdb.example.com:99999": "invalid port",
		"http://cdb.example.com:":      "empty port",
		"http://bad_host.example.com":  "invalid host",
		"http://exa mple.com":          "not a valid URL",
	}
	for in, want := range cases {
		_, err := ParseEndpoint(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEndpoint(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := Config{Region: "ap-guangzhou", SecretID: "AKID", SecretKey: "key"}
	if errs := ok.Validate(); len(errs) != 0 {
		t.Fatalf("valid config refused: %v", errs)
	}
	cases := []struct {
		name      string
		cfg       Config
		attribute string
		contains  string
	}{
		{"missing region", Config{SecretID: "a", SecretKey: "b"}, "region", EnvRegion},
		{"bad region", Config{Region: "Guangzhou", SecretID: "a", SecretKey: "b"}, "region", `"Guangzhou" is not a Tencent Cloud region name`},
		{"bad protocol", Config{Region: "ap-guangzhou", Protocol: "FTP", SecretID: "a", SecretKey: "b"}, "protocol", `"FTP" is not a supported protocol; allowed values are "HTTPS"`},
		{"bad domain", Config{Region: "ap-guangzhou", Domain: "https://x.com", SecretID: "a", SecretKey: "b"}, "domain", "not a root domain"},
		{"bad endpoint", Config{Region: "ap-guangzhou", CDBEndpoint: "ftp://x", SecretID: "a", SecretKey: "b"}, "endpoints.cdb", `scheme "ftp"`},
		{"id without key", Config{Region: "ap-guangzhou", SecretID: "a"}, "secret_key", EnvSecretKey},
		{"key without id", Config{Region: "ap-guangzhou", SecretKey: "b"}, "secret_id", EnvSecretID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := tc.cfg.Validate()
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
			}
			if errs[0].Attribute != tc.attribute || !strings.Contains(errs[0].Detail, tc.contains) {
				t.Fatalf("got %+v, want attribute %q and a detail containing %q", errs[0], tc.attribute, tc.contains)
			}
		})
	}
}

// TestValidate_MissingRegionNamesEveryPlace: the error lists the provider's region, TENCENTCLOUD_REGION and the
// profile's configure file as this configuration names it, and says what was found there.
func TestValidate_MissingRegionNamesEveryPlace(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ci.configure"), []byte(`{"_sys_param": {"output": "json"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	const head = "The provider looked for a region in these places, in this order, and found none:\n\n" +
		"  1. The provider block: region, e.g. region = \"ap-guangzhou\".\n" +
		"  2. The environment: TENCENTCLOUD_REGION.\n" +
		"  3. A tccli profile: _sys_param.region in <shared_credentials_dir>/<profile>.configure (the provider's " +
		"shared_credentials_dir and profile, or TENCENTCLOUD_SHARED_CREDENTIALS_DIR and TENCENTCLOUD_PROFILE; by default " +
		"~/.tccli/default.configure); read here: "
	const tail = ".\n\nSet one of them to a region such as \"ap-guangzhou\", \"ap-shanghai\" or, for a Finance region, \"ap-shanghai-fsi\"."
	cases := []struct {
		name string
		cfg  Config
		read string
	}{
		{"no configure file", Config{SharedCredentialsDir: dir}, dir + "/default.configure (there is no such file)"},
		{"configure file without a region", Config{SharedCredentialsDir: dir, Profile: "ci"}, dir + "/ci.configure (it has no _sys_param.region)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.SecretID, tc.cfg.SecretKey = "AKID", "key"
			errs := tc.cfg.Validate()
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
			}
			want := ConfigError{Attribute: "region", Summary: "Missing region", Detail: head + tc.read + tail}
			if errs[0] != want {
				t.Errorf("got\n%s\nwant\n%s", errs[0].Detail, want.Detail)
			}
		})
	}
	// Through the environment, as the provider reads it: the profile named there, in the folder named there.
	env := map[string]string{EnvSharedCredentialsDir: dir, EnvProfile: "ci", EnvSecretID: "AKID", EnvSecretKey: "key"}
	errs := Config{}.WithEnvironment(func(k string) string { return env[k] }).Validate()
	if len(errs) != 1 || !strings.HasSuffix(errs[0].Detail, "read here: "+dir+"/ci.configure (it has no _sys_param.region)"+tail) {
		t.Errorf("got %v", errs)
	}
}

func TestNewClient_MissingCredentialsListsEverySource(t *testing.T) {
	dir := t.TempDir()
	_, errs := NewClient(context.Background(), Config{Region: "ap-guangzhou", SharedCredentialsDir: dir})
	if len(errs) != 1 || errs[0].Summary != "No Tencent Cloud credentials found" {
		t.Fatalf("got %v", errs)
	}
	for _, want := range []string{"secret_id", "secret_key", "security_token", EnvSecretID, EnvSecretKey, EnvSecurityToken,
		EnvProfile, EnvSharedCredentialsDir, dir + "/default.credential", "cam_role_name", EnvCAMRoleName, "assume_role"} {
		if !strings.Contains(errs[0].Detail, want) {
			t.Errorf("the missing-credentials error does not mention %s:\n%s", want, errs[0].Detail)
		}
	}
}

func TestWithEnvironment(t *testing.T) {
	env := map[string]string{
		EnvRegion: "ap-beijing", EnvSecretID: "env-id", EnvSecretKey: "env-key", EnvSecurityToken: "env-token",
		EnvProtocol: "HTTP", EnvDomain: "env.example.com", EnvCDBEndpoint: "http://127.0.0.1:1",
	}
	getenv := func(k string) string { return env[k] }

	got := Config{}.WithEnvironment(getenv)
	want := Config{Region: "ap-beijing", SecretID: "env-id", SecretKey: "env-key", SecurityToken: "env-token",
		Protocol: "HTTP", Domain: "env.example.com", CDBEndpoint: "http://127.0.0.1:1",
		keysFrom:  "the environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)",
		keyOrigin: "the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, with the token of TENCENTCLOUD_SECURITY_TOKEN"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("environment only: got %+v, want %+v", got, want)
	}

	cfg := Config{Region: "ap-guangzhou", SecretID: "cfg-id", SecretKey: "cfg-key", Protocol: "HTTPS"}
	got = cfg.WithEnvironment(getenv)
	if got.Region != "ap-guangzhou" || got.SecretID != "cfg-id" || got.SecretKey != "cfg-key" || got.Protocol != "HTTPS" {
		t.Fatalf("configuration must win over the environment: %+v", got)
	}
	if got.SecurityToken != "" {
		t.Fatalf("the environment's token was paired with the configuration's secret ID")
	}
	if want := "the provider block (secret_id and secret_key)"; got.keyOrigin != want {
		t.Errorf("keys of the configuration: keyOrigin %q, want %q", got.keyOrigin, want)
	}
	// A secret key from the environment may complete a secret ID from the configuration.
	got = Config{SecretID: "cfg-id"}.WithEnvironment(getenv)
	if got.SecretKey != "env-key" || got.SecurityToken != "" {
		t.Fatalf("got %+v", got)
	}
	if want := "secret_id in the provider block and the environment variable TENCENTCLOUD_SECRET_KEY"; got.keyOrigin != want {
		t.Errorf("mixed keys: keyOrigin %q, want %q", got.keyOrigin, want)
	}
	got = Config{SecretKey: "cfg-key", SecurityToken: "cfg-token"}.WithEnvironment(getenv)
	if want := "secret_key in the provider block and the environment variable TENCENTCLOUD_SECRET_ID, with the token of security_token"; got.keyOrigin != want {
		t.Errorf("mixed keys with a token: keyOrigin %q, want %q", got.keyOrigin, want)
	}
	// No keys anywhere: the credentials come from elsewhere, and keyOrigin says nothing.
	if got := (Config{}).WithEnvironment(func(string) string { return "" }); got.keyOrigin != "" {
		t.Errorf("no keys: keyOrigin %q", got.keyOrigin)
	}
}

func TestIsFinanceRegion(t *testing.T) {
	for region, want := range map[string]bool{"ap-shanghai-fsi": true, "ap-shenzhen-fsi": true, "ap-shanghai": false, "ap-guangzhou": false} {
		if IsFinanceRegion(region) != want {
			t.Errorf("IsFinanceRegion(%q) != %v", region, want)
		}
	}
}

func TestRequestClient(t *testing.T) {
	if got := requestClient("terraform-provider-tencentcloud 1.2.3+dirty/x"); got != "terraform-provider-tencentcloud 1.2.3_dirty_x" {
		t.Fatalf("got %q", got)
	}
	if got := requestClient(strings.Repeat("a", 200)); len(got) != 128 {
		t.Fatalf("got %d characters", len(got))
	}
}

func TestEndpoint_SendsCredentialsInClear(t *testing.T) {
	cases := map[Endpoint]bool{
		{"HTTP", "127.0.0.1:8080"}:           false,
		{"HTTP", "localhost:8080"}:           false,
		{"HTTP", "[::1]:8080"}:               false,
		{"HTTP", "127.5.5.5"}:                false,
		{"HTTP", "cdb.tencentcloudapi.com"}:  true,
		{"HTTP", "10.0.0.5:8080"}:            true,
		{"HTTP", "[2001:db8::1]:80"}:         true,
		{"HTTPS", "cdb.tencentcloudapi.com"}: false,
		{"HTTPS", "10.0.0.5"}:                false,
	}
	for ep, want := range cases {
		if got := ep.SendsCredentialsInClear(); got != want {
			t.Errorf("%+v: got %v, want %v", ep, got, want)
		}
	}
}
