package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// region is where the mock serves the benchmark's instances, and the provider's region.
const region = "ap-guangzhou"

// scenario is one configuration to plan: a tencentcloud_cdb_backups data source per instance, each instance with
// the same number of backups. One instance is a plain data source; more are one data source with for_each.
type scenario struct {
	name      string
	instances int
	backups   int
}

// instanceIDs names the scenario's instances: "cdb-tfb" + the scenario's name + a 4-digit index, 8 characters
// after "cdb-" as the data source's validation requires, and apart from every other scenario's.
func (s scenario) instanceIDs() []string {
	ids := make([]string, s.instances)
	for i := range ids {
		ids[i] = fmt.Sprintf("cdb-tfb%s%04d", s.name, i)
	}
	return ids
}

// totalBackups is the number of backups the plan should count.
func (s scenario) totalBackups() int { return s.instances * s.backups }

// describe says the scenario's size, e.g. "1 instance x 10,000 backups".
func (s scenario) describe() string {
	if s.instances == 1 {
		return "1 instance x " + thousands(s.backups) + " backups"
	}
	return thousands(s.instances) + " instances x " + thousands(s.backups) + " backups"
}

// providerRate is the requests_per_second the configuration sets for a quota, 0 to leave the provider's default:
// the quota itself when it is at least the default (a user who knows the quota), else the default, so that the
// provider has to find the lower real quota by itself (a user who does not).
func providerRate(quota float64) float64 {
	if quota >= tencentcloud.DefaultRequestsPerSecond {
		return quota
	}
	return 0
}

// renderConfig is the Terraform configuration of a scenario against the mock at endpoint, with requests_per_second
// set to rate unless it is 0. Its backup_count output makes the plan read every backup; it is laid out as
// `terraform fmt` would.
func renderConfig(s scenario, endpoint string, rate float64) string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    tencentcloud = {
      source = "tencentcloud-community/tencentcloud"
    }
  }
}

`)
	fmt.Fprintf(&b, `provider "tencentcloud" {
  region     = %s
  secret_id  = %s
  secret_key = %s
`, hclString(region), hclString(mock.DefaultSecretID), hclString(mock.DefaultSecretKey))
	if rate > 0 {
		fmt.Fprintf(&b, "\n  requests_per_second = %s\n", strconv.FormatFloat(rate, 'f', -1, 64))
	}
	fmt.Fprintf(&b, `
  endpoints {
    cdb = %s
  }
}

`, hclString(endpoint))

	ids := s.instanceIDs()
	if len(ids) == 1 {
		fmt.Fprintf(&b, `data "tencentcloud_cdb_backups" "this" {
  instance_id = %s
}

output "backup_count" {
  value = length(data.tencentcloud_cdb_backups.this.backups)
}
`, hclString(ids[0]))
		return b.String()
	}
	b.WriteString("locals {\n  instance_ids = [\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "    %s,\n", hclString(id))
	}
	b.WriteString(`  ]
}

data "tencentcloud_cdb_backups" "this" {
  for_each    = toset(local.instance_ids)
  instance_id = each.value
}

output "backup_count" {
  value = sum([for d in data.tencentcloud_cdb_backups.this : length(d.backups)])
}
`)
	return b.String()
}

// renderCLIConfig is a Terraform CLI configuration that takes the provider from pluginDir, with no init and no
// registry, and every other provider as usual.
func renderCLIConfig(pluginDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "tencentcloud-community/tencentcloud" = %s
  }
  direct {}
}
`, hclString(pluginDir))
}

// hclString quotes s as an HCL string literal: Go's escapes, which HCL shares for the characters that need one,
// plus the template sequences ${ and %{ escaped so that they stay literal.
func hclString(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q, "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}

// thousands formats n with commas: 10000 is "10,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
