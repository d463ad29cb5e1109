package mock_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func TestRollbackRangeTime_RefusesInvalidParameters(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	ids := []string{"cdb-a"}
	tests := []struct {
		name     string
		params   map[string]any
		code     string
		mentions []string
	}{
		{"no InstanceIds", map[string]any{}, "MissingParameter", []string{"`InstanceIds`"}},
		{"InstanceIds null", map[string]any{"InstanceIds": nil}, "MissingParameter", []string{"`InstanceIds`"}},
		{"InstanceIds a string", map[string]any{"InstanceIds": "cdb-a"}, "InvalidParameter", []string{"`InstanceIds`", "Array"}},
		{"InstanceIds empty", map[string]any{"InstanceIds": []string{}}, "InvalidParameterValue", []string{"`InstanceIds`", "at least one"}},
		{"an ID a number", map[string]any{"InstanceIds": []any{"cdb-a", 7}}, "InvalidParameter", []string{"`InstanceIds.1`", "`7`"}},
		{"an ID null", map[string]any{"InstanceIds": []any{nil}}, "InvalidParameter", []string{"`InstanceIds.0`", "`null`"}},
		{"an ID empty", map[string]any{"InstanceIds": []string{"cdb-a", ""}}, "InvalidParameterValue", []string{"`InstanceIds.1`"}},
		{"the singular InstanceId", map[string]any{"InstanceId": "cdb-a"}, "UnknownParameter", []string{"`InstanceId`"}},
		{"a parameter of another case", map[string]any{"InstanceIds": ids, "isRemoteZone": "true"}, "UnknownParameter", []string{"`isRemoteZone`"}},
		{"IsRemoteZone yes", map[string]any{"InstanceIds": ids, "IsRemoteZone": "yes"}, "InvalidParameterValue", []string{"`IsRemoteZone`", "`yes`"}},
		{"IsRemoteZone TRUE", map[string]any{"InstanceIds": ids, "IsRemoteZone": "TRUE"}, "InvalidParameterValue", []string{"`IsRemoteZone`"}},
		{"IsRemoteZone empty", map[string]any{"InstanceIds": ids, "IsRemoteZone": ""}, "InvalidParameterValue", []string{"`IsRemoteZone`"}},
		{"IsRemoteZone a boolean", map[string]any{"InstanceIds": ids, "IsRemoteZone": true}, "InvalidParameter", []string{"`IsRemoteZone`", "String"}},
		{"BackupRegion without its area", map[string]any{"InstanceIds": ids, "BackupRegion": "guangzhou"}, "InvalidParameterValue", []string{"`BackupRegion`", "`guangzhou`"}},
		{"BackupRegion upper case", map[string]any{"InstanceIds": ids, "BackupRegion": "AP-GUANGZHOU"}, "InvalidParameterValue", []string{"`BackupRegion`"}},
		{"BackupRegion with an underscore", map[string]any{"InstanceIds": ids, "BackupRegion": "ap_guangzhou"}, "InvalidParameterValue", []string{"`BackupRegion`"}},
		{"BackupRegion empty", map[string]any{"InstanceIds": ids, "BackupRegion": ""}, "InvalidParameterValue", []string{"`BackupRegion`"}},
		{"BackupRegion a number", map[string]any{"InstanceIds": ids, "BackupRegion": 4}, "InvalidParameter", []string{"`BackupRegion`", "String"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := describeRollback(t, client, tt.params)
			expectCode(t, err, tt.code, tt.mentions...)
		})
	}
	if st := s.Stats(); st.RollbackBatchTooLarge != 0 || st.LimitTooLarge != 0 {
		t.Errorf("Stats = %+v: no invalid parameter above is a batch too large", st)
	}
}

// IsRemoteZone and BackupRegion are taken and recorded as sent; they change nothing in the answer.
func TestRollbackRangeTime_RemoteZoneAndBackupRegionRecorded(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", []mock.Backup{hk(1, "00:30:00", "SUCCESS", "full")})
	s.SetBinlogs("ap-guangzhou", "cdb-a", []mock.Binlog{hb(1, "00:00:00", "01:00:00", "SUCCESS")})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	want := `{"TotalCount": 1, "Items": [{"Code": 0, "Message": "", "InstanceId": "cdb-a",
		"Times": [{"Begin": "2025-06-30 00:30:00", "End": "2025-06-30 01:00:00"}]}]}`
	sent := []map[string]any{
		{"InstanceIds": []string{"cdb-a"}},
		{"InstanceIds": []string{"cdb-a"}, "IsRemoteZone": "true", "BackupRegion": "ap-shanghai"},
		{"InstanceIds": []string{"cdb-a"}, "IsRemoteZone": "false", "BackupRegion": "ap-shanghai-fsi"},
		{"InstanceIds": []string{"cdb-a"}, "IsRemoteZone": nil, "BackupRegion": nil},
	}
	for _, params := range sent {
		expectAnswer(t, client, "DescribeRollbackRangeTime", params, want)
	}
	calls := s.Calls()
	for i, want := range [][2]string{{"", ""}, {"true", "ap-shanghai"}, {"false", "ap-shanghai-fsi"}, {"", ""}} {
		c := calls[i]
		if c.IsRemoteZone != want[0] || c.BackupRegion != want[1] || !slices.Equal(c.InstanceIDs, []string{"cdb-a"}) {
			t.Errorf("call %d recorded IsRemoteZone %q, BackupRegion %q, InstanceIDs %q; want %q, %q and [cdb-a]",
				i, c.IsRemoteZone, c.BackupRegion, c.InstanceIDs, want[0], want[1])
		}
	}
	// A refused call records what it sent too.
	_, err := describeRollback(t, client, map[string]any{"InstanceIds": []string{"cdb-a"}, "IsRemoteZone": "maybe", "BackupRegion": "mars"})
	expectCode(t, err, "InvalidParameterValue", "`IsRemoteZone`")
	if c := s.Calls()[4]; c.IsRemoteZone != "maybe" || c.BackupRegion != "mars" || c.ErrorCode != "InvalidParameterValue" {
		t.Errorf("refused call recorded %+v", c)
	}
}

