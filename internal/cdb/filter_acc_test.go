package cdb_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// beijingDate turns an API date into a time, worked out here apart from the provider's code.
func beijingDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02 15:04:05", s, time.FixedZone("UTC+8", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// expectMatches checks backups, matched_count, total_count and latest_successful against the backups that
// should match, given newest first.
func expectMatches(all, want []mock.Backup) []statecheck.StateCheck {
	ids := make([]knownvalue.Check, len(want))
	for i, b := range want {
		ids[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"backup_id": knownvalue.Int64Exact(b.BackupId)})
	}
	var latest knownvalue.Check = knownvalue.Null()
	for _, b := range want {
		if b.Status == "SUCCESS" {
			latest = expectBackup(b)
			break
		}
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(all)))),
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("matched_count"), knownvalue.Int64Exact(int64(len(want)))),
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListExact(ids)),
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("download_urls"), knownvalue.MapSizeExact(len(want))),
		statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("latest_successful"), latest),
	}
}

func TestAccCDBBackups_Filters(t *testing.T) {
	acctest.ProviderLogic(t)
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(30)
	all := mock.GenerateBackups(id, acctest.Region, 80, acctest.Newest)
	sorted := newestFirst(all)
	srv.SetBackups(acctest.Region, id, all)

	// The window: the 10th to the 30th newest backups' dates, written in UTC to cross the offset.
	after := beijingDate(t, sorted[29].Date).UTC().Format(time.RFC3339)
	before := beijingDate(t, sorted[9].Date).UTC().Format(time.RFC3339)
	// One day's backups, by the date in their names ("cdb-..._backup_20250629020000").
	namePattern := "_backup_" + strings.ReplaceAll(sorted[5].Date[:10], "-", "")

	keep := func(pred func(mock.Backup) bool) []mock.Backup {
		var out []mock.Backup
		for _, b := range sorted {
			if pred(b) {
				out = append(out, b)
			}
		}
		return out
	}
	inWindow := func(b mock.Backup) bool {
		d := beijingDate(t, b.Date)
		a, _ := time.Parse(time.RFC3339, after)
		z, _ := time.Parse(time.RFC3339, before)
		return !d.Before(a) && d.Before(z)
	}
	cases := []struct {
		name string
		args []string
		want []mock.Backup
	}{
		{"no filter", nil, sorted},
		{"status", []string{`status = "FAILED"`}, keep(func(b mock.Backup) bool { return b.Status == "FAILED" })},
		{"type", []string{`type = "physical"`}, keep(func(b mock.Backup) bool { return b.Type == "physical" })},
		{"way", []string{`way = "manual"`}, keep(func(b mock.Backup) bool { return b.Way == "manual" })},
		{"method", []string{`method = "partial"`}, keep(func(b mock.Backup) bool { return b.Method == "partial" })},
		{"name_regex", []string{fmt.Sprintf("name_regex = %q", namePattern)}, keep(func(b mock.Backup) bool { return regexp.MustCompile(namePattern).MatchString(b.Name) })},
		{"manual_backup_name_regex", []string{`manual_backup_name_regex = "^pre-"`},
			keep(func(b mock.Backup) bool { return strings.HasPrefix(b.ManualBackupName, "pre-") })},
		{"window", []string{fmt.Sprintf("created_after = %q", after), fmt.Sprintf("created_before = %q", before)}, keep(inWindow)},
		{"most_recent", []string{"most_recent = true"}, sorted[:1]},
		{"combined", []string{`status = "SUCCESS"`, `way = "automatic"`, fmt.Sprintf("created_after = %q", after), fmt.Sprintf("created_before = %q", before), "most_recent = true"},
			keep(func(b mock.Backup) bool { return b.Status == "SUCCESS" && b.Way == "automatic" && inWindow(b) })[:1]},
		{"no match", []string{`status = "RUNNING"`, `way = "manual"`}, keep(func(b mock.Backup) bool { return b.Status == "RUNNING" && b.Way == "manual" })},
		{"no match with most_recent", []string{`name_regex = "^nothing-matches$"`, "most_recent = true"}, nil},
		{"all match", []string{`name_regex = "backup"`}, sorted},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		if tc.name != "no filter" && tc.name != "all match" && len(tc.want) == len(sorted) {
			t.Fatalf("%s: the fixture does not exercise the filter (everything matches)", tc.name)
		}
		steps = append(steps, resource.TestStep{
			Config:            dataSourceConfig(srv, id, tc.args...),
			ConfigStateChecks: expectMatches(all, tc.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
}

// TestAccCDBBackups_MostRecentTieBrokenByBackupID has two newest backups at the same second.
func TestAccCDBBackups_MostRecentTieBrokenByBackupID(t *testing.T) {
	srv := acctest.StartMock(t)
	id := acctest.InstanceID(31)
	all := mock.GenerateBackups(id, acctest.Region, 6, acctest.Newest)
	sorted := newestFirst(all)
	for i := range all {
		if all[i].BackupId == sorted[1].BackupId {
			all[i].Date = sorted[0].Date
			all[i].BackupId = sorted[0].BackupId + 1 // the tie goes to the higher ID
			all[i].Status = "SUCCESS"
		}
	}
	srv.SetBackups(acctest.Region, id, all)
	winner := newestFirst(all)[0]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, id, "most_recent = true"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListExact([]knownvalue.Check{expectBackup(winner)})),
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("latest_successful"), expectBackup(winner)),
			},
		}},
	})
}

func TestAccCDBBackups_InvalidFilters(t *testing.T) {
	t.Parallel()
	srv := acctest.StartMock(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown status", []string{`status = "DONE"`}, `(?s)Attribute status value must be one of:.*"SUCCESS".*got:\s+"DONE"`},
		{"lowercase status", []string{`status = "success"`}, `(?s)Attribute status value must be one of`},
		{"unknown type", []string{`type = "incremental"`}, `(?s)Attribute type value must be one of:.*"logical".*got:\s+"incremental"`},
		{"unknown way", []string{`way = "scheduled"`}, `(?s)Attribute way value must be one of`},
		{"unknown method", []string{`method = "diff"`}, `(?s)Attribute method value must be one of`},
		{"bad pattern", []string{`name_regex = "backup_(2024"`}, `(?s)Invalid regular expression.*name_regex = "backup_\(2024".*"backup_\(2024" must be a valid regular expression\s+\(RE2 syntax\): missing\s+closing \)`},
		{"bad time", []string{`created_after = "yesterday"`}, `(?s)Invalid time.*created_after = "yesterday" is not a time`},
		{"time without zone", []string{`created_before = "2024-05-01 00:00:00"`}, `(?s)Invalid time.*created_before = "2024-05-01 00:00:00" is not a time`},
		{"empty window", []string{`created_after = "2024-05-02T00:00:00Z"`, `created_before = "2024-05-01T00:00:00+08:00"`}, `(?s)Empty time window.*created_before \(2024-05-01T00:00:00\+08:00\) must be later than\s+created_after\s+\(2024-05-02T00:00:00Z\)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      dataSourceConfig(srv, "cdb-c1nl9rpv", tc.args...),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	// Cleanups run once the parallel subtests are done.
	t.Cleanup(func() {
		if calls := srv.Calls(); len(calls) != 0 {
			t.Errorf("invalid filters reached the API: %+v", calls)
		}
	})
}
