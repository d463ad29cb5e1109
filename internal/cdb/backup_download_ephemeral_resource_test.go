package cdb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// withEcho serves this provider and terraform-plugin-testing's echo provider, which stores whatever ephemeral
// value it is given in its own state, so that a test can see what the ephemeral resource handed out.
var withEcho = map[string]func() (tfprotov6.ProviderServer, error){
	"tencentcloud": provider.NewServer("test"),
	"echo":         echoprovider.NewProviderServer(),
}

// ephemeralVersions are the CLIs with ephemeral resources: Terraform 1.10 or later (OpenTofu 1.11 reports its
// own version, which is above that too).
var ephemeralVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

// downloadFixture is an instance's backups, newest first, each chosen to tell one rule apart:
//
//	1006 RUNNING (newest: not downloadable)
//	1005 FAILED
//	1004 SUCCESS logical, manual, encrypted, with a cross-region copy  <- the newest successful one
//	1003 SUCCESS physical, automatic, not encrypted                    <- the newest successful physical one
//	1002 SUCCESS logical, automatic, encrypted
//	1001 SUCCESS physical, automatic, name "old-physical"
func downloadFixture(instanceID string) []mock.Backup {
	b := func(id int64, date, status, typ, way, encryption string) mock.Backup {
		backup := mock.Backup{
			BackupId: id, Name: fmt.Sprintf("backup-%d", id), Size: id * 1000, Date: date, Type: typ, Status: status,
			StartTime: date, FinishTime: date, Creator: "SYSTEM", Method: "full", Way: way, Region: acctest.Region,
			InstanceId: instanceID, EncryptionFlag: encryption, MD5: fmt.Sprintf("md5-%d", id), Progress: 100,
		}
		if status == "SUCCESS" {
			backup.InternetUrl = fmt.Sprintf("https://cos.example/public/%d", id)
			backup.IntranetUrl = fmt.Sprintf("https://cos.internal.example/%d", id)
		}
		return backup
	}
	withCopy := b(1004, "2025-06-04 02:00:00", "SUCCESS", "logical", "manual", "on")
	withCopy.RemoteInfo = []mock.RemoteBackup{{SubBackupId: 40041, Region: "ap-shanghai", Status: "SUCCESS",
		StartTime: "2025-06-04 03:00:00", FinishTime: "2025-06-04 03:10:00", Url: "https://cos.example/shanghai/1004"}}
	oldest := b(1001, "2025-06-01 02:00:00", "SUCCESS", "physical", "automatic", "off")
	oldest.Name = "old-physical"
	return []mock.Backup{
		b(1006, "2025-06-06 02:00:00", "RUNNING", "logical", "automatic", "off"),
		b(1005, "2025-06-05 02:00:00", "FAILED", "logical", "automatic", "off"),
		withCopy,
		b(1003, "2025-06-03 02:00:00", "SUCCESS", "physical", "automatic", "off"),
		b(1002, "2025-06-02 02:00:00", "SUCCESS", "logical", "automatic", "on"),
		oldest,
	}
}

// downloadMock is a mock serving downloadFixture for instance 1.
func downloadMock(t *testing.T) (*mock.Server, string) {
	t.Helper()
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(1)
	srv.SetBackups(acctest.Region, id, downloadFixture(id))
	return srv, id
}

// echoConfig opens the ephemeral resource with args and hands all of its values to the echo provider.
func echoConfig(srv *mock.Server, instanceID string, args ...string) string {
	return acctest.ProviderConfig(srv) + fmt.Sprintf(`
ephemeral "tencentcloud_cdb_backup_download" "test" {
  instance_id = %q
%s
}

provider "echo" {
  data = ephemeral.tencentcloud_cdb_backup_download.test
}

resource "echo" "test" {}
`, instanceID, strings.Join(args, "\n"))
}

// echoed checks one value the ephemeral resource handed out.
func echoed(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey(attr), check)
}

// expectDownload is what the ephemeral resource gives for a backup of downloadFixture, worked out from the
// fixture: key is the decryption key, "" for none.
func expectDownload(b mock.Backup, key string) []statecheck.StateCheck {
	remote := map[string]knownvalue.Check{}
	for _, r := range b.RemoteInfo {
		remote[strconv.FormatInt(r.SubBackupId, 10)] = knownvalue.StringExact(r.Url)
	}
	var keyCheck knownvalue.Check = knownvalue.Null()
	if key != "" {
		keyCheck = knownvalue.StringExact(key)
	}
	return []statecheck.StateCheck{
		echoed("backup_id", knownvalue.Int64Exact(b.BackupId)),
		echoed("name", knownvalue.StringExact(b.Name)),
		echoed("date", expectTime(b.Date)),
		echoed("size", knownvalue.Int64Exact(b.Size)),
		echoed("md5", knownvalue.StringExact(b.MD5)),
		echoed("type", knownvalue.StringExact(b.Type)),
		echoed("method", knownvalue.StringExact(b.Method)),
		echoed("internet_url", knownvalue.StringExact(b.InternetUrl)),
		echoed("intranet_url", knownvalue.StringExact(b.IntranetUrl)),
		echoed("remote_urls", knownvalue.MapExact(remote)),
		echoed("encrypted", knownvalue.Bool(b.EncryptionFlag == "on")),
		echoed("decryption_key", keyCheck),
	}
}

