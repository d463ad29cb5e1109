package provider_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// Three keys the mock accepts, one per source, so a test can see which source signed a call.
const (
	configKeyID  = "AKIDconfig000000000000000000000000000"
	envKeyID     = "AKIDenviron00000000000000000000000000"
	profileKeyID = "AKIDprofile00000000000000000000000000"
)

func keyOf(id string) string { return "key-of-" + id }

// credentialsMock serves one instance in region to all three keys.
func credentialsMock(t *testing.T, region string) (*mock.Server, string) {
	t.Helper()
	srv := acctest.StartMockWith(t, mock.Options{Credentials: map[string]string{
		configKeyID: keyOf(configKeyID), envKeyID: keyOf(envKeyID), profileKeyID: keyOf(profileKeyID),
	}})
	id := "cdb-cred0001"
	srv.SetBackups(region, id, mock.GenerateBackups(id, region, 2, acctest.Newest))
	return srv, id
}

// writeProfile writes a tccli profile (name.credential, and name.configure when region is set) into dir.
func writeProfile(t *testing.T, dir, name, credential, region string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name+".credential"), []byte(credential), 0o600); err != nil {
		t.Fatal(err)
	}
	if region != "" {
		conf := fmt.Sprintf(`{"_sys_param": {"region": %q, "output": "json"}}`, region)
		if err := os.WriteFile(filepath.Join(dir, name+".configure"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// signedBy checks that every call to the mock was signed with the key id and made in region.
func signedBy(srv *mock.Server, keyID, region string) resource.TestCheckFunc {
	return expectCalls(srv, func(c mock.Call) error {
		if c.SecretID != keyID || c.Region != region {
			return fmt.Errorf("want key %s in %s", keyID, region)
		}
		return nil
	})
}

// TestAccCredentials_Precedence takes the sources away one by one: the provider block wins over the environment,
// which wins over the profile, which wins over the instance role.
func TestAccCredentials_Precedence(t *testing.T) {
	srv, id := roleMock(t)
	t.Setenv("TENCENTCLOUD_CAM_ROLE_NAME", instanceRole)
	t.Setenv("TENCENTCLOUD_METADATA_ENDPOINT", srv.URL())
	dir := t.TempDir()
	writeProfile(t, dir, "default", fmt.Sprintf(`{"secretId": %q, "secretKey": %q}`, profileKeyID, keyOf(profileKeyID)), "")
	t.Setenv("TENCENTCLOUD_SHARED_CREDENTIALS_DIR", dir)
	t.Setenv("TENCENTCLOUD_REGION", acctest.Region)
	t.Setenv("TENCENTCLOUD_CDB_ENDPOINT", srv.URL())
	t.Setenv("TENCENTCLOUD_SECRET_ID", envKeyID)
	t.Setenv("TENCENTCLOUD_SECRET_KEY", keyOf(envKeyID))

	withConfigKeys := fmt.Sprintf("provider \"tencentcloud\" {\n  secret_id  = %q\n  secret_key = %q\n}\n", configKeyID, keyOf(configKeyID))
	run := func(config, wantKey string) {
		t.Helper()
		srv.ResetCalls()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps:                    []resource.TestStep{{Config: config + readBackups(id), Check: signedBy(srv, wantKey, acctest.Region)}},
		})
	}
	run(withConfigKeys, configKeyID)
	run(`provider "tencentcloud" {}`, envKeyID)
	os.Unsetenv("TENCENTCLOUD_SECRET_ID")
	os.Unsetenv("TENCENTCLOUD_SECRET_KEY")
	run(`provider "tencentcloud" {}`, profileKeyID)
	// Last, the instance role: it was set all along, and is used once the profile is gone.
	if err := os.Remove(filepath.Join(dir, "default.credential")); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    []resource.TestStep{{Config: `provider "tencentcloud" {}` + readBackups(id), Check: viaRole(srv, "")}},
	})
}

