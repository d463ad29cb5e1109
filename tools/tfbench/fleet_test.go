package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func TestTrials_Fleet(t *testing.T) {
	e := fullScenarios[4]
	got := trials([]scenario{e}, []float64{100, 10})
	var labels, folders []string
	for _, tr := range got {
		labels = append(labels, tr.label())
		folders = append(folders, tr.folder())
	}
	wantLabels := []string{
		"e fleet-guard @ 20 req/s per action",
		"e for_each @ 20 req/s per action",
		"e fleet-guard, requests_per_second 20 @ 20 req/s per action",
	}
	if !slices.Equal(labels, wantLabels) {
		t.Errorf("trials(e) = %q, want %q: one plan of each configuration at e's own quota, whatever -quotas says, then the module's with the rate set", labels, wantLabels)
	}
	if want := []string{"e-fleet-guard-20", "e-foreach-20", "e-fleet-guard-rate-20"}; !slices.Equal(folders, want) {
		t.Errorf("folders %q, want %q", folders, want)
	}
	if got[0].rate() != 0 || got[1].rate() != 0 || got[2].rate() != 20 {
		t.Errorf("rates %g, %g, %g; want the default twice, then 20", got[0].rate(), got[1].rate(), got[2].rate())
	}
	if e.want() != 1000 || e.countOutput() != "instance_count" || fullScenarios[0].countOutput() != "backup_count" {
		t.Errorf("e: want %d of %s; want 1000 of instance_count (a: backup_count)", e.want(), e.countOutput())
	}
	if got := got[1].describe(); got != "plan e with for_each (1,000 instances, a quota per action) at a quota of 20 req/s per action, requests_per_second default" {
		t.Errorf("describe() = %q", got)
	}
}

func TestRenderFleetModuleConfig(t *testing.T) {
	got := renderFleetModuleConfig("http://127.0.0.1:4321", 0)
	for _, want := range []string{
		`region     = "ap-shanghai"`,
		`cdb = "http://127.0.0.1:4321"`,
		`source = "./modules/fleet-guard"`,
		`  max_backup_age            = "48h"` + "\n",
		`  cross_region_in           = ["ap-beijing"]` + "\n",
		`  max_backup_window_hours   = 4` + "\n",
		"output \"instance_count\" {\n  value = length(module.fleet_guard.report)\n}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the module's configuration lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "requests_per_second") {
		t.Error("requests_per_second set at rate 0")
	}
	if got := renderFleetModuleConfig("http://x", 20); !strings.Contains(got, "requests_per_second = 20\n") {
		t.Errorf("rate 20 not set:\n%s", got)
	}
	forEach := renderFleetForEachConfig("http://127.0.0.1:4321", 0)
	for _, want := range []string{
		`data "tencentcloud_cdb_instances" "all" {}`,
		`data "tencentcloud_cdb_backups" "latest" {`, `data "tencentcloud_cdb_backup_policy" "this" {`,
		`data "tencentcloud_cdb_recovery_ranges" "this" {`, `"ap-beijing")`, "output \"instance_count\" {\n  value = length(local.ids)\n}",
	} {
		if !strings.Contains(forEach, want) {
			t.Errorf("the for_each configuration lacks %q", want)
		}
	}
}

