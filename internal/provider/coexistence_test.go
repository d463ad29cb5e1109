package provider_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// besideOfficial serves two providers as a configuration that uses this one beside tencentcloudstack/tencentcloud
// has them: the official one under the local name tencentcloud (stood in for by this provider at another source
// address, since the official one cannot be downloaded here), and this one under tencentcloudcdb.
var besideOfficial = map[string]func() (tfprotov6.ProviderServer, error){
	"tencentcloud":    provider.NewServer("official-stand-in"),
	"tencentcloudcdb": provider.NewServer("test"),
}

// besideOfficialConfig is the documented configuration: each provider configured on its own, and provider =
// tencentcloudcdb on what this provider reads.
func besideOfficialConfig(official, ours *mock.Server, officialID, ourID string, ephemeral bool) string {
	config := fmt.Sprintf(`
terraform {
  required_providers {
    tencentcloud = {
      source = "%[8]s/hashicorp/tencentcloud" # in a real configuration: tencentcloudstack/tencentcloud
    }
    tencentcloudcdb = {
      source = "%[8]s/hashicorp/tencentcloudcdb" # in a real configuration: tencentcloud-community/tencentcloud
    }
  }
}

provider "tencentcloud" {
  region     = %[1]q
  secret_id  = %[2]q
  secret_key = %[3]q
  endpoints {
    cdb = %[4]q
  }
}

provider "tencentcloudcdb" {
  region     = %[1]q
  secret_id  = %[2]q
  secret_key = %[3]q
  endpoints {
    cdb = %[5]q
  }
}

# Read by the provider under the local name tencentcloud.
data "tencentcloud_cdb_backups" "official" {
  instance_id = %[6]q
}

# Read by this provider.
data "tencentcloud_cdb_backups" "ours" {
  provider    = tencentcloudcdb
  instance_id = %[7]q
}
`, acctest.Region, mock.DefaultSecretID, mock.DefaultSecretKey, official.URL(), ours.URL(), officialID, ourID, registryHost())
	if ephemeral {
		config += fmt.Sprintf(`
ephemeral "tencentcloud_cdb_backup_download" "ours" {
  provider    = tencentcloudcdb
  instance_id = %q
}

resource "terraform_data" "drill" {
  input = "drill"
  provisioner "local-exec" {
    command     = "test -n \"$URL\""
    environment = { URL = ephemeral.tencentcloud_cdb_backup_download.ours.internet_url }
  }
}
`, ourID)
	}
	return config
}

// onlyInstance checks that every call a mock got was for one instance: each provider called its own endpoint.
func onlyInstance(srv *mock.Server, id string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		calls := srv.Calls()
		if len(calls) == 0 {
			return fmt.Errorf("the mock for %s got no call", id)
		}
		for _, c := range calls {
			if c.InstanceID != id {
				return fmt.Errorf("the mock for %s got a call for %s", id, c.InstanceID)
			}
		}
		return nil
	}
}

func TestAccProvider_BesideTheOfficialProvider(t *testing.T) {
	official, ours := acctest.StartMock(t), acctest.StartMock(t)
	officialID, ourID := "cdb-offi0001", "cdb-ours0001"
	official.SetBackups(acctest.Region, officialID, mock.GenerateBackups(officialID, acctest.Region, 3, acctest.Newest))
	ours.SetBackups(acctest.Region, ourID, mock.GenerateBackups(ourID, acctest.Region, 5, acctest.Newest))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: besideOfficial,
		Steps: []resource.TestStep{{
			Config: besideOfficialConfig(official, ours, officialID, ourID, false),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.tencentcloud_cdb_backups.official", tfjsonpath.New("backups"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.tencentcloud_cdb_backups.ours", tfjsonpath.New("backups"), knownvalue.ListSizeExact(5)),
			},
			Check: resource.ComposeTestCheckFunc(onlyInstance(official, officialID), onlyInstance(ours, ourID)),
		}},
	})
}

// TestAccProvider_BesideTheOfficialProviderEphemeral: the ephemeral resource under the other local name.
func TestAccProvider_BesideTheOfficialProviderEphemeral(t *testing.T) {
	official, ours := acctest.StartMock(t), acctest.StartMock(t)
	officialID, ourID := "cdb-offi0001", "cdb-ours0001"
	official.SetBackups(acctest.Region, officialID, mock.GenerateBackups(officialID, acctest.Region, 3, acctest.Newest))
	ours.SetBackups(acctest.Region, ourID, mock.GenerateBackups(ourID, acctest.Region, 5, acctest.Newest))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: besideOfficial,
		Steps: []resource.TestStep{{
			Config: besideOfficialConfig(official, ours, officialID, ourID, true),
			Check:  resource.ComposeTestCheckFunc(onlyInstance(official, officialID), onlyInstance(ours, ourID)),
		}},
	})
}

// registryHost is the registry the test harness serves the providers under: Terraform's, or the one
// TF_ACC_PROVIDER_HOST names (OpenTofu's, under OpenTofu).
func registryHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host
	}
	return "registry.terraform.io"
}
