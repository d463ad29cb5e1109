package cdb_test

import (
	"fmt"
	"regexp"
	"slices"
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

const instancesAddr = "data.tencentcloud_cdb_instances.test"

// inventory is one hand-made instance of the inventory fixtures.
type inventory struct {
	id, name, engine, created, device string
	status, project                   int64
	tags                              map[string]string
}

// inventoryFleet are five instances, created one a day from 2025-01-01 (the ids' order is not the creation order).
var inventoryFleet = []inventory{
	{id: "cdb-inv00003", name: "prod-orders-1", engine: "8.0", created: "2025-01-01 10:00:00", status: 1, project: 0,
		tags: map[string]string{"env": "prod", "team": "checkout"}},
	{id: "cdb-inv00001", name: "prod-orders-2", engine: "5.7", created: "2025-01-02 10:00:00", status: 1, project: 7,
		tags: map[string]string{"env": "prod", "team": "identity"}},
	{id: "cdb-inv00005", name: "staging-orders-1", engine: "8.0", created: "2025-01-03 10:00:00", status: 5, project: 7,
		tags: map[string]string{"env": "staging", "team": "checkout"}},
	{id: "cdb-inv00002", name: "dev-search-1", engine: "5.7", created: "2025-01-04 10:00:00", status: 4, project: 0,
		tags: map[string]string{}, device: "BASIC"},
	{id: "cdb-inv00004", name: "new-billing-1", engine: "8.0", created: "2025-01-05 10:00:00", status: 0, project: 0,
		tags: map[string]string{"env": "prod"}},
}

// addInventory serves the instances of fleet, each with the inventory given and the mock's defaults for the rest.
func addInventory(t *testing.T, srv *mock.Server, fleet []inventory) {
	t.Helper()
	for _, inv := range fleet {
		srv.SetBackups(acctest.Region, inv.id, nil)
		info, ok := srv.InstanceInfo(acctest.Region, inv.id)
		if !ok {
			t.Fatalf("the mock has no inventory of %s", inv.id)
		}
		info.InstanceName, info.EngineVersion, info.CreateTime, info.Status, info.ProjectId = inv.name, inv.engine, inv.created, inv.status, inv.project
		if inv.device != "" {
			info.DeviceType = inv.device
		}
		info.TagList = nil
		for k, v := range inv.tags {
			info.TagList = append(info.TagList, mock.TagInfoItem{TagKey: k, TagValue: v})
		}
		if err := srv.SetInstanceInfo(acctest.Region, inv.id, info); err != nil {
			t.Fatal(err)
		}
	}
}

func instancesConfig(srv *mock.Server, args ...string) string {
	return acctest.ProviderConfig(srv) + "data \"tencentcloud_cdb_instances\" \"test\" {\n" + strings.Join(args, "\n") + "\n}\n"
}

// ids checks the instance IDs of a list, in order.
func ids(ids ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"instance_id": knownvalue.StringExact(id)})
	}
	return knownvalue.ListExact(checks)
}

// TestAccCDBInstances_Filters: each argument alone and together selects the instances worked out by hand from
// inventoryFleet, newest first (cdb-inv00004 was created last). The instance being created (cdb-inv00004) shows no
// tags, as the API's instances being created do, so tags never select it.
func TestAccCDBInstances_Filters(t *testing.T) {
	srv := acctest.StartMock(t)
	addInventory(t, srv, inventoryFleet)
	step := func(want knownvalue.Check, args ...string) resource.TestStep {
		return resource.TestStep{Config: instancesConfig(srv, args...), ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("instances"), want)}}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step(ids("cdb-inv00004", "cdb-inv00002", "cdb-inv00005", "cdb-inv00001", "cdb-inv00003")),
			step(ids("cdb-inv00005", "cdb-inv00003"), `instance_ids = ["cdb-inv00003", "cdb-inv00005", "cdb-inv09999"]`),
			step(ids("cdb-inv00002", "cdb-inv00001"), `names = ["prod-orders-2", "dev-search-1"]`),
			step(ids("cdb-inv00002", "cdb-inv00005"), `status = ["isolating", "isolated"]`),
			step(ids("cdb-inv00004"), `status = ["creating"]`),
			step(ids("cdb-inv00002", "cdb-inv00001"), `engine_versions = ["5.7"]`),
			step(ids("cdb-inv00001", "cdb-inv00003"), `tags = { env = "prod" }`),
			step(ids("cdb-inv00003"), `tags = { env = "prod", team = "checkout" }`),
			step(ids("cdb-inv00005", "cdb-inv00001"), `project_id = 7`),
			step(ids("cdb-inv00005", "cdb-inv00003"), `name_regex = "orders-1$"`),
			step(ids("cdb-inv00005"), `engine_versions = ["8.0"]`, `project_id = 7`, `name_regex = "orders"`),
			step(ids(), `tags = { env = "none" }`),
			step(ids("cdb-inv00004", "cdb-inv00002", "cdb-inv00005", "cdb-inv00001", "cdb-inv00003"), `instance_ids = []`, `tags = {}`),
		},
	})
}

