package cdbbackups

import (
	"bytes"
	"cmp"
	"context"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// decodeState reads MessagePack with terraform-plugin-go, as the framework reads a DynamicValue.
func decodeState(b []byte, typ tftypes.Type) (tftypes.Value, error) {
	return (&tfprotov6.DynamicValue{MsgPack: b}).Unmarshal(typ)
}

// pluginGoBytes is terraform-plugin-go's MessagePack for a value: the form the provider's writer must produce.
func pluginGoBytes(t *testing.T, typ tftypes.Type, v any) []byte {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, v))
	if err != nil {
		t.Fatal(err)
	}
	return dv.MsgPack
}

// TestMsgpack_SameBytesAsPluginGo checks every encoding the writer chooses between, at each boundary, against
// terraform-plugin-go's encoder.
func TestMsgpack_SameBytesAsPluginGo(t *testing.T) {
	for _, n := range []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64} {
		var m msgpack
		m.int(n)
		if want := pluginGoBytes(t, tftypes.Number, new(big.Float).SetInt64(n)); !bytes.Equal(m, want) {
			t.Errorf("int %d: % x, want % x", n, []byte(m), want)
		}
	}
	for _, n := range []int{0, 1, 31, 32, 255, 256, 65535, 65536} {
		s := strings.Repeat("x", n)
		var m msgpack
		m.str(s)
		if want := pluginGoBytes(t, tftypes.String, s); !bytes.Equal(m, want) {
			t.Errorf("string of %d bytes: header % x, want % x", n, []byte(m[:min(len(m), 5)]), want[:min(len(want), 5)])
		}
	}
	for _, n := range []int{0, 15, 16, 65535, 65536} {
		var m msgpack
		m.arrayLen(n)
		elems := make([]tftypes.Value, n)
		for i := range elems {
			m.null()
			elems[i] = tftypes.NewValue(tftypes.String, nil)
		}
		if want := pluginGoBytes(t, tftypes.List{ElementType: tftypes.String}, elems); !bytes.Equal(m, want) {
			t.Errorf("list of %d: header % x, want % x", n, []byte(m[:min(len(m), 5)]), want[:min(len(want), 5)])
		}
	}
	var m msgpack
	m.null()
	m.unknown()
	want := append(pluginGoBytes(t, tftypes.String, nil), pluginGoBytes(t, tftypes.String, tftypes.UnknownValue)...)
	if !bytes.Equal(m, want) {
		t.Errorf("null and unknown: % x, want % x", []byte(m), want)
	}
}

// TestMsgpack_MapsDecode writes maps of each header size and decodes them: terraform-plugin-go writes map entries
// in Go's random map order, so bytes cannot be compared.
func TestMsgpack_MapsDecode(t *testing.T) {
	typ := tftypes.Map{ElementType: tftypes.Number}
	for _, n := range []int{0, 15, 16, 65536} {
		var m msgpack
		m.mapLen(n)
		want := make(map[string]tftypes.Value, n)
		for i := range n {
			m.intKey(int64(i - 1))
			m.int(int64(i))
			want[strconv.Itoa(i-1)] = tftypes.NewValue(tftypes.Number, int64(i))
		}
		got, err := decodeState(m, typ)
		if err != nil {
			t.Fatalf("map of %d: %v", n, err)
		}
		if !got.Equal(tftypes.NewValue(typ, want)) {
			t.Errorf("map of %d decodes to a different map", n)
		}
	}
}

// TestBackupFields_AreTheSchemasInOrder: every attribute of a backup is written, once, in sorted order, as
// terraform-plugin-go orders an object's attributes.
func TestBackupFields_AreTheSchemasInOrder(t *testing.T) {
	var names []string
	for _, f := range backupFields {
		names = append(names, f.name)
	}
	if want := slices.Sorted(maps.Keys(backupAttrTypes)); !slices.Equal(names, want) {
		t.Fatalf("backupFields = %v\nschema       = %v", names, want)
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
	remote := tftypes.NewValue(remoteInfoType.TerraformType(context.Background()), map[string]tftypes.Value{
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
	if err := writeBackup(&m, fullBackup()); err != nil {
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
	writeLinks(&m, fullBackup())
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
	state, unkeyed, err := writeState(config, readResult{instanceID: "cdb-abcdefgh", pageSize: 50, totalCount: 9, matched: []*tencentcloud.BackupInfo{fullBackup()}})
	if err != nil || unkeyed != 0 {
		t.Fatal(err, unkeyed)
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
	unkeyed := writeDownloadURLs(&m, []*tencentcloud.BackupInfo{first, {}, second, other, {}})
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