// TestAccCredentials_NamedProfileWithRegion reads keys and the region from a named profile in a folder set in
// the provider block.
func TestAccCredentials_NamedProfileWithRegion(t *testing.T) {
	srv, id := credentialsMock(t, "ap-beijing")
	dir := t.TempDir()
	writeProfile(t, dir, "ci", fmt.Sprintf(`{"secretId": %q, "secretKey": %q, "role-session-name": ""}`, profileKeyID, keyOf(profileKeyID)), "ap-beijing")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "tencentcloud" {
  profile                = "ci"
  shared_credentials_dir = %q
  endpoints {
    cdb = %q
  }
}
`, dir, srv.URL()) + readBackups(id),
			Check: signedBy(srv, profileKeyID, "ap-beijing"),
		}},
	})
}

func TestAccCredentials_ProfileErrors(t *testing.T) {
	t.Parallel()
	srv, id := credentialsMock(t, acctest.Region)
	cases := []struct {
		name, profile, file, want string
	}{
		{"named profile that does not exist", "staging", "", `(?s)Unusable tccli profile.*profile "staging" does not exist: there is no file\s+\S+staging\.credential`},
		{"not JSON", "default", "secretId=AKID", `(?s)Unusable tccli profile.*default\.credential\s+is not a JSON object with secretId and secretKey`},
		{"no secret key", "default", fmt.Sprintf(`{"secretId": %q}`, profileKeyID), `(?s)Unusable tccli profile.*default\.credential\s+has a secretId but no secretKey`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file != "" {
				writeProfile(t, dir, tc.profile, tc.file, "")
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "tencentcloud" {
  region                 = %q
  profile                = %q
  shared_credentials_dir = %q
  endpoints {
    cdb = %q
  }
}
`, acctest.Region, tc.profile, dir, srv.URL()) + readBackups(id),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	// Cleanups run once the parallel subtests are done.
	t.Cleanup(func() { expectNoCalls(t, srv, "a broken profile") })
}

const (
	instanceRole = "cvm-terraform"
	assumedRole  = "qcs::cam::uin/100000000001:roleName/terraform-deploy"
)

// cdbCalls are the mock's DescribeBackups calls (STS calls are recorded too).
func cdbCalls(srv *mock.Server) []mock.Call {
	var out []mock.Call
	for _, c := range srv.Calls() {
		if c.Service == "cdb" {
			out = append(out, c)
		}
	}
	return out
}

// viaRole checks that every CDB call was signed with temporary credentials of role (empty: any instance role),
// with their token, and succeeded.
func viaRole(srv *mock.Server, role string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		calls := cdbCalls(srv)
		if len(calls) == 0 {
			return fmt.Errorf("no CDB call")
		}
		for i, c := range calls {
			if c.ErrorCode != "" || c.Token == "" || c.RoleARN == "" || (role != "" && c.RoleARN != role) {
				return fmt.Errorf("call %d (%+v) was not made as role %q", i, c, role)
			}
		}
		return nil
	}
}

