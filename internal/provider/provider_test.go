package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func TestMain(m *testing.M) {
	acctest.ClearEnvironment()
	os.Exit(m.Run())
}

const dataSourceAddr = "data.tencentcloud_cdb_backups.test"

func readBackups(instanceID string) string {
	return fmt.Sprintf(`
data "tencentcloud_cdb_backups" "test" {
  instance_id = %q
}
`, instanceID)
}

// withInstance starts a mock holding one instance with three backups in region.
func withInstance(t *testing.T, region string) (*mock.Server, string) {
	srv := acctest.StartMock(t)
	id := "cdb-prov0001"
	srv.SetBackups(region, id, mock.GenerateBackups(id, region, 3, acctest.Newest))
	return srv, id
}

// expectCalls asserts that every call the mock received satisfies check.
func expectCalls(srv *mock.Server, check func(mock.Call) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		calls := srv.Calls()
		if len(calls) == 0 {
			return fmt.Errorf("the mock received no call")
		}
		for i, c := range calls {
			if err := check(c); err != nil {
				return fmt.Errorf("call %d (%+v): %w", i, c, err)
			}
		}
		return nil
	}
}

func TestAccProvider_EnvironmentOnly(t *testing.T) {
	srv, id := withInstance(t, "ap-beijing")
	t.Setenv("TENCENTCLOUD_REGION", "ap-beijing")
	t.Setenv("TENCENTCLOUD_SECRET_ID", mock.DefaultSecretID)
	t.Setenv("TENCENTCLOUD_SECRET_KEY", mock.DefaultSecretKey)
	t.Setenv("TENCENTCLOUD_CDB_ENDPOINT", srv.URL())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "tencentcloud" {}` + readBackups(id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
			},
			Check: expectCalls(srv, func(c mock.Call) error {
				if c.Region != "ap-beijing" || c.SecretID != mock.DefaultSecretID || c.Token != "" {
					return fmt.Errorf("not made with the environment's region and key")
				}
				return nil
			}),
		}},
	})
}

// TestAccProvider_ConfigurationWinsOverEnvironment sets every variable to a value that would fail.
func TestAccProvider_ConfigurationWinsOverEnvironment(t *testing.T) {
	srv, id := withInstance(t, acctest.Region)
	t.Setenv("TENCENTCLOUD_REGION", "ap-beijing")
	t.Setenv("TENCENTCLOUD_SECRET_ID", "AKIDwrong")
	t.Setenv("TENCENTCLOUD_SECRET_KEY", "wrong")
	t.Setenv("TENCENTCLOUD_SECURITY_TOKEN", "token-of-another-key")
	t.Setenv("TENCENTCLOUD_CDB_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("TENCENTCLOUD_PROTOCOL", "FTP")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(srv, `  protocol = "HTTPS"`) + readBackups(id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
			},
			Check: expectCalls(srv, func(c mock.Call) error {
				if c.Region != acctest.Region || c.SecretID != mock.DefaultSecretID || c.Token != "" {
					return fmt.Errorf("the environment won over the configuration")
				}
				return nil
			}),
		}},
	})
}

// TestAccProvider_FinanceRegion sends a Finance region's calls through an HTTP proxy (the mock) so that the Host
// the provider chose can be seen: cdb.<region>.tencentcloudapi.com, with the same region in X-TC-Region.
func TestAccProvider_FinanceRegion(t *testing.T) {
	const region = "ap-shanghai-fsi"
	srv, id := withInstance(t, region)
	t.Setenv("HTTP_PROXY", srv.URL())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "tencentcloud" {
  region     = %q
  secret_id  = %q
  secret_key = %q
  protocol   = "HTTP"
}
`, region, mock.DefaultSecretID, mock.DefaultSecretKey) + readBackups(id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
			},
			Check: expectCalls(srv, func(c mock.Call) error {
				if c.Host != "cdb.ap-shanghai-fsi.tencentcloudapi.com" || c.Region != region {
					return fmt.Errorf("want Host cdb.ap-shanghai-fsi.tencentcloudapi.com and region %s", region)
				}
				return nil
			}),
		}},
	})
}

