package mock_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// describeBinlogs sends one DescribeBinlogs call through the SDK.
func describeBinlogs(t *testing.T, client *common.Client, params map[string]any) (*describeBackupsResponse, error) {
	t.Helper()
	return callAction(t, client, "DescribeBinlogs", "2017-03-20", params)
}

// mustDescribeBinlogs sends a DescribeBinlogs call that must succeed, and returns TotalCount and the items.
func mustDescribeBinlogs(t *testing.T, client *common.Client, params map[string]any) (int64, []mock.Binlog) {
	t.Helper()
	resp, err := describeBinlogs(t, client, params)
	if err != nil {
		t.Fatalf("DescribeBinlogs(%v): %v", params, err)
	}
	if resp.Response.TotalCount == nil || resp.Response.Items == nil {
		t.Fatalf("DescribeBinlogs(%v): no TotalCount or Items in the answer", params)
	}
	out := make([]mock.Binlog, 0, len(resp.Response.Items))
	for _, raw := range resp.Response.Items {
		var b mock.Binlog
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatalf("decoding item %s: %v", raw, err)
		}
		out = append(out, b)
	}
	return *resp.Response.TotalCount, out
}

// names lists the binlogs' names.
func names(binlogs []mock.Binlog) []string {
	out := make([]string, 0, len(binlogs))
	for _, b := range binlogs {
		out = append(out, b.Name)
	}
	return out
}

// handBinlogs is a small chain on 2025-06-30 whose windows are worked out by hand below:
//
//	binlog.000101  00:00 - 01:00  SUCCESS
//	binlog.000102  01:00 - 02:00  SUCCESS
//	binlog.000103  02:00 - 03:00  FAILED
//	(binlog.000104 missing: a gap from 03:00 to 04:00)
//	binlog.000105  04:00 - 05:00  SUCCESS
//	binlog.000106  05:00 -        RUNNING
//
// It is listed out of order: the mock answers newest first whatever order it was given.
func handBinlogs() []mock.Binlog {
	b := func(n int, start, finish, status string) mock.Binlog {
		out := mock.Binlog{
			Name: fmt.Sprintf("binlog.%06d", n), Size: int64(n) << 20, Type: "binlog", Region: "ap-guangzhou",
			BinlogStartTime: "2025-06-30 " + start, BinlogFinishTime: "2025-06-30 " + finish, Date: "2025-06-30 " + finish,
			Status: status, Progress: 100, CosStorageType: 2, InstanceId: "cdb-bin", RemoteInfo: []mock.RemoteBackup{},
		}
		if status == "SUCCESS" {
			out.InternetUrl = "https://example.invalid/" + out.Name
		}
		if status == "RUNNING" {
			out.BinlogFinishTime, out.Date, out.Progress = "0000-00-00 00:00:00", out.BinlogStartTime, 40
		}
		return out
	}
	return []mock.Binlog{
		b(103, "02:00:00", "03:00:00", "FAILED"),
		b(101, "00:00:00", "01:00:00", "SUCCESS"),
		b(106, "05:00:00", "", "RUNNING"),
		b(102, "01:00:00", "02:00:00", "SUCCESS"),
		b(105, "04:00:00", "05:00:00", "SUCCESS"),
	}
}

