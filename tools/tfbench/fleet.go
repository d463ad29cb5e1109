package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// Scenario e: a fleet. The mock serves a fleet of instances in a region of its own (mock.GenerateFleet), each with
// a policy that meets the standard below, under a quota per action (Tencent Cloud counts quotas per action); one
// terraform plan checks every instance with the module examples/modules/fleet-guard (one read of
// tencentcloud_cdb_backup_posture), and another checks the same through for_each over three per-instance data
// sources (tencentcloud_cdb_backups, tencentcloud_cdb_backup_policy, tencentcloud_cdb_recovery_ranges), as a user
// would without the posture.

// fleetRegion is the region of scenario e's fleet: apart from the other scenarios' instances, so that "every
// instance of the region" is the fleet.
const fleetRegion = "ap-shanghai"

// fleetCopyRegion is where the fleet's backups are copied to, which the standard requires.
const fleetCopyRegion = "ap-beijing"

// fleetSeed makes the fleet.
const fleetSeed = 3

// fleetBackups is the number of backups of each instance of the fleet: enough for Tencent Cloud's ranges (derived
// by the mock from them and the binlogs) to reach back more than the 2 days the standard asks.
const fleetBackups = 24

// The variants of scenario e, one terraform plan each.
const (
	variantModule  = "fleet-guard"
	variantForEach = "for_each"
)

// fleetStandard is the requirements both of scenario e's configurations check, met by every instance of the fleet:
// the module's inputs as HCL. max_backup_age and max_recovery_lag leave room for how the mock dates the fleet (the
// newest successful backup of an instance can be 26 hours old; the binlogs, from which the mock derives the
// recovery ranges, end at the time the fleet was made with a file of up to 70 minutes being written).
var fleetStandard = [][2]string{
	{"max_backup_age", `"48h"`},
	{"recovery_days", "2"},
	{"max_recovery_lag", `"3h"`},
	{"min_backup_retention_days", "30"},
	{"min_binlog_retention_days", "7"},
	{"require_cross_region", "true"},
	{"cross_region_in", `["` + fleetCopyRegion + `"]`},
	{"require_encryption", "true"},
	{"max_backup_window_hours", "4"},
}

// generateFleet makes scenario e's fleet of n instances, at newest: the instances of mock.GenerateFleet that are
// not being created (such an instance has no backup, and would fail the standard), the first n, each with a policy
// that meets the standard: backups kept 30 days, copied to fleetCopyRegion, encrypted.
func generateFleet(n int, newest time.Time) ([]mock.FixtureInstance, error) {
	config, err := mock.DecodeBackupConfig([]byte(`{"BackupExpireDays": 30}`))
	if err != nil {
		return nil, err
	}
	remote, err := mock.DecodeRemoteBackupConfig(fleetRegion, []byte(`{"RemoteBackupSave": "on", "RemoteRegion": ["`+fleetCopyRegion+`"]}`))
	if err != nil {
		return nil, err
	}
	// About one in a hundred is being created: 5% more is plenty.
	all := mock.GenerateFleet(mock.FleetOptions{Region: fleetRegion, Instances: n + n/20 + 10, Backups: fleetBackups, Newest: newest, Seed: fleetSeed})
	out := make([]mock.FixtureInstance, 0, n)
	for _, inst := range all {
		if len(out) == n {
			break
		}
		if inst.Instance == nil || inst.Instance.Status == 0 {
			continue
		}
		inst.BackupConfig, inst.RemoteBackupConfig, inst.BackupEncryptionStatus = &config, &remote, "on"
		out = append(out, inst)
	}
	if len(out) < n {
		return nil, fmt.Errorf("the mock's fleet of %d has only %d instances not being created", len(all), len(out))
	}
	return out, nil
}

// providerBlock is the provider configuration of a trial, in region, with requests_per_second set to rate unless
// it is 0; laid out as `terraform fmt` would.
func providerBlock(region, endpoint string, rate float64) string {
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
	return b.String()
}

// renderFleetModuleConfig calls the module (copied to ./modules/fleet-guard) with the standard, every instance of
// the region selected; its instance_count output is the number of instances the report holds.
func renderFleetModuleConfig(endpoint string, rate float64) string {
	var b strings.Builder
	b.WriteString(providerBlock(fleetRegion, endpoint, rate))
	b.WriteString("module \"fleet_guard\" {\n  source = \"./modules/fleet-guard\"\n\n")
	width := 0
	for _, kv := range fleetStandard {
		width = max(width, len(kv[0]))
	}
	for _, kv := range fleetStandard {
		fmt.Fprintf(&b, "  %-*s = %s\n", width, kv[0], kv[1])
	}
	b.WriteString(`}

output "instance_count" {
  value = length(module.fleet_guard.report)
}

output "summary" {
  value = module.fleet_guard.summary
}
`)
	return b.String()
}

