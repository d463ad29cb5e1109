package mock_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// Times below are on 2025-06-30 unless they carry their own date; a binlog is "start-finish status".

// hb is a binlog written by hand: times "HH:MM:SS" on 2025-06-30; a RUNNING one's finish is the
// API's zero time.
func hb(n int, start, finish, status string) mock.Binlog {
	b := mock.Binlog{Name: fmt.Sprintf("binlog.%06d", n), Type: "binlog", Status: status,
		BinlogStartTime: "2025-06-30 " + start, BinlogFinishTime: "2025-06-30 " + finish}
	if status == "RUNNING" {
		b.BinlogFinishTime = "0000-00-00 00:00:00"
	}
	return b
}

// hk is a backup written by hand: its Date "HH:MM:SS" on 2025-06-30 (or a whole date), status and method.
func hk(id int64, date, status, method string) mock.Backup {
	if len(date) == len("00:00:00") {
		date = "2025-06-30 " + date
	}
	return mock.Backup{BackupId: id, Date: date, Status: status, Method: method, Type: "physical"}
}

func TestRollbackRangeTime_DerivedFromBinlogsAndFullBackups(t *testing.T) {
	tests := []struct {
		name    string
		backups []mock.Backup
		binlogs []mock.Binlog
		want    []string
	}{{
		name: "one chain with backups inside: from the earliest full backup in it to its end",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:00", "02:00:00", "SUCCESS"), hb(3, "02:00:00", "03:00:00", "SUCCESS")},
		backups: []mock.Backup{ // newest first, as DescribeBackups answers
			hk(4, "02:10:00", "SUCCESS", "full"), hk(3, "00:30:00", "SUCCESS", "full"),
			hk(2, "00:10:00", "FAILED", "full"), hk(1, "2025-06-29 23:00:00", "SUCCESS", "full")}, // before the chain
		want: []string{"2025-06-30 00:30:00/2025-06-30 03:00:00"},
	}, {
		name: "a gap splits two chains, each with its own full backup",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:00", "02:00:00", "SUCCESS"),
			hb(3, "03:00:00", "04:00:00", "SUCCESS"), hb(4, "04:00:00", "05:00:00", "SUCCESS")},
		backups: []mock.Backup{hk(2, "03:30:00", "SUCCESS", "full"), hk(1, "00:15:00", "SUCCESS", "full")},
		want:    []string{"2025-06-30 00:15:00/2025-06-30 02:00:00", "2025-06-30 03:30:00/2025-06-30 05:00:00"},
	}, {
		name: "a start one second after the finish continues the chain, two seconds breaks it",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:01", "02:00:00", "SUCCESS"), hb(3, "02:00:02", "03:00:00", "SUCCESS")},
		backups: []mock.Backup{hk(2, "02:30:00", "SUCCESS", "full"), hk(1, "00:20:00", "SUCCESS", "full")},
		want:    []string{"2025-06-30 00:20:00/2025-06-30 02:00:00", "2025-06-30 02:30:00/2025-06-30 03:00:00"},
	}, {
		name: "a chain without a successful full backup gives no range",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:00", "02:00:00", "SUCCESS"), hb(3, "03:00:00", "04:00:00", "SUCCESS")},
		backups: []mock.Backup{hk(4, "03:30:00", "SUCCESS", "full"), hk(3, "01:30:00", "RUNNING", "full"),
			hk(2, "01:00:00", "FAILED", "full"), hk(1, "00:30:00", "SUCCESS", "partial")},
		want: []string{"2025-06-30 03:30:00/2025-06-30 04:00:00"},
	}, {
		name: "a FAILED binlog breaks the chain, and a backup taken while it was written starts nothing",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:00", "02:00:00", "FAILED"), hb(3, "02:00:00", "03:00:00", "SUCCESS")},
		backups: []mock.Backup{hk(3, "02:20:00", "SUCCESS", "full"), hk(2, "01:30:00", "SUCCESS", "full"), hk(1, "00:10:00", "SUCCESS", "full")},
		want:    []string{"2025-06-30 00:10:00/2025-06-30 01:00:00", "2025-06-30 02:20:00/2025-06-30 03:00:00"},
	}, {
		name: "the RUNNING last binlog covers nothing: the range ends where the last finished one did",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:00", "02:00:00", "SUCCESS"), hb(3, "02:00:00", "", "RUNNING")},
		backups: []mock.Backup{hk(2, "02:30:00", "SUCCESS", "full"), hk(1, "00:05:00", "SUCCESS", "full")},
		want:    []string{"2025-06-30 00:05:00/2025-06-30 02:00:00"},
	}, {
		name: "overlapping binlogs, one inside another: the chain runs to the latest finish so far",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:30:00", "SUCCESS"), hb(2, "00:30:00", "00:45:00", "SUCCESS"),
			hb(3, "01:00:00", "02:00:00", "SUCCESS"), hb(4, "01:59:00", "03:00:00", "SUCCESS")},
		backups: []mock.Backup{hk(1, "00:20:00", "SUCCESS", "full")},
		want:    []string{"2025-06-30 00:20:00/2025-06-30 03:00:00"},
	}, {
		name: "a backup at a chain's very start or finish is inside it",
		binlogs: []mock.Binlog{
			hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "05:00:00", "06:00:00", "SUCCESS")},
		backups: []mock.Backup{hk(2, "06:00:00", "SUCCESS", "full"), hk(1, "00:00:00", "SUCCESS", "full")},
		want:    []string{"2025-06-30 00:00:00/2025-06-30 01:00:00", "2025-06-30 06:00:00/2025-06-30 06:00:00"},
	}, {
		name:    "no binlogs: no range, whatever the backups",
		backups: []mock.Backup{hk(1, "00:00:00", "SUCCESS", "full")},
		want:    []string{},
	}, {
		name:    "binlogs but no backups: no range",
		binlogs: []mock.Binlog{hb(1, "00:00:00", "01:00:00", "SUCCESS")},
		want:    []string{},
	}}
	s := startServer(t, mock.Options{})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("cdb-roll%04d", i)
			s.SetBackups("ap-guangzhou", id, tt.backups)
			s.SetBinlogs("ap-guangzhou", id, tt.binlogs)
			if got := mustRollbackTimes(t, client, id); !slices.Equal(got, tt.want) {
				t.Errorf("Times = %q\nwant    %q", got, tt.want)
			}
			got, ok := s.RollbackRanges("ap-guangzhou", id)
			if !ok || len(got) != len(tt.want) {
				t.Fatalf("RollbackRanges = %v, %v; want %d ranges", got, ok, len(tt.want))
			}
			for j, r := range got {
				if r.Begin+"/"+r.End != tt.want[j] {
					t.Errorf("RollbackRanges[%d] = %+v, want %s", j, r, tt.want[j])
				}
			}
		})
	}
}

