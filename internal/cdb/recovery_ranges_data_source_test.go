package cdb_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const rangesAddr = "data.tencentcloud_cdb_recovery_ranges.test"

func rangesConfig(srv *mock.Server, ids []string, args ...string) string {
	return acctest.ProviderConfig(srv) + fmt.Sprintf("data \"tencentcloud_cdb_recovery_ranges\" \"test\" {\n  instance_ids = [%s]\n%s\n}\n",
		`"`+strings.Join(ids, `", "`)+`"`, strings.Join(args, "\n"))
}

// fullBackupsAt are successful full backups of an instance on 2025-06-01 at these times (Beijing time).
func fullBackupsAt(instanceID string, times ...string) []mock.Backup {
	var out []mock.Backup
	for i, at := range times {
		out = append(out, mock.Backup{BackupId: int64(1000 + i), Name: fmt.Sprintf("%s_full_%d", instanceID, i), Date: "2025-06-01 " + at,
			StartTime: "2025-06-01 " + at, FinishTime: "2025-06-01 " + at, Type: "physical", Status: "SUCCESS", Method: "full", Way: "automatic",
			InstanceId: instanceID, Region: acctest.Region})
	}
	return out
}

// apiSpan is a {start, finish} on 2025-06-01, Beijing time.
func apiSpan(start, finish string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"start": knownvalue.StringExact("2025-06-01T" + start + "+08:00"), "finish": knownvalue.StringExact("2025-06-01T" + finish + "+08:00")})
}

func claim(start, finish, by string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"claimed_by": knownvalue.StringExact(by),
		"start": knownvalue.StringExact("2025-06-01T" + start + "+08:00"), "finish": knownvalue.StringExact("2025-06-01T" + finish + "+08:00")})
}

// rollbackCalls are the DescribeRollbackRangeTime calls the mock received.
func rollbackCalls(srv *mock.Server) []mock.Call {
	var out []mock.Call
	for _, c := range srv.Calls() {
		if c.Action == "DescribeRollbackRangeTime" {
			out = append(out, c)
		}
	}
	return out
}

