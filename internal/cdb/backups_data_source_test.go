package cdb_test

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

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

// dataSourceConfig reads the backups of an instance with their download links, so that the tests see every value;
// TestAccCDBBackups_NoLinksUnlessAsked reads them without.
func dataSourceConfig(srv *mock.Server, instanceID string, args ...string) string {
	return acctest.ProviderConfig(srv) + fmt.Sprintf(`
data "tencentcloud_cdb_backups" "test" {
  instance_id           = %q
  include_download_urls = true
%s
}
`, instanceID, strings.Join(args, "\n"))
}

// TestAccCDBBackups_NoLinksUnlessAsked: without include_download_urls, download_urls is null and the state holds
// no link of any backup; every other attribute is as with it.
func TestAccCDBBackups_NoLinksUnlessAsked(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(1)
	backups := mock.GenerateBackups(id, acctest.Region, 30, acctest.Newest)
	srv.SetBackups(acctest.Region, id, backups)
	var links []string
	for _, b := range backups {
		for _, u := range []string{b.InternetUrl, b.IntranetUrl} {
			if u != "" {
				links = append(links, u)
			}
		}
		for _, r := range b.RemoteInfo {
			if r.Url != "" {
				links = append(links, r.Url)
			}
		}
	}
	if len(links) < 30 {
		t.Fatalf("only %d links in the fixture", len(links))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderConfig(srv) + fmt.Sprintf("data \"tencentcloud_cdb_backups\" \"test\" {\n  instance_id = %q\n}\n", id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.Null()),
					statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(len(backups))),
					noSecrets{links, "state"},
				},
			},
			{
				Config: acctest.ProviderConfig(srv) + fmt.Sprintf("data \"tencentcloud_cdb_backups\" \"test\" {\n  instance_id = %q\n  include_download_urls = false\n}\n", id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.Null()),
					noSecrets{links, "state"},
				},
			},
			{
				// The same read with links holds them: the check above can fail.
				Config: dataSourceConfig(srv, id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.MapSizeExact(len(backups))),
				},
			},
		},
	})
}

// expectTime is what an API time becomes in state, worked out independently of the provider's code.
func expectTime(apiTime string) knownvalue.Check {
	if apiTime == "" || apiTime == "0000-00-00 00:00:00" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(strings.Replace(apiTime, " ", "T", 1) + "+08:00")
}

func expectString(s string) knownvalue.Check {
	return knownvalue.StringExact(s)
}

func expectURL(s string) knownvalue.Check {
	if s == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(s)
}

// expectBackup is the state of one backup, field by field from the fixture.
func expectBackup(b mock.Backup) knownvalue.Check {
	remotes := make([]knownvalue.Check, 0, len(b.RemoteInfo))
	for _, r := range b.RemoteInfo {
		remotes = append(remotes, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"sub_backup_id": knownvalue.Int64Exact(r.SubBackupId),
			"region":        expectString(r.Region),
			"status":        expectString(r.Status),
			"start_time":    expectTime(r.StartTime),
			"finish_time":   expectTime(r.FinishTime),
		}))
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"backup_id":          knownvalue.Int64Exact(b.BackupId),
		"name":               expectString(b.Name),
		"size":               knownvalue.Int64Exact(b.Size),
		"date":               expectTime(b.Date),
		"start_time":         expectTime(b.StartTime),
		"finish_time":        expectTime(b.FinishTime),
		"type":               expectString(b.Type),
		"status":             expectString(b.Status),
		"creator":            expectString(b.Creator),
		"method":             expectString(b.Method),
		"way":                expectString(b.Way),
		"manual_backup_name": expectString(b.ManualBackupName),
		"save_mode":          expectString(b.SaveMode),
		"region":             expectString(b.Region),
		"remote_info":        knownvalue.ListExact(remotes),
		"cos_storage_type":   knownvalue.Int64Exact(b.CosStorageType),
		"instance_id":        expectString(b.InstanceId),
		"progress":           knownvalue.Int64Exact(b.Progress),
		"encryption_flag":    expectString(b.EncryptionFlag),
		"executed_gtid_set":  expectString(b.ExecutedGTIDSet),
		"md5":                expectString(b.MD5),
	})
}

// expectDownloadURLs is the download_urls entry of one backup.
func expectDownloadURLs(b mock.Backup) knownvalue.Check {
	remote := map[string]knownvalue.Check{}
	for _, r := range b.RemoteInfo {
		remote[strconv.FormatInt(r.SubBackupId, 10)] = expectURL(r.Url)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"internet_url": expectURL(b.InternetUrl),
		"intranet_url": expectURL(b.IntranetUrl),
		"remote_urls":  knownvalue.MapExact(remote),
	})
}