// The ranges follow the backups the mock serves now: once mutation drops the oldest full backup,
// the range starts at the next one.
func TestRollbackRangeTime_FollowsTheCurrentBackups(t *testing.T) {
	s := startServer(t, mock.Options{Mutation: mock.MutationOptions{EveryCalls: 1, Remove: 1}})
	s.SetBackups("ap-guangzhou", "cdb-a", []mock.Backup{hk(2, "01:30:00", "SUCCESS", "full"), hk(1, "00:30:00", "SUCCESS", "full")})
	s.SetBinlogs("ap-guangzhou", "cdb-a", []mock.Binlog{hb(1, "00:00:00", "01:00:00", "SUCCESS"), hb(2, "01:00:00", "02:00:00", "SUCCESS")})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	if got, want := mustRollbackTimes(t, client, "cdb-a"), []string{"2025-06-30 00:30:00/2025-06-30 02:00:00"}; !slices.Equal(got, want) {
		t.Errorf("before the change: %q, want %q", got, want)
	}
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"}) // the answer after which backup 1 expires
	if got, want := mustRollbackTimes(t, client, "cdb-a"), []string{"2025-06-30 01:30:00/2025-06-30 02:00:00"}; !slices.Equal(got, want) {
		t.Errorf("after the oldest backup expired: %q, want %q", got, want)
	}
	if v := s.Version("ap-guangzhou", "cdb-a"); v != 1 {
		t.Errorf("Version = %d, want 1: DescribeRollbackRangeTime must not count towards mutation", v)
	}
}