func TestCopyModule(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := copyModule(root, "fleet-guard", dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "modules", "fleet-guard"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Contains(names, "main.tf") || !slices.Contains(names, "variables.tf") || slices.Contains(names, "tests") || slices.Contains(names, "README.md") {
		t.Errorf("copied %q, want the module's .tf files only", names)
	}
}

// The fleet: as many instances as asked, none being created, each with the standard's policy.
func TestGenerateFleet(t *testing.T) {
	fleet, err := generateFleet(300, time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(fleet) != 300 {
		t.Fatalf("%d instances, want 300", len(fleet))
	}
	for _, inst := range fleet {
		switch {
		case inst.Region != fleetRegion || inst.Instance == nil || inst.Instance.Status == 0:
			t.Fatalf("%s: region %s, inventory %+v; want %s, not being created", inst.InstanceID, inst.Region, inst.Instance, fleetRegion)
		case len(inst.Backups) != fleetBackups:
			t.Fatalf("%s: %d backups, want %d", inst.InstanceID, len(inst.Backups), fleetBackups)
		case inst.BackupConfig == nil || inst.BackupConfig.BackupExpireDays != 30 || inst.BackupEncryptionStatus != "on":
			t.Fatalf("%s: backup config %+v, encryption %q; want 30 days and on", inst.InstanceID, inst.BackupConfig, inst.BackupEncryptionStatus)
		case inst.RemoteBackupConfig == nil || inst.RemoteBackupConfig.RemoteBackupSave != "on" || !slices.Equal(inst.RemoteBackupConfig.RemoteRegion, []string{fleetCopyRegion}):
			t.Fatalf("%s: remote backup config %+v, want copies to %s", inst.InstanceID, inst.RemoteBackupConfig, fleetCopyRegion)
		}
	}
}

func TestBusiestActionAndFleetTargets(t *testing.T) {
	actions := map[string]mock.ActionStats{
		"DescribeBackups":           {Calls: 1019, Refused: 19},
		"DescribeBackupConfig":      {Calls: 1007, Refused: 6},
		"DescribeRollbackRangeTime": {Calls: 10},
	}
	if name, n := busiestAction(actions); name != "DescribeBackupConfig" || n != 1001 {
		t.Errorf("busiestAction() = %s, %d; want DescribeBackupConfig, 1001 (calls the quota let through)", name, n)
	}
	if got := actionLine("DescribeBackups", actions["DescribeBackups"]); got != "DescribeBackups 1019 (19 refused)" {
		t.Errorf("actionLine() = %q", got)
	}
	e := fullScenarios[4]
	r := result{trial: trial{scenario: e, quota: 20, maxLimit: 1000, variant: variantModule}, actions: actions,
		apiCounts:  apiCounts{calls: 2036, refused: 25, span: 55 * time.Second},
		runOutcome: runOutcome{wall: 58 * time.Second, terraformCPU: 4 * time.Second, provider: usage{PeakRSS: 50_000_000, Launches: 3}}}
	if floor := r.fleetFloor(); floor != 50050*time.Millisecond {
		t.Errorf("fleetFloor() = %s, want 1001 calls / 20 per s = 50.05s", floor)
	}
	if r.outsideRead() != 3*time.Second {
		t.Errorf("outsideRead() = %s, want 3s", r.outsideRead())
	}
	verdicts := func(r result) []bool {
		var out []bool
		for _, tg := range r.fleetTargets() {
			out = append(out, tg.met)
		}
		return out
	}
	if got := verdicts(r); !slices.Equal(got, []bool{true, true, true, true}) {
		t.Errorf("targets %v, want all met: %+v", got, r.fleetTargets())
	}
	slow := r
	slow.span, slow.terraformCPU, slow.provider.PeakRSS = 61*time.Second, 5*time.Second, 150_000_000
	if got := verdicts(slow); !slices.Equal(got, []bool{true, false, false, false}) {
		t.Errorf("targets of a slow plan %v, want the span (1.22x), Terraform's 5s and 150 MB missed", got)
	}
	forEach := r
	forEach.variant = variantForEach
	if got := forEach.fleetTargets(); len(got) != 1 || !got[0].met {
		t.Errorf("for_each targets %+v, want only the plan's", got)
	}
}

func TestCountFailure_Instances(t *testing.T) {
	out := "Changes to Outputs:\n  + instance_count = 1000\n"
	if got := countFailure(nil, 3, out, "instance_count", 1000); got != "" {
		t.Errorf("countFailure() = %q, want success", got)
	}
	if got := countFailure(nil, 3, out, "instance_count", 999); got != "the output counts 1000 instances, not 999" {
		t.Errorf("countFailure() = %q", got)
	}
	if got := countFailure(nil, 3, out, "backup_count", 1000); got != "the output shows no backup_count" {
		t.Errorf("countFailure() = %q", got)
	}
}
