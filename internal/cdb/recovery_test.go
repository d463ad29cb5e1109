package cdb

import (
	"fmt"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

func binlog(status, start, finish string) *tencentcloud.BinlogInfo {
	b := &tencentcloud.BinlogInfo{Status: ptr(status), StoredFile: tencentcloud.StoredFile{Name: ptr("binlog-" + start)}}
	if start != "" {
		b.BinlogStartTime = ptr(start)
	}
	if finish != "" {
		b.BinlogFinishTime = ptr(finish)
	}
	return b
}

// spans renders spans as "start..finish" in the API's own format, so expectations read like the fixtures.
func spans(ss []engine.Span) string {
	out := ""
	for _, s := range ss {
		out += fmt.Sprintf("[%s..%s]", engine.FormatAPITime(s.Start), engine.FormatAPITime(s.Finish))
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestRecoveryWindows(t *testing.T) {
	for _, tc := range []struct {
		name            string
		binlogs         []*tencentcloud.BinlogInfo
		windows, gapsOf string
	}{
		{"empty", nil, "", ""},
		{"one", []*tencentcloud.BinlogInfo{binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 01:00:00")},
			"[2025-06-01 00:00:00..2025-06-01 01:00:00]", ""},
		{"touching", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 01:00:00"),
			binlog("SUCCESS", "2025-06-01 01:00:00", "2025-06-01 02:00:00"),
		}, "[2025-06-01 00:00:00..2025-06-01 02:00:00]", ""},
		{"one second later still chains", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 01:00:00"),
			binlog("SUCCESS", "2025-06-01 01:00:01", "2025-06-01 02:00:00"),
		}, "[2025-06-01 00:00:00..2025-06-01 02:00:00]", ""},
		{"two seconds later is a gap", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 01:00:00"),
			binlog("SUCCESS", "2025-06-01 01:00:02", "2025-06-01 02:00:00"),
		}, "[2025-06-01 00:00:00..2025-06-01 01:00:00][2025-06-01 01:00:02..2025-06-01 02:00:00]",
			"[2025-06-01 01:00:00..2025-06-01 01:00:02]"},
		{"overlapping and contained", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 03:00:00"),
			binlog("SUCCESS", "2025-06-01 01:00:00", "2025-06-01 02:00:00"),
			binlog("SUCCESS", "2025-06-01 02:30:00", "2025-06-01 04:00:00"),
		}, "[2025-06-01 00:00:00..2025-06-01 04:00:00]", ""},
		{"out of order", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "2025-06-01 02:00:00", "2025-06-01 03:00:00"),
			binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 01:00:00"),
			binlog("SUCCESS", "2025-06-01 01:00:00", "2025-06-01 02:00:00"),
		}, "[2025-06-01 00:00:00..2025-06-01 03:00:00]", ""},
		{"a failed binlog breaks the chain", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 01:00:00"),
			binlog("FAILED", "2025-06-01 01:00:00", "2025-06-01 02:00:00"),
			binlog("SUCCESS", "2025-06-01 02:00:00", "2025-06-01 03:00:00"),
		}, "[2025-06-01 00:00:00..2025-06-01 01:00:00][2025-06-01 02:00:00..2025-06-01 03:00:00]",
			"[2025-06-01 01:00:00..2025-06-01 02:00:00]"},
		{"the running binlog covers nothing yet", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "2025-06-01 00:00:00", "2025-06-01 01:00:00"),
			binlog("RUNNING", "2025-06-01 01:00:00", ""),
		}, "[2025-06-01 00:00:00..2025-06-01 01:00:00]", ""},
		{"unreadable or missing times cover nothing", []*tencentcloud.BinlogInfo{
			binlog("SUCCESS", "soon", "2025-06-01 01:00:00"),
			binlog("SUCCESS", "", "2025-06-01 01:00:00"),
			binlog("SUCCESS", "2025-06-01 05:00:00", "2025-06-01 04:00:00"), // finishes before it starts
			{Status: ptr("SUCCESS")},
			nil,
			binlog("SUCCESS", "2025-06-01 06:00:00", "2025-06-01 07:00:00"),
		}, "[2025-06-01 06:00:00..2025-06-01 07:00:00]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			windows, gaps := recoveryWindows(tc.binlogs)
			if windows == nil || gaps == nil {
				t.Fatal("windows and gaps must be empty lists, not null")
			}
			if got := spans(windows); got != tc.windows {
				t.Errorf("windows %s\n          want %s", got, tc.windows)
			}
			if got := spans(gaps); got != tc.gapsOf {
				t.Errorf("gaps %s\n       want %s", got, tc.gapsOf)
			}
		})
	}
}