func TestDescribeBinlogs_Window(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBinlogs("ap-guangzhou", "cdb-bin", handBinlogs())
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	at := func(clock string) string { return "2025-06-30 " + clock }
	all := []string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102", "binlog.000101"}

	tests := []struct {
		name   string
		params map[string]any
		want   []string
	}{
		{"no window", nil, all},
		{"null and empty bounds", map[string]any{"MinStartTime": "", "MaxStartTime": nil, "ContainsMinStartTime": nil}, all},
		{"contains without a min", map[string]any{"ContainsMinStartTime": true}, all},
		{"min on a start", map[string]any{"MinStartTime": at("01:00:00")}, all[:4]},
		{"min inside a binlog", map[string]any{"MinStartTime": at("01:30:00")}, all[:3]},
		{"min inside a binlog, contains false", map[string]any{"MinStartTime": at("01:30:00"), "ContainsMinStartTime": false}, all[:3]},
		{"min inside a binlog, contains", map[string]any{"MinStartTime": at("01:30:00"), "ContainsMinStartTime": true}, all[:4]},
		// start < min <= finish: the binlog that finished exactly at min contains it too.
		{"min on a finish, contains", map[string]any{"MinStartTime": at("02:00:00"), "ContainsMinStartTime": true}, all[:4]},
		{"min inside a failed binlog, contains", map[string]any{"MinStartTime": at("02:30:00"), "ContainsMinStartTime": true}, all[:3]},
		{"min in the gap, contains", map[string]any{"MinStartTime": at("03:30:00"), "ContainsMinStartTime": true}, all[:2]},
		{"min in the running binlog", map[string]any{"MinStartTime": at("05:30:00")}, []string{}},
		{"min in the running binlog, contains", map[string]any{"MinStartTime": at("05:30:00"), "ContainsMinStartTime": true}, all[:1]},
		{"max on a start", map[string]any{"MaxStartTime": at("02:00:00")}, all[2:]},
		{"max a second before a start", map[string]any{"MaxStartTime": at("01:59:59")}, all[3:]},
		{"max before everything", map[string]any{"MaxStartTime": "2025-06-29 23:59:59"}, []string{}},
		{"both", map[string]any{"MinStartTime": at("01:00:00"), "MaxStartTime": at("04:00:00")}, all[1:4]},
		{"both, contains", map[string]any{"MinStartTime": at("01:30:00"), "MaxStartTime": at("04:00:00"), "ContainsMinStartTime": true}, all[1:4]},
		{"both inside one binlog, contains", map[string]any{"MinStartTime": at("00:30:00"), "MaxStartTime": at("00:45:00"), "ContainsMinStartTime": true}, all[4:]},
		{"both inside one binlog", map[string]any{"MinStartTime": at("00:30:00"), "MaxStartTime": at("00:45:00")}, []string{}},
		{"min after max", map[string]any{"MinStartTime": at("04:00:00"), "MaxStartTime": at("01:00:00")}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := map[string]any{"InstanceId": "cdb-bin"}
			for k, v := range tt.params {
				params[k] = v
			}
			total, got := mustDescribeBinlogs(t, client, params)
			if !slices.Equal(names(got), tt.want) || total != int64(len(tt.want)) {
				t.Errorf("TotalCount %d, items %v; want %d, %v", total, names(got), len(tt.want), tt.want)
			}
		})
	}

	t.Run("a page of a window", func(t *testing.T) {
		total, got := mustDescribeBinlogs(t, client,
			map[string]any{"InstanceId": "cdb-bin", "MaxStartTime": at("04:00:00"), "Offset": 1, "Limit": 2})
		if want := all[2:4]; total != 4 || !slices.Equal(names(got), want) {
			t.Errorf("TotalCount %d, items %v; want 4, %v", total, names(got), want)
		}
		resp, err := describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-bin", "MaxStartTime": at("04:00:00"), "Offset": 10})
		if err != nil || *resp.Response.TotalCount != 4 || resp.Response.Items == nil || len(resp.Response.Items) != 0 {
			t.Errorf("past the end: %+v, %v; want TotalCount 4 and Items []", resp.Response, err)
		}
	})

	t.Run("every field, under its API name", func(t *testing.T) {
		resp, err := describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-bin", "Limit": 1})
		if err != nil {
			t.Fatal(err)
		}
		var item map[string]json.RawMessage
		if err := json.Unmarshal(resp.Response.Items[0], &item); err != nil {
			t.Fatal(err)
		}
		want := []string{"Name", "Size", "Date", "IntranetUrl", "InternetUrl", "Type", "BinlogStartTime", "BinlogFinishTime",
			"Region", "Status", "RemoteInfo", "CosStorageType", "InstanceId", "Progress"}
		var got []string
		for k := range item {
			got = append(got, k)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("BinlogInfo fields %v, want %v", got, want)
		}
	})
}