func roleMock(t *testing.T) (*mock.Server, string) {
	t.Helper()
	srv, id := credentialsMock(t, acctest.Region)
	if err := srv.AddRole(mock.Role{ARN: assumedRole, ExternalID: "ext-42"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddInstanceRole(instanceRole, ""); err != nil {
		t.Fatal(err)
	}
	return srv, id
}

func TestAccCredentials_InstanceRole(t *testing.T) {
	srv, id := roleMock(t)
	t.Setenv("TENCENTCLOUD_METADATA_ENDPOINT", srv.URL())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "tencentcloud" {
  region        = %q
  cam_role_name = %q
  endpoints {
    cdb = %q
  }
}
`, acctest.Region, instanceRole, srv.URL()) + readBackups(id),
			Check: viaRole(srv, ""),
		}},
	})
	if srv.MetadataFetches(instanceRole) == 0 {
		t.Fatal("the metadata service was never asked")
	}
}

// TestAccCredentials_AssumeRoleOnEveryBase assumes a role on top of each base source in turn.
func TestAccCredentials_AssumeRoleOnEveryBase(t *testing.T) {
	acctest.ProviderLogic(t)
	srv, id := roleMock(t)
	dir := t.TempDir()
	writeProfile(t, dir, "default", fmt.Sprintf(`{"secretId": %q, "secretKey": %q}`, profileKeyID, keyOf(profileKeyID)), "")
	block := fmt.Sprintf(`
  assume_role {
    role_arn         = %q
    session_name     = "acceptance"
    session_duration = 3600
    external_id      = "ext-42"
  }
  endpoints {
    cdb = %q
    sts = %q
  }
`, assumedRole, srv.URL(), srv.URL())
	cases := []struct {
		name   string
		config string
		env    map[string]string
		caller string
	}{
		{"static keys", fmt.Sprintf("secret_id = %q\nsecret_key = %q\n", configKeyID, keyOf(configKeyID)), nil, configKeyID},
		{"environment", "", map[string]string{"TENCENTCLOUD_SECRET_ID": envKeyID, "TENCENTCLOUD_SECRET_KEY": keyOf(envKeyID)}, envKeyID},
		{"profile", fmt.Sprintf("shared_credentials_dir = %q\n", dir), nil, profileKeyID},
		{"instance role", fmt.Sprintf("cam_role_name = %q\n", instanceRole), map[string]string{"TENCENTCLOUD_METADATA_ENDPOINT": srv.URL()}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			srv.ResetCalls()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf("provider \"tencentcloud\" {\nregion = %q\n%s%s}\n", acctest.Region, tc.config, block) + readBackups(id),
					Check:  viaRole(srv, assumedRole),
				}},
			})
			// AssumeRole was signed by the base credentials.
			var assumed bool
			for _, c := range srv.Calls() {
				if c.Action == "AssumeRole" {
					assumed = true
					if tc.caller != "" && c.SecretID != tc.caller {
						t.Fatalf("AssumeRole was signed by %s, want the %s key %s", c.SecretID, tc.name, tc.caller)
					}
					if tc.caller == "" && c.Token == "" {
						t.Fatal("AssumeRole was not signed with the instance role's temporary key")
					}
				}
			}
			if !assumed {
				t.Fatal("AssumeRole was never called")
			}
		})
	}
}

// TestAccCredentials_RefreshDuringLongRead lists slowly with credentials that live 4 seconds: they must be renewed
// in the middle of the paging, before any call is refused for an expired token.
func TestAccCredentials_RefreshDuringLongRead(t *testing.T) {
	acctest.ProviderLogic(t)
	srv, _ := roleMock(t)
	id := "cdb-slow0001"
	srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 300, acctest.Newest))
	if err := srv.SetTemporaryCredentialLifetime(4 * time.Second); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetLatency(100 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "tencentcloud" {
  region          = %q
  secret_id       = %q
  secret_key      = %q
  max_concurrency = 1
  assume_role {
    role_arn    = %q
    external_id = "ext-42"
  }
  endpoints {
    cdb = %q
    sts = %q
  }
}

data "tencentcloud_cdb_backups" "test" {
  instance_id = %q
  page_size   = 10
}
`, acctest.Region, configKeyID, keyOf(configKeyID), assumedRole, srv.URL(), srv.URL(), id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(300)),
			},
			Check: viaRole(srv, assumedRole),
		}},
	})
	// Three reads of 30 calls of at least 100 ms each, back to back, outlive two lifetimes of the credentials.
	tokens := map[string]bool{}
	for _, c := range cdbCalls(srv) {
		tokens[c.Token] = true
	}
	if len(tokens) < 2 {
		t.Fatalf("%d different tokens signed the calls; the credentials were not renewed while reading", len(tokens))
	}
}

func TestAccCredentials_AccountChecks(t *testing.T) {
	srv, id := roleMock(t)
	config := func(lists string) string {
		return fmt.Sprintf(`
provider "tencentcloud" {
  region     = %q
  secret_id  = %q
  secret_key = %q
  %s
  endpoints {
    cdb = %q
    sts = %q
  }
}
`, acctest.Region, configKeyID, keyOf(configKeyID), lists, srv.URL(), srv.URL()) + readBackups(id)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(`allowed_account_ids = ["100000000001"]`)},
			{Config: config(`forbidden_account_ids = ["200000000002"]`)},
		},
	})
	for _, refused := range []struct{ name, lists, want string }{
		{"account not allowed", `allowed_account_ids = ["200000000002", "300000000003"]`,
			`(?s)Account not allowed.*The credentials belong to account 100000000001.*not in\s+allowed_account_ids\s+\[200000000002 300000000003\]`},
		{"account forbidden", `forbidden_account_ids = ["100000000001"]`, `(?s)Account forbidden.*account 100000000001.*is in\s+forbidden_account_ids`},
		{"both lists", "allowed_account_ids = [\"100000000001\"]\n  forbidden_account_ids = [\"2\"]", `(?s)Invalid Attribute Combination.*forbidden_account_ids`},
	} {
		t.Run(refused.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: config(refused.lists), ExpectError: regexp.MustCompile(refused.want)}},
			})
		})
	}
}

