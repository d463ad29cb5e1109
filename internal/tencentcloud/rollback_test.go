package tencentcloud

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// rollbackBatchesSent are the numbers of InstanceIds of the DescribeRollbackRangeTime calls the mock received,
// sorted, refused ones included.
func rollbackBatchesSent(srv *mock.Server) []int {
	var sizes []int
	for _, c := range srv.Calls() {
		if c.Action == "DescribeRollbackRangeTime" {
			sizes = append(sizes, len(c.InstanceIDs))
		}
	}
	slices.Sort(sizes)
	return sizes
}

// TestDescribeRollbackRangeTime_Batches: 250 instances go in the fewest batches the API takes, each answered
// once; where the API takes fewer per call than asked, refused batches are halved until taken, and the size taken
// is kept for the next read. The arguments reach every call.
func TestDescribeRollbackRangeTime_Batches(t *testing.T) {
	srv := startMock(t)
	ids := make([]string, 250)
	for i := range ids {
		ids[i] = fmt.Sprintf("cdb-rb%06d", i)
		srv.SetBackups("ap-guangzhou", ids[i], nil)
	}
	c := newTestClient(t, Config{CDBEndpoint: srv.URL()})
	read := func() {
		t.Helper()
		answers, err := c.DescribeRollbackRangeTime(context.Background(), RollbackRangesInput{InstanceIDs: ids, RemoteZone: true, BackupRegion: "ap-shanghai"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range answers {
			if a.Code == nil || *a.Code != 0 {
				t.Fatalf("instance %v answered code %v", a.InstanceID, a.Code)
			}
			got = append(got, *a.InstanceID)
		}
		slices.Sort(got)
		if !slices.Equal(got, ids) {
			t.Fatalf("answered %d instances, want the %d asked for, each once", len(got), len(ids))
		}
	}

	read()
	if got := rollbackBatchesSent(srv); !slices.Equal(got, []int{50, 100, 100}) {
		t.Errorf("batches of %v, want 100, 100 and 50", got)
	}
	for _, call := range srv.Calls() {
		if call.IsRemoteZone != "true" || call.BackupRegion != "ap-shanghai" {
			t.Fatalf("IsRemoteZone %q, BackupRegion %q", call.IsRemoteZone, call.BackupRegion)
		}
	}

	// An API that takes 30 per call: the two batches of 100 are refused and halved, the five of 50 refused and
	// halved, and the ten of 25 taken.
	c = newTestClient(t, Config{CDBEndpoint: srv.URL()})
	if err := srv.SetMaxRollbackInstances(30); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	read()
	want := []int{25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 50, 50, 50, 50, 50, 100, 100}
	if got, sizes := srv.Stats().RollbackBatchTooLarge, rollbackBatchesSent(srv); got != 7 || !slices.Equal(sizes, want) {
		t.Errorf("%d refusals, batches %v: want 7 refusals and batches %v", got, sizes, want)
	}
	srv.ResetCalls()
	read()
	if got := rollbackBatchesSent(srv); !slices.Equal(got, []int{25, 25, 25, 25, 25, 25, 25, 25, 25, 25}) {
		t.Errorf("the second read sent batches of %v, want ten of 25", got)
	}
}
