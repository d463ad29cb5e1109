package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// rollbackFixtures has two instances with one chain of binlogs 00:00-01:00 and a full backup at
// 00:30, so that each one's derived range is 00:30-01:00 before any lag; cdb-own0 has a lag of
// its own, 0.
const rollbackFixtures = `{"instances": [
	{"region": "ap-guangzhou", "instance_id": "cdb-roll0001", INSTANCE},
	{"region": "ap-guangzhou", "instance_id": "cdb-own0", INSTANCE, "rollback_lag_seconds": 0}]}`

const rollbackInstance = `"backups": [{"BackupId": 1, "Date": "2025-06-30 00:30:00", "Status": "SUCCESS", "Method": "full"}],
	"binlogs": [{"Name": "binlog.000001", "BinlogStartTime": "2025-06-30 00:00:00",
		"BinlogFinishTime": "2025-06-30 01:00:00", "Status": "SUCCESS"}]`

// rollbackCall asks the endpoint for these instances' rollback ranges with the unmodified SDK.
func rollbackCall(t *testing.T, endpoint string, ids ...string) error {
	t.Helper()
	client := sdkClient(endpoint, "ap-guangzhou", mock.DefaultSecretKey)
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeRollbackRangeTime")
	if err := req.SetActionParameters(map[string]any{"InstanceIds": ids}); err != nil {
		t.Fatal(err)
	}
	return client.Send(req, tchttp.NewCommonResponse())
}

func TestRun_RollbackFlags(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(rollbackFixtures, "INSTANCE", rollbackInstance)), 0o600); err != nil {
		t.Fatal(err)
	}
	b, stderr, stop := start(t, "-fixtures", path, "-rollback-lag", "10m", "-max-rollback-instances", "2")

	got := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeRollbackRangeTime", map[string]any{"InstanceIds": []string{"cdb-roll0001", "cdb-own0"}})
	want := jsonValue(t, `{"TotalCount": 2, "Items": [
		{"Code": 0, "Message": "", "InstanceId": "cdb-roll0001", "Times": [{"Begin": "2025-06-30 00:30:00", "End": "2025-06-30 00:50:00"}]},
		{"Code": 0, "Message": "", "InstanceId": "cdb-own0", "Times": [{"Begin": "2025-06-30 00:30:00", "End": "2025-06-30 01:00:00"}]}]}`)
	if !reflect.DeepEqual(any(got), want) {
		t.Errorf("answer %v\nwant   %v", got, want)
	}

	err := rollbackCall(t, b.endpoint, "cdb-roll0001", "cdb-own0", "cdb-roll0001")
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) || sdkErr.GetCode() != "InvalidParameter" ||
		sdkErr.GetMessage() != "The parameter `InstanceIds` lists 3 instances: at most 2 may be asked for in one call." {
		t.Errorf("3 IDs: %v, want InvalidParameter naming InstanceIds, 3 and 2", err)
	}
	if st := getStats(t, b.stats); st.RollbackBatchTooLarge != 1 || st.Calls != 2 {
		t.Errorf("stats = %+v, want 1 call refused for its InstanceIds among 2", st)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "DescribeRollbackRangeTime") || !strings.Contains(log, "OK 2 of 2") ||
		!strings.Contains(log, "-> InvalidParameter") || !strings.Contains(log, "1 refused for more than 2 InstanceIds") {
		t.Errorf("call log:\n%s", log)
	}
}

// A generated instance has one unbroken chain of binlogs from its oldest backup on (no
// -binlog-gaps, no -binlog-failed): its one range runs from its oldest successful full backup to
// the end of its last finished binlog.
func TestRun_RollbackGeneratedInstance(t *testing.T) {
	newest := time.Date(2024, 3, 1, 2, 0, 0, 0, beijing)
	b, _, stop := start(t, "-instances", "1", "-backups", "12", "-seed", "3", "-newest", "2024-03-01T02:00:00+08:00", "-quiet")
	id := b.instances[0]
	backups := mock.GenerateBackups(id, "ap-guangzhou", 12, newest)
	begin := ""
	for _, bk := range backups { // newest first: the last match is the oldest
		if bk.Status == "SUCCESS" && bk.Method == "full" {
			begin = bk.Date
		}
	}
	oldest, err := time.ParseInLocation(time.DateTime, backups[len(backups)-1].Date, beijing)
	if err != nil {
		t.Fatal(err)
	}
	end := ""
	for _, bl := range mock.GenerateBinlogs(id, "ap-guangzhou", oldest, newest, mock.BinlogOptions{}) {
		if bl.Status == "SUCCESS" && bl.BinlogFinishTime > end { // the API's format sorts as text
			end = bl.BinlogFinishTime
		}
	}
	if begin == "" || end == "" {
		t.Fatalf("the generated instance has no successful full backup (%q) or no finished binlog (%q)", begin, end)
	}
	got := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeRollbackRangeTime", map[string]any{"InstanceIds": []string{id}})
	want := jsonValue(t, `{"TotalCount": 1, "Items": [{"Code": 0, "Message": "", "InstanceId": "`+id+`",
		"Times": [{"Begin": "`+begin+`", "End": "`+end+`"}]}]}`)
	if !reflect.DeepEqual(any(got), want) {
		t.Errorf("answer %v\nwant   %v", got, want)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestParseFlags_Rollback(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil || cfg.maxRollback != 100 || cfg.rollbackLag != 0 {
		t.Errorf("defaults: -max-rollback-instances %d, -rollback-lag %s, %v; want 100 and 0", cfg.maxRollback, cfg.rollbackLag, err)
	}
	cfg, err = parseFlags([]string{"-max-rollback-instances", "500", "-rollback-lag", "1h30s"}, io.Discard)
	if err != nil || cfg.maxRollback != 500 || cfg.rollbackLag != time.Hour+30*time.Second {
		t.Errorf("-max-rollback-instances 500 -rollback-lag 1h30s: %d, %s, %v", cfg.maxRollback, cfg.rollbackLag, err)
	}
	for _, tt := range []struct {
		args    []string
		mention string
	}{
		{[]string{"-max-rollback-instances", "0"}, "-max-rollback-instances must be between 1 and 100000, got 0"},
		{[]string{"-max-rollback-instances", "100001"}, "-max-rollback-instances must be between 1 and 100000, got 100001"},
		{[]string{"-max-rollback-instances", "many"}, "-max-rollback-instances"},
		{[]string{"-rollback-lag", "-1s"}, "-rollback-lag must be a whole number of seconds"},
		{[]string{"-rollback-lag", "1500ms"}, "-rollback-lag must be a whole number of seconds, 0 or more, such as 10m, got 1.5s"},
		{[]string{"-rollback-lag", "600"}, "-rollback-lag"},
	} {
		_, err := parseFlags(tt.args, io.Discard)
		var usage usageError
		if err == nil || !strings.Contains(err.Error(), tt.mention) || !errors.As(err, &usage) {
			t.Errorf("parseFlags(%q) = %v, want a usage error mentioning %q", tt.args, err, tt.mention)
		}
	}
}
