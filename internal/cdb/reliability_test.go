package cdb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// exactList checks every backup and every download link of the state against the fixture.
func exactList(backups []mock.Backup) []statecheck.StateCheck {
	sorted := newestFirst(backups)
	elems := make([]knownvalue.Check, len(sorted))
	urls := make(map[string]knownvalue.Check, len(sorted))
	for i, b := range sorted {
		elems[i] = expectBackup(b)
		urls[strconv.FormatInt(b.BackupId, 10)] = expectDownloadURLs(b)
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(backups)))),
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListExact(elems)),
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.MapExact(urls)),
	}
}

// TestAccCDBBackups_UnderFaults reads 300 backups, in 10 pages, at least 20 times in a row while a fifth of all calls fail in
// every way the mock knows (server errors, rate limits, proxy error pages, dropped connections, stalls past the
// request timeout, cut-off JSON). Every read must return exactly the fixture. Each step reads three times (plan,
// apply, and the plan that checks nothing changed), so 7 steps make 21 reads.
func TestAccCDBBackups_UnderFaults(t *testing.T) {
	acctest.ProviderLogic(t)
	const steps, wantReads = 7, 20
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(20)
	// What matters is the number of calls faults can land between, not the size of a page: 10 pages of 30 cost
	// Terraform a third of the CPU of 10 pages of 100, on each of CI's four CLIs.
	backups := mock.GenerateBackups(id, acctest.Region, 300, acctest.Newest)
	srv.SetBackups(acctest.Region, id, backups)
	if err := srv.SetFaults(mock.FaultOptions{Rate: 0.2, Seed: 20, StallFor: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}
	config := acctest.ProviderConfig(srv, `  request_timeout = "500ms"`, "  max_retries = 12") + fmt.Sprintf(`
data "tencentcloud_cdb_backups" "test" {
  instance_id           = %q
  include_download_urls = true
  page_size             = 30 # many pages, so that faults land between them
}
`, id)
	testSteps := make([]resource.TestStep, steps)
	for i := range testSteps {
		testSteps[i] = resource.TestStep{Config: config, ConfigStateChecks: exactList(backups)}
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: testSteps})

	// Every read fetched the first page successfully exactly once.
	reads := 0
	for _, c := range srv.Calls() {
		if c.Offset != nil && *c.Offset == 0 && c.ErrorCode == "" && c.Fault == "" {
			reads++
		}
	}
	if reads < wantReads {
		t.Fatalf("only %d reads", reads)
	}
	stats := srv.Stats()
	t.Logf("%d reads, all exactly the fixture; %d calls, %d faults injected: %v", reads, stats.Calls, stats.Faults, stats.FaultsByKind)
	for _, kind := range mock.AllFaultKinds() {
		if stats.FaultsByKind[kind] == 0 {
			t.Errorf("no %s fault was injected; the test proves nothing about it", kind)
		}
	}
}

// TestAccCDBBackups_StallIsRetried makes some calls stall far past request_timeout: they are abandoned and retried.
func TestAccCDBBackups_StallIsRetried(t *testing.T) {
	acctest.ProviderLogic(t)
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(21)
	backups := mock.GenerateBackups(id, acctest.Region, 300, acctest.Newest)
	srv.SetBackups(acctest.Region, id, backups)
	if err := srv.SetFaults(mock.FaultOptions{Rate: 0.3, Seed: 3, Kinds: []mock.FaultKind{mock.FaultStall}, StallFor: time.Minute}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(srv, `  request_timeout = "300ms"`) + fmt.Sprintf(`
data "tencentcloud_cdb_backups" "test" {
  instance_id           = %q
  include_download_urls = true
  page_size             = 100 # many pages, so that faults land between them
}
`, id),
			ConfigStateChecks: exactList(backups),
		}},
	})
	if n := srv.FaultCounts()[mock.FaultStall]; n == 0 {
		t.Fatal("no call stalled")
	}
}

// consistentSnapshot checks that the backups in state are exactly one list the mock held at some moment of the
// test, in the provider's order: no backup missing, none twice, none from two different moments.
type consistentSnapshot struct {
	srv        *mock.Server
	instanceID string
}

func (c consistentSnapshot) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var got []int64
	var total int64
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != dataSourceAddr {
			continue
		}
		list, _ := r.AttributeValues["backups"].([]any)
		for _, e := range list {
			id, err := e.(map[string]any)["backup_id"].(json.Number).Int64()
			if err != nil {
				resp.Error = err
				return
			}
			got = append(got, id)
		}
		total, _ = r.AttributeValues["total_count"].(json.Number).Int64()
	}
	if int64(len(got)) != total {
		resp.Error = fmt.Errorf("%d backups but total_count %d", len(got), total)
		return
	}
	snapshots := c.srv.Snapshots(acctest.Region, c.instanceID)
	for _, snap := range snapshots {
		want := newestFirst(snap)
		if len(want) != len(got) {
			continue
		}
		same := true
		for i := range want {
			if want[i].BackupId != got[i] {
				same = false
				break
			}
		}
		if same {
			return
		}
	}
	resp.Error = fmt.Errorf("the %d backups read match none of the %d lists the instance had", len(got), len(snapshots))
}

// TestAccCDBBackups_UnderMutation reads while backups are created at the head of the list and expire at its tail
// between calls, shifting the offsets under the pager. Every read must be one consistent snapshot.
func TestAccCDBBackups_UnderMutation(t *testing.T) {
	acctest.ProviderLogic(t)
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(22)
	// 10 pages of 30, as in UnderFaults: the calls between which the list changes are what matters.
	srv.SetBackups(acctest.Region, id, mock.GenerateBackups(id, acctest.Region, 300, acctest.Newest))
	if err := srv.SetMutation(mock.MutationOptions{EveryCalls: 15, Add: 2, Remove: 1, Seed: 22}); err != nil {
		t.Fatal(err)
	}
	config := dataSourceConfig(srv, id, "page_size = 30") // many pages, so that the list changes between them
	step := resource.TestStep{Config: config, ConfigStateChecks: []statecheck.StateCheck{consistentSnapshot{srv: srv, instanceID: id}}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    []resource.TestStep{step, step, step, step, step},
	})
	stats := srv.Stats()
	if stats.Mutations < 3 {
		t.Fatalf("only %d mutations happened; the test proves little", stats.Mutations)
	}
	t.Logf("%d calls, %d mutations of the list, every read a consistent snapshot", stats.Calls, stats.Mutations)
}
