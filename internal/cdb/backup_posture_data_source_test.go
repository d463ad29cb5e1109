package cdb_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const postureAddr = "data.tencentcloud_cdb_backup_posture.test"

func postureConfig(srv *mock.Server, args ...string) string {
	return acctest.ProviderConfig(srv) + "data \"tencentcloud_cdb_backup_posture\" \"test\" {\n" + strings.Join(args, "\n") + "\n}\n"
}

// beijing is the API's zone.
var beijing = time.FixedZone("CST", 8*3600)

// hoursAgo is the API time of a whole number of hours before now, to the second, and its RFC 3339 form.
func hoursAgo(now time.Time, h int) (api, rfc string) {
	t := now.Add(-time.Duration(h) * time.Hour).In(beijing).Truncate(time.Second)
	return t.Format("2006-01-02 15:04:05"), t.Format(time.RFC3339)
}

// postureBackup is a backup of the posture fixtures.
func postureBackup(id string, backupID int64, date, status, way string, size int64) mock.Backup {
	return mock.Backup{BackupId: backupID, Name: fmt.Sprintf("%s_%d", id, backupID), Date: date, StartTime: date, FinishTime: date,
		Type: "physical", Status: status, Method: "full", Way: way, Size: size, InstanceId: id, Region: acctest.Region, Creator: "SYSTEM"}
}