// newestFirst is the order users get: Date, then BackupId, both descending. The API's time format sorts as text.
func newestFirst(backups []mock.Backup) []mock.Backup {
	out := append([]mock.Backup(nil), backups...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].BackupId > out[j].BackupId
	})
	return out
}

// checkPaging asserts that every read of the listing asked for exactly the expected pages: the first page, then
// the others (fetched concurrently, so in any order), each once.
func checkPaging(srv *mock.Server, instanceID string, pageSize int64, total int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		pages := max(1, (total+int(pageSize)-1)/int(pageSize))
		calls := srv.Calls()
		if len(calls) == 0 || len(calls)%pages != 0 {
			return fmt.Errorf("%d calls, not a whole number of listings of %d pages", len(calls), pages)
		}
		for start := 0; start < len(calls); start += pages {
			listing := calls[start : start+pages]
			offsets := map[int64]bool{}
			for i, c := range listing {
				if c.InstanceID != instanceID || c.Offset == nil || c.Limit == nil || *c.Limit != pageSize || c.ErrorCode != "" {
					return fmt.Errorf("call %d: %+v", start+i, c)
				}
				if i == 0 && *c.Offset != 0 {
					return fmt.Errorf("listing at call %d did not start at offset 0: %+v", start, c)
				}
				offsets[*c.Offset] = true
			}
			for p := range pages {
				if !offsets[int64(p)*pageSize] {
					return fmt.Errorf("listing at call %d never asked for offset %d", start, int64(p)*pageSize)
				}
			}
		}
		return nil
	}
}

func TestAccCDBBackups_Paging(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		n        int
		pageSize int64
		explicit bool // page_size set; otherwise the largest the mock accepts, 1000
	}{
		{"no backups", 0, 1000, false},
		{"one backup", 1, 1000, false},
		{"exactly one page", 1000, 1000, false},
		{"one page plus one", 1001, 1000, false},
		{"250 in pages of 7", 250, 7, true},
		{"201 in pages of 100", 201, 100, true},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := acctest.StartMock(t)
			id := acctest.InstanceID(i)
			backups := mock.GenerateBackups(id, acctest.Region, tc.n, acctest.Newest)
			srv.SetBackups(acctest.Region, id, backups)
			sorted := newestFirst(backups)

			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(tc.n))),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(tc.pageSize)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(tc.n)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.MapSizeExact(tc.n)),
			}
			if tc.n > 0 {
				first, last := sorted[0], sorted[tc.n-1]
				checks = append(checks,
					statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("backup_id"), knownvalue.Int64Exact(first.BackupId)),
					statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(tc.n-1).AtMapKey("backup_id"), knownvalue.Int64Exact(last.BackupId)),
				)
			}
			pageSizeArg := ""
			if tc.explicit {
				pageSizeArg = fmt.Sprintf("page_size = %d", tc.pageSize)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            dataSourceConfig(srv, id, pageSizeArg),
					ConfigStateChecks: checks,
					Check:             checkPaging(srv, id, tc.pageSize, tc.n),
				}},
			})
		})
	}
}