// The two readings of ContainsMinStartTime on handBinlogs, worked out by hand from its table: "running" also lists
// the binlog being written at MinStartTime (one that finished exactly at MinStartTime counts); "strict" never lists
// a binlog that started before MinStartTime, and ContainsMinStartTime only decides whether one starting exactly at
// it is listed.
func TestDescribeBinlogs_ContainsMinStartTimeReadings(t *testing.T) {
	at := func(clock string) string { return "2025-06-30 " + clock }
	tests := []struct {
		name            string
		params          map[string]any
		running, strict []string
	}{
		{"min inside a binlog, contains", map[string]any{"MinStartTime": at("01:30:00"), "ContainsMinStartTime": true},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102"},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103"}},
		{"min inside a binlog", map[string]any{"MinStartTime": at("01:30:00"), "ContainsMinStartTime": false},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103"},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103"}},
		{"min on a start and a finish, contains", map[string]any{"MinStartTime": at("01:00:00"), "ContainsMinStartTime": true},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102", "binlog.000101"},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102"}},
		{"min on a start and a finish", map[string]any{"MinStartTime": at("01:00:00")},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102"},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103"}},
		{"min in the running binlog, contains", map[string]any{"MinStartTime": at("05:30:00"), "ContainsMinStartTime": true},
			[]string{"binlog.000106"}, []string{}},
		{"min in the running binlog", map[string]any{"MinStartTime": at("05:30:00")}, []string{}, []string{}},
		{"min in the gap, contains", map[string]any{"MinStartTime": at("03:30:00"), "ContainsMinStartTime": true},
			[]string{"binlog.000106", "binlog.000105"}, []string{"binlog.000106", "binlog.000105"}},
		{"contains without a min", map[string]any{"ContainsMinStartTime": true},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102", "binlog.000101"},
			[]string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102", "binlog.000101"}},
		{"both inside one binlog, contains", map[string]any{"MinStartTime": at("00:30:00"), "MaxStartTime": at("00:45:00"), "ContainsMinStartTime": true},
			[]string{"binlog.000101"}, []string{}},
		{"both on starts", map[string]any{"MinStartTime": at("01:00:00"), "MaxStartTime": at("04:00:00")},
			[]string{"binlog.000105", "binlog.000103", "binlog.000102"}, []string{"binlog.000105", "binlog.000103"}},
	}
	check := func(t *testing.T, client *common.Client, reading mock.ContainsMinStartTimeReading) {
		t.Helper()
		for _, tt := range tests {
			params := map[string]any{"InstanceId": "cdb-bin"}
			for k, v := range tt.params {
				params[k] = v
			}
			want := tt.running
			if reading == mock.ContainsMinStartTimeStrict {
				want = tt.strict
			}
			total, got := mustDescribeBinlogs(t, client, params)
			if !slices.Equal(names(got), want) || total != int64(len(want)) {
				t.Errorf("%s, %s: TotalCount %d, items %v; want %d, %v", reading, tt.name, total, names(got), len(want), want)
			}
		}
	}

	t.Run("the default is running", func(t *testing.T) {
		s := startServer(t, mock.Options{})
		s.SetBinlogs("ap-guangzhou", "cdb-bin", handBinlogs())
		check(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), mock.ContainsMinStartTimeRunning)
	})
	t.Run("strict from the options", func(t *testing.T) {
		s := startServer(t, mock.Options{ContainsMinStartTime: mock.ContainsMinStartTimeStrict})
		s.SetBinlogs("ap-guangzhou", "cdb-bin", handBinlogs())
		check(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), mock.ContainsMinStartTimeStrict)
	})
	t.Run("changed while serving", func(t *testing.T) {
		s := startServer(t, mock.Options{ContainsMinStartTime: mock.ContainsMinStartTimeRunning})
		s.SetBinlogs("ap-guangzhou", "cdb-bin", handBinlogs())
		client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
		if err := s.SetContainsMinStartTime(mock.ContainsMinStartTimeStrict); err != nil {
			t.Fatal(err)
		}
		check(t, client, mock.ContainsMinStartTimeStrict)
		if err := s.SetContainsMinStartTime("inclusive"); err == nil || !strings.Contains(err.Error(), `"inclusive"`) {
			t.Errorf("SetContainsMinStartTime(inclusive) = %v, want an error naming the value", err)
		}
		check(t, client, mock.ContainsMinStartTimeStrict) // a refused setting leaves the reading as it was
		if err := s.SetContainsMinStartTime(""); err != nil {
			t.Fatal(err)
		}
		check(t, client, mock.ContainsMinStartTimeRunning)
	})
	t.Run("an unknown reading panics NewServer", func(t *testing.T) {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), `"both"`) {
				t.Errorf("NewServer with ContainsMinStartTime both: recovered %v, want a panic naming the value", r)
			}
		}()
		mock.NewServer(mock.Options{ContainsMinStartTime: "both"})
	})
}