// renderFleetForEachConfig checks the same standard without the posture: the instances listed by
// tencentcloud_cdb_instances, then, per instance through for_each, its newest successful backup
// (tencentcloud_cdb_backups, most_recent), its policy (tencentcloud_cdb_backup_policy) and Tencent Cloud's ranges
// (tencentcloud_cdb_recovery_ranges): three data sources per instance. Its outputs count the instances and the
// violators of each requirement, worked out as the module does (without its messages).
func renderFleetForEachConfig(endpoint string, rate float64) string {
	return providerBlock(fleetRegion, endpoint, rate) + `data "tencentcloud_cdb_instances" "all" {}

locals {
  ids = toset([for i in data.tencentcloud_cdb_instances.all.instances : i.instance_id])
}

data "tencentcloud_cdb_backups" "latest" {
  for_each    = local.ids
  instance_id = each.value
  status      = "SUCCESS"
  most_recent = true
}

data "tencentcloud_cdb_backup_policy" "this" {
  for_each    = local.ids
  instance_id = each.value
}

data "tencentcloud_cdb_recovery_ranges" "this" {
  for_each     = local.ids
  instance_ids = [each.value]
}

locals {
  now           = plantimestamp()
  backups_since = timeadd(local.now, "-48h")
  recovery_from = timeadd(local.now, "-48h")
  recovery_to   = timeadd(local.now, "-3h")
  weekdays      = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

  violations = {
    max_backup_age = [
      for id in local.ids : id
      if try(timecmp(data.tencentcloud_cdb_backups.latest[id].latest_successful.date, local.backups_since) < 0, true)
    ]
    recovery_days = [
      for id in local.ids : id if !anytrue([
        for r in data.tencentcloud_cdb_recovery_ranges.this[id].instances[0].ranges :
        timecmp(r.start, local.recovery_from) <= 0 && timecmp(r.finish, local.recovery_to) >= 0
      ])
    ]
    min_backup_retention_days = [for id in local.ids : id if data.tencentcloud_cdb_backup_policy.this[id].backup_retention_days < 30]
    min_binlog_retention_days = [for id in local.ids : id if data.tencentcloud_cdb_backup_policy.this[id].binlog_retention_days < 7]
    require_cross_region = [
      for id in local.ids : id
      if !data.tencentcloud_cdb_backup_policy.this[id].cross_region.backup_enabled || !contains(data.tencentcloud_cdb_backup_policy.this[id].cross_region.regions, "` + fleetCopyRegion + `")
    ]
    require_encryption = [
      for id in local.ids : id
      if !data.tencentcloud_cdb_backup_policy.this[id].encryption_enabled || data.tencentcloud_cdb_backup_policy.this[id].backup_method == "logical"
    ]
    max_backup_window_hours = [
      for id in local.ids : id if anytrue([
        for day in local.weekdays : (
          (tonumber(substr(data.tencentcloud_cdb_backup_policy.this[id].backup_window[day].end, 0, 2)) * 60 + tonumber(substr(data.tencentcloud_cdb_backup_policy.this[id].backup_window[day].end, 3, 2))
            - tonumber(substr(data.tencentcloud_cdb_backup_policy.this[id].backup_window[day].start, 0, 2)) * 60 - tonumber(substr(data.tencentcloud_cdb_backup_policy.this[id].backup_window[day].start, 3, 2)) + 1440) % 1440
        ) > 240 if data.tencentcloud_cdb_backup_policy.this[id].backup_window[day] != null
      ])
    ]
  }
}

output "instance_count" {
  value = length(local.ids)
}

output "violations" {
  value = { for name, ids in local.violations : name => length(ids) }
}
`
}

