package cdb_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// actionsFrom is the first Terraform release with actions.
var actionsFrom = tfversion.Version1_14_0

// createBackupMock serves one running instance with two finished backups, databases "orders" (items, payments)
// and "billing" (invoices), and backups that take duration.
func createBackupMock(t *testing.T, id string, duration time.Duration) *mock.Server {
	t.Helper()
	srv := acctest.StartMock(t)
	srv.SetBackups(acctest.Region, id, []mock.Backup{
		postureBackup(id, 101, "2025-06-01 02:00:00", "SUCCESS", "automatic", 10),
		postureBackup(id, 100, "2025-05-31 02:00:00", "SUCCESS", "automatic", 10),
	})
	// A two-node instance, which takes every backup method (single-node ones take only snapshots).
	info, _ := srv.InstanceInfo(acctest.Region, id)
	info.DeviceType = "UNIVERSAL"
	if err := srv.SetInstanceInfo(acctest.Region, id, info); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetDatabases(acctest.Region, id, map[string][]string{"orders": {"items", "payments"}, "billing": {"invoices"}}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetCreateBackupDuration(duration); err != nil {
		t.Fatal(err)
	}
	return srv
}

// triggeredConfig is an action with config and a terraform_data whose creation and updates trigger it.
func triggeredConfig(srv *mock.Server, input, config string) string {
	return acctest.ProviderConfig(srv) + fmt.Sprintf(`
action "tencentcloud_cdb_create_backup" "before_change" {
  config {
%s
  }
}

resource "terraform_data" "change" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.tencentcloud_cdb_create_backup.before_change]
    }
  }
}
`, config, input)
}

// created are the backups CreateBackup made on the instance, oldest first.
func created(srv *mock.Server, id string) []mock.CreatedBackupInfo {
	var out []mock.CreatedBackupInfo
	for _, b := range srv.Backups(acctest.Region, id) {
		if info, ok := srv.CreatedBackup(acctest.Region, id, b.BackupId); ok {
			out = append([]mock.CreatedBackupInfo{info}, out...)
		}
	}
	return out
}

// backupByID is the backup of the instance with this ID as DescribeBackups shows it now.
func backupByID(t *testing.T, srv *mock.Server, id string, backupID int64) mock.Backup {
	t.Helper()
	for _, b := range srv.Backups(acctest.Region, id) {
		if b.BackupId == backupID {
			return b
		}
	}
	t.Fatalf("%s has no backup %d", id, backupID)
	return mock.Backup{}
}

func createCalls(srv *mock.Server) int {
	return countCalls(srv)["CreateBackup"]
}

// TestAccCreateBackup_Triggered: creating the terraform_data triggers a logical backup of two tables named
// "before-change", which the action waits for; updating it triggers a second one; a plan without change triggers
// none. Each backup is in the list afterwards with its name and method, SUCCESS, and the mock received the table
// list.
func TestAccCreateBackup_Triggered(t *testing.T) {
	const id = "cdb-act00001"
	srv := createBackupMock(t, id, 2*time.Second)
	config := `    instance_id = "` + id + `"
    method      = "logical"
    name        = "before-change"
    tables      = [{ database = "orders", table = "items" }, { database = "billing" }]`
	check := func(n int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got := created(srv, id)
			if len(got) != n {
				return fmt.Errorf("%d backups created, want %d", len(got), n)
			}
			last := got[n-1]
			b := backupByID(t, srv, id, last.BackupID)
			tables := fmt.Sprint(last.Tables)
			if last.Method != "logical" || last.Name != "before-change" || tables != "[{orders items} {billing }]" ||
				b.Status != "SUCCESS" || b.ManualBackupName != "before-change" || b.Way != "manual" || b.Type != "logical" {
				return fmt.Errorf("backup %d: asked %+v, listed %+v", last.BackupID, last, b)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(actionsFrom)},
		Steps: []resource.TestStep{
			{Config: triggeredConfig(srv, "v1", config), Check: check(1)},
			{Config: triggeredConfig(srv, "v2", config), Check: check(2)},
		},
	})
	if n := createCalls(srv); n != 2 {
		t.Errorf("%d CreateBackup calls, want 2 (one per change)", n)
	}
}

