package cdbbackups

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// flattenBackups writes the backups list and the download_urls map as the state does, and reads them back as
// Terraform values with terraform-plugin-go's decoder: this is where the MessagePack written by hand meets an
// independent reader, which checks it against the schema's types.
func flattenBackups(backups []*tencentcloud.BackupInfo) (list, urls tftypes.Value, unkeyed int, err error) {
	var m msgpack
	if err := writeBackups(&m, backups); err != nil {
		return tftypes.Value{}, tftypes.Value{}, 0, err
	}
	if list, err = decodeState(m, backupsTFType); err != nil {
		return tftypes.Value{}, tftypes.Value{}, 0, fmt.Errorf("decoding the written list: %w", err)
	}
	m = m[:0]
	unkeyed = writeDownloadURLs(&m, backups)
	if urls, err = decodeState(m, urlMapTFType); err != nil {
		return tftypes.Value{}, tftypes.Value{}, 0, fmt.Errorf("decoding the written download_urls: %w", err)
	}
	return list, urls, unkeyed, nil
}

// tfTime writes one API time and reads it back.
func tfTime(s *string) (tftypes.Value, error) {
	var m msgpack
	if err := m.apiTime(s, "t"); err != nil {
		return tftypes.Value{}, err
	}
	return decodeState(m, tftypes.String)
}

// flattenToFramework runs flattenBackups and reads its values back as framework values, for easy inspection.
func flattenToFramework(t *testing.T, backups []*tencentcloud.BackupInfo) (types.List, types.Map, int, error) {
	t.Helper()
	list, urls, unkeyed, err := flattenBackups(backups)
	if err != nil {
		return types.List{}, types.Map{}, 0, err
	}
	ctx := context.Background()
	l, err := types.ListType{ElemType: backupType}.ValueFromTerraform(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	m, err := types.MapType{ElemType: downloadURLsType}.ValueFromTerraform(ctx, urls)
	if err != nil {
		t.Fatal(err)
	}
	return l.(types.List), m.(types.Map), unkeyed, nil
}

func TestTFTime(t *testing.T) {
	cases := []struct {
		in       *string
		want     string // "" for null
		wantFail bool
	}{
		{ptr("2017-04-29 00:01:34"), "2017-04-29T00:01:34+08:00", false},
		{ptr("2024-12-31 23:59:59"), "2024-12-31T23:59:59+08:00", false},
		{ptr("0000-00-00 00:00:00"), "", false},
		{ptr(""), "", false},
		{nil, "", false},
		{ptr("2017-04-29T00:01:34+08:00"), "", true},
		{ptr("0001-01-01 00:00:00"), "0001-01-01T00:00:00+08:00", false},
		{ptr("yesterday"), "", true},
		{ptr("2017-02-30 00:00:00"), "", true},
	}
	for _, tc := range cases {
		v, err := tfTime(tc.in)
		name := "<nil>"
		if tc.in != nil {
			name = *tc.in
		}
		if (err != nil) != tc.wantFail {
			t.Errorf("%q: error %v, want failure %v", name, err, tc.wantFail)
			continue
		}
		if tc.want == "" {
			if !v.IsNull() {
				t.Errorf("%q: got %s, want null", name, v)
			}
			continue
		}
		var got string
		if err := v.As(&got); err != nil || got != tc.want {
			t.Errorf("%q: got %q (%v), want %s", name, got, err, tc.want)
		}
		parsed, err := time.Parse(time.RFC3339, got)
		if err != nil || parsed.UTC().Format("2006-01-02 15:04:05") == *tc.in {
			t.Errorf("%q: the offset was not applied (UTC %s)", name, parsed.UTC())
		}
	}
}

func TestSortNewestFirst(t *testing.T) {
	mk := func(id int64, date string) *tencentcloud.BackupInfo {
		b := &tencentcloud.BackupInfo{BackupID: ptr(id)}
		if date != "" {
			b.Date = ptr(date)
		}
		return b
	}
	backups := []*tencentcloud.BackupInfo{
		mk(1, "2024-01-01 00:00:00"),
		mk(5, ""),
		mk(2, "2024-03-01 00:00:00"),
		mk(4, "2024-03-01 00:00:00"), // same date as 2: the higher BackupId comes first
		mk(3, "2023-12-31 23:59:59"),
		{Date: ptr("2024-02-01 00:00:00")}, // no BackupId
	}
	sortNewestFirst(backups)
	var got []int64
	for _, b := range backups {
		if b.BackupID == nil {
			got = append(got, -1)
			continue
		}
		got = append(got, *b.BackupID)
	}
	want := []int64{4, 2, -1, 1, 3, 5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}

func TestFlattenBackups_NullAndMissingFields(t *testing.T) {
	backups := []*tencentcloud.BackupInfo{
		{},                        // every field absent
		{BackupID: ptr(int64(7))}, // only an ID
		{BackupID: ptr(int64(8)), RemoteInfo: []*tencentcloud.RemoteBackupInfo{nil, {}, {SubBackupID: ptr(int64(80)), URL: ptr("https://example/remote")}}},
	}
	list, urls, unkeyed, err := flattenToFramework(t, backups)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Elements()) != 3 || unkeyed != 1 || len(urls.Elements()) != 2 {
		t.Fatalf("list %d, urls %d, unkeyed %d", len(list.Elements()), len(urls.Elements()), unkeyed)
	}
	first := list.Elements()[0].(types.Object).Attributes()
	for name, v := range first {
		if name == "remote_info" {
			if l := v.(types.List); l.IsNull() || len(l.Elements()) != 0 {
				t.Errorf("remote_info of an empty backup = %s, want []", l)
			}
			continue
		}
		if !v.IsNull() {
			t.Errorf("%s = %s, want null", name, v)
		}
	}
	remote := list.Elements()[2].(types.Object).Attributes()["remote_info"].(types.List)
	if len(remote.Elements()) != 2 {
		t.Fatalf("remote_info has %d entries, want 2 (the nil one dropped)", len(remote.Elements()))
	}
	entry := urls.Elements()["8"].(types.Object).Attributes()
	if !entry["internet_url"].IsNull() {
		t.Errorf("internet_url = %s, want null", entry["internet_url"])
	}
	remoteURLs := entry["remote_urls"].(types.Map).Elements()
	if len(remoteURLs) != 1 || remoteURLs["80"].(types.String).ValueString() != "https://example/remote" {
		t.Errorf("remote_urls = %v", remoteURLs)
	}
}

func TestFlattenBackups_BadTimeNamesBackupAndField(t *testing.T) {
	_, _, _, err := flattenToFramework(t, []*tencentcloud.BackupInfo{{BackupID: ptr(int64(42)), FinishTime: ptr("soon")}})
	if err == nil || err.Error() != `backup 42: finish_time: "soon" is not a time in the API's format "2006-01-02 15:04:05"` {
		t.Fatalf("got %v", err)
	}
}

func TestFlattenBackups_EmptyIsEmptyNotNull(t *testing.T) {
	list, urls, _, err := flattenToFramework(t, []*tencentcloud.BackupInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if list.IsNull() || len(list.Elements()) != 0 || urls.IsNull() || len(urls.Elements()) != 0 {
		t.Fatalf("list %s, urls %s; want empty, not null", list, urls)
	}
}
