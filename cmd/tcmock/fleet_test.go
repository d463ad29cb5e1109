package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// sendCDB calls an action with the unmodified SDK and returns the API error code, "" on success.
func sendCDB(t *testing.T, endpoint, region, action string, params map[string]any) string {
	t.Helper()
	client := sdkClient(endpoint, region, mock.DefaultSecretKey)
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", action)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	err := client.Send(req, tchttp.NewCommonResponse())
	var sdkErr *tcerr.TencentCloudSDKError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &sdkErr):
		return sdkErr.GetCode()
	}
	t.Fatalf("%s: %v", action, err)
	return ""
}

func TestRun_Fleet(t *testing.T) {
	newest := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	b, _, stop := start(t, "-fleet", "40", "-seed", "3", "-newest", newest.Format(time.RFC3339), "-region", "ap-shanghai", "-quiet")
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()
	fleet := mock.GenerateFleet(mock.FleetOptions{Region: "ap-shanghai", Instances: 40, Newest: newest, Seed: 3})
	var ids []string
	prod := 0
	for _, inst := range fleet {
		ids = append(ids, inst.InstanceID)
		if inst.Instance.Status != 0 && slicesContainsTag(inst.Instance.TagList, "env", "prod") {
			prod++
		}
		if inst.Instance.Status != 0 && len(inst.Backups) != mock.DefaultFleetBackups {
			t.Errorf("%s: %d backups, want the fleet's default %d", inst.InstanceID, len(inst.Backups), mock.DefaultFleetBackups)
		}
	}
	if !reflect.DeepEqual(b.instances, ids) {
		t.Errorf("MOCK_INSTANCE lines %v, want the fleet's %v", b.instances, ids)
	}
	got := answerOf(t, b.endpoint, "ap-shanghai", "DescribeDBInstances", map[string]any{"Limit": 100})
	if got["TotalCount"] != float64(40) || len(got["Items"].([]any)) != 40 {
		t.Errorf("DescribeDBInstances: TotalCount %v, %d items; want 40", got["TotalCount"], len(got["Items"].([]any)))
	}
	got = answerOf(t, b.endpoint, "ap-shanghai", "DescribeDBInstances",
		map[string]any{"Tags": []map[string]string{{"Key": "env", "Value": "prod"}}, "Limit": 100})
	if got["TotalCount"] != float64(prod) || prod == 0 {
		t.Errorf("env=prod: TotalCount %v, want %d", got["TotalCount"], prod)
	}
	for _, product := range []string{"mysql", "mysql-basic", "mysql-cluster"} {
		answerOf(t, b.endpoint, "ap-shanghai", "DescribeBackupSummaries", map[string]any{"Product": product})
	}
	if total := describe(t, b.endpoint, "ap-shanghai", fleet[0].InstanceID); total != int64(len(fleet[0].Backups)) {
		t.Errorf("DescribeBackups(%s): %d, want %d", fleet[0].InstanceID, total, len(fleet[0].Backups))
	}

	// -backups applies to the fleet.
	b2, _, stop2 := start(t, "-fleet", "3", "-backups", "2", "-newest", newest.Format(time.RFC3339), "-quiet")
	defer func() { _ = stop2() }()
	for _, inst := range mock.GenerateFleet(mock.FleetOptions{Region: "ap-guangzhou", Instances: 3, Backups: 2, Newest: newest, Seed: 1}) {
		if total := describe(t, b2.endpoint, "ap-guangzhou", inst.InstanceID); total != int64(len(inst.Backups)) {
			t.Errorf("-backups 2: %s has %d backups, want %d", inst.InstanceID, total, len(inst.Backups))
		}
	}
}

func slicesContainsTag(tags []mock.TagInfoItem, key, value string) bool {
	for _, t := range tags {
		if t.TagKey == key && t.TagValue == value {
			return true
		}
	}
	return false
}

func TestRun_MaxInstancesLimitAndQuotaPerAction(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "2", "-backups", "1", "-max-instances-limit", "5", "-quota", "2", "-quota-per-action")
	id := map[string]any{"InstanceId": b.instances[0]}
	var codes []string
	for range 3 {
		codes = append(codes, sendCDB(t, b.endpoint, "ap-guangzhou", "DescribeBackups", id))
	}
	codes = append(codes, sendCDB(t, b.endpoint, "ap-guangzhou", "DescribeDBInstances", map[string]any{"Limit": 5}),
		sendCDB(t, b.endpoint, "ap-guangzhou", "DescribeDBInstances", map[string]any{"Limit": 6}))
	want := []string{"", "", "RequestLimitExceeded", "", "InvalidParameterValue"}
	if !reflect.DeepEqual(codes, want) {
		t.Errorf("codes %q, want %q: DescribeDBInstances has a bucket of its own", codes, want)
	}
	st := getStats(t, b.stats)
	if st.Actions["DescribeBackups"] != (mock.ActionStats{Calls: 3, Refused: 1}) || st.Actions["DescribeDBInstances"].Calls != 2 ||
		st.LimitTooLarge != 1 {
		t.Errorf("stats per action %+v, LimitTooLarge %d", st.Actions, st.LimitTooLarge)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "tcmock: calls per action: DescribeBackups 3 (1 refused by the quota), DescribeDBInstances 2") {
		t.Errorf("closing summary lacks the calls per action:\n%s", log)
	}
}

func TestParseFlags_Fleet(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil || cfg.fleet != 0 || cfg.maxInstances != 2000 || cfg.quotaPerAction {
		t.Errorf("defaults: -fleet %d, -max-instances-limit %d, -quota-per-action %v, %v", cfg.fleet, cfg.maxInstances, cfg.quotaPerAction, err)
	}
	cfg, err = parseFlags([]string{"-fleet", "1000", "-max-instances-limit", "100", "-quota-per-action"}, io.Discard)
	if err != nil || cfg.fleet != 1000 || cfg.maxInstances != 100 || !cfg.quotaPerAction || cfg.backupsSet {
		t.Errorf("-fleet 1000 -max-instances-limit 100 -quota-per-action: %+v, %v", cfg, err)
	}
	for _, tt := range []struct {
		args    []string
		mention string
	}{
		{[]string{"-fleet", "-1"}, "-fleet must be between 1 and 100000"},
		{[]string{"-fleet", "100001"}, "-fleet must be between 1 and 100000"},
		{[]string{"-fleet", "5", "-instances", "2"}, "-fleet and -instances cannot be combined"},
		{[]string{"-fleet", "5", "-statuses", "SUCCESS"}, "-statuses applies to -instances only"},
		// -fleet with -fixtures serves both: fixtures_fleet_test.go.
		{[]string{"-fleet", "5", "-fixtures", "f.json", "-instances", "2"}, "-fixtures with -fleet cannot be combined with -instances"},
		{[]string{"-max-instances-limit", "0"}, "-max-instances-limit must be between 1 and 1000000, got 0"},
		{[]string{"-quota-per-action=maybe"}, "-quota-per-action"},
	} {
		_, err := parseFlags(tt.args, io.Discard)
		var usage usageError
		if err == nil || !strings.Contains(err.Error(), tt.mention) || !errors.As(err, &usage) {
			t.Errorf("parseFlags(%q) = %v, want a usage error mentioning %q", tt.args, err, tt.mention)
		}
	}
	var out bytes.Buffer
	if _, err := parseFlags([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatal(err)
	}
	for _, want := range []string{"-fleet", "-quota-per-action", "-max-instances-limit", "(default 2000)", "DescribeDBInstances",
		"DescribeBackupSummaries", `("instance"`, "mysql-basic"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h does not mention %q", want)
		}
	}
}