// TestAccCDBBackupPosture_SmallFleet: every posture attribute of three instances, worked out by hand.
//   - cdb-pos00001 (created first): backups 2 h ago (SUCCESS, automatic, 100 bytes, ID 12), 1 h ago (FAILED, ID 13),
//     30 h ago (SUCCESS, manual, 50 bytes, ID 11); one binlog of 7 bytes; backups kept 30 days, encrypted; the API's
//     ranges set by hand. With window = "24h": one successful backup in the window, the latest is ID 12; volumes
//     150 and 7.
//   - cdb-pos00002: no backup, no binlog: no latest backup, none in the window, no range, volumes 0.
//   - cdb-pos00003 (a single-node instance, created last): one SUCCESS backup 50 h ago; with window = "72h" it
//     counts; the posture reads DescribeBackupSummaries for mysql-basic too.
func TestAccCDBBackupPosture_SmallFleet(t *testing.T) {
	srv := acctest.StartMock(t)
	now := time.Now()
	a, b, c := "cdb-pos00001", "cdb-pos00002", "cdb-pos00003"
	d2, d2rfc := hoursAgo(now, 2)
	d1, _ := hoursAgo(now, 1)
	d30, _ := hoursAgo(now, 30)
	d50, d50rfc := hoursAgo(now, 50)
	srv.SetBackups(acctest.Region, a, []mock.Backup{
		postureBackup(a, 13, d1, "FAILED", "automatic", 0),
		postureBackup(a, 12, d2, "SUCCESS", "automatic", 100),
		postureBackup(a, 11, d30, "SUCCESS", "manual", 50),
	})
	srv.SetBinlogs(acctest.Region, a, []mock.Binlog{{Name: "binlog.000001", Size: 7, Date: d30, Type: "binlog", BinlogStartTime: d30,
		BinlogFinishTime: d2, Region: acctest.Region, Status: "SUCCESS", InstanceId: a}})
	srv.SetBackups(acctest.Region, b, nil)
	srv.SetBackups(acctest.Region, c, []mock.Backup{postureBackup(c, 21, d50, "SUCCESS", "automatic", 9)})
	for i, id := range []string{a, b, c} {
		info, _ := srv.InstanceInfo(acctest.Region, id)
		info.CreateTime = fmt.Sprintf("2024-0%d-01 00:00:00", i+1)
		info.DeviceType = map[bool]string{true: "BASIC", false: "UNIVERSAL"}[id == c]
		if err := srv.SetInstanceInfo(acctest.Region, id, info); err != nil {
			t.Fatal(err)
		}
	}
	policy := mock.DefaultBackupPolicy(acctest.Region)
	policy.Config.BackupExpireDays, policy.EncryptionStatus = 30, "on"
	if err := srv.SetBackupPolicy(acctest.Region, a, policy); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetRollbackRanges(acctest.Region, a, []mock.RollbackRange{{Begin: "2025-06-01 00:30:00", End: "2025-06-01 02:00:00"},
		{Begin: "2025-06-01 03:30:00", End: "2025-06-01 05:00:00"}}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetRollbackRanges(acctest.Region, b, []mock.RollbackRange{}); err != nil {
		t.Fatal(err)
	}
	wantA := knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"instance_id": knownvalue.StringExact(a),
		"latest_successful_backup": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"backup_id": knownvalue.Int64Exact(12), "date": knownvalue.StringExact(d2rfc), "size": knownvalue.Int64Exact(100),
			"method": knownvalue.StringExact("full"), "type": knownvalue.StringExact("physical"), "way": knownvalue.StringExact("automatic")}),
		"successful_backups_in_last": knownvalue.Int64Exact(1),
		"policy": knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"backup_retention_days": knownvalue.Int64Exact(30), "binlog_retention_days": knownvalue.Int64Exact(7),
			"encryption_enabled": knownvalue.Bool(true)}),
		"recovery_ranges":          knownvalue.ListExact([]knownvalue.Check{apiSpan("00:30:00", "02:00:00"), apiSpan("03:30:00", "05:00:00")}),
		"earliest_restorable_time": knownvalue.StringExact("2025-06-01T00:30:00+08:00"),
		"latest_restorable_time":   knownvalue.StringExact("2025-06-01T05:00:00+08:00"),
		"backup_volume":            knownvalue.Int64Exact(150),
		"binlog_volume":            knownvalue.Int64Exact(7),
		"create_time":              knownvalue.StringExact("2024-01-01T00:00:00+08:00"),
		"device_type":              knownvalue.StringExact("UNIVERSAL"),
	})
	wantB := knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"instance_id": knownvalue.StringExact(b), "latest_successful_backup": knownvalue.Null(), "successful_backups_in_last": knownvalue.Int64Exact(0),
		"policy":          knownvalue.ObjectPartial(map[string]knownvalue.Check{"backup_retention_days": knownvalue.Int64Exact(7), "encryption_enabled": knownvalue.Bool(false)}),
		"recovery_ranges": knownvalue.ListExact([]knownvalue.Check{}), "earliest_restorable_time": knownvalue.Null(), "latest_restorable_time": knownvalue.Null(),
		"backup_volume": knownvalue.Int64Exact(0), "binlog_volume": knownvalue.Int64Exact(0),
	})
	wantC := func(inWindow int64) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"instance_id": knownvalue.StringExact(c), "device_type": knownvalue.StringExact("BASIC"),
			"latest_successful_backup":   knownvalue.ObjectPartial(map[string]knownvalue.Check{"backup_id": knownvalue.Int64Exact(21), "date": knownvalue.StringExact(d50rfc)}),
			"successful_backups_in_last": knownvalue.Int64Exact(inWindow), "backup_volume": knownvalue.Int64Exact(9),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: postureConfig(srv, `window = "24h"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("instances"), knownvalue.ListExact([]knownvalue.Check{wantC(0), wantB, wantA})),
					statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("failed_instances"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.Region)),
				},
			},
			{
				Config: postureConfig(srv, `window = "72h"`, `instance_ids = ["`+c+`"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("instances"), knownvalue.ListExact([]knownvalue.Check{wantC(1)})),
				},
			},
		},
	})
	var products []string
	for _, call := range srv.Calls() {
		if call.Action == "DescribeBackupSummaries" && !slices.Contains(products, call.Product) {
			products = append(products, call.Product)
		}
	}
	slices.Sort(products)
	if strings.Join(products, ",") != "mysql,mysql-basic" {
		t.Errorf("DescribeBackupSummaries asked for products %v, want mysql and mysql-basic", products)
	}
}

// countCalls counts the calls of each action the mock answered.
func countCalls(srv *mock.Server) map[string]int {
	out := map[string]int{}
	for _, c := range srv.Calls() {
		out[c.Action]++
	}
	return out
}