// TestAccProvider_DomainAndNoProxy routes through the proxy by the domain argument, and proves that NO_PROXY is
// honoured too: with the domain listed there, the call bypasses the proxy and fails to resolve (.invalid never
// resolves, so nothing leaves the machine).
func TestAccProvider_DomainAndNoProxy(t *testing.T) {
	srv, id := withInstance(t, acctest.Region)
	t.Setenv("HTTP_PROXY", srv.URL())
	config := fmt.Sprintf(`
provider "tencentcloud" {
  region     = %q
  secret_id  = %q
  secret_key = %q
  protocol   = "HTTP"
  domain     = "mock.invalid"
  # The call that bypasses the proxy cannot succeed: one attempt shows it, without a minute of backoff.
  max_retries = 0
}
`, acctest.Region, mock.DefaultSecretID, mock.DefaultSecretKey) + readBackups(id)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: expectCalls(srv, func(c mock.Call) error {
				if c.Host != "cdb.mock.invalid" {
					return fmt.Errorf("want Host cdb.mock.invalid")
				}
				return nil
			}),
		}},
	})
	srv.ResetCalls()
	t.Setenv("NO_PROXY", ".mock.invalid")
	t.Setenv("TENCENTCLOUD_DOMAIN", "invalid") // configuration wins: a domain from here would fail validation
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: regexp.MustCompile(`could not reach http://cdb\.mock\.invalid`),
		}},
	})
	if calls := srv.Calls(); len(calls) != 0 {
		t.Fatalf("NO_PROXY was ignored: the proxy received %+v", calls)
	}
}

func TestAccProvider_UserAgent(t *testing.T) {
	srv, id := withInstance(t, acctest.Region)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(srv) + readBackups(id),
			Check: expectCalls(srv, func(c mock.Call) error {
				if !strings.Contains(c.RequestClient, "terraform-provider-tencentcloud test") {
					return fmt.Errorf("X-TC-RequestClient %q does not name the provider and version", c.RequestClient)
				}
				return nil
			}),
		}},
	})
}

// invalidDomain is the error for a domain with capitals, the same from the schema's validator and from Configure.
const invalidDomain = `(?s)Invalid domain.*"TencentCloudAPI\.com" is not a root domain;\s+expected\s+a\s+host\s+name\s+without\s+scheme,\s+port\s+or\s+path`

// planFails is a plan of config that must fail with an error matching want.
func planFails(config, want string) resource.TestCase {
	return resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(want),
		}},
	}
}

// expectNoCalls fails t when the mock received a call.
func expectNoCalls(t *testing.T, srv *mock.Server, what string) {
	t.Helper()
	if calls := srv.Calls(); len(calls) != 0 {
		t.Errorf("%s reached the API: %+v", what, calls)
	}
}