func TestAccCDBBackups_EmptyIsEmptyList(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(1)
	srv.SetBackups(acctest.Region, id, []mock.Backup{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, id) + `
output "count" {
  value = length(data.tencentcloud_cdb_backups.test.backups)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// TestAccCDBBackups_EveryField checks every attribute of every backup of a small instance against the fixture:
// a successful backup with cross-region copies, a failed one without links, and a running one without a finish time.
func TestAccCDBBackups_EveryField(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(2)
	generated := mock.GenerateBackups(id, acctest.Region, 60, acctest.Newest)
	var picked []mock.Backup
	var haveRemote, haveFailed, haveRunning bool
	for _, b := range generated {
		switch {
		case !haveRemote && b.Status == "SUCCESS" && len(b.RemoteInfo) > 0 && b.InternetUrl != "":
			haveRemote = true
		case !haveFailed && b.Status == "FAILED":
			haveFailed = true
		case !haveRunning && b.Status == "RUNNING":
			haveRunning = true
		default:
			continue
		}
		picked = append(picked, b)
	}
	if !haveRemote || !haveFailed || !haveRunning {
		t.Fatalf("the generated fixtures lack a kind of backup: remote %v, failed %v, running %v", haveRemote, haveFailed, haveRunning)
	}
	srv.SetBackups(acctest.Region, id, picked)

	var checks []statecheck.StateCheck
	for i, b := range newestFirst(picked) {
		checks = append(checks,
			statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(i), expectBackup(b)),
			statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls").AtMapKey(strconv.FormatInt(b.BackupId, 10)), expectDownloadURLs(b)),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, id),
			ConfigStateChecks: checks,
		}},
	})
}

func TestAccCDBBackups_Ordering(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(3)
	backups := mock.GenerateBackups(id, acctest.Region, 40, acctest.Newest)
	// Two backups at the same second: the higher BackupId must come first.
	backups[7].Date = backups[3].Date
	// Serve them in an order unrelated to date: the API's order must not leak into the result.
	served := make([]mock.Backup, 0, len(backups))
	for i := range backups {
		served = append(served, backups[(i*17)%len(backups)])
	}
	srv.SetBackups(acctest.Region, id, served)

	var checks []statecheck.StateCheck
	for i, b := range newestFirst(backups) {
		checks = append(checks, statecheck.ExpectKnownValue(dataSourceAddr,
			tfjsonpath.New("backups").AtSliceIndex(i).AtMapKey("backup_id"), knownvalue.Int64Exact(b.BackupId)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, id, "page_size = 9"),
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccCDBBackups_TenThousand reads 10,000 backups through Terraform: download links are kept out of the list
// elements, so this stays a matter of seconds (sensitive values inside the elements made it take many minutes).
func TestAccCDBBackups_TenThousand(t *testing.T) {
	acctest.LargeListing(t)
	const n = 10_000
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(4)
	backups := mock.GenerateBackups(id, acctest.Region, n, acctest.Newest)
	srv.SetBackups(acctest.Region, id, backups)
	sorted := newestFirst(backups)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(n)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(n)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.MapSizeExact(n)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(0), expectBackup(sorted[0])),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(n-1), expectBackup(sorted[n-1])),
			},
			Check: checkPaging(srv, id, 1000, n),
		}},
	})
}

func TestAccCDBBackups_UnknownInstance(t *testing.T) {
	srv := acctest.StartMock(t)
	// The instance exists, but in another region than the provider's.
	srv.SetBackups("ap-beijing", "cdb-elsewhere", nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      dataSourceConfig(srv, "cdb-elsewher"),
			ExpectError: regexp.MustCompile(`(?s)Instance not found.*There is no TencentDB for MySQL instance\s+"cdb-elsewher" in\s+region\s+"ap-guangzhou".*InvalidParameter\.InstanceNotFound.*RequestId`),
		}},
	})
}

func TestAccCDBBackups_InvalidArguments(t *testing.T) {
	t.Parallel()
	srv := acctest.StartMock(t)
	cases := []struct {
		name string
		args []string
		id   string
		want string
	}{
		{"malformed instance id", nil, "mysql-123", `(?s)instance_id.*must be a TencentDB for MySQL instance ID.*got: mysql-123`},
		{"instance id with uppercase", nil, "cdb-C1NL9RPV", `(?s)instance_id.*must be a TencentDB for MySQL instance ID.*got: cdb-C1NL9RPV`},
		{"empty instance id", nil, "", `(?s)instance_id.*must be a TencentDB for MySQL instance ID`},
		{"page size 0", []string{"page_size = 0"}, "cdb-c1nl9rpv", `(?s)page_size.*must be between 1 and 1000, got: 0`},
		{"page size 1001", []string{"page_size = 1001"}, "cdb-c1nl9rpv", `(?s)page_size.*must be between 1 and 1000, got: 1001`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      dataSourceConfig(srv, tc.id, tc.args...),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	// Cleanups run once the parallel subtests are done.
	t.Cleanup(func() {
		if calls := srv.Calls(); len(calls) != 0 {
			t.Errorf("invalid arguments reached the API: %+v", calls)
		}
	})
}

func TestAccCDBBackups_WrongSecretKey(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(5)
	srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 3, acctest.Newest))
	config := fmt.Sprintf(`
provider "tencentcloud" {
  region     = %q
  secret_id  = %q
  secret_key = "not-the-right-key"
  endpoints {
    cdb = %q
  }
}

data "tencentcloud_cdb_backups" "test" {
  instance_id = %q
}
`, acctest.Region, mock.DefaultSecretID, srv.URL(), id)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)Could not list the backups of ` + id + `.*\[AuthFailure\.SignatureFailure\].*RequestId:\s+\S+`),
		}},
	})
}