func TestDescribeBinlogs_Refuses(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBinlogs("ap-guangzhou", "cdb-bin", handBinlogs())
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	tests := []struct {
		name     string
		params   map[string]any
		code     string
		mentions []string
	}{
		{"RFC 3339 min", map[string]any{"MinStartTime": "2025-06-30T01:00:00+08:00"}, "InvalidParameterValue",
			[]string{"`MinStartTime`", "2025-06-30T01:00:00+08:00"}},
		{"slashes in max", map[string]any{"MaxStartTime": "2025/06/30 01:00:00"}, "InvalidParameterValue", []string{"`MaxStartTime`"}},
		{"no such day", map[string]any{"MinStartTime": "2025-06-31 00:00:00"}, "InvalidParameterValue", []string{"`MinStartTime`"}},
		{"one-digit hour", map[string]any{"MaxStartTime": "2025-06-30 1:00:00"}, "InvalidParameterValue", []string{"`MaxStartTime`"}},
		{"date only", map[string]any{"MinStartTime": "2025-06-30"}, "InvalidParameterValue", []string{"`MinStartTime`"}},
		{"min a number", map[string]any{"MinStartTime": 20250630}, "InvalidParameter", []string{"`MinStartTime`", "String"}},
		{"contains a string", map[string]any{"ContainsMinStartTime": "true"}, "InvalidParameter", []string{"`ContainsMinStartTime`", "Boolean"}},
		{"contains a number", map[string]any{"ContainsMinStartTime": 1}, "InvalidParameter", []string{"`ContainsMinStartTime`"}},
		{"offset a string", map[string]any{"Offset": "1"}, "InvalidParameter", []string{"`Offset`"}},
		{"limit a fraction", map[string]any{"Limit": 2.5}, "InvalidParameter", []string{"`Limit`"}},
		{"instance a number", map[string]any{"InstanceId": 5}, "InvalidParameter", []string{"`InstanceId`"}},
		{"negative offset", map[string]any{"Offset": -1}, "InvalidParameterValue", []string{"`Offset`"}},
		{"zero limit", map[string]any{"Limit": 0}, "InvalidParameterValue", []string{"`Limit`"}},
		{"limit above the bound", map[string]any{"Limit": 1001}, "InvalidParameterValue", []string{limitRefusal(1001, 1000)}},
		{"unknown parameter", map[string]any{"StartTime": "2025-06-30 00:00:00"}, "UnknownParameter", []string{"`StartTime`", "DescribeBinlogs"}},
		{"case matters", map[string]any{"minStartTime": "2025-06-30 00:00:00"}, "UnknownParameter", []string{"`minStartTime`"}},
		{"a backup's parameter", map[string]any{"BackupId": 1}, "UnknownParameter", []string{"`BackupId`"}},
		{"missing instance", map[string]any{"InstanceId": nil}, "MissingParameter", []string{"`InstanceId`"}},
		{"unknown instance", map[string]any{"InstanceId": "cdb-nothere"}, "InvalidParameter.InstanceNotFound", []string{"cdb-nothere", "ap-guangzhou"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := map[string]any{"InstanceId": "cdb-bin"}
			for k, v := range tt.params {
				if v == nil {
					delete(params, k)
				} else {
					params[k] = v
				}
			}
			_, err := describeBinlogs(t, client, params)
			expectCode(t, err, tt.code, tt.mentions...)
		})
	}

	// The instance exists in ap-guangzhou only.
	other := newClient(t, s, clientConfig{region: "ap-shanghai"})
	_, err := describeBinlogs(t, other, map[string]any{"InstanceId": "cdb-bin"})
	expectCode(t, err, "InvalidParameter.InstanceNotFound", "ap-shanghai")

	if st := s.Stats(); st.LimitTooLarge != 1 {
		t.Errorf("Stats.LimitTooLarge = %d, want the one Limit above the bound", st.LimitTooLarge)
	}
}

// pageAll reads every binlog of an instance, limit at a time (0: no Limit sent), and returns them
// and the number of calls it took.
func pageAll(t *testing.T, client *common.Client, instanceID string, limit int64) ([]mock.Binlog, int) {
	t.Helper()
	var all []mock.Binlog
	calls := 0
	for {
		params := map[string]any{"InstanceId": instanceID, "Offset": len(all)}
		if limit > 0 {
			params["Limit"] = limit
		}
		total, page := mustDescribeBinlogs(t, client, params)
		calls++
		all = append(all, page...)
		if len(page) == 0 || int64(len(all)) >= total {
			if int64(len(all)) != total {
				t.Fatalf("Limit %d: read %d binlogs, TotalCount says %d", limit, len(all), total)
			}
			return all, calls
		}
	}
}