func fixtureBackup(t *testing.T, backups []mock.Backup, id int64) mock.Backup {
	t.Helper()
	for _, b := range backups {
		if b.BackupId == id {
			return b
		}
	}
	t.Fatalf("no backup %d in the fixture", id)
	return mock.Backup{}
}

func decryptionKey(t *testing.T, srv *mock.Server, instanceID string, backupID int64) string {
	t.Helper()
	key, ok := srv.DecryptionKey(acctest.Region, instanceID, backupID)
	if !ok || key == "" {
		t.Fatalf("the mock has no key for backup %d", backupID)
	}
	return key
}

func TestAccBackupDownload_NewestSuccessful(t *testing.T) {
	srv, id := downloadMock(t)
	want := fixtureBackup(t, downloadFixture(id), 1004)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: withEcho,
		Steps: []resource.TestStep{{
			Config:            echoConfig(srv, id),
			ConfigStateChecks: expectDownload(want, decryptionKey(t, srv, id, 1004)),
		}},
	})
}

// TestAccBackupDownload_FiltersNarrowTheChoice: each filter of the data source narrows the choice. A test case
// each: the echo provider keeps the first value it stores while its resource's configuration stays the same.
func TestAccBackupDownload_FiltersNarrowTheChoice(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want int64
	}{
		{"physical", []string{`type = "physical"`}, 1003},
		{"automatic logical", []string{`way = "automatic"`, `type = "logical"`}, 1002},
		{"name", []string{`name_regex = "^old-"`}, 1001},
		// Before 2025-06-03 02:00 Beijing time.
		{"window", []string{`created_before = "2025-06-02T18:00:00Z"`, `created_after = "2025-06-01T00:00:00+08:00"`}, 1002},
		{"full", []string{`method = "full"`}, 1004},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, id := downloadMock(t)
			want := fixtureBackup(t, downloadFixture(id), tc.want)
			key := ""
			if want.EncryptionFlag == "on" {
				key = decryptionKey(t, srv, id, tc.want)
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   ephemeralVersions,
				ProtoV6ProviderFactories: withEcho,
				Steps:                    []resource.TestStep{{Config: echoConfig(srv, id, tc.args...), ConfigStateChecks: expectDownload(want, key)}},
			})
		})
	}
}

func TestAccBackupDownload_BackupID(t *testing.T) {
	srv, id := downloadMock(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: withEcho,
		Steps: []resource.TestStep{{
			Config:            echoConfig(srv, id, `backup_id = 1001`),
			ConfigStateChecks: expectDownload(fixtureBackup(t, downloadFixture(id), 1001), ""),
		}},
	})
}

func TestAccBackupDownload_Errors(t *testing.T) {
	srv, id := downloadMock(t)
	srv.SetBackups(acctest.Region, acctest.InstanceID(2), nil)
	step := func(instanceID string, pattern string, args ...string) resource.TestStep {
		return resource.TestStep{Config: echoConfig(srv, instanceID, args...), ExpectError: regexp.MustCompile(pattern)}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: withEcho,
		Steps: []resource.TestStep{
			step(acctest.InstanceID(9), `(?s)Instance not found.*cdb-test0009.*InvalidParameter.InstanceNotFound.*RequestId`),
			step(id, `(?s)Backup not found.*no backup 4242.*none of its 6 backups`, `backup_id = 4242`),
			step(id, `(?s)Backup not downloadable.*1006.*RUNNING, not SUCCESS`, `backup_id = 1006`),
			step(id, `(?s)Backup not downloadable.*1005.*FAILED, not SUCCESS`, `backup_id = 1005`),
			step(id, `(?s)No backup to download.*None of the 6 backups of cdb-test0001 is a SUCCESS backup\s+matching\s+type\s+=\s+"physical",\s+way\s+=\s+"manual"`,
				`type = "physical"`, `way = "manual"`),
			step(acctest.InstanceID(2), `(?s)No backup to download.*None of the 0 backups of cdb-test0002 is a SUCCESS backup\.`),
		},
	})
}

