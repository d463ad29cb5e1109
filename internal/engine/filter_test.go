package engine

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// parsedFilter is testList's filter for a configuration with values.
func parsedFilter(t *testing.T, values map[string]tftypes.Value) *filter {
	t.Helper()
	f, diags := testList.filters.parse(context.Background(), listConfig(t, values))
	if diags.HasError() {
		t.Fatal(diags)
	}
	return f
}

func TestFilter_MissingFieldsNeverMatch(t *testing.T) {
	empty := reflect.ValueOf(&testJob{ID: ptr(int64(1))}).Elem()
	for name, v := range map[string]tftypes.Value{
		"status":      str("SUCCESS"),
		"kind":        str("full"),
		"name_regex":  str(".*"),
		"made_after":  str("2024-01-01T00:00:00Z"),
		"made_before": str("2024-01-01T00:00:00Z"),
	} {
		if parsedFilter(t, map[string]tftypes.Value{name: v}).matches(empty) {
			t.Errorf("%s matched a job without that field", name)
		}
	}
	if !parsedFilter(t, nil).matches(empty) {
		t.Error("no filter must match everything")
	}
	bad := reflect.ValueOf(&testJob{Date: ptr("not a date")}).Elem()
	if parsedFilter(t, map[string]tftypes.Value{"made_after": str("2024-01-01T00:00:00Z")}).matches(bad) {
		t.Error("a job with an unreadable date matched a window")
	}
}

func TestFilter_WindowIsHalfOpen(t *testing.T) {
	// 08:00 in UTC+8, and 08:00 the next day.
	f := parsedFilter(t, map[string]tftypes.Value{"made_after": str("2024-05-01T00:00:00Z"), "made_before": str("2024-05-02T00:00:00Z")})
	for date, want := range map[string]bool{
		"2024-05-01 07:59:59": false,
		"2024-05-01 08:00:00": true,
		"2024-05-02 07:59:59": true,
		"2024-05-02 08:00:00": false,
	} {
		if got := f.matches(reflect.ValueOf(&testJob{Date: ptr(date)}).Elem()); got != want {
			t.Errorf("%s: matched %v, want %v", date, got, want)
		}
	}
}

func TestFilter_EveryFilterSetAndMostRecent(t *testing.T) {
	job := func(id int64, status, kind, name, date string) *testJob {
		return &testJob{ID: ptr(id), Status: ptr(status), Kind: ptr(kind), Name: ptr(name), Date: ptr(date)}
	}
	sorted := []*testJob{
		job(6, "SUCCESS", "full", "nightly-6", "2024-05-06 00:00:00"),
		job(5, "SUCCESS", "partial", "nightly-5", "2024-05-05 00:00:00"), // wrong kind
		job(4, "FAILED", "full", "nightly-4", "2024-05-04 00:00:00"),     // wrong status
		job(3, "SUCCESS", "full", "manual-3", "2024-05-03 00:00:00"),     // wrong name
		job(2, "SUCCESS", "full", "nightly-2", "2024-05-02 00:00:00"),
		job(1, "SUCCESS", "full", "nightly-1", "2024-05-01 00:00:00"), // before the window
	}
	values := map[string]tftypes.Value{
		"status": str("SUCCESS"), "kind": str("full"), "name_regex": str("^nightly-"),
		"made_after": str("2024-05-02T00:00:00+08:00"), "made_before": str("2024-05-07T00:00:00+08:00"),
	}
	f := parsedFilter(t, values)
	ids := func(jobs []*testJob) (out []int64) {
		for _, j := range jobs {
			out = append(out, *j.ID)
		}
		return out
	}
	if got := ids(applyFilter(f, sorted)); !reflect.DeepEqual(got, []int64{6, 2}) {
		t.Errorf("kept %v, want [6 2]", got)
	}
	const wantSet = ` matching status = "SUCCESS", kind = "full", name_regex = "^nightly-", made_after = "2024-05-02T00:00:00+08:00", made_before = "2024-05-07T00:00:00+08:00"`
	if got := f.describe(); got != wantSet {
		t.Errorf("describe = %s\nwant %s", got, wantSet)
	}
	values["most_recent"] = tftypes.NewValue(tftypes.Bool, true)
	if got := ids(applyFilter(parsedFilter(t, values), sorted)); !reflect.DeepEqual(got, []int64{6}) {
		t.Errorf("most_recent kept %v, want [6]", got)
	}
	if got := parsedFilter(t, nil).describe(); got != "" {
		t.Errorf("no filter describes itself as %q", got)
	}
}

func TestFilter_InvalidRegexAtReadPointsAtIt(t *testing.T) {
	_, diags := testList.filters.parse(context.Background(), listConfig(t, map[string]tftypes.Value{"name_regex": str("(")}))
	if len(diags) != 1 || diags[0].Summary() != "Invalid regular expression" {
		t.Fatalf("diagnostics %v", diags)
	}
}

func TestFirst(t *testing.T) {
	j := func(id int64, status string) *testJob { return &testJob{ID: ptr(id), Status: ptr(status)} }
	if got := First(jobTable, []*testJob{j(3, "RUNNING"), {}, nil, j(2, "SUCCESS"), j(1, "SUCCESS")}, "status", "SUCCESS"); got == nil || *got.ID != 2 {
		t.Fatalf("got %+v, want job 2", got)
	}
	if got := First(jobTable, []*testJob{j(3, "FAILED")}, "status", "SUCCESS"); got != nil {
		t.Fatalf("got %+v, want none", got)
	}
}
