package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// fixtureText is a fixtures file of one instance, written as of 2025-06-30 12:00:00 (Beijing time): a SUCCESS backup
// 10 hours before with a cross-region copy, a RUNNING one, two binlogs, rollback ranges with a gap, a prepaid
// inventory that expires, and a period-save start date.
const fixtureText = `{"instances": [{
  "region": "ap-guangzhou", "instance_id": "cdb-fxasof01",
  "instance": {"InstanceName": "prod-ledger-9", "PayType": 0, "CreateTime": "2025-01-01 08:00:00", "DeadlineTime": "2025-07-31 23:59:59",
               "TagList": [{"TagKey": "env", "TagValue": "prod"}]},
  "backups": [
    {"BackupId": 2, "Name": "cdb-fxasof01_backup_20250630110000", "Date": "2025-06-30 11:00:00", "StartTime": "2025-06-30 11:00:00",
     "FinishTime": "0000-00-00 00:00:00", "Status": "RUNNING", "Type": "physical", "Method": "full", "Way": "automatic", "Progress": 40},
    {"BackupId": 1, "Name": "cdb-fxasof01_backup_20250630020000", "Date": "2025-06-30 02:00:00", "StartTime": "2025-06-30 02:00:00",
     "FinishTime": "2025-06-30 02:20:00", "Status": "SUCCESS", "Type": "physical", "Method": "full", "Way": "automatic", "Progress": 100,
     "Size": 1024, "RemoteInfo": [{"SubBackupId": 7, "Region": "ap-shanghai", "Status": "SUCCESS",
                                   "StartTime": "2025-06-30 02:20:00", "FinishTime": "2025-06-30 02:45:30", "Url": ""}]}
  ],
  "binlogs": [
    {"Name": "binlog.000001", "BinlogStartTime": "2025-06-30 01:00:00", "BinlogFinishTime": "2025-06-30 02:00:00", "Date": "2025-06-30 02:01:00", "Status": "SUCCESS", "Type": "binlog"},
    {"Name": "binlog.000002", "BinlogStartTime": "2025-06-30 02:00:00", "BinlogFinishTime": "0000-00-00 00:00:00", "Date": "2025-06-30 02:00:00", "Status": "RUNNING", "Type": "binlog"}
  ],
  "backup_config": {"BackupExpireDays": 30, "EnableBackupPeriodSave": "on", "BackupPeriodSaveDays": 90,
                    "BackupPeriodSaveInterval": "monthly", "BackupPeriodSaveCount": 1, "StartBackupPeriodSaveDate": "2025-06-01 00:00:00"},
  "rollback_ranges": [{"Begin": "2025-06-27 02:00:00", "End": "2025-06-28 06:00:00"}, {"Begin": "2025-06-29 02:00:00", "End": "2025-06-30 11:40:00"}]
}]}`