// One item per ID sent, in the order sent, a duplicate answered twice; an instance the region does
// not have (here one of another region) is answered inside the successful answer, Code 1600009.
func TestRollbackRangeTime_ItemsInOrderUnknownAndDuplicates(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", []mock.Backup{hk(1, "00:30:00", "SUCCESS", "full")})
	s.SetBinlogs("ap-guangzhou", "cdb-a", []mock.Binlog{hb(1, "00:00:00", "01:00:00", "SUCCESS")})
	s.SetBackups("ap-guangzhou", "cdb-b", nil)
	s.SetBackups("ap-shanghai", "cdb-elsewhere", []mock.Backup{hk(1, "00:30:00", "SUCCESS", "full")})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	expectAnswer(t, client, "DescribeRollbackRangeTime",
		map[string]any{"InstanceIds": []string{"cdb-b", "cdb-nothere", "cdb-a", "cdb-elsewhere", "cdb-b"}}, `{
		"TotalCount": 5,
		"Items": [
			{"Code": 0, "Message": "", "InstanceId": "cdb-b", "Times": []},
			{"Code": 1600009, "Message": "The instance `+"`cdb-nothere`"+` does not exist in region `+"`ap-guangzhou`"+`.",
			 "InstanceId": "cdb-nothere", "Times": []},
			{"Code": 0, "Message": "", "InstanceId": "cdb-a",
			 "Times": [{"Begin": "2025-06-30 00:30:00", "End": "2025-06-30 01:00:00"}]},
			{"Code": 1600009, "Message": "The instance `+"`cdb-elsewhere`"+` does not exist in region `+"`ap-guangzhou`"+`.",
			 "InstanceId": "cdb-elsewhere", "Times": []},
			{"Code": 0, "Message": "", "InstanceId": "cdb-b", "Times": []}
		]}`)

	c := s.Calls()[0]
	if c.Action != "DescribeRollbackRangeTime" || c.ErrorCode != "" ||
		!slices.Equal(c.InstanceIDs, []string{"cdb-b", "cdb-nothere", "cdb-a", "cdb-elsewhere", "cdb-b"}) {
		t.Errorf("recorded call = %+v, want a success with the five IDs sent", c)
	}
	c.InstanceIDs[0] = "changed"
	if again := s.Calls()[0]; again.InstanceIDs[0] != "cdb-b" {
		t.Errorf("changing a returned Call changed the record: %q", again.InstanceIDs)
	}
	if _, ok := s.RollbackRanges("ap-guangzhou", "cdb-nothere"); ok {
		t.Error("RollbackRanges of an unknown instance reported it as found")
	}
}

// The call takes the pipeline as every CDB action does: a queued error for it answers in its place.
func TestRollbackRangeTime_InjectedErrorFor(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	s.InjectErrorFor("DescribeRollbackRangeTime", 1, "InternalError.DatabaseAccessError", "db down")
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"}) // not the action the error waits for
	_, err := describeRollback(t, client, map[string]any{"InstanceIds": []string{"cdb-a"}})
	expectCode(t, err, "InternalError.DatabaseAccessError", "db down")
	if got := mustRollbackTimes(t, client, "cdb-a"); len(got) != 0 {
		t.Errorf("after the injected error: %q, want no range", got)
	}
}
