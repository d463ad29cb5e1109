package mock_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// twoChains sets up an instance whose derived ranges are 00:15-02:00 and 03:30-05:00.
func twoChains(s *mock.Server, id string) {
	s.SetBackups("ap-guangzhou", id, []mock.Backup{hk(2, "03:30:00", "SUCCESS", "full"), hk(1, "00:15:00", "SUCCESS", "full")})
	s.SetBinlogs("ap-guangzhou", id, []mock.Binlog{
		hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:00", "02:00:00", "SUCCESS"),
		hb(3, "03:00:00", "04:00:00", "SUCCESS"), hb(4, "04:00:00", "05:00:00", "SUCCESS")})
}

// The server's lag moves only the newest range's end earlier; a range it would end before its
// begin is dropped, one it ends exactly at its begin is kept.
func TestRollbackRangeTime_ServerLag(t *testing.T) {
	s := startServer(t, mock.Options{RollbackLag: 10 * time.Minute})
	twoChains(s, "cdb-a")
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	older := "2025-06-30 00:15:00/2025-06-30 02:00:00"

	for _, step := range []struct {
		lag  time.Duration
		want []string
	}{
		{10 * time.Minute, []string{older, "2025-06-30 03:30:00/2025-06-30 04:50:00"}},
		{90 * time.Minute, []string{older, "2025-06-30 03:30:00/2025-06-30 03:30:00"}},
		{90*time.Minute + time.Second, []string{older}},
		{0, []string{older, "2025-06-30 03:30:00/2025-06-30 05:00:00"}},
	} {
		if step.lag != 10*time.Minute { // the first is the Options' lag
			if err := s.SetRollbackLag(step.lag); err != nil {
				t.Fatalf("SetRollbackLag(%s): %v", step.lag, err)
			}
		}
		if got := mustRollbackTimes(t, client, "cdb-a"); !slices.Equal(got, step.want) {
			t.Errorf("lag %s: Times = %q, want %q", step.lag, got, step.want)
		}
	}
	for _, d := range []time.Duration{-time.Second, 1500 * time.Millisecond} {
		if err := s.SetRollbackLag(d); err == nil {
			t.Errorf("SetRollbackLag(%s) accepted", d)
		}
	}
	if got := mustRollbackTimes(t, client, "cdb-a"); len(got) != 2 || got[1] != "2025-06-30 03:30:00/2025-06-30 05:00:00" {
		t.Errorf("after refused lags: %q, want the lag of 0 kept", got)
	}
}

// fixturesWithRollback gives every instance one chain 00:00-01:00 with a full backup at 00:30
// (derived range 00:30-01:00), and each its own rollback setting.
const fixturesWithRollback = `{"instances": [
	{"region": "ap-guangzhou", "instance_id": "cdb-none", INSTANCE},
	{"region": "ap-guangzhou", "instance_id": "cdb-own0", INSTANCE, "rollback_lag_seconds": 0},
	{"region": "ap-guangzhou", "instance_id": "cdb-own60", INSTANCE, "rollback_lag_seconds": 60},
	{"region": "ap-guangzhou", "instance_id": "cdb-explicit", INSTANCE, "rollback_ranges": [
		{"Begin": "2025-07-01 00:00:00", "End": "2025-07-01 01:00:00"},
		{"Begin": "2025-06-01 00:00:00", "End": "2025-06-01 00:00:00"}]},
	{"region": "ap-guangzhou", "instance_id": "cdb-explicit-none", INSTANCE, "rollback_ranges": []},
	{"region": "ap-guangzhou", "instance_id": "cdb-explicit-null", INSTANCE, "rollback_ranges": null}]}`

const fixtureInstance = `"backups": [{"BackupId": 1, "Date": "2025-06-30 00:30:00", "Status": "SUCCESS", "Method": "full"}],
	"binlogs": [{"Name": "binlog.000001", "BinlogStartTime": "2025-06-30 00:00:00",
		"BinlogFinishTime": "2025-06-30 01:00:00", "Status": "SUCCESS"}]`

func TestRollbackRangeTime_FixturesLagAndExplicitRanges(t *testing.T) {
	f, err := mock.ReadFixtures(writeFixtures(t, strings.ReplaceAll(fixturesWithRollback, "INSTANCE", fixtureInstance)))
	if err != nil {
		t.Fatalf("ReadFixtures: %v", err)
	}
	s := startServer(t, mock.Options{RollbackLag: 10 * time.Minute})
	s.AddInstances(f)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	for id, want := range map[string][]string{
		"cdb-none":  {"2025-06-30 00:30:00/2025-06-30 00:50:00"}, // the server's 10 minutes
		"cdb-own0":  {"2025-06-30 00:30:00/2025-06-30 01:00:00"}, // its own 0 in place of the server's
		"cdb-own60": {"2025-06-30 00:30:00/2025-06-30 00:59:00"},
		// as given: in their order, no lag, whatever the backups and binlogs say
		"cdb-explicit":      {"2025-07-01 00:00:00/2025-07-01 01:00:00", "2025-06-01 00:00:00/2025-06-01 00:00:00"},
		"cdb-explicit-none": {},
		"cdb-explicit-null": {"2025-06-30 00:30:00/2025-06-30 00:50:00"}, // null: derived
	} {
		if got := mustRollbackTimes(t, client, id); !slices.Equal(got, want) {
			t.Errorf("%s: Times = %q, want %q", id, got, want)
		}
	}

	// New backups keep the instance's own settings.
	s.SetBackups("ap-guangzhou", "cdb-own60", []mock.Backup{hk(2, "00:40:00", "SUCCESS", "full")})
	s.SetBackups("ap-guangzhou", "cdb-explicit-none", []mock.Backup{hk(2, "00:40:00", "SUCCESS", "full")})
	if got := mustRollbackTimes(t, client, "cdb-own60"); !slices.Equal(got, []string{"2025-06-30 00:40:00/2025-06-30 00:59:00"}) {
		t.Errorf("cdb-own60 after SetBackups: %q", got)
	}
	if got := mustRollbackTimes(t, client, "cdb-explicit-none"); len(got) != 0 {
		t.Errorf("cdb-explicit-none after SetBackups: %q, want still none", got)
	}
}