func writeFixture(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The file's times move by the span from -fixtures-as-of to -newest, here 3 days, 2 hours and 30 minutes (worked
// out by hand below); the zero time and names stay. The fleet comes first, the file's instance after it, and the
// fleet's flags shape the fleet only.
func TestRun_FleetWithFixturesAsOf(t *testing.T) {
	path := writeFixture(t, fixtureText)
	newest := "2025-07-03T14:30:00+08:00"
	b, _, stop := start(t, "-fleet", "4", "-seed", "3", "-backups", "2", "-newest", newest, "-quiet",
		"-backup-config", `{"BackupExpireDays": 60}`, "-backup-encryption", "on",
		"-fixtures", path, "-fixtures-as-of", "2025-06-30T12:00:00+08:00")
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()
	newestTime, _ := time.Parse(time.RFC3339, newest)
	var want []string
	for _, inst := range mock.GenerateFleet(mock.FleetOptions{Region: "ap-guangzhou", Instances: 4, Backups: 2, Newest: newestTime, Seed: 3}) {
		want = append(want, inst.InstanceID)
	}
	want = append(want, "cdb-fxasof01")
	if !reflect.DeepEqual(b.instances, want) {
		t.Fatalf("MOCK_INSTANCE lines %v, want the fleet's 4 then the file's: %v", b.instances, want)
	}

	backups := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackups", map[string]any{"InstanceId": "cdb-fxasof01"})
	items := backups["Items"].([]any)
	type picked struct{ Name, Date, StartTime, FinishTime, Remote string }
	var got []picked
	for _, item := range items {
		m := item.(map[string]any)
		p := picked{Name: m["Name"].(string), Date: m["Date"].(string), StartTime: m["StartTime"].(string), FinishTime: m["FinishTime"].(string)}
		if remote, _ := m["RemoteInfo"].([]any); len(remote) > 0 {
			r := remote[0].(map[string]any)
			p.Remote = r["StartTime"].(string) + " " + r["FinishTime"].(string)
		}
		got = append(got, p)
	}
	wantBackups := []picked{
		{"cdb-fxasof01_backup_20250630110000", "2025-07-03 13:30:00", "2025-07-03 13:30:00", "0000-00-00 00:00:00", ""},
		{"cdb-fxasof01_backup_20250630020000", "2025-07-03 04:30:00", "2025-07-03 04:30:00", "2025-07-03 04:50:00", "2025-07-03 04:50:00 2025-07-03 05:15:30"},
	}
	if !reflect.DeepEqual(got, wantBackups) {
		t.Errorf("backups %+v,\nwant %+v", got, wantBackups)
	}

	binlogs := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBinlogs", map[string]any{"InstanceId": "cdb-fxasof01"})
	var spans []string
	for _, item := range binlogs["Items"].([]any) {
		m := item.(map[string]any)
		spans = append(spans, m["BinlogStartTime"].(string)+" "+m["BinlogFinishTime"].(string)+" "+m["Date"].(string))
	}
	wantSpans := []string{"2025-07-03 04:30:00 0000-00-00 00:00:00 2025-07-03 04:30:00", "2025-07-03 03:30:00 2025-07-03 04:30:00 2025-07-03 04:31:00"}
	if !reflect.DeepEqual(spans, wantSpans) {
		t.Errorf("binlogs %q, want %q", spans, wantSpans)
	}

	ranges := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeRollbackRangeTime", map[string]any{"InstanceIds": []string{"cdb-fxasof01"}})
	wantRanges := jsonValue(t, `[{"Begin": "2025-06-30 04:30:00", "End": "2025-07-01 08:30:00"}, {"Begin": "2025-07-02 04:30:00", "End": "2025-07-03 14:10:00"}]`)
	if times := ranges["Items"].([]any)[0].(map[string]any)["Times"]; !reflect.DeepEqual(times, wantRanges) {
		t.Errorf("rollback ranges %v, want %v", times, wantRanges)
	}

	config := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupConfig", map[string]any{"InstanceId": "cdb-fxasof01"})
	if config["StartBackupPeriodSaveDate"] != "2025-06-04 02:30:00" || config["BackupExpireDays"] != float64(30) {
		t.Errorf("the file's backup config: StartBackupPeriodSaveDate %v, BackupExpireDays %v; want 2025-06-04 02:30:00 and 30 (not the fleet's 60)",
			config["StartBackupPeriodSaveDate"], config["BackupExpireDays"])
	}
	if enc := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupEncryptionStatus", map[string]any{"InstanceId": "cdb-fxasof01"}); enc["EncryptionStatus"] != "off" {
		t.Errorf("the file's instance: EncryptionStatus %v, want off (the fleet's -backup-encryption is not its)", enc["EncryptionStatus"])
	}
	fleetConfig := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupConfig", map[string]any{"InstanceId": want[0]})
	if fleetConfig["BackupExpireDays"] != float64(60) {
		t.Errorf("a fleet instance: BackupExpireDays %v, want -backup-config's 60", fleetConfig["BackupExpireDays"])
	}

	instances := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeDBInstances", map[string]any{"InstanceIds": []string{"cdb-fxasof01"}})
	if instances["TotalCount"] != float64(1) {
		t.Fatalf("DescribeDBInstances: %v", instances)
	}
	info := instances["Items"].([]any)[0].(map[string]any)
	if info["CreateTime"] != "2025-01-04 10:30:00" || info["DeadlineTime"] != "2025-08-04 02:29:59" || info["InstanceName"] != "prod-ledger-9" {
		t.Errorf("inventory: CreateTime %v, DeadlineTime %v, InstanceName %v; want 2025-01-04 10:30:00, 2025-08-04 02:29:59, prod-ledger-9",
			info["CreateTime"], info["DeadlineTime"], info["InstanceName"])
	}
	if all := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeDBInstances", map[string]any{}); all["TotalCount"] != float64(5) {
		t.Errorf("DescribeDBInstances: TotalCount %v, want the fleet's 4 and the file's 1", all["TotalCount"])
	}
}