// TestAccCreateBackup_Failed: a backup that ends FAILED fails the action with its ID and status, and the change it
// came before is not made.
func TestAccCreateBackup_Failed(t *testing.T) {
	const id = "cdb-act00002"
	srv := createBackupMock(t, id, time.Second)
	srv.SetCreateBackupFailure(acctest.Region, id, true)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(actionsFrom)},
		Steps: []resource.TestStep{{
			Config:      triggeredConfig(srv, "v1", `    instance_id = "`+id+`"`+"\n"+`    method = "physical"`),
			ExpectError: regexp.MustCompile(`(?s)Backup failed.*Backup\s+10[2-9]\d*\s+of\s+` + id + `\s+ended\s+with\s+status\s+FAILED`),
		}},
	})
	if got := created(srv, id); len(got) != 1 || backupByID(t, srv, id, got[0].BackupID).Status != "FAILED" {
		t.Errorf("created %+v", got)
	}
}

// TestAccCreateBackup_WaitsForRunningBackup: with a backup already running, the action waits for it to end and
// then starts its own; with wait = false it fails naming the instance and starts nothing.
func TestAccCreateBackup_WaitsForRunningBackup(t *testing.T) {
	const id = "cdb-act00003"
	srv := createBackupMock(t, id, time.Second)
	running := postureBackup(id, 200, "2025-06-02 02:00:00", "RUNNING", "automatic", 5)
	running.FinishTime, running.Progress = "0000-00-00 00:00:00", 40
	config := func(wait bool) string {
		return fmt.Sprintf("    instance_id = %q\n    method = \"physical\"\n    wait = %t", id, wait)
	}
	var finishedAt time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(actionsFrom)},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					srv.SetBackups(acctest.Region, id, []mock.Backup{running})
				},
				Config:      triggeredConfig(srv, "v1", config(false)),
				ExpectError: regexp.MustCompile(`(?s)Another backup is running.*` + id + `.*backup\s+200\s+is\s+running.*wait\s+=\s+true`),
			},
			{
				PreConfig: func() {
					// The running backup ends a few seconds into the action's wait.
					time.AfterFunc(4*time.Second, func() {
						finishedAt = time.Now()
						if err := srv.FinishBackup(acctest.Region, id, 200, "SUCCESS"); err != nil {
							t.Error(err)
						}
					})
				},
				Config: triggeredConfig(srv, "v1", config(true)),
			},
		},
	})
	got := created(srv, id)
	if len(got) != 1 {
		t.Fatalf("%d backups created, want 1 (none with wait = false)", len(got))
	}
	if !got[0].CreatedAt.After(finishedAt) {
		t.Errorf("backup created at %s, before the running one ended at %s", got[0].CreatedAt, finishedAt)
	}
}

// TestAccCreateBackup_Timeout: a backup still running when the timeout runs out fails the action, saying that it
// continues; the backup is still running on the mock.
func TestAccCreateBackup_Timeout(t *testing.T) {
	const id = "cdb-act00004"
	srv := createBackupMock(t, id, time.Hour)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(actionsFrom)},
		Steps: []resource.TestStep{{
			Config:      triggeredConfig(srv, "v1", `    instance_id = "`+id+`"`+"\n"+`    method = "snapshot"`+"\n"+`    timeout = "4s"`),
			ExpectError: regexp.MustCompile(`(?s)Backup still running.*still\s+running\s+after\s+4s.*continues\s+on\s+Tencent\s+Cloud`),
		}},
	})
	got := created(srv, id)
	if len(got) != 1 || backupByID(t, srv, id, got[0].BackupID).Status != "RUNNING" {
		t.Errorf("created %+v", got)
	}
}

