package cdb

import (
	"regexp"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

func TestFilter_MissingFieldsNeverMatch(t *testing.T) {
	empty := &tencentcloud.BackupInfo{BackupID: ptr(int64(1))}
	after := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	filters := map[string]backupFilter{
		"status":     {equal: []fieldEquals{{backupInfo.field("status"), "SUCCESS"}}},
		"type":       {equal: []fieldEquals{{backupInfo.field("type"), "logical"}}},
		"way":        {equal: []fieldEquals{{backupInfo.field("way"), "manual"}}},
		"method":     {equal: []fieldEquals{{backupInfo.field("method"), "full"}}},
		"name_regex": {name: regexp.MustCompile(".*")},
		"window":     {after: &after},
	}
	for name, f := range filters {
		if f.matches(empty) {
			t.Errorf("%s matched a backup without that field", name)
		}
	}
	if !(backupFilter{}).matches(empty) {
		t.Error("no filter must match everything")
	}
	bad := &tencentcloud.BackupInfo{Date: ptr("not a date")}
	if (backupFilter{after: &after}).matches(bad) {
		t.Error("a backup with an unreadable date matched a window")
	}
}

func TestFilter_WindowIsHalfOpen(t *testing.T) {
	at := func(s string) *tencentcloud.BackupInfo { return &tencentcloud.BackupInfo{Date: ptr(s)} }
	after := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)  // 08:00 in Beijing
	before := time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC) // 08:00 the next day
	f := backupFilter{after: &after, before: &before}
	for date, want := range map[string]bool{
		"2024-05-01 07:59:59": false,
		"2024-05-01 08:00:00": true,
		"2024-05-02 07:59:59": true,
		"2024-05-02 08:00:00": false,
	} {
		if got := f.matches(at(date)); got != want {
			t.Errorf("%s: matched %v, want %v", date, got, want)
		}
	}
}

func TestLatestSuccessful(t *testing.T) {
	b := func(id int64, status string) *tencentcloud.BackupInfo {
		return &tencentcloud.BackupInfo{BackupID: ptr(id), Status: ptr(status)}
	}
	if got := latestSuccessful([]*tencentcloud.BackupInfo{b(3, "RUNNING"), {}, b(2, "SUCCESS"), b(1, "SUCCESS")}); got == nil || *got.BackupID != 2 {
		t.Fatalf("got %+v, want backup 2", got)
	}
	if got := latestSuccessful([]*tencentcloud.BackupInfo{b(3, "FAILED")}); got != nil {
		t.Fatalf("got %+v, want none", got)
	}
}