func TestSetRollbackRanges(t *testing.T) {
	s := startServer(t, mock.Options{RollbackLag: time.Minute})
	twoChains(s, "cdb-a")
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	given := []mock.RollbackRange{{Begin: "2025-06-29 10:00:00", End: "2025-06-30 10:00:00"}}
	if err := s.SetRollbackRanges("ap-guangzhou", "cdb-a", given); err != nil {
		t.Fatal(err)
	}
	given[0].End = "2025-06-30 11:00:00" // the mock keeps its own copy
	if got := mustRollbackTimes(t, client, "cdb-a"); !slices.Equal(got, []string{"2025-06-29 10:00:00/2025-06-30 10:00:00"}) {
		t.Errorf("set ranges: %q, want the one set, without the server's lag", got)
	}

	for name, tt := range map[string]struct {
		ranges  []mock.RollbackRange
		mention string
	}{
		"Begin not in the API's format": {[]mock.RollbackRange{{Begin: "2025-06-30T00:00:00Z", End: "2025-06-30 01:00:00"}}, "rollback_ranges[0]: Begin"},
		"End one-digit hour":            {[]mock.RollbackRange{given[0], {Begin: "2025-06-30 00:00:00", End: "2025-06-30 1:00:00"}}, "rollback_ranges[1]: End"},
		"End before Begin":              {[]mock.RollbackRange{{Begin: "2025-06-30 01:00:00", End: "2025-06-30 00:59:59"}}, "before Begin"},
	} {
		err := s.SetRollbackRanges("ap-guangzhou", "cdb-a", tt.ranges)
		if err == nil || !strings.Contains(err.Error(), tt.mention) || !strings.Contains(err.Error(), "cdb-a") {
			t.Errorf("%s: error = %v, want one naming cdb-a and %q", name, err, tt.mention)
		}
	}
	if got, _ := s.RollbackRanges("ap-guangzhou", "cdb-a"); len(got) != 1 || got[0].End != "2025-06-30 10:00:00" {
		t.Errorf("after refused ranges: %+v, want the ranges set before", got)
	}

	if err := s.SetRollbackRanges("ap-guangzhou", "cdb-a", nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"2025-06-30 00:15:00/2025-06-30 02:00:00", "2025-06-30 03:30:00/2025-06-30 04:59:00"}
	if got := mustRollbackTimes(t, client, "cdb-a"); !slices.Equal(got, want) {
		t.Errorf("nil ranges: %q, want the derived ones with the server's lag %q", got, want)
	}

	// An instance that does not exist is created, with no backups.
	if err := s.SetRollbackRanges("ap-guangzhou", "cdb-new", []mock.RollbackRange{}); err != nil {
		t.Fatal(err)
	}
	if got := mustRollbackTimes(t, client, "cdb-new"); len(got) != 0 {
		t.Errorf("cdb-new: %q, want none", got)
	}
	if b := s.Backups("ap-guangzhou", "cdb-new"); b == nil || len(b) != 0 {
		t.Errorf("cdb-new backups = %v, want an instance with none", b)
	}
}

func TestReadFixtures_RefusesRollbackSettings(t *testing.T) {
	inst := func(fields string) string {
		return `{"instances":[{"region":"ap-guangzhou","instance_id":"cdb-a","backups":[],` + fields + `}]}`
	}
	tests := map[string]struct{ content, mention string }{
		"misspelt field":      {inst(`"rollback_range":[]`), "rollback_range"},
		"Begin RFC 3339":      {inst(`"rollback_ranges":[{"Begin":"2025-06-30T00:00:00+08:00","End":"2025-06-30 01:00:00"}]`), "rollback_ranges[0]: Begin"},
		"End missing":         {inst(`"rollback_ranges":[{"Begin":"2025-06-30 00:00:00"}]`), "rollback_ranges[0]: End"},
		"End before Begin":    {inst(`"rollback_ranges":[{"Begin":"2025-06-30 01:00:00","End":"2025-06-30 00:00:00"}]`), "before Begin"},
		"unknown range field": {inst(`"rollback_ranges":[{"Begin":"2025-06-30 00:00:00","End":"2025-06-30 01:00:00","Code":0}]`), "Code"},
		"negative lag":        {inst(`"rollback_lag_seconds":-1`), "rollback_lag_seconds"},
		"lag over ten years":  {inst(`"rollback_lag_seconds":315360001`), "rollback_lag_seconds"},
		"lag in a string":     {inst(`"rollback_lag_seconds":"60"`), "rollback_lag_seconds"},
		"lag with ranges":     {inst(`"rollback_lag_seconds":60,"rollback_ranges":[]`), "rollback_lag_seconds"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			path := writeFixtures(t, tt.content)
			_, err := mock.ReadFixtures(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("ReadFixtures error = %v, want one naming the file and %s", err, tt.mention)
			}
		})
	}
	if _, err := mock.ReadFixtures(writeFixtures(t, inst(`"rollback_lag_seconds":315360000`))); err != nil {
		t.Errorf("a lag of ten years refused: %v", err)
	}
}