// TestAccCreateBackup_Validation: arguments that cannot make a backup fail at plan time, pointing at the
// attribute, whether written in the action or coming from a variable (known only at plan); nothing is created.
func TestAccCreateBackup_Validation(t *testing.T) {
	const id = "cdb-act00005"
	srv := createBackupMock(t, id, time.Second)
	withVariable := func(method, rest string) string {
		return fmt.Sprintf("variable \"method\" {\n  default = %q\n}\n", method) +
			triggeredConfig(srv, "v1", "    instance_id = \""+id+"\"\n    method = var.method\n"+rest)
	}
	step := func(config, want string) resource.TestStep {
		return resource.TestStep{Config: config, ExpectError: regexp.MustCompile(want)}
	}
	literal := func(rest string) string { return triggeredConfig(srv, "v1", "    instance_id = \""+id+"\"\n"+rest) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(actionsFrom)},
		Steps: []resource.TestStep{
			step(literal(`    method = "physical"`+"\n"+`    tables = [{ database = "orders" }]`), `(?s)Tables need a logical backup.*method\s+is\s+"physical"`),
			step(literal(`    method = "logical"`+"\n"+`    encrypted = true`), `(?s)Encryption needs a physical backup.*method\s+is\s+"logical"`),
			step(literal(`    method = "cold"`), `(?s)Invalid backup method.*"cold"\s+is\s+not\s+a\s+backup\s+method`),
			step(literal(`    method = "logical"`+"\n"+`    name = "`+strings.Repeat("n", 61)+`"`), `(?s)Backup name too long.*61\s+characters`),
			step(literal(`    method = "logical"`+"\n"+`    timeout = "soon"`), `(?s)Invalid timeout.*"soon"`),
			step(triggeredConfig(srv, "v1", `    instance_id = "cdb-1"`+"\n"+`    method = "logical"`), `(?s)Invalid instance ID.*"cdb-1"`),
			step(withVariable("physical", `    tables = [{ database = "orders" }]`), `(?s)Tables need a logical backup.*method\s+is\s+"physical"`),
			step(withVariable("cold", ""), `(?s)Invalid backup method.*"cold"`),
		},
	})
	if n := createCalls(srv); n != 0 {
		t.Errorf("%d CreateBackup calls for configurations refused at plan time", n)
	}
}

// TestAccCreateBackup_Invoke: `terraform apply -invoke` runs the action on demand, printing its progress; the
// backup exists afterwards with its name. terraform-plugin-testing has no step for -invoke, so the test runs the
// CLI itself, with the provider served in the test process.
func TestAccCreateBackup_Invoke(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	const id = "cdb-act00006"
	srv := createBackupMock(t, id, 4*time.Second)
	cli := acctest.NewCLI(t, acctest.ProviderConfig(srv)+`
terraform {
  required_providers {
    tencentcloud = { source = "`+acctest.ProviderSource+`" }
  }
}

action "tencentcloud_cdb_create_backup" "before_upgrade" {
  config {
    instance_id = "`+id+`"
    method      = "physical"
    name        = "before-upgrade"
    encrypted   = true
  }
}
`)
	if cli.IsOpenTofu() || cli.Version.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("%s has no actions", cli.Version)
	}
	cli.Init()
	out, err := cli.Run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.tencentcloud_cdb_create_backup.before_upgrade")
	if err != nil {
		t.Fatalf("apply -invoke: %v\n%s", err, out)
	}
	got := created(srv, id)
	if len(got) != 1 {
		t.Fatalf("%d backups created\n%s", len(got), out)
	}
	b := backupByID(t, srv, id, got[0].BackupID)
	if b.Status != "SUCCESS" || b.ManualBackupName != "before-upgrade" || b.EncryptionFlag != "on" || got[0].EncryptionFlag != "on" {
		t.Errorf("backup %+v, asked %+v", b, got[0])
	}
	for _, want := range []string{
		fmt.Sprintf("%s: backup %d started (physical, named \"before-upgrade\"). Waiting up to ", id, b.BackupId),
		"if the wait ends sooner, the backup continues on Tencent Cloud.",
		fmt.Sprintf("%s: backup %d running, ", id, b.BackupId),
		fmt.Sprintf("%s: backup %d finished: SUCCESS", id, b.BackupId),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}