// Without -fleet, -fixtures-as-of moves the file's times to -newest too, or to the current hour; without it they stay.
func TestRun_FixturesAsOfAlone(t *testing.T) {
	path := writeFixture(t, fixtureText)
	dateOf := func(args ...string) string {
		b, _, stop := start(t, append([]string{"-fixtures", path, "-quiet"}, args...)...)
		defer func() { _ = stop() }()
		backups := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackups", map[string]any{"InstanceId": "cdb-fxasof01"})
		return backups["Items"].([]any)[1].(map[string]any)["Date"].(string)
	}
	if got := dateOf(); got != "2025-06-30 02:00:00" {
		t.Errorf("without -fixtures-as-of: %s, want the file's 2025-06-30 02:00:00", got)
	}
	if got := dateOf("-fixtures-as-of", "2025-06-30T04:00:00Z", "-newest", "2025-07-01T12:00:00+08:00"); got != "2025-07-01 02:00:00" {
		t.Errorf("as of 04:00 UTC (12:00 in Beijing), moved to the next day's 12:00: %s, want 2025-07-01 02:00:00", got)
	}
	hour := time.Now().In(beijing).Truncate(time.Hour)
	got := dateOf("-fixtures-as-of", "2025-06-30T12:00:00+08:00")
	if want := hour.Add(-10 * time.Hour).Format(apiTimeLayout); got != want && got != hour.Add(-9*time.Hour).Format(apiTimeLayout) {
		t.Errorf("moved to the current hour: %s, want %s (10 hours before it)", got, want)
	}
}

func TestRun_FixturesAndFleetFlags(t *testing.T) {
	path := writeFixture(t, fixtureText)
	tests := map[string]struct {
		args    []string
		mention string
	}{
		"as-of without fixtures":       {[]string{"-fixtures-as-of", "2025-06-30T12:00:00+08:00"}, "-fixtures-as-of moves the times of a -fixtures file"},
		"as-of not a time":             {[]string{"-fixtures", path, "-fixtures-as-of", "2025-06-30 12:00:00"}, "-fixtures-as-of"},
		"newest without as-of":         {[]string{"-fixtures", path, "-newest", "2025-06-30T12:00:00+08:00"}, "-newest"},
		"fleet with instances":         {[]string{"-fixtures", path, "-fleet", "3", "-instances", "2"}, "-instances"},
		"fleet with statuses":          {[]string{"-fixtures", path, "-fleet", "3", "-statuses", "FAILED"}, "-statuses"},
		"fleet, download restriction":  {[]string{"-fixtures", path, "-fleet", "3", "-download-restriction", `{"LimitType": "NoLimit"}`}, "-download-restriction"},
		"generation flags, no fleet":   {[]string{"-fixtures", path, "-backups", "3"}, "-fleet adds a fleet beside it"},
		"settings flags, no fleet":     {[]string{"-fixtures", path, "-backup-encryption", "on"}, "-backup-encryption"},
		"seed without fleet or as-of":  {[]string{"-fixtures", path, "-seed", "4"}, "-seed"},
		"negative fleet with fixtures": {[]string{"-fixtures", path, "-fleet", "-1"}, "-fleet"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, io.Discard)
			var usage usageError
			if err == nil || !strings.Contains(err.Error(), tt.mention) || !errors.As(err, &usage) {
				t.Fatalf("run(%q) = %v, want a usage error mentioning %q", tt.args, err, tt.mention)
			}
		})
	}
	for _, args := range [][]string{
		{"-fixtures", path, "-fleet", "3", "-seed", "2", "-backups", "4", "-newest", "2025-06-30T12:00:00+08:00", "-binlog-gaps", "1",
			"-backup-config", `{"BackupExpireDays": 30}`, "-remote-backup-config", `{"RemoteBackupSave": "on", "RemoteRegion": ["ap-shanghai"]}`,
			"-local-binlog-config", `{"LocalBinlogConfig": {"SaveHours": 48}}`, "-backup-encryption", "on"},
		{"-fixtures", path, "-fixtures-as-of", "2025-06-30T12:00:00+08:00", "-newest", "2025-07-01T00:00:00+08:00"},
	} {
		if _, err := parseFlags(args, io.Discard); err != nil {
			t.Errorf("parseFlags(%q): %v", args, err)
		}
	}
}

