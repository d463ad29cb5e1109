package cdb_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const policyAddr = "data.tencentcloud_cdb_backup_policy.test"

// startPolicyMock serves testdata/backup_policy.json: an instance with the defaults, one with every setting on,
// one with every setting off, and one with a monthly strategy.
func startPolicyMock(t *testing.T, opts mock.Options) *mock.Server {
	t.Helper()
	srv := acctest.StartMockWith(t, opts)
	f, err := mock.ReadFixtures(filepath.Join("testdata", "backup_policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv.AddInstances(f)
	return srv
}

func policyConfig(srv *mock.Server, instanceID string) string {
	return acctest.ProviderConfig(srv) + fmt.Sprintf("data \"tencentcloud_cdb_backup_policy\" \"test\" {\n  instance_id = %q\n}\n", instanceID)
}

// Expected values, written out by hand from the fixtures.
func clock(start, end string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"start": knownvalue.StringExact(start), "end": knownvalue.StringExact(end)})
}

func tier(enabled bool, days int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"enabled": knownvalue.Bool(enabled), "days": knownvalue.Int64Exact(days)})
}

func textList(s ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(s))
	for i, e := range s {
		checks[i] = knownvalue.StringExact(e)
	}
	return knownvalue.ListExact(checks)
}

func ints(n ...int64) knownvalue.Check {
	checks := make([]knownvalue.Check, len(n))
	for i, e := range n {
		checks[i] = knownvalue.Int64Exact(e)
	}
	return knownvalue.ListExact(checks)
}

func weekly(mon, tue, wed, thu, fri, sat, sun knownvalue.Check) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"monday": mon, "tuesday": tue, "wednesday": wed, "thursday": thu, "friday": fri, "saturday": sat, "sunday": sun,
		"strategy": knownvalue.StringExact("weekly"), "days_of_month": ints(), "monthly": knownvalue.Null()}
}

func localBinlog(hours, usage int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"retention_hours": knownvalue.Int64Exact(hours), "max_usage_percent": knownvalue.Int64Exact(usage),
		// The region's default, which no fixture overrides: Tencent Cloud's 120 hours and 30%.
		"region_default": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"retention_hours": knownvalue.Int64Exact(120), "max_usage_percent": knownvalue.Int64Exact(30)}),
	})
}

// defaultPolicy is what Tencent Cloud gives a new instance, as the mock serves it.
func defaultPolicy() map[string]knownvalue.Check {
	w := clock("02:00", "06:00")
	return map[string]knownvalue.Check{
		"backup_retention_days": knownvalue.Int64Exact(7),
		"binlog_retention_days": knownvalue.Int64Exact(7),
		"backup_method":         knownvalue.StringExact("physical"),
		"backup_window":         knownvalue.ObjectExact(weekly(w, w, w, w, w, w, w)),
		"period_save": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"enabled": knownvalue.Bool(false), "days": knownvalue.Int64Exact(1080), "interval": knownvalue.StringExact("monthly"),
			"count": knownvalue.Int64Exact(1), "start_date": knownvalue.Null()}),
		"backup_archive":          tier(false, 180),
		"binlog_archive":          tier(false, 180),
		"backup_standard_storage": tier(false, 30),
		"binlog_standard_storage": tier(false, 30),
		"cross_region": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"backup_enabled": knownvalue.Bool(false), "binlog_enabled": knownvalue.Bool(false), "regions": textList(),
			"retention_days": knownvalue.Int64Exact(7), "available_regions": defaultAvailableRegions}),
		"local_binlog":       localBinlog(120, 30),
		"encryption_enabled": knownvalue.Bool(false),
	}
}

