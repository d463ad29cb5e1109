package cdb

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// The Terraform types of the state's parts, from the schema.
var (
	stateTFType        = cachedSchema().Type().TerraformType(context.Background()).(tftypes.Object)
	backupsTFType      = stateTFType.AttributeTypes["backups"]
	backupTFType       = backupsTFType.(tftypes.List).ElementType
	urlMapTFType       = stateTFType.AttributeTypes["download_urls"]
	downloadURLsTFType = urlMapTFType.(tftypes.Map).ElementType
	remoteInfoTFType   = backupTFType.(tftypes.Object).AttributeTypes["remote_info"].(tftypes.List).ElementType
)

// writeBackups writes the backups list and the download_urls map as the state does, and reads them back as
// Terraform values with terraform-plugin-go's decoder: this is where the MessagePack written from the tables
// meets an independent reader, which checks it against the schema's types.
func writeBackups(backups []*tencentcloud.BackupInfo) (list, urls tftypes.Value, unkeyed int, err error) {
	var m msgpack
	if err := writeList(&m, backupInfo, backups); err != nil {
		return tftypes.Value{}, tftypes.Value{}, 0, err
	}
	if list, err = decodeState(m, backupsTFType); err != nil {
		return tftypes.Value{}, tftypes.Value{}, 0, fmt.Errorf("decoding the written list: %w", err)
	}
	m = m[:0]
	writeLinksByKey(&m, backupInfo, backups)
	unkeyed = countUnkeyed(backupInfo, backups)
	if urls, err = decodeState(m, urlMapTFType); err != nil {
		return tftypes.Value{}, tftypes.Value{}, 0, fmt.Errorf("decoding the written download_urls: %w", err)
	}
	return list, urls, unkeyed, nil
}

// tfTime writes one API time and reads it back.
func tfTime(s *string) (tftypes.Value, error) {
	var m msgpack
	if err := m.apiTime(s); err != nil {
		return tftypes.Value{}, err
	}
	return decodeState(m, tftypes.String)
}