func TestAccCDBBackups_APIErrorShowsCodeMessageAndRequestID(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(6)
	srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 3, acctest.Newest))
	srv.InjectError(1, "OperationDenied.WrongStatus", "The backend task status is invalid.")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      dataSourceConfig(srv, id),
			ExpectError: regexp.MustCompile(`(?s)\[OperationDenied\.WrongStatus\] The backend task status is\s+invalid\.\s+\(RequestId:\s+\S+\)`),
		}},
	})
}

// TestAccCDBBackups_SparseResponse reads an answer whose fields are missing, null or unknown to the provider.
func TestAccCDBBackups_SparseResponse(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(7)
	srv.SetBackups(acctest.Region, id, nil)
	srv.InjectRawResponse(1000, 200, `{"Response":{"TotalCount":3,"RequestId":"sparse-1","SomethingNew":[1,2],"Items":[
		{"BackupId":11,"Name":null,"Size":null,"Date":"2025-01-02 03:04:05","RemoteInfo":null,"EncryptionFlag":null,"FutureField":{"a":1}},
		{"BackupId":12,"FinishTime":"0000-00-00 00:00:00","RemoteInfo":[{"SubBackupId":5}]},
		null
	]}}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("backup_id"), knownvalue.Int64Exact(11)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("date"), knownvalue.StringExact("2025-01-02T03:04:05+08:00")),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("size"), knownvalue.Null()),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("remote_info"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(1).AtMapKey("finish_time"), knownvalue.Null()),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups").AtSliceIndex(1).AtMapKey("remote_info").AtSliceIndex(0).AtMapKey("sub_backup_id"), knownvalue.Int64Exact(5)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls").AtMapKey("12"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"internet_url": knownvalue.Null(),
					"intranet_url": knownvalue.Null(),
					"remote_urls":  knownvalue.MapExact(map[string]knownvalue.Check{"5": knownvalue.Null()}),
				})),
			},
		}},
	})
}

func TestAccCDBBackups_NotJSON(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(8)
	srv.SetBackups(acctest.Region, id, nil)
	srv.InjectRawResponse(1000, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(srv, "  max_retries = 2") + fmt.Sprintf(`
data "tencentcloud_cdb_backups" "test" {
  instance_id = %q
}
`, id),
			ExpectError: regexp.MustCompile(`(?s)Could not list the backups of ` + id + `.*DescribeBackups failed after 3 attempts.*unexpected answer from Tencent Cloud: HTTP\s+status 502 Bad\s+Gateway \(Content-Type\s+text/html`),
		}},
	})
	if n := len(srv.Calls()); n != 3 {
		t.Fatalf("%d calls; max_retries = 2 allows 3", n)
	}
}

// TestAccCDBBackups_TimecmpPrecondition is the plan-time validation users write: a precondition that fails when
// the newest backup is older than a given time.
func TestAccCDBBackups_TimecmpPrecondition(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(9)
	backups := mock.GenerateBackups(id, acctest.Region, 5, acctest.Newest)
	srv.SetBackups(acctest.Region, id, backups)
	newest := newestFirst(backups)[0]
	guard := func(notBefore string) string {
		return dataSourceConfig(srv, id) + fmt.Sprintf(`
output "newest_backup" {
  value = data.tencentcloud_cdb_backups.test.backups[0].backup_id
  precondition {
    condition     = timecmp(data.tencentcloud_cdb_backups.test.backups[0].date, %q) >= 0
    error_message = "The newest backup is older than %s."
  }
}
`, notBefore, notBefore)
	}
	// Thresholds in UTC, while the API's dates are Beijing time: comparing across offsets proves the offset.
	date, err := time.ParseInLocation("2006-01-02 15:04:05", newest.Date, time.FixedZone("UTC+8", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	atNewest := date.UTC().Format(time.RFC3339)
	afterNewest := date.Add(time.Second).UTC().Format(time.RFC3339)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: guard(atNewest),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("newest_backup", knownvalue.Int64Exact(newest.BackupId)),
				},
			},
			{
				Config:      guard(afterNewest),
				ExpectError: regexp.MustCompile(`The newest backup is older than ` + afterNewest),
			},
		},
	})
}

// TestAccCDBBackups_UnknownInstanceID takes the instance ID from a resource created in the same apply: Terraform
// reads the data source during apply, and the read uses the real ID.
func TestAccCDBBackups_UnknownInstanceID(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(40)
	srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 4, acctest.Newest))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(srv) + fmt.Sprintf(`
resource "terraform_data" "instance" {
  input = %q
}

data "tencentcloud_cdb_backups" "test" {
  instance_id = terraform_data.instance.output
}
`, id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(4)),
			},
		}},
	})
	for _, c := range srv.Calls() {
		if c.InstanceID != id {
			t.Fatalf("a call was made for %q", c.InstanceID)
		}
	}
}

// TestAccCDBBackups_PageSizeFallback: against an API that takes a Limit of at most 100 (the specification page),
// the provider's probe for 1000 is refused once per provider process, never reaches the user, and every listing
// reads pages of 100; the state says so. An explicit page size above that is the user's to fix: it is sent as it
// is, and the API's refusal is the error.
func TestAccCDBBackups_PageSizeFallback(t *testing.T) {
	acctest.ProviderLogic(t)
	srv := acctest.StartMockWith(t, mock.Options{MaxLimit: 100})
	ids := []string{acctest.InstanceID(1), acctest.InstanceID(2), acctest.InstanceID(3)}
	for _, id := range ids {
		srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 250, acctest.Newest))
	}
	config := acctest.ProviderConfig(srv) + fmt.Sprintf(`
data "tencentcloud_cdb_backups" "test" {
  count       = 3
  instance_id = ["%s"][count.index]
}
`, strings.Join(ids, `", "`))
	var checks []statecheck.StateCheck
	for i := range ids {
		addr := fmt.Sprintf("data.tencentcloud_cdb_backups.test[%d]", i)
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(100)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(250)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: checks,
				Check: func(*terraform.State) error {
					// Each provider process that read probed once: every refused call is a probe for 1000, and
					// each such probe was followed by the same first page at 100; all other calls are pages of 100.
					refused, pages := 0, 0
					for _, c := range srv.Calls() {
						switch {
						case c.ErrorCode == "InvalidParameterValue" && *c.Limit == 1000 && *c.Offset == 0:
							refused++
						case c.ErrorCode == "" && *c.Limit == 100:
							pages++
						default:
							return fmt.Errorf("unexpected call %+v", c)
						}
					}
					if reads := pages / 9; pages%9 != 0 || refused == 0 || refused > reads {
						return fmt.Errorf("%d pages and %d refused probes: want listings of 3 pages for 3 instances, and at most one probe per read of the three", pages, refused)
					}
					if srv.Stats().LimitTooLarge != refused {
						return fmt.Errorf("the mock counts %d refused Limits, the calls %d", srv.Stats().LimitTooLarge, refused)
					}
					return nil
				},
			},
			{
				Config:      dataSourceConfig(srv, ids[0], "page_size = 500"),
				ExpectError: regexp.MustCompile("(?s)InvalidParameterValue.*Limit.*500.*RequestId"),
			},
		},
	})
}

// TestAccCDBBackups_SharedQuotaRemembersThePageSize: with shared_quota, what the first provider process learned
// (the API takes a Limit of at most 100) is in the cache, and the processes Terraform starts after it do not probe
// again. Its key is its own, so that no other test shares its cache entry.
func TestAccCDBBackups_SharedQuotaRemembersThePageSize(t *testing.T) {
	acctest.ProviderLogic(t)
	secretID := fmt.Sprintf("AKIDshared%026d", time.Now().UnixNano())
	const secretKey = "sharedQuotaTestKey00000000000000"
	srv := acctest.StartMockWith(t, mock.Options{MaxLimit: 100, Accounts: []mock.Account{{AccountID: "100000000077", SecretID: secretID, SecretKey: secretKey}}})
	id := acctest.InstanceID(1)
	srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 150, acctest.Newest))
	config := fmt.Sprintf(`
provider "tencentcloud" {
  region       = %q
  secret_id    = %q
  secret_key   = %q
  shared_quota = true
  endpoints {
    cdb = %q
  }
}

data "tencentcloud_cdb_backups" "test" {
  instance_id = %q
}
`, acctest.Region, secretID, secretKey, srv.URL(), id)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(100)),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(150)),
			},
		}, {
			// Another plan, another provider process.
			Config: config,
			Check: func(*terraform.State) error {
				reads := 0
				for _, c := range srv.Calls() {
					if c.ErrorCode == "" && *c.Offset == 0 {
						reads++
					}
				}
				if n := srv.Stats().LimitTooLarge; n != 1 || reads < 2 {
					return fmt.Errorf("%d refused probes over %d reads by separate provider processes; want exactly one", n, reads)
				}
				return nil
			},
		}},
	})
}