// defaultAvailableRegions are the regions the mock lets an instance in ap-guangzhou copy backups to.
var defaultAvailableRegions = textList("ap-shanghai", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing")

// TestAccCDBBackupPolicy_Settings: every attribute, for the defaults, everything on (with copies to two regions),
// everything off and a monthly strategy.
func TestAccCDBBackupPolicy_Settings(t *testing.T) {
	allOn := defaultPolicy()
	allOn["backup_retention_days"] = knownvalue.Int64Exact(400)
	allOn["binlog_retention_days"] = knownvalue.Int64Exact(370)
	night, none := clock("22:00", "02:00"), knownvalue.Null() // the API takes one window, on some days
	allOn["backup_window"] = knownvalue.ObjectExact(weekly(night, none, night, none, night, none, none))
	allOn["period_save"] = knownvalue.ObjectExact(map[string]knownvalue.Check{
		"enabled": knownvalue.Bool(true), "days": knownvalue.Int64Exact(365), "interval": knownvalue.StringExact("quarterly"),
		"count": knownvalue.Int64Exact(2), "start_date": knownvalue.StringExact("2025-01-01T00:00:00+08:00")})
	allOn["backup_archive"], allOn["binlog_archive"] = tier(true, 200), tier(true, 190)
	allOn["backup_standard_storage"], allOn["binlog_standard_storage"] = tier(true, 40), tier(true, 35)
	allOn["cross_region"] = knownvalue.ObjectExact(map[string]knownvalue.Check{
		"backup_enabled": knownvalue.Bool(true), "binlog_enabled": knownvalue.Bool(true), "regions": textList("ap-shanghai", "ap-beijing"),
		"retention_days": knownvalue.Int64Exact(60), "available_regions": textList("ap-shanghai", "ap-beijing", "ap-chengdu")})
	allOn["local_binlog"] = localBinlog(168, 50)
	allOn["encryption_enabled"] = knownvalue.Bool(true)

	allOff := defaultPolicy()
	allOff["backup_retention_days"] = knownvalue.Int64Exact(10)
	allOff["binlog_retention_days"] = knownvalue.Int64Exact(8)
	allOff["backup_method"] = knownvalue.StringExact("logical")
	allOff["local_binlog"] = localBinlog(6, 30)

	monthly := defaultPolicy()
	monthly["backup_window"] = knownvalue.ObjectExact(map[string]knownvalue.Check{
		"monday": knownvalue.Null(), "tuesday": knownvalue.Null(), "wednesday": knownvalue.Null(), "thursday": knownvalue.Null(),
		"friday": knownvalue.Null(), "saturday": knownvalue.Null(), "sunday": knownvalue.Null(),
		"strategy": knownvalue.StringExact("monthly"), "days_of_month": ints(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31),
		"monthly": clock("23:00", "01:00")})

	srv := startPolicyMock(t, mock.Options{})
	var steps []resource.TestStep
	for _, tc := range []struct {
		instance string
		want     map[string]knownvalue.Check
	}{
		{"cdb-pdefault", defaultPolicy()},
		{"cdb-pallon01", allOn},
		{"cdb-palloff1", allOff},
		{"cdb-pmonth01", monthly},
	} {
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("id"), knownvalue.StringExact(tc.instance)),
			statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("instance_id"), knownvalue.StringExact(tc.instance)),
		}
		for attr, want := range tc.want {
			checks = append(checks, statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New(attr), want))
		}
		steps = append(steps, resource.TestStep{Config: policyConfig(srv, tc.instance), ConfigStateChecks: checks})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
}