// TestAccCDBBackupPosture_Fleet250: 250 instances, read with a Limit of at most 100 for DescribeDBInstances (three
// pages after a probe of 2000 refused, in each provider process: the tests keep no cache between them) and 100 instances per DescribeRollbackRangeTime call (three batches): each
// instance once, and per read one call per instance of each per-instance action.
func TestAccCDBBackupPosture_Fleet250(t *testing.T) {
	srv := acctest.StartMock(t)
	if err := srv.SetMaxInstancesLimit(100); err != nil {
		t.Fatal(err)
	}
	fleet := mock.GenerateFleet(mock.FleetOptions{Region: acctest.Region, Instances: 250, Backups: 3, Newest: time.Now(), Seed: 7})
	srv.AddInstances(&mock.Fixtures{Instances: fleet})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: postureConfig(srv),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("instances"), knownvalue.ListSizeExact(250)),
				statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("failed_instances"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
	calls := countCalls(srv)
	reads := calls["DescribeBackupConfig"] / 250
	if reads < 1 || calls["DescribeBackupConfig"] != 250*reads {
		t.Fatalf("DescribeBackupConfig calls %d, not a multiple of 250", calls["DescribeBackupConfig"])
	}
	for action, want := range map[string]int{
		"DescribeDBInstances": 4 * reads, "DescribeBackups": 250 * reads, "DescribeRemoteBackupConfig": 250 * reads,
		"DescribeLocalBinlogConfig": 250 * reads, "DescribeBackupEncryptionStatus": 250 * reads, "DescribeRollbackRangeTime": 3 * reads,
	} {
		if calls[action] != want {
			t.Errorf("%s: %d calls for %d reads, want %d", action, calls[action], reads, want)
		}
	}
}

// TestAccCDBBackupPosture_InstanceGone: an instance deleted between the listing and the reads fails the read,
// naming it with the API's code; with skip_failed it is listed in failed_instances and the others are read.
func TestAccCDBBackupPosture_InstanceGone(t *testing.T) {
	srv := acctest.StartMock(t)
	addInventory(t, srv, inventoryFleet[:3])
	gone := inventoryFleet[1].id
	// Armed before each step: the first listing after it is answered, then the instance goes.
	var armed atomic.Bool
	srv.SetCallHook(func(c mock.Call) {
		if c.Action == "DescribeDBInstances" && c.ErrorCode == "" && armed.CompareAndSwap(true, false) {
			srv.RemoveInstance(acctest.Region, gone)
		}
	})
	restore := func() {
		addInventory(t, srv, inventoryFleet[1:2])
		armed.Store(true)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: restore,
				Config:    postureConfig(srv),
				ExpectError: regexp.MustCompile(`(?s)Could not read the backup posture of 1 of the 3 instances selected.*` + gone +
					`: DescribeBackups:\s+\[InvalidParameter.InstanceNotFound\].*RequestId.*skip_failed\s+=\s+true`),
			},
			{
				PreConfig: restore,
				Config:    postureConfig(srv, `skip_failed = true`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("instances"), ids(inventoryFleet[2].id, inventoryFleet[0].id)),
					statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("failed_instances"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"instance_id": knownvalue.StringExact(gone),
							"code": knownvalue.StringExact("InvalidParameter.InstanceNotFound"), "message": knownvalue.StringRegexp(regexp.MustCompile(`DescribeBackups.*RequestId`))}),
					})),
				},
			},
		},
	})
}

// TestAccCDBBackupPosture_EmptySelection: a selection of no instance gives empty lists, no error, and no call but
// DescribeDBInstances.
func TestAccCDBBackupPosture_EmptySelection(t *testing.T) {
	srv := acctest.StartMock(t)
	addInventory(t, srv, inventoryFleet)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: postureConfig(srv, `tags = { env = "none" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("instances"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(postureAddr, tfjsonpath.New("failed_instances"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
	for action := range countCalls(srv) {
		if action != "DescribeDBInstances" {
			t.Errorf("%s called for an empty selection", action)
		}
	}
}

// TestAccCDBBackupPosture_Validation: bad arguments fail at plan time.
func TestAccCDBBackupPosture_Validation(t *testing.T) {
	srv := acctest.StartMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: postureConfig(srv, `window = "a day"`), ExpectError: regexp.MustCompile(`(?s)window`)},
			{Config: postureConfig(srv, `status = ["up"]`), ExpectError: regexp.MustCompile(`(?s)status.*value must be one of`)},
		},
	})
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls for configurations refused at plan time", n)
	}
}