func TestDescribeBinlogs_PagesToTheEnd(t *testing.T) {
	stored := mock.GenerateBinlogs("cdb-a", "ap-guangzhou", newest.Add(-10*24*time.Hour), newest, mock.BinlogOptions{Gaps: 2, Failed: 3})
	n := len(stored)
	if n < 200 || n > 300 {
		t.Fatalf("10 days of binlogs of about an hour: %d", n)
	}
	for _, tt := range []struct {
		name     string
		maxLimit int64
		limit    int64
	}{
		{"one at a time", 0, 1},
		{"pages of 7", 0, 7},
		{"the default Limit", 0, 0},
		{"the default bound", 0, 1000},
		{"the specification's bound", 100, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, mock.Options{MaxLimit: tt.maxLimit})
			s.SetBinlogs("ap-guangzhou", "cdb-a", stored)
			if !reflect.DeepEqual(s.Binlogs("ap-guangzhou", "cdb-a"), stored) {
				t.Fatal("Binlogs differs from what SetBinlogs set, in the generator's order (newest first)")
			}
			client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
			got, calls := pageAll(t, client, "cdb-a", tt.limit)
			size := tt.limit
			if size == 0 {
				size = 20
			}
			if want := (n + int(size) - 1) / int(size); calls != want {
				t.Errorf("%d calls, want %d pages of %d", calls, want, size)
			}
			if !reflect.DeepEqual(got, stored) {
				t.Error("the pages do not add up to the stored binlogs, in order")
			}
			if tt.limit == 0 {
				if rec := s.Calls()[0]; rec.Action != "DescribeBinlogs" || rec.Limit != nil || rec.InstanceID != "cdb-a" {
					t.Errorf("first call recorded as %+v", rec)
				}
			}
		})
	}

	s := startServer(t, mock.Options{})
	s.SetBinlogs("ap-guangzhou", "cdb-a", stored)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	_, err := describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-a", "Limit": 1001})
	expectCode(t, err, "InvalidParameterValue", limitRefusal(1001, 1000))
	if st := s.Stats(); st.LimitTooLarge != 1 || st.Calls != 1 {
		t.Errorf("Stats = %+v, want the one call refused for its Limit", st)
	}

	spec := startServer(t, mock.Options{MaxLimit: mock.SpecificationMaxLimit})
	spec.SetBinlogs("ap-guangzhou", "cdb-a", stored)
	_, err = describeBinlogs(t, newClient(t, spec, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-a", "Limit": 1000})
	expectCode(t, err, "InvalidParameterValue", limitRefusal(1000, 100))
	if st := spec.Stats(); st.LimitTooLarge != 1 || st.Calls != 1 {
		t.Errorf("bound 100: Stats = %+v, want the one call refused for its Limit", st)
	}
}

// chainGaps returns the indexes i (newest first) where binlogs[i] does not start at binlogs[i+1]'s finish.
func chainGaps(binlogs []mock.Binlog) []int {
	var gaps []int
	for i := 0; i+1 < len(binlogs); i++ {
		if binlogs[i].BinlogStartTime != binlogs[i+1].BinlogFinishTime {
			gaps = append(gaps, i)
		}
	}
	return gaps
}

func binlogNumber(t *testing.T, b mock.Binlog) int {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimPrefix(b.Name, "binlog."))
	if err != nil {
		t.Fatalf("name %q", b.Name)
	}
	return n
}