// TestAccCDBBackupPolicy_Errors: an unknown instance fails at instance_id; a refused call fails the read with its
// action, code, message and RequestId; a malformed ID fails at plan time, before any call.
func TestAccCDBBackupPolicy_Errors(t *testing.T) {
	srv := startPolicyMock(t, mock.Options{})
	srv.InjectErrorFor("DescribeLocalBinlogConfig", 1, "UnauthorizedOperation", "CAM denies cdb:DescribeLocalBinlogConfig.")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      policyConfig(srv, "cdb-pallon01"),
				ExpectError: regexp.MustCompile(`(?s)Could not read the backup policy of cdb-pallon01.*DescribeLocalBinlogConfig: \[UnauthorizedOperation\] CAM\s+denies\s+cdb:DescribeLocalBinlogConfig\.\s+\(RequestId:\s+[0-9a-f-]{36}\)`),
			},
			{
				Config:      policyConfig(srv, "cdb-nothere1"),
				ExpectError: regexp.MustCompile(`(?s)Instance not found.*instance_id.*There is no TencentDB for MySQL instance "cdb-nothere1" in region\s+"ap-guangzhou".*DescribeBackupConfig:\s+\[InvalidParameter.InstanceNotFound\]`),
			},
			{
				Config:      policyConfig(srv, "cdb-NOPE"),
				ExpectError: regexp.MustCompile(`(?s)instance_id.*must be a TencentDB for MySQL instance ID`),
			},
		},
	})
}

// TestAccCDBBackupPolicy_FourCallsAtOnce: the mock holds every call until four are held at once, so a read that
// sent the four actions one after another would wait for a call that never comes. The read passes; the same read
// with one call at a time (max_concurrency = 1) fails on the mock's timeout, which shows the test can fail.
func TestAccCDBBackupPolicy_FourCallsAtOnce(t *testing.T) {
	acctest.ProviderLogic(t)
	srv := startPolicyMock(t, mock.Options{Rendezvous: mock.RendezvousOptions{Calls: 4, Timeout: 5 * time.Second}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: policyConfig(srv, "cdb-pallon01"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(policyAddr, tfjsonpath.New("encryption_enabled"), knownvalue.Bool(true)),
				},
			},
			{
				Config: acctest.ProviderConfig(srv, "  max_concurrency = 1\n  max_retries = 0") +
					"data \"tencentcloud_cdb_backup_policy\" \"test\" {\n  instance_id = \"cdb-pallon01\"\n}\n",
				ExpectError: regexp.MustCompile(mock.RendezvousTimeoutCode),
			},
		},
	})
	if stats := srv.Stats(); stats.RendezvousGroups == 0 {
		t.Errorf("no group of four calls met at the mock: %+v", stats)
	}
}

const restrictionAddr = "data.tencentcloud_cdb_backup_download_restriction.test"

// TestAccCDBBackupDownloadRestriction: the region's setting from the fixtures (Customize, two VPCs, two addresses
// excluded), and the default of a region nobody set (NoLimit, nothing listed), with id the region.
func TestAccCDBBackupDownloadRestriction(t *testing.T) {
	srv := startPolicyMock(t, mock.Options{})
	config := func(region string) string {
		return fmt.Sprintf(`
provider "tencentcloud" {
  region     = %q
  secret_id  = %q
  secret_key = %q
  endpoints {
    cdb = %q
  }
}

data "tencentcloud_cdb_backup_download_restriction" "test" {}
`, region, mock.DefaultSecretID, mock.DefaultSecretKey, srv.URL())
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("ap-guangzhou"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("id"), knownvalue.StringExact("ap-guangzhou")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("limit_type"), knownvalue.StringExact("Customize")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("vpc_comparison"), knownvalue.StringExact("In")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("ip_comparison"), knownvalue.StringExact("NotIn")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("vpcs"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"region": knownvalue.StringExact("ap-guangzhou"), "vpc_ids": textList("vpc-1a2b3c4d", "vpc-5e6f7a8b")}),
					})),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("ips"), textList("10.0.0.1", "192.168.1.0/24")),
				},
			},
			{
				Config: config("ap-shanghai"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("id"), knownvalue.StringExact("ap-shanghai")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("limit_type"), knownvalue.StringExact("NoLimit")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("vpc_comparison"), knownvalue.StringExact("In")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("ip_comparison"), knownvalue.StringExact("In")),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("vpcs"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(restrictionAddr, tfjsonpath.New("ips"), textList()),
				},
			},
		},
	})
}
