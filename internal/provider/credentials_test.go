package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

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
// which wins over the profile.
func TestAccCredentials_Precedence(t *testing.T) {
	srv, id := credentialsMock(t, acctest.Region)
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
}

// TestAccCredentials_NamedProfileWithRegion reads keys and the region from a named profile in a folder set in
// the provider block.
func TestAccCredentials_NamedProfileWithRegion(t *testing.T) {
	srv, id := credentialsMock(t, "ap-beijing")
	dir := t.TempDir()
	writeProfile(t, dir, "ci", fmt.Sprintf(`{"secretId": %q, "secretKey": %q, "role-session-name": ""}`, profileKeyID, keyOf(profileKeyID)), "ap-beijing")
	resource.Test(t, resource.TestCase{
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
			resource.Test(t, resource.TestCase{
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
	if calls := srv.Calls(); len(calls) != 0 {
		t.Fatalf("a broken profile reached the API: %+v", calls)
	}
}