// manyIDs returns n distinct instance IDs, none of which the mock has.
func manyIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("cdb-many%04d", i)
	}
	return ids
}

// expectBatch asserts that a call with n IDs is answered, one item each, all of them unknown.
func expectBatch(t *testing.T, client *common.Client, n int) {
	t.Helper()
	res, err := describeRollback(t, client, map[string]any{"InstanceIds": manyIDs(n)})
	if err != nil {
		t.Fatalf("%d IDs: %v", n, err)
	}
	if res.TotalCount == nil || *res.TotalCount != int64(n) || len(res.Items) != n {
		t.Fatalf("%d IDs: TotalCount %v, %d items", n, res.TotalCount, len(res.Items))
	}
	if last := res.Items[n-1]; *last.InstanceId != fmt.Sprintf("cdb-many%04d", n-1) || *last.Code != 1600009 {
		t.Errorf("%d IDs: last item %+v", n, last)
	}
}

// expectBatchRefused asserts that a call with n IDs is refused as InvalidParameter naming
// InstanceIds, the number sent and the bound.
func expectBatchRefused(t *testing.T, client *common.Client, n, bound int) {
	t.Helper()
	_, err := describeRollback(t, client, map[string]any{"InstanceIds": manyIDs(n)})
	sdkErr := expectCode(t, err, "InvalidParameter")
	want := fmt.Sprintf("The parameter `InstanceIds` lists %d instances: at most %d may be asked for in one call.", n, bound)
	if sdkErr.GetMessage() != want {
		t.Errorf("message = %q, want %q", sdkErr.GetMessage(), want)
	}
}

func TestRollbackRangeTime_BatchBound(t *testing.T) {
	if mock.DefaultMaxRollbackInstances != 100 {
		t.Fatalf("DefaultMaxRollbackInstances = %d, want 100", mock.DefaultMaxRollbackInstances)
	}
	s := startServer(t, mock.Options{})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	expectBatch(t, client, 100)
	expectBatchRefused(t, client, 101, 100)
	expectBatchRefused(t, client, 1000, 100)
	calls := s.Calls()
	if c := calls[1]; c.ErrorCode != "InvalidParameter" || len(c.InstanceIDs) != 101 {
		t.Errorf("refused call recorded %s with %d IDs, want InvalidParameter with the 101 sent", c.ErrorCode, len(c.InstanceIDs))
	}
	if st := s.Stats(); st.RollbackBatchTooLarge != 2 || st.LimitTooLarge != 0 || st.Calls != 3 {
		t.Errorf("Stats = %+v, want 2 batches too large among 3 calls", st)
	}

	if err := s.SetMaxRollbackInstances(3); err != nil {
		t.Fatal(err)
	}
	expectBatch(t, client, 3)
	expectBatchRefused(t, client, 4, 3)
	for _, n := range []int{0, -1, mock.LargestMaxRollbackInstances + 1} {
		if err := s.SetMaxRollbackInstances(n); err == nil || !strings.Contains(err.Error(), fmt.Sprint(n)) {
			t.Errorf("SetMaxRollbackInstances(%d) = %v, want an error naming it", n, err)
		}
	}
	expectBatchRefused(t, client, 4, 3) // the refused settings changed nothing
	if st := s.Stats(); st.RollbackBatchTooLarge != 4 {
		t.Errorf("RollbackBatchTooLarge = %d, want 4", st.RollbackBatchTooLarge)
	}

	opt := startServer(t, mock.Options{MaxRollbackInstances: 5})
	optClient := newClient(t, opt, clientConfig{region: "ap-guangzhou"})
	expectBatch(t, optClient, 5)
	expectBatchRefused(t, optClient, 6, 5)
}

func TestNewServer_PanicsOnInvalidRollbackOptions(t *testing.T) {
	for name, opts := range map[string]mock.Options{
		"negative bound":           {MaxRollbackInstances: -1},
		"bound too large":          {MaxRollbackInstances: mock.LargestMaxRollbackInstances + 1},
		"negative lag":             {RollbackLag: -time.Second},
		"lag in parts of a second": {RollbackLag: 1500 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("NewServer did not panic")
				}
			}()
			mock.NewServer(opts)
		})
	}
}
