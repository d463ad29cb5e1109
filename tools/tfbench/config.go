package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// region is where the mock serves the benchmark's instances, and the provider's region.
const region = "ap-guangzhou"

// scenario is one configuration to read: a tencentcloud_cdb_backups data source per instance, each instance with
// the same number of backups. One instance is a plain data source; more are one data source with for_each. The
// other fields say how it is measured (trials); besides maxLimits, which every scenario sets, their zero values are
// scenarios a and b: one terraform plan at each quota of -quotas, with requests_per_second set to the quota when
// the provider's default is not above it.
type scenario struct {
	name      string
	instances int
	backups   int

	// maxLimits are the largest Limits the mock accepts, one trial each. Every scenario sets its own, whatever the
	// mock's default is: a, b and d the specification's 100, the page their figures were first measured at; c both
	// 1000 and 100, to compare them.
	maxLimits []int64
	// groups are the numbers of terraform apply runs started together, one trial each; nil: one terraform plan.
	groups []int
	// unshared adds each group again with every run keeping its own budget (TENCENTCLOUD_SHARED_QUOTA=false).
	unshared bool
	// quota is the mock's quota in place of -quotas, in calls per second; 0: each quota of -quotas.
	quota float64
	// defaultRate leaves requests_per_second at the provider's default at every quota.
	defaultRate bool
	// fleet makes it scenario e: instances is a fleet in a region of its own (fleet.go), backups each instance's
	// backups, quota a quota per action; its trials are one plan of each variant (variantModule, variantForEach),
	// once with requests_per_second left at its default and once set to the quota (rates).
	fleet bool
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

// comparesLimits says whether the scenario is measured against more than one largest Limit (c): its trials are
// named by the Limit, and the page size the provider finds is one of its targets.
func (s scenario) comparesLimits() bool { return len(s.maxLimits) > 1 }

// totalBackups is the number of backups a read of the configuration should count.
func (s scenario) totalBackups() int { return s.instances * s.backups }

// want is what a run's count output must show: the backups listed, or for a fleet the instances checked.
func (s scenario) want() int {
	if s.fleet {
		return s.instances
	}
	return s.totalBackups()
}

// countOutput is the output of the scenario's configuration that a run's count is read from.
func (s scenario) countOutput() string {
	if s.fleet {
		return "instance_count"
	}
	return "backup_count"
}

// describe says the scenario's size, e.g. "1 instance x 10,000 backups".
func (s scenario) describe() string {
	if s.fleet {
		return thousands(s.instances) + " instances, a quota per action"
	}
	if s.instances == 1 {
		return "1 instance x " + thousands(s.backups) + " backups"
	}
	return thousands(s.instances) + " instances x " + thousands(s.backups) + " backups"
}

// trial is one measurement of a scenario: at a quota, against the largest Limit the mock accepts, as one terraform
// plan or as a group of terraform apply runs started together.
type trial struct {
	scenario scenario
	quota    float64 // the mock's quota, calls per second; 0 for none
	maxLimit int64   // the largest Limit the mock accepts
	runs     int     // terraform apply runs started together; 0 for one terraform plan
	unshared bool    // each run keeps its own budget (TENCENTCLOUD_SHARED_QUOTA=false)
	variant  string  // a fleet's configuration: variantModule or variantForEach; "" for the other scenarios
	setRate  bool    // a fleet's plan with requests_per_second set to the quota, not left at its default
}

// trials lists the measurements of the scenarios: the scenarios that follow -quotas at each quota in turn, as
// tfbench always ran them, then the scenarios with a quota of their own. Within a scenario: each largest Limit,
// then each group, shared before unshared.
func trials(scenarios []scenario, quotas []float64) []trial {
	var out []trial
	add := func(sc scenario, quota float64) {
		if len(sc.maxLimits) == 0 {
			panic(fmt.Sprintf("tfbench: scenario %s sets no largest Limit for the mock", sc.name))
		}
		for _, limit := range sc.maxLimits {
			if sc.fleet {
				for _, setRate := range []bool{false, true} {
					for _, variant := range []string{variantModule, variantForEach} {
						if setRate && variant == variantForEach {
							continue // the comparison is made once, as a user who does not know the quota would
						}
						out = append(out, trial{scenario: sc, quota: quota, maxLimit: limit, variant: variant, setRate: setRate})
					}
				}
				continue
			}
			if sc.groups == nil {
				out = append(out, trial{scenario: sc, quota: quota, maxLimit: limit})
				continue
			}
			for _, unshared := range []bool{false, true} {
				if unshared && !sc.unshared {
					continue
				}
				for _, n := range sc.groups {
					out = append(out, trial{scenario: sc, quota: quota, maxLimit: limit, runs: n, unshared: unshared})
				}
			}
		}
	}
	for _, quota := range quotas {
		for _, sc := range scenarios {
			if sc.quota == 0 {
				add(sc, quota)
			}
		}
	}
	for _, sc := range scenarios {
		if sc.quota > 0 {
			add(sc, sc.quota)
		}
	}
	return out
}

// rate is the requests_per_second the trial's configuration sets, 0 to leave the provider's default.
func (t trial) rate() float64 {
	if t.setRate {
		return t.quota
	}
	if t.scenario.defaultRate {
		return 0
	}
	return providerRate(t.quota)
}

// label names the trial in the targets and messages, e.g. "a @ 100 req/s", "c @ 10 req/s, max Limit 1000" or
// "d 4 runs @ 10 req/s, unshared".
func (t trial) label() string {
	s := t.scenario.name
	if t.variant != "" {
		s += " " + t.variant
		if t.setRate {
			s += fmt.Sprintf(", requests_per_second %s", strconv.FormatFloat(t.quota, 'f', -1, 64))
		}
	}
	if t.runs > 0 {
		s += fmt.Sprintf(" %d run", t.runs)
		if t.runs > 1 {
			s += "s"
		}
	}
	s += " @ " + quotaLabel(t.quota)
	if t.scenario.comparesLimits() {
		s += fmt.Sprintf(", max Limit %d", t.maxLimit)
	}
	if t.unshared {
		s += ", unshared"
	}
	if t.scenario.fleet {
		s += " per action"
	}
	return s
}

// describe says what the trial runs, for the progress lines.
func (t trial) describe() string {
	if t.scenario.fleet {
		return fmt.Sprintf("plan %s with %s (%s) at a quota of %s per action, requests_per_second %s",
			t.scenario.name, t.variant, t.scenario.describe(), quotaLabel(t.quota), rateLabel(t.rate()))
	}
	s := fmt.Sprintf("plan %s (%s) at a quota of %s", t.scenario.name, t.scenario.describe(), quotaLabel(t.quota))
	if t.runs > 0 {
		budget := "sharing one budget"
		if t.unshared {
			budget = "each with its own budget"
		}
		runs := "1 run"
		if t.runs > 1 {
			runs = fmt.Sprintf("%d runs at once", t.runs)
		}
		s = fmt.Sprintf("apply %s (%s, %s, of %s) at a quota of %s",
			t.scenario.name, runs, budget, t.scenario.describe(), quotaLabel(t.quota))
	}
	return s + fmt.Sprintf(", the mock's largest Limit %d", t.maxLimit)
}

// folder is the trial's folder name in the work folder, e.g. "a-100", "c-limit1000-10" or "d-4runs-shared-10".
func (t trial) folder() string {
	parts := []string{t.scenario.name}
	if t.variant != "" {
		parts = append(parts, strings.ReplaceAll(t.variant, "_", ""))
		if t.setRate {
			parts = append(parts, "rate")
		}
	}
	if t.scenario.comparesLimits() {
		parts = append(parts, fmt.Sprintf("limit%d", t.maxLimit))
	}
	if t.runs > 0 {
		budget := "shared"
		if t.unshared {
			budget = "unshared"
		}
		parts = append(parts, fmt.Sprintf("%druns", t.runs), budget)
	}
	parts = append(parts, strconv.FormatFloat(t.quota, 'f', -1, 64))
	return strings.Join(parts, "-")
}

// pagesToList is the fewest calls that list every backup of the instances at a page size: one per page, and one
// for an instance without backups.
func pagesToList(instances, backups int, pageSize int64) int {
	if pageSize <= 0 {
		return 0
	}
	return instances * max(1, int((int64(backups)+pageSize-1)/pageSize))
}

// providerEnv is the environment of a run's provider: its quota cache in cacheDir, a folder of the trial's own,
// so that what the provider learns in one trial (a rate of 10/s, a page size) never changes another, and nothing
// is written to the user's cache; unshared turns the cache off, each provider process keeping its own budget.
func providerEnv(cacheDir string, unshared bool) []string {
	env := []string{tencentcloud.EnvCacheDir + "=" + cacheDir}
	if unshared {
		env = append(env, tencentcloud.EnvSharedQuota+"=false")
	}
	return env
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
// set to rate unless it is 0. Its backup_count output makes the plan read every backup, and its page_size output
// shows the page size in the state (the distinct ones, joined by commas, over for_each); it is laid out as
// `terraform fmt` would.
func renderConfig(s scenario, endpoint string, rate float64) string {
	var b strings.Builder
	b.WriteString(providerBlock(region, endpoint, rate))

	ids := s.instanceIDs()
	if len(ids) == 1 {
		fmt.Fprintf(&b, `data "tencentcloud_cdb_backups" "this" {
  instance_id = %s
}

output "backup_count" {
  value = length(data.tencentcloud_cdb_backups.this.backups)
}

output "page_size" {
  value = data.tencentcloud_cdb_backups.this.page_size
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

output "page_size" {
  value = join(",", distinct([for d in data.tencentcloud_cdb_backups.this : tostring(d.page_size)]))
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