func TestGenerateBinlogs_Chain(t *testing.T) {
	const instance, region = "cdb-c1nl9rpv", "ap-guangzhou"
	from := newest.Add(-7 * 24 * time.Hour)
	opts := mock.BinlogOptions{Gaps: 3, Failed: 4}
	binlogs := mock.GenerateBinlogs(instance, region, from, newest, opts)
	if again := mock.GenerateBinlogs(instance, region, from, newest, opts); !reflect.DeepEqual(binlogs, again) {
		t.Fatal("the same arguments gave other binlogs")
	}
	if other := mock.GenerateBinlogs("cdb-zzzzzzzz", region, from, newest, opts); reflect.DeepEqual(names(other), names(binlogs)) {
		t.Error("another instance got the same binlogs")
	}
	if n := len(binlogs); n < 150 || n > 190 {
		t.Fatalf("7 days of binlogs of about an hour: %d", n)
	}

	namePattern := regexp.MustCompile(`^binlog\.\d{6}$`)
	statuses := map[string]int{}
	for i, b := range binlogs {
		statuses[b.Status]++
		start, err := time.ParseInLocation("2006-01-02 15:04:05", b.BinlogStartTime, newest.Location())
		if err != nil {
			t.Fatalf("binlog %d: start %q", i, b.BinlogStartTime)
		}
		if !namePattern.MatchString(b.Name) || b.Type != "binlog" || b.InstanceId != instance || b.Region != region || b.RemoteInfo == nil {
			t.Errorf("binlog %d: %+v", i, b)
		}
		hasLinks := b.IntranetUrl != "" && b.InternetUrl != ""
		switch b.Status {
		case "RUNNING":
			if i != 0 || b.BinlogFinishTime != "0000-00-00 00:00:00" || b.Progress >= 100 || b.IntranetUrl != "" || b.InternetUrl != "" || start.After(newest) {
				t.Errorf("running binlog %d: %+v; want the newest, started by %s, unfinished, without links", i, b, newest)
			}
			continue
		case "FAILED":
			if b.Size != 0 || b.IntranetUrl != "" || b.InternetUrl != "" || len(b.RemoteInfo) != 0 || b.Progress >= 100 {
				t.Errorf("failed binlog %d: %+v; want no size, no links, no copies", i, b)
			}
		case "SUCCESS":
			if b.Size < 10<<20 || b.Size > 1<<30 || !hasLinks || b.Progress != 100 ||
				!strings.Contains(b.InternetUrl, "/"+instance+"/binlog/"+b.Name+"?") {
				t.Errorf("successful binlog %d: size %d, progress %d, links %q %q", i, b.Size, b.Progress, b.IntranetUrl, b.InternetUrl)
			}
		default:
			t.Errorf("binlog %d: status %q", i, b.Status)
		}
		finish, err := time.ParseInLocation("2006-01-02 15:04:05", b.BinlogFinishTime, newest.Location())
		if d := finish.Sub(start); err != nil || d < 50*time.Minute || d > 70*time.Minute {
			t.Errorf("binlog %d covers %s to %s: want about an hour", i, b.BinlogStartTime, b.BinlogFinishTime)
		}
		if date, err := time.ParseInLocation("2006-01-02 15:04:05", b.Date, newest.Location()); err != nil || date.Before(finish) {
			t.Errorf("binlog %d: Date %q, want a time after its finish %s", i, b.Date, b.BinlogFinishTime)
		}
	}
	if statuses["RUNNING"] != 1 || statuses["FAILED"] != opts.Failed {
		t.Errorf("statuses %v: want exactly 1 RUNNING and %d FAILED", statuses, opts.Failed)
	}
	if oldest := binlogs[len(binlogs)-1]; oldest.BinlogStartTime != from.Format("2006-01-02 15:04:05") {
		t.Errorf("the oldest binlog starts at %s, want %s", oldest.BinlogStartTime, from)
	}

	// Every binlog starts where the previous one finished, but at the gaps asked for; across a
	// gap the names skip the binlogs left out, elsewhere they rise by one.
	gaps := chainGaps(binlogs)
	if len(gaps) != opts.Gaps {
		t.Errorf("%d gaps in the chain at %v, want %d", len(gaps), gaps, opts.Gaps)
	}
	for i := 0; i+1 < len(binlogs); i++ {
		step := binlogNumber(t, binlogs[i]) - binlogNumber(t, binlogs[i+1])
		switch {
		case slices.Contains(gaps, i):
			if step < 2 || step > 4 || binlogs[i].BinlogStartTime <= binlogs[i+1].BinlogFinishTime {
				t.Errorf("gap after %s: %s starts at %s; want a later start, with 1 to 3 binlogs missing",
					binlogs[i+1].Name, binlogs[i].Name, binlogs[i].BinlogStartTime)
			}
		case step != 1:
			t.Errorf("%s follows %s", binlogs[i].Name, binlogs[i+1].Name)
		}
	}

	// Options change only what they leave out or fail: the rest is the plain chain's.
	plain := mock.GenerateBinlogs(instance, region, from, newest, mock.BinlogOptions{})
	if len(chainGaps(plain)) != 0 || slices.ContainsFunc(plain, func(b mock.Binlog) bool { return b.Status == "FAILED" }) {
		t.Fatal("the plain chain has gaps or failures")
	}
	byName := map[string]mock.Binlog{}
	for _, b := range plain {
		byName[b.Name] = b
	}
	for _, b := range binlogs {
		p, ok := byName[b.Name]
		switch {
		case !ok:
			t.Errorf("%s is not in the plain chain", b.Name)
		case b.Status == "FAILED":
			if p.BinlogStartTime != b.BinlogStartTime || p.BinlogFinishTime != b.BinlogFinishTime {
				t.Errorf("failed %s has other times than in the plain chain", b.Name)
			}
		case !reflect.DeepEqual(p, b):
			t.Errorf("%s differs from the plain chain's", b.Name)
		}
	}
}