// TestAccCDBInstances_Attributes: every attribute of one instance, as set in the mock's inventory by hand.
func TestAccCDBInstances_Attributes(t *testing.T) {
	srv := acctest.StartMock(t)
	const id = "cdb-attr0001"
	srv.SetBackups(acctest.Region, id, nil)
	info, _ := srv.InstanceInfo(acctest.Region, id)
	info.InstanceName, info.Status, info.TaskStatus, info.EngineVersion, info.EngineType = "prod-ledger-1", 1, 6, "8.0", "InnoDB"
	info.Region, info.Zone, info.InstanceType, info.DeviceType = acctest.Region, acctest.Region+"-4", 2, "UNIVERSAL"
	info.Cpu, info.Memory, info.Volume = 4, 8000, 250
	info.UniqVpcId, info.UniqSubnetId, info.Vip, info.Vport = "vpc-abcd1234", "subnet-efgh5678", "10.2.3.4", 3306
	info.PayType, info.ProjectId, info.CreateTime, info.DeadlineTime = 0, 12, "2024-03-01 09:30:00", "2026-03-01 09:30:00"
	info.TagList = []mock.TagInfoItem{{TagKey: "team", TagValue: "ledger"}, {TagKey: "env", TagValue: "prod"}}
	info.DestroyProtect = "on"
	if err := srv.SetInstanceInfo(acctest.Region, id, info); err != nil {
		t.Fatal(err)
	}
	postpaid := "cdb-attr0002"
	srv.SetBackups(acctest.Region, postpaid, nil)
	info2, _ := srv.InstanceInfo(acctest.Region, postpaid)
	info2.PayType, info2.DeadlineTime, info2.TaskStatus, info2.DestroyProtect, info2.CreateTime = 1, "0000-00-00 00:00:00", 34, "off", "2024-01-01 00:00:00"
	if err := srv.SetInstanceInfo(acctest.Region, postpaid, info2); err != nil {
		t.Fatal(err)
	}
	want := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"instance_id": knownvalue.StringExact(id), "name": knownvalue.StringExact("prod-ledger-1"),
		"status": knownvalue.StringExact("running"), "task_status": knownvalue.StringExact("rolling_back"),
		"engine_version": knownvalue.StringExact("8.0"), "engine_type": knownvalue.StringExact("InnoDB"),
		"region": knownvalue.StringExact(acctest.Region), "zone": knownvalue.StringExact(acctest.Region + "-4"),
		"instance_type": knownvalue.StringExact("disaster_recovery"), "device_type": knownvalue.StringExact("UNIVERSAL"),
		"cpu": knownvalue.Int64Exact(4), "memory_mb": knownvalue.Int64Exact(8000), "volume_gb": knownvalue.Int64Exact(250),
		"vpc_id": knownvalue.StringExact("vpc-abcd1234"), "subnet_id": knownvalue.StringExact("subnet-efgh5678"),
		"vip": knownvalue.StringExact("10.2.3.4"), "vport": knownvalue.Int64Exact(3306),
		"pay_type": knownvalue.StringExact("prepaid"), "project_id": knownvalue.Int64Exact(12),
		"create_time":        knownvalue.StringExact("2024-03-01T09:30:00+08:00"),
		"deadline_time":      knownvalue.StringExact("2026-03-01T09:30:00+08:00"),
		"tags":               knownvalue.MapExact(map[string]knownvalue.Check{"env": knownvalue.StringExact("prod"), "team": knownvalue.StringExact("ledger")}),
		"destroy_protection": knownvalue.Bool(true),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: instancesConfig(srv),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("instances").AtSliceIndex(0), want),
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("instances").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"instance_id": knownvalue.StringExact(postpaid), "pay_type": knownvalue.StringExact("postpaid"),
					"deadline_time": knownvalue.Null(), "task_status": knownvalue.StringExact("in_place_upgrade_pending"), "destroy_protection": knownvalue.Bool(false)})),
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.Region)),
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(2000)),
			},
		}},
	})
}