// TestAccCDBRecoveryRanges_Instances: the binlogs of binlogFixture (windows 00:00-02:00, 03:00-05:00 and
// 05:00:03-06:00) and full backups at 00:30 and 03:30 give, by the API's rule (a range starts at the first full
// backup inside a chain), the ranges 00:30-02:00 and 03:30-05:00; the third window has no backup. An instance
// without binlogs has no range. Repeats are read once; the order is the one given; remote_zone and clone_region
// reach the API.
func TestAccCDBRecoveryRanges_Instances(t *testing.T) {
	srv := acctest.StartMock(t)
	withGaps, empty := acctest.InstanceID(1), acctest.InstanceID(2)
	srv.SetBackups(acctest.Region, withGaps, fullBackupsAt(withGaps, "00:30:00", "03:30:00"))
	srv.SetBinlogs(acctest.Region, withGaps, binlogFixture(withGaps))
	srv.SetBackups(acctest.Region, empty, nil)
	want := knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectExact(map[string]knownvalue.Check{
			"instance_id": knownvalue.StringExact(empty), "ranges": knownvalue.ListExact([]knownvalue.Check{}),
			"earliest_restorable_time": knownvalue.Null(), "latest_restorable_time": knownvalue.Null()}),
		knownvalue.ObjectExact(map[string]knownvalue.Check{
			"instance_id":              knownvalue.StringExact(withGaps),
			"ranges":                   knownvalue.ListExact([]knownvalue.Check{apiSpan("00:30:00", "02:00:00"), apiSpan("03:30:00", "05:00:00")}),
			"earliest_restorable_time": knownvalue.StringExact("2025-06-01T00:30:00+08:00"),
			"latest_restorable_time":   knownvalue.StringExact("2025-06-01T05:00:00+08:00")}),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: rangesConfig(srv, []string{empty, withGaps, empty}, `  remote_zone = true`, `  clone_region = "ap-shanghai"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("instances"), want),
				statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("missing_instance_ids"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("id"), knownvalue.StringExact(empty+","+withGaps)),
			},
		}},
	})
	calls := rollbackCalls(srv)
	if len(calls) == 0 {
		t.Fatal("no DescribeRollbackRangeTime call")
	}
	for _, c := range calls {
		if strings.Join(c.InstanceIDs, ",") != empty+","+withGaps || c.IsRemoteZone != "true" || c.BackupRegion != "ap-shanghai" {
			t.Errorf("call with InstanceIds %v, IsRemoteZone %q, BackupRegion %q", c.InstanceIDs, c.IsRemoteZone, c.BackupRegion)
		}
	}
}

// TestAccCDBRecoveryRanges_250Instances: 250 instances are read in three calls of 100, 100 and 50 per read, in the
// order given.
func TestAccCDBRecoveryRanges_250Instances(t *testing.T) {
	acctest.ProviderLogic(t)
	srv := acctest.StartMock(t)
	ids := make([]string, 250)
	for i := range ids {
		ids[i] = fmt.Sprintf("cdb-rr%06d", 249-i) // not in sorted order
		srv.SetBackups(acctest.Region, ids[i], nil)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: rangesConfig(srv, ids),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("instances"), knownvalue.ListSizeExact(250)),
				statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("instance_id"), knownvalue.StringExact("cdb-rr000249")),
				statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("instances").AtSliceIndex(249).AtMapKey("instance_id"), knownvalue.StringExact("cdb-rr000000")),
			},
		}},
	})
	calls := rollbackCalls(srv)
	reads := 0
	sizes := map[int]int{}
	for _, c := range calls {
		sizes[len(c.InstanceIDs)]++
	}
	reads = sizes[50]
	if reads == 0 || sizes[100] != 2*reads || len(sizes) != 2 || len(calls) != 3*reads {
		t.Errorf("batches by size %v over %d calls: want 100, 100 and 50 per read", sizes, len(calls))
	}
}

// TestAccCDBRecoveryRanges_Missing: an unknown instance fails the read at instance_ids, naming it with the API's
// code and message and pointing to ignore_missing; with it, the instance is listed in missing_instance_ids.
func TestAccCDBRecoveryRanges_Missing(t *testing.T) {
	srv := acctest.StartMock(t)
	known := acctest.InstanceID(1)
	srv.SetBackups(acctest.Region, known, nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      rangesConfig(srv, []string{"cdb-BAD"}),
				ExpectError: regexp.MustCompile(`(?s)instance_ids.*must be a TencentDB for MySQL instance ID`),
			},
			{
				Config:      rangesConfig(srv, []string{known, "cdb-gone0001"}),
				ExpectError: regexp.MustCompile(`(?s)Could not read the recovery range of 1 of the instance_ids.*- cdb-gone0001: \[1600009\].*ignore_missing = true`),
			},
			{
				Config: rangesConfig(srv, []string{"cdb-gone0001", known}, "  ignore_missing = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("missing_instance_ids"), textList("cdb-gone0001")),
					statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("instances"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(rangesAddr, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("instance_id"), knownvalue.StringExact(known)),
				},
			},
		},
	})
}

// TestAccCDBBinlogs_CompareWithAPI: with compare_with_api, api_ranges holds the API's ranges and disagreements the
// spans longer than tolerance that one side claims. binlogFixture's windows are 00:00-02:00, 03:00-05:00 and
// 05:00:03-06:00; the API (set by hand) says 00:00-01:55:01, 03:00-04:54:59 and 05:00:00-06:00. So the binlogs
// alone claim 01:55:01-02:00 (4m59s) and 04:54:59-05:00 (5m01s), and the API alone 05:00:00-05:00:03 (3s): at
// the default 5m only the 5m01s one is reported; at 2s, all three. Without compare_with_api, both are null and
// no DescribeRollbackRangeTime call is made.
func TestAccCDBBinlogs_CompareWithAPI(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(1)
	srv.SetBackups(acctest.Region, id, nil)
	srv.SetBinlogs(acctest.Region, id, binlogFixture(id))
	if err := srv.SetRollbackRanges(acctest.Region, id, []mock.RollbackRange{
		{Begin: "2025-06-01 00:00:00", End: "2025-06-01 01:55:01"},
		{Begin: "2025-06-01 05:00:00", End: "2025-06-01 06:00:00"},
		{Begin: "2025-06-01 03:00:00", End: "2025-06-01 04:54:59"},
	}); err != nil {
		t.Fatal(err)
	}
	binlogsAddr := "data.tencentcloud_cdb_binlogs.test"
	apiRanges := knownvalue.ListExact([]knownvalue.Check{apiSpan("00:00:00", "01:55:01"), apiSpan("03:00:00", "04:54:59"), apiSpan("05:00:00", "06:00:00")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      binlogsConfig(srv, id, "  compare_with_api = true", `  tolerance = "five minutes"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid duration.*"five minutes" must be a length of time`),
			},
			{
				Config: binlogsConfig(srv, id, "  compare_with_api = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("api_ranges"), apiRanges),
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("disagreements"), knownvalue.ListExact([]knownvalue.Check{
						claim("04:54:59", "05:00:00", "binlogs")})),
				},
			},
			{
				Config: binlogsConfig(srv, id, "  compare_with_api = true", `  tolerance = "2s"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("disagreements"), knownvalue.ListExact([]knownvalue.Check{
						claim("01:55:01", "02:00:00", "binlogs"), claim("04:54:59", "05:00:00", "binlogs"), claim("05:00:00", "05:00:03", "api")})),
				},
			},
			{
				Config: binlogsConfig(srv, id, `  start_after = "2025-06-01T04:30:00+08:00"`, "  compare_with_api = true", `  tolerance = "2s"`),
				ConfigStateChecks: []statecheck.StateCheck{
					// Clipped to start_after: the API's first range is outside, its second starts at 04:30.
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("api_ranges"), knownvalue.ListExact([]knownvalue.Check{
						apiSpan("04:30:00", "04:54:59"), apiSpan("05:00:00", "06:00:00")})),
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("disagreements"), knownvalue.ListExact([]knownvalue.Check{
						claim("04:54:59", "05:00:00", "binlogs"), claim("05:00:00", "05:00:03", "api")})),
				},
			},
			{
				PreConfig: srv.ResetCalls,
				Config:    binlogsConfig(srv, id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("api_ranges"), knownvalue.Null()),
					statecheck.ExpectKnownValue(binlogsAddr, tfjsonpath.New("disagreements"), knownvalue.Null()),
					noRollbackCall{srv},
				},
			},
		},
	})
}

// noRollbackCall fails when the mock received a DescribeRollbackRangeTime call.
type noRollbackCall struct{ srv *mock.Server }

func (c noRollbackCall) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if calls := rollbackCalls(c.srv); len(calls) > 0 {
		resp.Error = fmt.Errorf("%d DescribeRollbackRangeTime call(s) without compare_with_api", len(calls))
	}
}
