// Package acctest holds what the acceptance tests share: the provider served in-process, a mock endpoint per
// test, and the provider block that points at it.
package acctest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// Region is the region the tests' instances live in.
const Region = "ap-guangzhou"

// ProviderFactories serves the provider in the test process, for resource.TestCase.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"tencentcloud": provider.NewServer("test"),
}

// Newest is the date of the newest generated backup, fixed so that fixtures are the same at every run.
var Newest = time.Date(2025, 6, 30, 2, 0, 0, 0, time.FixedZone("UTC+8", 8*3600))

// ClearEnvironment removes every TENCENTCLOUD_* variable and proxy setting of the machine running the tests,
// points the tccli profile folder at an empty one, and turns the call-rate cache off (what one test's mock taught
// the provider is not another's; the tests of the cache turn it on with keys of their own, in a folder of the
// test run), so that the tests see only what they set. Call it from TestMain.
func ClearEnvironment() {
	defer func() {
		dir, err := os.MkdirTemp("", "tccli-empty-")
		if err != nil {
			panic(err)
		}
		os.Setenv("TENCENTCLOUD_SHARED_CREDENTIALS_DIR", dir)
		cache, err := os.MkdirTemp("", "tencentcloud-cache-")
		if err != nil {
			panic(err)
		}
		os.Setenv("TENCENTCLOUD_CACHE_DIR", cache)
		os.Setenv("TENCENTCLOUD_SHARED_QUOTA", "false")
	}()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TENCENTCLOUD_"),
			strings.EqualFold(name, "HTTP_PROXY"), strings.EqualFold(name, "HTTPS_PROXY"), strings.EqualFold(name, "NO_PROXY"):
			os.Unsetenv(name)
		}
	}
}

// StartMock starts a mock endpoint on a free loopback port for the duration of the test.
func StartMock(t *testing.T) *mock.Server {
	t.Helper()
	return StartMockWith(t, mock.Options{})
}

// StartMockWith starts a mock with options, such as more credentials, for the duration of the test. Unless the
// options say otherwise, the mock accepts a Limit of up to 1000 (its default, as Tencent Cloud's current API
// reference says), so the provider's first listing finds its largest page in one call; tests of the fallback to
// 100 set MaxLimit.
func StartMockWith(t *testing.T, opts mock.Options) *mock.Server {
	t.Helper()
	srv := mock.NewServer(opts)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("starting the mock: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// ProviderConfig is a provider block that reaches srv with the mock's credentials; extra lines go inside it.
func ProviderConfig(srv *mock.Server, extra ...string) string {
	return fmt.Sprintf(`
provider "tencentcloud" {
  region     = %q
  secret_id  = %q
  secret_key = %q
  endpoints {
    cdb = %q
  }
%s
}
`, Region, mock.DefaultSecretID, mock.DefaultSecretKey, srv.URL(), strings.Join(extra, "\n"))
}

// InstanceID makes the n-th test instance ID, in the API's format.
func InstanceID(n int) string {
	return fmt.Sprintf("cdb-test%04d", n)
}

// CLIMatrixEnv names the environment variable CI sets when it runs the acceptance tests again on the other CLIs of
// its matrix (Terraform 1.5.7 and 1.14.x, OpenTofu), after a whole run on the default CLI.
const CLIMatrixEnv = "TC_ACC_CLI_MATRIX"

// ProviderLogic marks a test of the provider's own logic, whose outcome does not depend on the Terraform CLI that
// drives it: paging under faults and mutation, the quota, retries, the credential chain's calls, filters the
// provider or the API applies. It runs on the default CLI and is skipped in CI's runs on the other CLIs
// (CLIMatrixEnv set), which keep every test of what the CLI sees: schemas, values, unknowns, errors, state,
// ephemeral values and actions.
func ProviderLogic(t *testing.T) {
	t.Helper()
	skipInMatrix(t, "a test of the provider's own logic")
}

// LargeListing marks the test of a listing of 10,000 backups (an 11 MB state): the CLI's own work on it is about a
// third of the CPU of a whole run of the acceptance tests on one CLI. It runs on the default CLI and is skipped in
// CI's runs on the other CLIs; it passed on all four when that was decided (Terraform 1.5.7, 1.11.4, 1.14.9,
// OpenTofu 1.12.6), and `make testacc TF_VERSION=...` without CLIMatrixEnv still runs it on any of them.
func LargeListing(t *testing.T) {
	t.Helper()
	skipInMatrix(t, "the listing of 10,000 backups")
}

func skipInMatrix(t *testing.T, what string) {
	t.Helper()
	if os.Getenv(CLIMatrixEnv) != "" {
		t.Skipf("%s, run on the default CLI; %s is set (CI's run on another CLI)", what, CLIMatrixEnv)
	}
}
