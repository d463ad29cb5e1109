package cdb_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const binlogsAddr = "data.tencentcloud_cdb_binlogs.test"

func binlogsConfig(srv *mock.Server, instanceID string, args ...string) string {
	return acctest.ProviderConfig(srv) + fmt.Sprintf(`
data "tencentcloud_cdb_binlogs" "test" {
  instance_id = %q
%s
}
`, instanceID, strings.Join(args, "\n"))
}

// binlogFixture is one instance's binlogs on 2025-06-01 (Beijing time), each chosen to tell a rule apart:
//
//	000001 SUCCESS 00:00:00-01:00:00 ┐ window 00:00-02:00
//	000002 SUCCESS 01:00:00-02:00:00 ┘
//	000003 FAILED  02:00:00-03:00:00   gap 02:00-03:00
//	000004 SUCCESS 03:00:00-04:00:00 ┐ window 03:00-05:00 (000005 starts one second late: it still chains)
//	000005 SUCCESS 04:00:01-05:00:00 ┘
//	000006 SUCCESS 05:00:03-06:00:00   three seconds late: gap 05:00:00-05:00:03, window 05:00:03-06:00
//	000007 RUNNING 06:00:00-           covers nothing yet
func binlogFixture(instanceID string) []mock.Binlog {
	b := func(n int, status, start, finish string) mock.Binlog {
		bl := mock.Binlog{
			Name: fmt.Sprintf("binlog.%06d", n), Size: int64(n) * 1_000_000, Date: "2025-06-01 " + start, Type: "binlog",
			BinlogStartTime: "2025-06-01 " + start, BinlogFinishTime: "2025-06-01 " + finish, Region: acctest.Region,
			Status: status, CosStorageType: 2, InstanceId: instanceID, Progress: 100,
		}
		if finish == "" {
			bl.BinlogFinishTime, bl.Progress = "0000-00-00 00:00:00", 40
		}
		if status == "SUCCESS" {
			bl.InternetUrl = fmt.Sprintf("https://cos.example/binlog/%d", n)
			bl.IntranetUrl = fmt.Sprintf("https://cos.internal.example/binlog/%d", n)
		}
		return bl
	}
	withCopy := b(4, "SUCCESS", "03:00:00", "04:00:00")
	withCopy.RemoteInfo = []mock.RemoteBackup{{SubBackupId: 9004, Region: "ap-shanghai", Status: "SUCCESS",
		StartTime: "2025-06-01 04:10:00", FinishTime: "2025-06-01 04:20:00", Url: "https://cos.example/shanghai/binlog/4"}}
	return []mock.Binlog{
		b(1, "SUCCESS", "00:00:00", "01:00:00"),
		b(2, "SUCCESS", "01:00:00", "02:00:00"),
		b(3, "FAILED", "02:00:00", "03:00:00"),
		withCopy,
		b(5, "SUCCESS", "04:00:01", "05:00:00"),
		b(6, "SUCCESS", "05:00:03", "06:00:00"),
		b(7, "RUNNING", "06:00:00", ""),
	}
}

// expectBinlog is the state of one binlog, field by field from the fixture.
func expectBinlog(b mock.Binlog) knownvalue.Check {
	remotes := make([]knownvalue.Check, 0, len(b.RemoteInfo))
	for _, r := range b.RemoteInfo {
		remotes = append(remotes, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"sub_backup_id": knownvalue.Int64Exact(r.SubBackupId), "region": expectString(r.Region), "status": expectString(r.Status),
			"start_time": expectTime(r.StartTime), "finish_time": expectTime(r.FinishTime),
		}))
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": expectString(b.Name), "size": knownvalue.Int64Exact(b.Size), "date": expectTime(b.Date), "type": expectString(b.Type),
		"start_time": expectTime(b.BinlogStartTime), "finish_time": expectTime(b.BinlogFinishTime), "region": expectString(b.Region),
		"status": expectString(b.Status), "remote_info": knownvalue.ListExact(remotes), "cos_storage_type": knownvalue.Int64Exact(b.CosStorageType),
		"progress": knownvalue.Int64Exact(b.Progress),
	})
}

func span(start, finish string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"start": knownvalue.StringExact(start), "finish": knownvalue.StringExact(finish)})
}

func TestAccCDBBinlogs_EveryFieldWindowsAndGaps(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(1)
	binlogs := binlogFixture(id)
	srv.SetBinlogs(acctest.Region, id, binlogs)

	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
		statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(7)),
		statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(1000)),
		statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("download_urls"), knownvalue.Null()),
		// Worked out by hand from the fixture's comment.
		statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("recovery_windows"), knownvalue.ListExact([]knownvalue.Check{
			span("2025-06-01T00:00:00+08:00", "2025-06-01T02:00:00+08:00"),
			span("2025-06-01T03:00:00+08:00", "2025-06-01T05:00:00+08:00"),
			span("2025-06-01T05:00:03+08:00", "2025-06-01T06:00:00+08:00"),
		})),
		statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("gaps"), knownvalue.ListExact([]knownvalue.Check{
			span("2025-06-01T02:00:00+08:00", "2025-06-01T03:00:00+08:00"),
			span("2025-06-01T05:00:00+08:00", "2025-06-01T05:00:03+08:00"),
		})),
		statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("latest_recovery_point"), knownvalue.StringExact("2025-06-01T06:00:00+08:00")),
	}
	// Newest first: the fixture in reverse.
	for i := range binlogs {
		checks = append(checks, statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("binlogs").AtSliceIndex(i), expectBinlog(binlogs[len(binlogs)-1-i])))
	}
	links := map[string]knownvalue.Check{}
	for _, b := range binlogs {
		remote := map[string]knownvalue.Check{}
		for _, r := range b.RemoteInfo {
			remote[fmt.Sprint(r.SubBackupId)] = knownvalue.StringExact(r.Url)
		}
		links[b.Name] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"internet_url": expectURL(b.InternetUrl), "intranet_url": expectURL(b.IntranetUrl), "remote_urls": knownvalue.MapExact(remote),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: binlogsConfig(srv, id), ConfigStateChecks: append(checks, noSecrets{[]string{"https://cos"}, "state"})},
			{
				Config: binlogsConfig(srv, id, "include_download_urls = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("download_urls"), knownvalue.MapExact(links)),
				},
			},
		},
	})
}