// copyModule copies examples/modules/<name> of the repository at root into dir/modules/<name>, without its tests,
// as a configuration that calls it has it.
func copyModule(root, name, dir string) error {
	src := filepath.Join(root, "examples", "modules", name)
	dst := filepath.Join(dir, "modules", name)
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// actionLine is one action's calls, for the report: "DescribeBackups 1000 (12 refused)".
func actionLine(name string, a mock.ActionStats) string {
	if a.Refused == 0 {
		return fmt.Sprintf("%s %d", name, a.Calls)
	}
	return fmt.Sprintf("%s %d (%d refused)", name, a.Calls, a.Refused)
}

// busiestAction is the action with the most calls the quota let through, and that number: the one whose quota
// sets the floor of a fleet's read, each action having a quota of its own.
func busiestAction(actions map[string]mock.ActionStats) (string, int) {
	name, most := "", 0
	for _, n := range slices.Sorted(maps.Keys(actions)) {
		if admitted := actions[n].Calls - actions[n].Refused; admitted > most {
			name, most = n, admitted
		}
	}
	return name, most
}

// The targets for scenario e's plan of the module.
const (
	// maxFleetSpanOverFloor bounds the API span of the plan as a multiple of the floor its busiest action's quota
	// sets.
	maxFleetSpanOverFloor = 1.2
	// maxFleetTerraformCPU bounds Terraform's own time, outside the provider: the CLI's CPU time.
	maxFleetTerraformCPU = 5 * time.Second
	// maxFleetProviderRSS bounds the provider's peak RSS for the fleet, in bytes (150 MB).
	maxFleetProviderRSS = 150_000_000
)

// fleetFloor is the least time the plan's calls take, each action at its own quota: the busiest action's admitted
// calls / quota. 0 without a quota.
func (r result) fleetFloor() time.Duration {
	_, n := busiestAction(r.actions)
	return quotaFloor(n, r.quota)
}

// fleetOverFloor is the API span as a multiple of fleetFloor, or 0 when there is none.
func (r result) fleetOverFloor() float64 {
	floor := r.fleetFloor()
	if floor <= 0 {
		return 0
	}
	return r.span.Seconds() / floor.Seconds()
}

// outsideRead is the wall time of the plan less the API span: Terraform's own time outside the provider's read,
// and the provider's before its first call and after its last answer.
func (r result) outsideRead() time.Duration { return max(0, r.wall-r.span) }

// fleetTargets are the targets for a plan of scenario e: the module's within maxFleetSpanOverFloor of the
// floor, Terraform's own CPU time under maxFleetTerraformCPU and the provider's peak RSS under maxFleetProviderRSS;
// every plan succeeding without a rate-limit error in Terraform's output (for_each's too, which is there for
// comparison and has no other target).
func (r result) fleetTargets() []target {
	run := r.label()
	out := []target{{
		met:  r.ok() && !r.rateLimitText,
		text: fmt.Sprintf("%s: plan %s; rate-limit error in Terraform's output: %s (%d refused calls absorbed)", run, r.status(), yesNo(r.rateLimitText), r.refused),
	}}
	if r.variant != variantModule {
		return out
	}
	action, n := busiestAction(r.actions)
	ratio := r.fleetOverFloor()
	return append(out, target{
		met: r.ok() && ratio > 0 && ratio <= maxFleetSpanOverFloor,
		text: fmt.Sprintf("%s: API span %s is %.2fx the floor %s (%s, the busiest action: %d calls / %s; target <= %.1fx)",
			run, seconds(r.span), ratio, seconds(r.fleetFloor()), action, n, quotaLabel(r.quota), maxFleetSpanOverFloor),
	}, target{
		met: r.ok() && r.terraformCPU < maxFleetTerraformCPU,
		text: fmt.Sprintf("%s: Terraform's own CPU time %s, outside the provider (target < %s); wall less the API span: %s",
			run, seconds(r.terraformCPU), seconds(maxFleetTerraformCPU), seconds(r.outsideRead())),
	}, target{
		met: r.provider.PeakRSS >= 0 && r.provider.PeakRSS < maxFleetProviderRSS,
		text: fmt.Sprintf("%s: provider peak RSS %s with %s instances (target < %s)",
			run, megabytes(r.provider.PeakRSS), thousands(r.scenario.instances), megabytes(maxFleetProviderRSS)),
	})
}

// printFleet prints a row per plan of scenario e, its calls per action, then how the columns are measured.
func printFleet(w io.Writer, plans []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario (instances)\tconfiguration\tquota per action\trps\twall\tAPI span\tfloor\tspan/floor\tcalls\trefused\tprov launches\tprov CPU\tprov RSS\ttf CPU\twall - span\tplan\t")
	for _, r := range plans {
		fmt.Fprintf(tw, "%s %d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t\n",
			r.scenario.name, r.scenario.instances, r.variant, quotaLabel(r.quota), rateLabel(r.rate()), seconds(r.wall),
			seconds(r.span), seconds(r.fleetFloor()), ratioLabel(r.fleetOverFloor()), r.calls, r.refused,
			r.provider.Launches, seconds(r.provider.CPU), megabytes(r.provider.PeakRSS), seconds(r.terraformCPU),
			seconds(r.outsideRead()), planLabel(r.ok()))
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, r := range plans {
		var lines []string
		for _, name := range slices.Sorted(maps.Keys(r.actions)) {
			lines = append(lines, actionLine(name, r.actions[name]))
		}
		fmt.Fprintf(w, "%s: calls per action: %s\n", r.label(), strings.Join(lines, ", "))
	}
	fmt.Fprintln(w, strings.TrimLeft(`
e: a fleet in a region of its own; quota per action: the mock's limit per SecretId and action. configuration:
fleet-guard, the module (one tencentcloud_cdb_backup_posture read), or for_each, three data sources per instance
(tencentcloud_cdb_backups, tencentcloud_cdb_backup_policy, tencentcloud_cdb_recovery_ranges) after
tencentcloud_cdb_instances. floor: the busiest action's calls that the quota let through / the quota (the actions
run side by side, each at its own quota). tf CPU: the terraform process alone (its CPU less its children's);
wall - span: the plan's time outside the API's first call to its last answer.`, "\n"))
}