func TestAccProvider_InvalidConfiguration(t *testing.T) {
	t.Parallel()
	srv, id := withInstance(t, acctest.Region)
	cases := []struct {
		name   string
		config string
		want   string
	}{
		{
			name:   "unknown protocol",
			config: acctest.ProviderConfig(srv, `  protocol = "FTP"`),
			want:   `(?s)Attribute protocol value must be one of:.*"HTTPS".*"HTTP".*got: "FTP"`,
		},
		{
			name:   "malformed endpoint",
			config: strings.Replace(acctest.ProviderConfig(srv), srv.URL(), "ftp://127.0.0.1:21", 1),
			want:   `(?s)Invalid endpoint URL.*cdb = "ftp://127.0.0.1:21".*"ftp://127.0.0.1:21" has scheme "ftp"; only "http" and\s+"https" are\s+allowed`,
		},
		{
			name:   "endpoint with a path",
			config: strings.Replace(acctest.ProviderConfig(srv), srv.URL(), srv.URL()+"/v3/api", 1),
			want:   `(?s)Invalid endpoint URL.*must be a scheme and host\[:port\] only`,
		},
		{
			name:   "region that is not a region name",
			config: strings.Replace(acctest.ProviderConfig(srv), `"`+acctest.Region+`"`, `"Guangzhou"`, 1),
			want:   `(?s)Attribute region must be a Tencent Cloud region name.*got: Guangzhou`,
		},
		{
			name:   "domain with capitals",
			config: acctest.ProviderConfig(srv, `  domain = "TencentCloudAPI.com"`),
			want:   invalidDomain,
		},
		{
			// While the region is unknown, Configure checks nothing: only the schema's validator can refuse this.
			name: "domain with capitals while the region is not yet known",
			config: strings.Replace(regionFromResource(srv), `provider "tencentcloud" {`, `provider "tencentcloud" {
  domain     = "TencentCloudAPI.com"`, 1),
			want: invalidDomain,
		},
		{
			name:   "missing region",
			config: `provider "tencentcloud" {` + "\n" + fmt.Sprintf("secret_id = %q\nsecret_key = %q\n}\n", mock.DefaultSecretID, mock.DefaultSecretKey),
			want: `(?s)Missing region.*1\.\s+The\s+provider\s+block:\s+region,.*2\.\s+The\s+environment:\s+TENCENTCLOUD_REGION\..*` +
				`3\.\s+A\s+tccli\s+profile:\s+_sys_param\.region\s+in\s+<shared_credentials_dir>/<profile>\.configure.*` +
				`read\s+here:\s+\S+/default\.configure\s+\(there\s+is\s+no\s+such\s+file\)`,
		},
		{
			name:   "missing credentials",
			config: fmt.Sprintf("provider \"tencentcloud\" {\nregion = %q\n}\n", acctest.Region),
			want: `(?s)No Tencent Cloud credentials found.*1\. The provider block: secret_id and secret_key.*security_token` +
				`.*2\. The environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.*TENCENTCLOUD_SECURITY_TOKEN`,
		},
		{
			name:   "max_retries out of range",
			config: acctest.ProviderConfig(srv, "  max_retries = 101"),
			want:   `(?s)Attribute max_retries value must be between 0 and 100, got: 101`,
		},
		{
			name:   "negative max_retries",
			config: acctest.ProviderConfig(srv, "  max_retries = -1"),
			want:   `(?s)Attribute max_retries value must be between 0 and 100, got: -1`,
		},
		{
			name:   "request_timeout that is not a duration",
			config: acctest.ProviderConfig(srv, `  request_timeout = "soon"`),
			want:   `(?s)Invalid duration.*"soon" must be a positive duration such as "30s" or "2m"`,
		},
		{
			name:   "request_timeout of zero",
			config: acctest.ProviderConfig(srv, `  request_timeout = "0s"`),
			want:   `(?s)Invalid duration.*"0s" must be a positive duration`,
		},
		{
			name:   "secret id without key",
			config: fmt.Sprintf("provider \"tencentcloud\" {\nregion = %q\nsecret_id = \"AKIDonly\"\n}\n", acctest.Region),
			want:   `(?s)Incomplete Tencent Cloud credentials.*secret_key.*TENCENTCLOUD_SECRET_KEY`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, planFails(tc.config+readBackups(id), tc.want))
		})
	}
	// Cleanups run once the parallel subtests are done.
	t.Cleanup(func() { expectNoCalls(t, srv, "an invalid configuration") })
}