// TestAccCDBBinlogs_Window: start_after and start_before are the API's window, in Beijing time; the binlog being
// written at start_after is listed too.
func TestAccCDBBinlogs_Window(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(1)
	srv.SetBinlogs(acctest.Region, id, binlogFixture(id))
	names := func(ns ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(ns))
		for i, n := range ns {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("binlog." + n)})
		}
		return knownvalue.ListExact(checks)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// 03:30 Beijing time, given in UTC: 000004 is being written then.
				Config: binlogsConfig(srv, id, `start_after = "2025-05-31T19:30:00Z"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("binlogs"), names("000007", "000006", "000005", "000004")),
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("recovery_windows"), knownvalue.ListExact([]knownvalue.Check{
						span("2025-06-01T03:00:00+08:00", "2025-06-01T05:00:00+08:00"),
						span("2025-06-01T05:00:03+08:00", "2025-06-01T06:00:00+08:00"),
					})),
				},
			},
			{
				Config: binlogsConfig(srv, id, `start_after = "2025-06-01T01:00:00+08:00"`, `start_before = "2025-06-01T03:00:00+08:00"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("binlogs"), names("000004", "000003", "000002", "000001")),
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(4)),
				},
			},
		},
	})
	for _, c := range srv.Calls() {
		if c.Action != "DescribeBinlogs" {
			t.Errorf("unexpected call %+v", c)
		}
	}
}

// TestAccCDBBinlogs_Paging reads generated chains at the page boundaries, in pages of 7 and of the largest size.
func TestAccCDBBinlogs_Paging(t *testing.T) {
	t.Parallel()
	newest := time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)
	for i, tc := range []struct {
		hours    int
		pageSize string
	}{{0, ""}, {7, "page_size = 7"}, {8, "page_size = 7"}, {30, "page_size = 7"}, {50, ""}} {
		t.Run(fmt.Sprintf("%dh %s", tc.hours, tc.pageSize), func(t *testing.T) {
			srv := acctest.StartMock(t)
			id := acctest.InstanceID(10 + i)
			var binlogs []mock.Binlog
			if tc.hours > 0 {
				binlogs = mock.GenerateBinlogs(id, acctest.Region, newest.Add(-time.Duration(tc.hours)*time.Hour), newest, mock.BinlogOptions{})
			}
			srv.SetBinlogs(acctest.Region, id, binlogs)
			sorted := append([]mock.Binlog(nil), binlogs...)
			sort.SliceStable(sorted, func(a, b int) bool { return sorted[a].BinlogStartTime > sorted[b].BinlogStartTime })
			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(binlogs)))),
				statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("binlogs"), knownvalue.ListSizeExact(len(binlogs))),
			}
			if len(sorted) > 0 {
				checks = append(checks,
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("binlogs").AtSliceIndex(0), expectBinlog(sorted[0])),
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("binlogs").AtSliceIndex(len(sorted)-1), expectBinlog(sorted[len(sorted)-1])),
					// A generated chain has no gap: one window, from the oldest start to the last finish before the running one.
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("gaps"), knownvalue.ListSizeExact(0)))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: binlogsConfig(srv, id, tc.pageSize), ConfigStateChecks: checks}},
			})
		})
	}
}

func TestAccCDBBinlogs_Errors(t *testing.T) {
	srv := acctest.StartMock(t)
	srv.SetBinlogs(acctest.Region, acctest.InstanceID(1), binlogFixture(acctest.InstanceID(1)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: binlogsConfig(srv, acctest.InstanceID(9)), ExpectError: regexp.MustCompile(`(?s)Instance not found.*cdb-test0009.*InvalidParameter.InstanceNotFound`)},
			{
				Config:      binlogsConfig(srv, acctest.InstanceID(1), `start_after = "2025-06-02T00:00:00Z"`, `start_before = "2025-06-01T00:00:00Z"`),
				ExpectError: regexp.MustCompile(`(?s)Empty time window.*start_before`),
				PlanOnly:    true,
			},
			{Config: binlogsConfig(srv, "mysql-1"), ExpectError: regexp.MustCompile(`(?s)instance_id.*TencentDB for MySQL instance ID`), PlanOnly: true},
			{Config: binlogsConfig(srv, acctest.InstanceID(1), "page_size = 1001"), ExpectError: regexp.MustCompile(`(?s)page_size.*between 1 and 1000`), PlanOnly: true},
		},
	})
}