// writeToFramework runs writeBackups and reads its values back as framework values, for easy inspection.
func writeToFramework(t *testing.T, backups []*tencentcloud.BackupInfo) (types.List, types.Map, int, error) {
	t.Helper()
	list, urls, unkeyed, err := writeBackups(backups)
	if err != nil {
		return types.List{}, types.Map{}, 0, err
	}
	ctx := context.Background()
	l, err := cachedSchema().Attributes["backups"].GetType().ValueFromTerraform(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	m, err := cachedSchema().Attributes["download_urls"].GetType().ValueFromTerraform(ctx, urls)
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

func TestWriteBackups_NullAndMissingFields(t *testing.T) {
	backups := []*tencentcloud.BackupInfo{
		{},                        // every field absent
		{BackupID: ptr(int64(7))}, // only an ID
		{BackupID: ptr(int64(8)), RemoteInfo: []*tencentcloud.RemoteBackupInfo{nil, {}, {SubBackupID: ptr(int64(80)), URL: ptr("https://example/remote")}}},
	}
	list, urls, unkeyed, err := writeToFramework(t, backups)
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

func TestWriteBackups_BadTimeNamesBackupAndField(t *testing.T) {
	_, _, _, err := writeToFramework(t, []*tencentcloud.BackupInfo{{BackupID: ptr(int64(42)), FinishTime: ptr("soon")}})
	if err == nil || err.Error() != `backup 42: finish_time: "soon" is not a time in the API's format "2006-01-02 15:04:05"` {
		t.Fatalf("got %v", err)
	}
}

func TestWriteBackups_EmptyIsEmptyNotNull(t *testing.T) {
	list, urls, _, err := writeToFramework(t, []*tencentcloud.BackupInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if list.IsNull() || len(list.Elements()) != 0 || urls.IsNull() || len(urls.Elements()) != 0 {
		t.Fatalf("list %s, urls %s; want empty, not null", list, urls)
	}
}

// TestTables_EveryAPIField: every field of the API structs has a row in its table, so that a field added to a
// struct without its row fails here rather than going missing from the state.
func TestTables_EveryAPIField(t *testing.T) {
	for _, o := range []*object{backupInfo, remoteBackupInfo, binlogInfo} {
		rows := map[string]bool{}
		for _, f := range o.fields {
			rows[f.api] = true
		}
		for i := range o.goType.NumField() {
			key, _, _ := strings.Cut(o.goType.Field(i).Tag.Get("json"), ",")
			if !rows[key] {
				t.Errorf("%s.%s (%s) has no row in the table", o.name, o.goType.Field(i).Name, key)
			}
		}
	}
}

// fullBackup has every field set, each to a value of its own.
func fullBackup() *tencentcloud.BackupInfo {
	return &tencentcloud.BackupInfo{
		Name: ptr("n"), Size: ptr(int64(300)), Date: ptr("2024-05-01 02:00:00"), IntranetURL: ptr("https://in"),
		InternetURL: ptr("https://out"), Type: ptr("physical"), BackupID: ptr(int64(70000)), Status: ptr("SUCCESS"),
		FinishTime: ptr("2024-05-01 02:10:00"), Creator: ptr("SYSTEM"), StartTime: ptr("2024-05-01 02:01:00"),
		Method: ptr("full"), Way: ptr("automatic"), ManualBackupName: ptr("alias"), SaveMode: ptr("save_mode_regular"),
		Region: ptr("ap-guangzhou"), CosStorageType: ptr(int64(1)), InstanceID: ptr("cdb-abcdefgh"), Progress: ptr(int64(100)),
		EncryptionFlag: ptr("on"), ExecutedGTIDSet: ptr("uuid:1-9"), MD5: ptr("d41d8cd9"),
		RemoteInfo: []*tencentcloud.RemoteBackupInfo{{
			SubBackupID: ptr(int64(71)), Region: ptr("ap-shanghai"), Status: ptr("SUCCESS"),
			StartTime: ptr("2024-05-01 03:00:00"), FinishTime: ptr("2024-05-01 03:05:00"), URL: ptr("https://remote"),
		}},
	}
}

// TestWriteBackup_SameBytesAsPluginGo compares a whole backup and its links, every field set, with the values
// built independently and encoded by terraform-plugin-go.
func TestWriteBackup_SameBytesAsPluginGo(t *testing.T) {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	remote := tftypes.NewValue(remoteInfoTFType, map[string]tftypes.Value{
		"sub_backup_id": num(71), "region": str("ap-shanghai"), "status": str("SUCCESS"),
		"start_time": str("2024-05-01T03:00:00+08:00"), "finish_time": str("2024-05-01T03:05:00+08:00"),
	})
	want := pluginGoBytes(t, backupTFType, map[string]tftypes.Value{
		"backup_id": num(70000), "name": str("n"), "size": num(300), "date": str("2024-05-01T02:00:00+08:00"),
		"start_time": str("2024-05-01T02:01:00+08:00"), "finish_time": str("2024-05-01T02:10:00+08:00"),
		"type": str("physical"), "status": str("SUCCESS"), "creator": str("SYSTEM"), "method": str("full"),
		"way": str("automatic"), "manual_backup_name": str("alias"), "save_mode": str("save_mode_regular"),
		"region": str("ap-guangzhou"), "remote_info": tftypes.NewValue(tftypes.List{ElementType: remote.Type()}, []tftypes.Value{remote}),
		"cos_storage_type": num(1), "instance_id": str("cdb-abcdefgh"), "progress": num(100), "encryption_flag": str("on"),
		"executed_gtid_set": str("uuid:1-9"), "md5": str("d41d8cd9"),
	})
	var m msgpack
	if err := writeOne(&m, backupInfo, fullBackup()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m, want) {
		t.Errorf("backup:\n got % x\nwant % x", []byte(m), want)
	}

	links := pluginGoBytes(t, downloadURLsTFType, map[string]tftypes.Value{
		"internet_url": str("https://out"), "intranet_url": str("https://in"),
		"remote_urls": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"71": str("https://remote")}),
	})
	m = m[:0]
	m.links(backupInfo, reflect.ValueOf(fullBackup()).Elem())
	if !bytes.Equal(m, links) {
		t.Errorf("links:\n got % x\nwant % x", []byte(m), links)
	}
}

// TestWriteState_EveryComputedAttribute: each computed attribute of the schema is written from the read, not
// taken from the (null) configuration; each argument goes back as configured.
func TestWriteState_EveryComputedAttribute(t *testing.T) {
	ctx := context.Background()
	s := dataSourceSchema(t)
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	args := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		args[name] = tftypes.NewValue(at, nil)
	}
	args["instance_id"] = tftypes.NewValue(tftypes.String, "cdb-abcdefgh")
	args["name_regex"] = tftypes.NewValue(tftypes.String, "^n$")
	args["most_recent"] = tftypes.NewValue(tftypes.Bool, false)
	config := tftypes.NewValue(typ, args)
	state, err := writeState(config, &readResult{instanceID: "cdb-abcdefgh", pageSize: 50, totalCount: 9, matched: []*tencentcloud.BackupInfo{fullBackup()}, includeURLs: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeState(state, typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := got.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for name, a := range s.Attributes {
		v := attrs[name]
		switch {
		case a.IsComputed() && v.IsNull():
			t.Errorf("computed %s is null", name)
		case !a.IsComputed() && !v.Equal(args[name]):
			t.Errorf("argument %s = %s, configured %s", name, v, args[name])
		}
	}
	for name, want := range map[string]int64{"page_size": 50, "total_count": 9, "matched_count": 1} {
		var n big.Float
		if err := attrs[name].As(&n); err != nil || n.Cmp(big.NewFloat(float64(want))) != 0 {
			t.Errorf("%s = %s, want %d", name, attrs[name], want)
		}
	}
}

// TestWriteDownloadURLs_KeysAndDuplicates: one entry per distinct BackupId, the first one kept, in list order;
// backups without an ID are counted.
func TestWriteDownloadURLs_KeysAndDuplicates(t *testing.T) {
	first, second := fullBackup(), fullBackup()
	second.InternetURL = ptr("https://second")
	other := fullBackup()
	other.BackupID = ptr(int64(-5))
	var m msgpack
	backups := []*tencentcloud.BackupInfo{first, {}, second, other, {}}
	writeLinksByKey(&m, backupInfo, backups)
	unkeyed := countUnkeyed(backupInfo, backups)
	got, err := decodeState(m, urlMapTFType)
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]tftypes.Value
	if err := got.As(&entries); err != nil {
		t.Fatal(err)
	}
	keys := slices.SortedFunc(maps.Keys(entries), cmp.Compare)
	if unkeyed != 2 || !slices.Equal(keys, []string{"-5", "70000"}) {
		t.Fatalf("keys %v, unkeyed %d", keys, unkeyed)
	}
	var links map[string]tftypes.Value
	_ = entries["70000"].As(&links)
	if !links["internet_url"].Equal(tftypes.NewValue(tftypes.String, "https://out")) {
		t.Errorf("70000 has %s, want the first entry's link", links["internet_url"])
	}
}

// TestWriteState_NoLinksUnlessAsked: without include_download_urls, download_urls is null and no link is written
// anywhere in the state.
func TestWriteState_NoLinksUnlessAsked(t *testing.T) {
	args := map[string]tftypes.Value{}
	for name, at := range stateTFType.AttributeTypes {
		args[name] = tftypes.NewValue(at, nil)
	}
	args["instance_id"] = tftypes.NewValue(tftypes.String, "cdb-abcdefgh")
	state, err := writeState(tftypes.NewValue(stateTFType, args), &readResult{instanceID: "cdb-abcdefgh", pageSize: 50, totalCount: 1, matched: []*tencentcloud.BackupInfo{fullBackup()}})
	if err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"https://out", "https://in", "https://remote"} {
		if bytes.Contains(state, []byte(link)) {
			t.Errorf("the state holds the link %s", link)
		}
	}
	got, err := decodeState(state, stateTFType)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := got.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if !attrs["download_urls"].IsNull() {
		t.Errorf("download_urls = %s, want null", attrs["download_urls"])
	}
}