// TestAccCDBInstances_Pages: 250 instances against an API that takes a Limit of at most 100: the probe of 2000 is
// refused once, then pages of 100 read them all, each once, newest first.
func TestAccCDBInstances_Pages(t *testing.T) {
	srv := acctest.StartMock(t)
	if err := srv.SetMaxInstancesLimit(100); err != nil {
		t.Fatal(err)
	}
	var fleet []inventory
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 250 {
		fleet = append(fleet, inventory{id: fmt.Sprintf("cdb-pg%06d", (i*37)%250), name: fmt.Sprintf("i-%d", i), engine: "8.0", status: 1,
			created: start.Add(time.Duration(i) * time.Hour).Format("2006-01-02 15:04:05")})
	}
	addInventory(t, srv, fleet)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: instancesConfig(srv),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("instances"), knownvalue.ListSizeExact(250)),
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("i-249")),
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("instances").AtSliceIndex(249).AtMapKey("name"), knownvalue.StringExact("i-0")),
				statecheck.ExpectKnownValue(instancesAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(100)),
			},
		}},
	})
	// Each read (each provider process: the tests keep no cache between them) probes with 2000, is refused, and
	// reads the three pages of 100, the last two at once.
	var reads [][]string
	for _, c := range srv.Calls() {
		if c.Action != "DescribeDBInstances" || c.Limit == nil || c.Offset == nil {
			continue
		}
		if *c.Limit == 2000 {
			reads = append(reads, nil)
		}
		if len(reads) > 0 {
			reads[len(reads)-1] = append(reads[len(reads)-1], fmt.Sprint(*c.Limit, "@", *c.Offset, ":", c.ErrorCode))
		}
	}
	if len(reads) == 0 {
		t.Fatal("no DescribeDBInstances call with a Limit of 2000")
	}
	for _, r := range reads {
		if len(r) == 4 {
			slices.Sort(r[2:])
		}
		if got := strings.Join(r, " "); got != "2000@0:InvalidParameterValue 100@0: 100@100: 100@200:" {
			t.Errorf("DescribeDBInstances calls of a read (Limit@Offset:error): %s", got)
		}
	}
}

// TestAccCDBInstances_Validation: bad arguments fail at plan time, naming the attribute and what is allowed.
func TestAccCDBInstances_Validation(t *testing.T) {
	srv := acctest.StartMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: instancesConfig(srv, `status = ["running", "stopped"]`), ExpectError: regexp.MustCompile(`(?s)status.*value must be one of:.*"creating"`)},
			{Config: instancesConfig(srv, `instance_ids = ["cdb-1"]`), ExpectError: regexp.MustCompile(`(?s)instance_ids.*must be a TencentDB for MySQL\s+instance\s+ID`)},
			{Config: instancesConfig(srv, `tags = { "" = "x" }`), ExpectError: regexp.MustCompile(`(?s)tags.*length`)},
			{Config: instancesConfig(srv, `name_regex = "("`), ExpectError: regexp.MustCompile(`(?s)name_regex`)},
			{Config: instancesConfig(srv, `page_size = 2001`), ExpectError: regexp.MustCompile(`(?s)page_size.*between 1 and 2000`)},
		},
	})
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls for configurations refused at plan time", n)
	}
}