// providerWith is a provider block with body and the mock's endpoints, and a read of instance id.
func providerWith(srv *mock.Server, id, body string) string {
	return fmt.Sprintf("provider \"tencentcloud\" {\nregion = %q\n%s\n  endpoints {\n    cdb = %q\n    sts = %q\n  }\n}\n", acctest.Region, body, srv.URL(), srv.URL()) + readBackups(id)
}

func TestAccCredentials_Errors(t *testing.T) {
	t.Parallel()
	srv, id := roleMock(t)
	if err := srv.AddRole(mock.Role{ARN: "qcs::cam::uin/100000000001:roleName/untrusting", TrustedAccounts: []string{"900000000009"}}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetTemporaryCredentialLifetime(time.Second); err != nil {
		t.Fatal(err)
	}
	expired, err := srv.IssueCredential(assumedRole, "old", 0)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // the credential expires; the mock checks expiry on its clock
	cases := []struct {
		name, config, want string
	}{
		{
			name:   "assume role denied",
			config: providerWith(srv, id, fmt.Sprintf("secret_id = %q\nsecret_key = %q\nassume_role {\n  role_arn = \"qcs::cam::uin/100000000001:roleName/untrusting\"\n}", configKeyID, keyOf(configKeyID))),
			want:   `(?s)Could not get Tencent Cloud credentials.*getting temporary credentials from assume_role\s+qcs::cam::uin/100000000001:roleName/untrusting.*\[UnauthorizedOperation\]`,
		},
		{
			name:   "assume role without the external id",
			config: providerWith(srv, id, fmt.Sprintf("secret_id = %q\nsecret_key = %q\nassume_role {\n  role_arn = %q\n}", configKeyID, keyOf(configKeyID), assumedRole)),
			want:   `(?s)Could not get Tencent Cloud credentials.*\[UnauthorizedOperation\]`,
		},
		{
			name:   "expired token",
			config: providerWith(srv, id, fmt.Sprintf("secret_id = %q\nsecret_key = %q\nsecurity_token = %q", expired.SecretID, expired.SecretKey, expired.Token)),
			want: `(?s)Could not list the backups of cdb-cred0001.*\[AuthFailure\.TokenFailure\].*` +
				words("The credentials came from the provider block (secret_id and secret_key), with the token of security_token") +
				`.*` + words("The token has expired, or does not belong to this temporary secret ID."),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

// TestAccCredentials_InstanceRoleErrors cannot run in parallel: the metadata service's address comes only from an
// environment variable, and a closed port stays closed only while no other test opens one.
func TestAccCredentials_InstanceRoleErrors(t *testing.T) {
	srv, id := roleMock(t)
	cases := []struct {
		name, config, metadata, want string
	}{
		{
			name:     "unreachable metadata service",
			config:   providerWith(srv, id, fmt.Sprintf("cam_role_name = %q", instanceRole)),
			metadata: closedPort(t),
			want:     `(?s)Could not get Tencent Cloud credentials.*cam_role_name.*CVM instance role cvm-terraform: the\s+metadata service at http://127\.0\.0\.1:\d+ did not answer`,
		},
		{
			name:     "instance without that role",
			config:   providerWith(srv, id, `cam_role_name = "no-such-role"`),
			metadata: srv.URL(),
			want:     `(?s)the\s+instance\s+has\s+no\s+CAM\s+role\s+"no-such-role"`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TENCENTCLOUD_METADATA_ENDPOINT", tc.metadata)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

// closedPort is an address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