func TestGenerateBinlogs_Edges(t *testing.T) {
	// Three hours hold about three binlogs: room for one gap at most, and every one but the
	// running one may fail.
	short := mock.GenerateBinlogs("cdb-a", "ap-guangzhou", newest.Add(-3*time.Hour), newest, mock.BinlogOptions{Gaps: 5, Failed: 100})
	failed := 0
	for _, b := range short {
		if b.Status == "FAILED" {
			failed++
		}
	}
	if short[0].Status != "RUNNING" || failed != len(short)-1 || len(chainGaps(short)) > 1 {
		t.Errorf("short chain: %d binlogs, %d failed, gaps at %v", len(short), failed, chainGaps(short))
	}

	for _, from := range []time.Time{newest, newest.Add(time.Hour)} {
		one := mock.GenerateBinlogs("cdb-a", "ap-guangzhou", from, newest, mock.BinlogOptions{Gaps: 1, Failed: 1})
		if len(one) != 1 || one[0].Status != "RUNNING" || one[0].BinlogStartTime != newest.Format("2006-01-02 15:04:05") {
			t.Errorf("from %s: %+v, want the running binlog alone, started at %s", from, one, newest)
		}
	}

	// Across instances, the chain looks like a real one: some copied to another region, some
	// archived, sizes from tens to hundreds of MB.
	var copied, archived int
	var smallest, largest int64 = 1 << 40, 0
	for k := range 12 {
		for _, b := range mock.GenerateBinlogs(fmt.Sprintf("cdb-%08d", k), "ap-guangzhou", newest.Add(-5*24*time.Hour), newest, mock.BinlogOptions{}) {
			if b.Status != "SUCCESS" {
				continue
			}
			if len(b.RemoteInfo) > 0 {
				copied++
				if r := b.RemoteInfo[0]; r.Region == "ap-guangzhou" || r.Url == "" || r.Status != "SUCCESS" {
					t.Errorf("copy of %s: %+v", b.Name, r)
				}
			}
			if b.CosStorageType == 1 {
				archived++
			}
			smallest, largest = min(smallest, b.Size), max(largest, b.Size)
		}
	}
	if copied == 0 || archived == 0 || smallest > 60<<20 || largest < 200<<20 {
		t.Errorf("%d copied, %d archived, sizes %d to %d MB", copied, archived, smallest>>20, largest>>20)
	}
}

func TestBinlogs_BesideBackups(t *testing.T) {
	s := startServer(t, mock.Options{})
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	backups := mock.GenerateBackups("cdb-a", "ap-guangzhou", 3, newest)

	// SetBinlogs creates an instance; SetBackups replaces its backups, not its binlogs.
	s.SetBinlogs("ap-guangzhou", "cdb-a", handBinlogs())
	if resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"}); *resp.Response.TotalCount != 0 {
		t.Errorf("an instance made by SetBinlogs has %d backups", *resp.Response.TotalCount)
	}
	s.SetBackups("ap-guangzhou", "cdb-a", backups)
	if total, _ := mustDescribeBinlogs(t, client, map[string]any{"InstanceId": "cdb-a"}); total != 5 {
		t.Errorf("after SetBackups: %d binlogs, want the 5 set before", total)
	}
	s.SetBinlogs("ap-guangzhou", "cdb-a", nil)
	if total, _ := mustDescribeBinlogs(t, client, map[string]any{"InstanceId": "cdb-a"}); total != 0 {
		t.Errorf("after SetBinlogs(nil): %d binlogs", total)
	}
	if got := s.Backups("ap-guangzhou", "cdb-a"); !reflect.DeepEqual(got, backups) {
		t.Error("SetBinlogs changed the backups")
	}
	if s.Binlogs("ap-guangzhou", "cdb-none") != nil {
		t.Error("Binlogs of an unknown instance is not nil")
	}
}

func TestDescribeBinlogs_Pipeline(t *testing.T) {
	stopped := time.Now()
	s := startServer(t, mock.Options{Clock: func() time.Time { return stopped }}) // the quota's bucket never refills
	s.SetBinlogs("ap-guangzhou", "cdb-bin", handBinlogs())
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})

	s.InjectErrorFor("DescribeBinlogs", 1, "InternalError.DBError", "injected")
	if _, err := describe(t, client, map[string]any{"InstanceId": "cdb-bin"}); err != nil {
		t.Errorf("DescribeBackups took the error injected for DescribeBinlogs: %v", err)
	}
	_, err := describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-bin"})
	expectCode(t, err, "InternalError.DBError", "injected")

	if err := s.SetFaults(mock.FaultOptions{Rate: 1, Kinds: []mock.FaultKind{mock.FaultInternalError}}); err != nil {
		t.Fatal(err)
	}
	_, err = describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-bin"})
	if rec := s.Calls()[len(s.Calls())-1]; err == nil || rec.Fault != mock.FaultInternalError || !strings.HasPrefix(rec.ErrorCode, "InternalError") {
		t.Errorf("with every call faulted: %v, recorded as %+v", err, rec)
	}
	if err := s.SetFaults(mock.FaultOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetQuota(1); err != nil {
		t.Fatal(err)
	}
	_, _ = describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-bin"})
	_, err = describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-bin"})
	expectCode(t, err, "RequestLimitExceeded")

	calls := s.Calls()
	last := calls[len(calls)-1]
	if last.Action != "DescribeBinlogs" || last.InstanceID != "cdb-bin" || last.ErrorCode != "RequestLimitExceeded" {
		t.Errorf("last call recorded as %+v", last)
	}
	if st := s.Stats(); st.Calls != len(calls) || st.Refused != 1 || st.Faults != 1 {
		t.Errorf("Stats = %+v over %d calls, want 1 refused and 1 fault", st, len(calls))
	}
}