// TestAccBackupDownload_InvalidConfigurationOpensNothing: a configuration refused at validation never reaches the
// API.
func TestAccBackupDownload_InvalidConfigurationOpensNothing(t *testing.T) {
	srv, id := downloadMock(t)
	step := func(pattern string, args ...string) resource.TestStep {
		return resource.TestStep{Config: echoConfig(srv, id, args...), ExpectError: regexp.MustCompile(pattern), PlanOnly: true}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: withEcho,
		Steps: []resource.TestStep{
			step(`(?s)Invalid Attribute Combination.*backup_id`, `backup_id = 1001`, `type = "physical"`),
			step(`(?s)Empty time window.*created_before`, `created_after = "2025-06-02T00:00:00Z"`, `created_before = "2025-06-01T00:00:00Z"`),
			step(`(?s)Invalid Attribute Value.*"snapshots"`, `type = "snapshots"`),
			step(`(?s)Invalid regular expression`, `name_regex = "("`),
			step(`(?s)backup_id.*at least 1`, `backup_id = 0`),
			{Config: echoConfig(srv, "cdb-nope"), ExpectError: regexp.MustCompile(`(?s)TencentDB for MySQL instance ID`), PlanOnly: true},
		},
	})
	if calls := srv.Stats().Calls; calls != 0 {
		t.Errorf("the mock was called %d times for configurations that validation refuses", calls)
	}
}

// noSecrets fails when the JSON form of a state or plan holds any of the secrets.
type noSecrets struct {
	secrets []string
	where   string
}

func (c noSecrets) check(v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, s := range c.secrets {
		if strings.Contains(string(raw), s) {
			return fmt.Errorf("the %s holds %q", c.where, s)
		}
	}
	return nil
}

func (c noSecrets) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check(req.State)
}

func (c noSecrets) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.check(req.Plan)
}

// TestAccBackupDownload_NeverStored is the restore drill a user writes: the newest successful backup's link and
// key go to a provisioner, which gets them, while neither the saved plan nor the state holds any of them.
func TestAccBackupDownload_NeverStored(t *testing.T) {
	srv, id := downloadMock(t)
	want := fixtureBackup(t, downloadFixture(id), 1004)
	key := decryptionKey(t, srv, id, 1004)
	secrets := []string{want.InternetUrl, want.IntranetUrl, want.RemoteInfo[0].Url, key}
	out := filepath.Join(t.TempDir(), "drill.txt")
	config := acctest.ProviderConfig(srv) + fmt.Sprintf(`
ephemeral "tencentcloud_cdb_backup_download" "latest" {
  instance_id = %q
}

resource "terraform_data" "restore_drill" {
  input = "drill"

  provisioner "local-exec" {
    command = "printf '%%s %%s' \"$URL\" \"$KEY\" > %s"
    environment = {
      URL = ephemeral.tencentcloud_cdb_backup_download.latest.internet_url
      KEY = ephemeral.tencentcloud_cdb_backup_download.latest.decryption_key
    }
  }
}
`, id, out)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{noSecrets{secrets, "saved plan"}},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				noSecrets{secrets, "state"},
				statecheck.ExpectKnownValue("terraform_data.restore_drill", tfjsonpath.New("output"), knownvalue.StringExact("drill")),
			},
		}},
	})
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the provisioner did not run: %v", err)
	}
	if string(got) != want.InternetUrl+" "+key {
		t.Errorf("the provisioner got %q, want the link and the key", got)
	}
}

// TestAccBackupDownload_DecryptionKeyRefused: each refusal of DescribeBackupDecryptionKey is a diagnostic with
// Tencent Cloud's code and RequestId, on the attribute it concerns.
func TestAccBackupDownload_DecryptionKeyRefused(t *testing.T) {
	for _, tc := range []struct {
		code, pattern string
	}{
		{"InternalError.DBRecordNotExistError", `(?s)No decryption key for the backup.*backup 1004 of cdb-test0001.*InternalError.DBRecordNotExistError.*RequestId`},
		{"OperationDenied.NotSupportBasic", `(?s)Decryption keys not available.*basic-edition.*OperationDenied.NotSupportBasic.*RequestId`},
		{"UnauthorizedOperation", `(?s)Could not get the decryption key of backup 1004 of cdb-test0001.*UnauthorizedOperation.*RequestId`},
	} {
		t.Run(tc.code, func(t *testing.T) {
			srv, id := downloadMock(t)
			srv.InjectErrorFor("DescribeBackupDecryptionKey", 1000, tc.code, "refused by the test")
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   ephemeralVersions,
				ProtoV6ProviderFactories: withEcho,
				Steps:                    []resource.TestStep{{Config: echoConfig(srv, id), ExpectError: regexp.MustCompile(tc.pattern)}},
			})
		})
	}
}
