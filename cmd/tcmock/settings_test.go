package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// answerOf calls an action with the unmodified SDK and returns its Response without RequestId.
func answerOf(t *testing.T, endpoint, region, action string, params map[string]any) map[string]any {
	t.Helper()
	client := sdkClient(endpoint, region, mock.DefaultSecretKey)
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", action)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		t.Fatalf("%s(%v): %v", action, params, err)
	}
	var answer struct{ Response map[string]any }
	if err := json.Unmarshal(resp.GetBody(), &answer); err != nil {
		t.Fatal(err)
	}
	delete(answer.Response, "RequestId")
	return answer.Response
}

// jsonValue decodes a JSON value written by hand in a test.
func jsonValue(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("the test's own JSON %s: %v", text, err)
	}
	return v
}

func TestRun_BackupSettingsFlags(t *testing.T) {
	b, _, stop := start(t, "-instances", "2", "-backups", "1", "-quiet",
		"-backup-config", `{"BackupExpireDays": 30, "BackupTimeWindow": {"Saturday": "", "Sunday": ""}}`,
		"-remote-backup-config", `{"RemoteBackupSave": "on", "RemoteRegion": ["ap-shanghai"]}`,
		"-local-binlog-config", `{"LocalBinlogConfig": {"SaveHours": 48}}`,
		"-backup-encryption", "on",
		"-download-restriction", `{"LimitType": "LimitOnlyIntranet"}`)
	if len(b.instances) != 2 {
		t.Fatalf("instances %v, want 2", b.instances)
	}
	for _, id := range b.instances {
		params := map[string]any{"InstanceId": id}
		config := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupConfig", params)
		for field, want := range map[string]string{
			"BackupExpireDays": `30`, "BinlogExpireDays": `7`, "BackupMethod": `"physical"`, "StartTimeMin": `2`, "StartTimeMax": `6`,
			"BackupTimeWindow": `{"Monday": "02:00-06:00", "Tuesday": "02:00-06:00", "Wednesday": "02:00-06:00",
				"Thursday": "02:00-06:00", "Friday": "02:00-06:00", "Saturday": "", "Sunday": "",
				"BackupPeriodStrategy": "weekly", "Days": [], "BackupPeriodTime": ""}`,
		} {
			if got := config[field]; !reflect.DeepEqual(got, jsonValue(t, want)) {
				t.Errorf("%s: DescribeBackupConfig %s = %v, want %s", id, field, got, want)
			}
		}
		if got, want := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeRemoteBackupConfig", params), jsonValue(t, `{"ExpireDays": 7,
			"RemoteBackupSave": "on", "RemoteBinlogSave": "off", "RemoteRegion": ["ap-shanghai"],
			"RegionList": ["ap-shanghai", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing"]}`); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DescribeRemoteBackupConfig = %v, want %v", id, got, want)
		}
		if got, want := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeLocalBinlogConfig", params), jsonValue(t, `{
			"LocalBinlogConfig": {"SaveHours": 48, "MaxUsage": 30}, "LocalBinlogConfigDefault": {"SaveHours": 120, "MaxUsage": 30}}`); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DescribeLocalBinlogConfig = %v, want %v", id, got, want)
		}
		if got := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupEncryptionStatus", params); !reflect.DeepEqual(got, map[string]any{"EncryptionStatus": "on"}) {
			t.Errorf("%s: DescribeBackupEncryptionStatus = %v", id, got)
		}
	}
	if got, want := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupDownloadRestriction", map[string]any{}), jsonValue(t, `{
		"LimitType": "LimitOnlyIntranet", "VpcComparisonSymbol": "In", "IpComparisonSymbol": "In", "LimitVpc": [], "LimitIp": []}`); !reflect.DeepEqual(got, want) {
		t.Errorf("DescribeBackupDownloadRestriction = %v, want %v", got, want)
	}
	if got := answerOf(t, b.endpoint, "ap-shanghai", "DescribeBackupDownloadRestriction", map[string]any{}); got["LimitType"] != "NoLimit" {
		t.Errorf("DescribeBackupDownloadRestriction in another region = %v, want NoLimit", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRun_BackupSettingsDefault(t *testing.T) {
	b, _, stop := start(t, "-instances", "1", "-backups", "1", "-quiet")
	params := map[string]any{"InstanceId": b.instances[0]}
	if got := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupEncryptionStatus", params); got["EncryptionStatus"] != "off" {
		t.Errorf("DescribeBackupEncryptionStatus = %v, want off", got)
	}
	if got := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupConfig", params); got["BackupExpireDays"] != 7.0 || got["EnableBackupArchive"] != "off" {
		t.Errorf("DescribeBackupConfig = %v, want the defaults", got)
	}
	if got := answerOf(t, b.endpoint, "ap-guangzhou", "DescribeBackupDownloadRestriction", map[string]any{}); got["LimitType"] != "NoLimit" {
		t.Errorf("DescribeBackupDownloadRestriction = %v, want NoLimit", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRun_BadBackupSettingsFlags(t *testing.T) {
	tests := map[string]struct {
		args     []string
		mentions []string
	}{
		"not JSON":              {[]string{"-backup-config", "BackupExpireDays=30"}, []string{"-backup-config"}},
		"unknown field":         {[]string{"-backup-config", `{"ExpireDays": 30}`}, []string{"-backup-config", "ExpireDays"}},
		"retention too long":    {[]string{"-backup-config", `{"BackupExpireDays": 4000}`}, []string{"-backup-config", "BackupExpireDays", "4000"}},
		"two errors":            {[]string{"-backup-config", `{"BackupMethod": "snapshot", "EnableBackupArchive": "yes"}`}, []string{"BackupMethod", "EnableBackupArchive", "; "}},
		"trailing data":         {[]string{"-backup-config", `{} {}`}, []string{"-backup-config", "after the JSON object"}},
		"remote binlogs alone":  {[]string{"-remote-backup-config", `{"RemoteBinlogSave": "on"}`}, []string{"-remote-backup-config", "RemoteBinlogSave"}},
		"own region as remote":  {[]string{"-region", "ap-shanghai", "-remote-backup-config", `{"RegionList": ["ap-shanghai"]}`}, []string{"own region"}},
		"local binlog usage":    {[]string{"-local-binlog-config", `{"LocalBinlogConfig": {"MaxUsage": 80}}`}, []string{"-local-binlog-config", "MaxUsage"}},
		"encryption":            {[]string{"-backup-encryption", "true"}, []string{"-backup-encryption must be on or off", `"true"`}},
		"restriction type":      {[]string{"-download-restriction", `{"LimitType": "None"}`}, []string{"-download-restriction", "LimitType"}},
		"VPC of another region": {[]string{"-download-restriction", `{"LimitType": "Customize", "LimitVpc": [{"Region": "ap-beijing", "VpcList": ["vpc-1"]}]}`}, []string{"LimitVpc[0].Region", "ap-beijing"}},
		"with fixtures":         {[]string{"-fixtures", "f.json", "-backup-encryption", "on"}, []string{"-fixtures cannot be combined with -backup-encryption"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, io.Discard)
			if err == nil {
				t.Fatalf("run(%q) accepted the flags", tt.args)
			}
			for _, m := range tt.mentions {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("run(%q) = %v, want an error mentioning %q", tt.args, err, m)
				}
			}
			var usage usageError
			if !errors.As(err, &usage) {
				t.Errorf("run(%q) = %v, not a usage error (exit 2)", tt.args, err)
			}
		})
	}
}

func TestParseFlags_HelpDocumentsBackupSettings(t *testing.T) {
	var out bytes.Buffer
	if _, err := parseFlags([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"-backup-config", "-remote-backup-config", "-local-binlog-config", "-backup-encryption",
		"-download-restriction", "DescribeBackupConfig", "DescribeRemoteBackupConfig", "DescribeLocalBinlogConfig",
		"DescribeBackupEncryptionStatus", "DescribeBackupDownloadRestriction", `"backup_config"`, `"download_restrictions"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h does not mention %q", want)
		}
	}
}