func TestFixtures_Binlogs(t *testing.T) {
	generated := mock.GenerateBinlogs("cdb-gen", "ap-guangzhou", newest.Add(-2*24*time.Hour), newest, mock.BinlogOptions{Gaps: 1, Failed: 1})
	want := &mock.Fixtures{Instances: []mock.FixtureInstance{
		{Region: "ap-guangzhou", InstanceID: "cdb-bin", Backups: []mock.Backup{}, Binlogs: handBinlogs()},
		{Region: "ap-guangzhou", InstanceID: "cdb-gen", Backups: mock.GenerateBackups("cdb-gen", "ap-guangzhou", 3, newest), Binlogs: generated},
		{Region: "ap-guangzhou", InstanceID: "cdb-nobin", Backups: mock.GenerateBackups("cdb-nobin", "ap-guangzhou", 3, newest)},
	}}
	data, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"binlogs"`, `"BinlogStartTime"`, `"BinlogFinishTime"`, `"IntranetUrl"`, `"CosStorageType"`} {
		if !strings.Contains(string(data), field) {
			t.Errorf("fixtures JSON has no %s field", field)
		}
	}
	path := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := mock.ReadFixtures(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("fixtures changed in the round trip")
	}

	s := startServer(t, mock.Options{})
	s.SetBinlogs("ap-guangzhou", "cdb-nobin", handBinlogs()) // AddInstances replaces the instance whole
	s.AddInstances(got)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	if _, items := mustDescribeBinlogs(t, client, map[string]any{"InstanceId": "cdb-bin"}); !slices.Equal(names(items),
		[]string{"binlog.000106", "binlog.000105", "binlog.000103", "binlog.000102", "binlog.000101"}) {
		t.Errorf("fixture binlogs answered as %v, want newest first", names(items))
	}
	if all, _ := pageAll(t, client, "cdb-gen", 100); !reflect.DeepEqual(all, generated) {
		t.Error("the server answers other binlogs than the fixtures hold")
	}
	resp, err := describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-nobin"})
	if err != nil || *resp.Response.TotalCount != 0 || resp.Response.Items == nil {
		t.Errorf("an instance without binlogs in its fixtures: %+v, %v; want none, Items []", resp.Response, err)
	}
}

func TestReadFixtures_RefusesBinlogs(t *testing.T) {
	binlog := func(fields string) string {
		return `{"instances":[{"region":"ap-guangzhou","instance_id":"cdb-a","binlogs":[` + fields + `]}]}`
	}
	tests := map[string]struct{ content, mention string }{
		"misspelt field": {binlog(`{"Name":"binlog.000001","BinlogStartTime":"2025-06-30 00:00:00","BinlogId":1}`), "BinlogId"},
		"RFC 3339 start": {binlog(`{"Name":"binlog.000001","BinlogStartTime":"2025-06-30T00:00:00Z"}`), "BinlogStartTime"},
		"no start":       {binlog(`{"Name":"binlog.000001"}`), "BinlogStartTime"},
		"bad finish":     {binlog(`{"Name":"binlog.000001","BinlogStartTime":"2025-06-30 00:00:00","BinlogFinishTime":"soon"}`), "BinlogFinishTime"},
		"name twice": {binlog(`{"Name":"binlog.000001","BinlogStartTime":"2025-06-30 00:00:00"},` +
			`{"Name":"binlog.000001","BinlogStartTime":"2025-06-30 01:00:00"}`), "binlog.000001"},
		"wrong value type": {binlog(`{"Name":"binlog.000001","BinlogStartTime":"2025-06-30 00:00:00","Size":"big"}`), "Size"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := mock.ReadFixtures(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("ReadFixtures error = %v, want one naming the file and %s", err, tt.mention)
			}
		})
	}

	path := filepath.Join(t.TempDir(), "f.json")
	running := binlog(`{"Name":"binlog.000002","BinlogStartTime":"2025-06-30 01:00:00","BinlogFinishTime":"0000-00-00 00:00:00","Status":"RUNNING"}`)
	if err := os.WriteFile(path, []byte(running), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := mock.ReadFixtures(path); err != nil {
		t.Errorf("a running binlog refused: %v", err)
	}
}