// An instance of the file that is also one of the fleet's is refused: the two would be one instance, the file's
// silently replacing the fleet's.
func TestRun_FixturesInstanceInTheFleet(t *testing.T) {
	newest := time.Date(2025, 6, 30, 12, 0, 0, 0, beijing)
	fleet := mock.GenerateFleet(mock.FleetOptions{Region: "ap-guangzhou", Instances: 2, Newest: newest, Seed: 5})
	text := strings.ReplaceAll(fixtureText, "cdb-fxasof01", fleet[1].InstanceID)
	path := writeFixture(t, text)
	err := run(context.Background(), []string{"-fixtures", path, "-fleet", "2", "-seed", "5", "-newest", newest.Format(time.RFC3339)}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), fleet[1].InstanceID+" in ap-guangzhou is also one of the -fleet's") {
		t.Fatalf("run = %v, want a refusal naming %s", err, fleet[1].InstanceID)
	}
}

// shiftFixtureTimes moves every field in the API's time format, in every kind of value the fixtures hold, and
// nothing else.
func TestShiftFixtureTimes(t *testing.T) {
	var f mock.Fixtures
	if err := json.Unmarshal([]byte(`{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-fxasof02",
		"backups": [{"BackupId": 1, "Name": "2025-06-30 02:00:00", "Date": "2025-06-30 23:30:00", "FinishTime": "0000-00-00 00:00:00",
		             "StartTime": "", "ExecutedGTIDSet": "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2",
		             "RemoteInfo": [{"StartTime": "2025-12-31 23:59:59", "FinishTime": "2025-06-30T02:00:00+08:00"}]}],
		"rollback_ranges": [{"Begin": "2024-02-28 23:00:00", "End": "2024-02-29 01:00:00"}]}]}`), &f); err != nil {
		t.Fatal(err)
	}
	shiftFixtureTimes(&f, 25*time.Hour+30*time.Minute)
	b := f.Instances[0].Backups[0]
	got := []string{b.Name, b.Date, b.FinishTime, b.StartTime, b.ExecutedGTIDSet, b.RemoteInfo[0].StartTime, b.RemoteInfo[0].FinishTime,
		f.Instances[0].RollbackRanges[0].Begin, f.Instances[0].RollbackRanges[0].End}
	want := []string{
		"2025-07-01 03:30:00", // a name in the time format is moved too: the fixtures name no field otherwise
		"2025-07-02 01:00:00",
		"0000-00-00 00:00:00",
		"",
		"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2",
		"2026-01-02 01:29:59",
		"2025-06-30T02:00:00+08:00", // not the API's format
		"2024-03-01 00:30:00",       // 2024 is a leap year
		"2024-03-01 02:30:00",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("shifted %q,\nwant    %q", got, want)
	}
}