// TestAccProvider_InvalidEnvironment is TestAccProvider_InvalidConfiguration for values from environment variables,
// which Configure checks. It cannot run in parallel: environment variables belong to the whole process.
func TestAccProvider_InvalidEnvironment(t *testing.T) {
	srv, id := withInstance(t, acctest.Region)
	cases := []struct {
		name   string
		config string
		env    map[string]string
		want   string
	}{
		{
			name:   "unknown protocol",
			config: acctest.ProviderConfig(srv),
			env:    map[string]string{"TENCENTCLOUD_PROTOCOL": "gopher"},
			want:   `(?s)Invalid protocol.*"gopher" is not a supported protocol; allowed values are\s+"HTTPS"\s+\(the\s+default\)\s+and\s+"HTTP"`,
		},
		{
			name:   "malformed endpoint",
			config: `provider "tencentcloud" {` + "\n" + fmt.Sprintf("region = %q\nsecret_id = %q\nsecret_key = %q\n}\n", acctest.Region, mock.DefaultSecretID, mock.DefaultSecretKey),
			env:    map[string]string{"TENCENTCLOUD_CDB_ENDPOINT": "http://"},
			want:   `(?s)Invalid CDB endpoint.*"http://" has no host`,
		},
		{
			name:   "region that is not a region name",
			config: `provider "tencentcloud" {` + "\n" + fmt.Sprintf("secret_id = %q\nsecret_key = %q\n}\n", mock.DefaultSecretID, mock.DefaultSecretKey),
			env:    map[string]string{"TENCENTCLOUD_REGION": "ap_guangzhou"},
			want:   `(?s)Invalid region.*"ap_guangzhou" is not a Tencent Cloud region name`,
		},
		{
			name:   "domain with capitals",
			config: acctest.ProviderConfig(srv),
			env:    map[string]string{"TENCENTCLOUD_DOMAIN": "TencentCloudAPI.com"},
			want:   invalidDomain,
		},
		{
			name:   "max_retries that is not a number",
			config: acctest.ProviderConfig(srv),
			env:    map[string]string{"TENCENTCLOUD_MAX_RETRIES": "many"},
			want:   `(?s)Invalid TENCENTCLOUD_MAX_RETRIES.*TENCENTCLOUD_MAX_RETRIES is "many"; expected a whole number\s+from 0 to 100`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			resource.Test(t, planFails(tc.config+readBackups(id), tc.want))
		})
	}
	expectNoCalls(t, srv, "an invalid environment")
}

// regionFromResource configures the provider with a region that is only known once terraform_data exists.
func regionFromResource(srv *mock.Server) string {
	return fmt.Sprintf(`
resource "terraform_data" "region" {
  input = %q
}

provider "tencentcloud" {
  region     = terraform_data.region.output
  secret_id  = %q
  secret_key = %q
  endpoints {
    cdb = %q
  }
}
`, acctest.Region, mock.DefaultSecretID, mock.DefaultSecretKey, srv.URL())
}

// TestAccProvider_UnknownRegionDuringPlan configures the provider from a resource's output, unknown until apply.
// The plan must fail with a clear message instead of crashing or reading with an empty region.
func TestAccProvider_UnknownRegionDuringPlan(t *testing.T) {
	srv, id := withInstance(t, acctest.Region)
	config := regionFromResource(srv) + readBackups(id)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)Provider configuration not yet known.*These provider arguments are only known after\s+apply: region\.`),
		}},
	})
	if calls := srv.Calls(); len(calls) != 0 {
		t.Fatalf("the data source was read with an unknown region: %+v", calls)
	}
}

// TestAccProvider_UnknownRegionKnownAtApply shows the way out the error message suggests: once the resource the
// region comes from exists, the data source reads normally.
func TestAccProvider_UnknownRegionKnownAtApply(t *testing.T) {
	srv, id := withInstance(t, acctest.Region)
	config := regionFromResource(srv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config + readBackups(id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
				},
			},
		},
	})
}

// TestAccProvider_UnknownCredentialsDeferWithDependsOn takes the secret key from a resource created in the same
// apply. With depends_on on that resource, Terraform reads the data source during apply, when the key is known;
// the read must use it, never an empty key.
func TestAccProvider_UnknownCredentialsDeferWithDependsOn(t *testing.T) {
	srv, id := withInstance(t, acctest.Region)
	config := fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}

provider "tencentcloud" {
  region     = %q
  secret_id  = %q
  secret_key = terraform_data.key.output
  endpoints {
    cdb = %q
  }
}

data "tencentcloud_cdb_backups" "test" {
  instance_id = %q
  depends_on  = [terraform_data.key]
}
`, mock.DefaultSecretKey, acctest.Region, mock.DefaultSecretID, srv.URL(), id)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
			},
			Check: expectCalls(srv, func(c mock.Call) error {
				if c.ErrorCode != "" {
					return fmt.Errorf("a call failed: the read ran before the key was known")
				}
				return nil
			}),
		}},
	})
}
