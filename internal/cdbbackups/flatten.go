package cdbbackups

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// apiTimeLayout is how the API writes times: Beijing time, without a zone.
const apiTimeLayout = "2006-01-02 15:04:05"

// beijing is UTC+8, the zone of every time the CDB API returns. China has no daylight saving time, so a fixed
// offset is exact, and it keeps the +08:00 users see in the console.
var beijing = time.FixedZone("UTC+8", 8*60*60)

// parseAPITime reads an API time in Beijing time. Empty and zero times ("0000-00-00 00:00:00", as a running
// backup's finish time) have no value and give nil.
func parseAPITime(s *string) (*time.Time, error) {
	if s == nil || *s == "" || *s == "0000-00-00 00:00:00" {
		return nil, nil
	}
	t, err := time.ParseInLocation(apiTimeLayout, *s, beijing)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time in the API's format %q", *s, apiTimeLayout)
	}
	return &t, nil
}

// Attribute types of the objects in the lists and maps, shared by the schema and the values built from the API.
var (
	remoteInfoAttrTypes = map[string]attr.Type{
		"sub_backup_id": types.Int64Type,
		"region":        types.StringType,
		"status":        types.StringType,
		"start_time":    timetypes.RFC3339Type{},
		"finish_time":   timetypes.RFC3339Type{},
	}
	remoteInfoType = types.ObjectType{AttrTypes: remoteInfoAttrTypes}

	backupAttrTypes = map[string]attr.Type{
		"backup_id":          types.Int64Type,
		"name":               types.StringType,
		"size":               types.Int64Type,
		"date":               timetypes.RFC3339Type{},
		"start_time":         timetypes.RFC3339Type{},
		"finish_time":        timetypes.RFC3339Type{},
		"type":               types.StringType,
		"status":             types.StringType,
		"creator":            types.StringType,
		"method":             types.StringType,
		"way":                types.StringType,
		"manual_backup_name": types.StringType,
		"save_mode":          types.StringType,
		"region":             types.StringType,
		"remote_info":        types.ListType{ElemType: remoteInfoType},
		"cos_storage_type":   types.Int64Type,
		"instance_id":        types.StringType,
		"progress":           types.Int64Type,
		"encryption_flag":    types.StringType,
		"executed_gtid_set":  types.StringType,
		"md5":                types.StringType,
	}
	backupType = types.ObjectType{AttrTypes: backupAttrTypes}

	downloadURLsAttrTypes = map[string]attr.Type{
		"internet_url": types.StringType,
		"intranet_url": types.StringType,
		"remote_urls":  types.MapType{ElemType: types.StringType},
	}
	downloadURLsType = types.ObjectType{AttrTypes: downloadURLsAttrTypes}
)

// sortNewestFirst orders backups by Date, newest first, then by BackupId, highest first, so that the list is the
// same whatever order the API pages came in. Backups without a valid date go last.
func sortNewestFirst(backups []*tencentcloud.BackupInfo) {
	type keyed struct {
		b    *tencentcloud.BackupInfo
		date int64 // Unix seconds; math.MinInt64 when unknown
		id   int64
	}
	keys := make([]keyed, len(backups))
	for i, b := range backups {
		k := keyed{b: b, date: -1 << 63, id: -1 << 63}
		if t, err := parseAPITime(b.Date); err == nil && t != nil {
			k.date = t.Unix()
		}
		if b.BackupID != nil {
			k.id = *b.BackupID
		}
		keys[i] = k
	}
	slices.SortStableFunc(keys, func(a, b keyed) int {
		if c := cmp.Compare(b.date, a.date); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	for i, k := range keys {
		backups[i] = k.b
	}
}

// Terraform types of the values written below, derived from the attribute types above so there is one source.
var (
	backupTFType       = backupType.TerraformType(context.Background())
	downloadURLsTFType = downloadURLsType.TerraformType(context.Background())
	backupsTFType      = tftypes.List{ElementType: backupTFType}
	urlMapTFType       = tftypes.Map{ElementType: downloadURLsTFType}
)

// The state is written straight from the API's structs into the MessagePack that Terraform reads (see
// msgpack.go), without building Terraform or framework values first: for 10,000 backups, values cost hundreds of
// megabytes of short-lived memory and most of the provider's CPU time. The attributes of an object are written in
// the order of their sorted names, as terraform-plugin-go writes them.

// backupField writes one attribute of a backup.
type backupField struct {
	name  string
	write func(m *msgpack, b *tencentcloud.BackupInfo) error
}

// backupFields are a backup's attributes in the order they are written; a test checks them against backupType.
var backupFields = sortedFields([]backupField{
	intField("backup_id", func(b *tencentcloud.BackupInfo) *int64 { return b.BackupID }),
	strField("name", func(b *tencentcloud.BackupInfo) *string { return b.Name }),
	intField("size", func(b *tencentcloud.BackupInfo) *int64 { return b.Size }),
	timeField("date", func(b *tencentcloud.BackupInfo) *string { return b.Date }),
	timeField("start_time", func(b *tencentcloud.BackupInfo) *string { return b.StartTime }),
	timeField("finish_time", func(b *tencentcloud.BackupInfo) *string { return b.FinishTime }),
	strField("type", func(b *tencentcloud.BackupInfo) *string { return b.Type }),
	strField("status", func(b *tencentcloud.BackupInfo) *string { return b.Status }),
	strField("creator", func(b *tencentcloud.BackupInfo) *string { return b.Creator }),
	strField("method", func(b *tencentcloud.BackupInfo) *string { return b.Method }),
	strField("way", func(b *tencentcloud.BackupInfo) *string { return b.Way }),
	strField("manual_backup_name", func(b *tencentcloud.BackupInfo) *string { return b.ManualBackupName }),
	strField("save_mode", func(b *tencentcloud.BackupInfo) *string { return b.SaveMode }),
	strField("region", func(b *tencentcloud.BackupInfo) *string { return b.Region }),
	{"remote_info", writeRemoteInfo},
	intField("cos_storage_type", func(b *tencentcloud.BackupInfo) *int64 { return b.CosStorageType }),
	strField("instance_id", func(b *tencentcloud.BackupInfo) *string { return b.InstanceID }),
	intField("progress", func(b *tencentcloud.BackupInfo) *int64 { return b.Progress }),
	strField("encryption_flag", func(b *tencentcloud.BackupInfo) *string { return b.EncryptionFlag }),
	strField("executed_gtid_set", func(b *tencentcloud.BackupInfo) *string { return b.ExecutedGTIDSet }),
	strField("md5", func(b *tencentcloud.BackupInfo) *string { return b.MD5 }),
})

func strField(name string, get func(*tencentcloud.BackupInfo) *string) backupField {
	return backupField{name, func(m *msgpack, b *tencentcloud.BackupInfo) error { m.optString(get(b)); return nil }}
}

func intField(name string, get func(*tencentcloud.BackupInfo) *int64) backupField {
	return backupField{name, func(m *msgpack, b *tencentcloud.BackupInfo) error { m.optInt(get(b)); return nil }}
}

// timeField is an API time, written as RFC 3339 (see msgpack.apiTime).
func timeField(name string, get func(*tencentcloud.BackupInfo) *string) backupField {
	return backupField{name, func(m *msgpack, b *tencentcloud.BackupInfo) error { return m.apiTime(get(b), name) }}
}

func sortedFields(fields []backupField) []backupField {
	slices.SortFunc(fields, func(a, b backupField) int { return cmp.Compare(a.name, b.name) })
	return fields
}

// writeBackup writes one backup as an object of backupType.
func writeBackup(m *msgpack, b *tencentcloud.BackupInfo) error {
	m.mapLen(len(backupFields))
	for _, f := range backupFields {
		m.str(f.name)
		if err := f.write(m, b); err != nil {
			return fmt.Errorf("backup %s: %w", describeBackupID(b.BackupID), err)
		}
	}
	return nil
}

// writeRemoteInfo writes the cross-region copies of a backup; null entries in the API's list are left out.
func writeRemoteInfo(m *msgpack, b *tencentcloud.BackupInfo) error {
	n := 0
	for _, r := range b.RemoteInfo {
		if r != nil {
			n++
		}
	}
	m.arrayLen(n)
	for _, r := range b.RemoteInfo {
		if r == nil {
			continue
		}
		// Sorted: finish_time, region, start_time, status, sub_backup_id.
		m.mapLen(5)
		m.str("finish_time")
		if err := m.apiTime(r.FinishTime, "remote_info finish_time"); err != nil {
			return err
		}
		m.str("region")
		m.optString(r.Region)
		m.str("start_time")
		if err := m.apiTime(r.StartTime, "remote_info start_time"); err != nil {
			return err
		}
		m.str("status")
		m.optString(r.Status)
		m.str("sub_backup_id")
		m.optInt(r.SubBackupID)
	}
	return nil
}

// writeBackups writes the backups list.
func writeBackups(m *msgpack, backups []*tencentcloud.BackupInfo) error {
	m.arrayLen(len(backups))
	for _, b := range backups {
		if err := writeBackup(m, b); err != nil {
			return err
		}
	}
	return nil
}

// writeDownloadURLs writes the download_urls map, keyed by backup ID, in the order of the list. Backups without a
// BackupId cannot be keyed, so they get no entry; their number is returned for a warning. An ID seen twice keeps
// its first entry (the listing has removed duplicates already).
func writeDownloadURLs(m *msgpack, backups []*tencentcloud.BackupInfo) (unkeyed int) {
	keyed := make([]*tencentcloud.BackupInfo, 0, len(backups))
	seen := make(map[int64]bool, len(backups))
	for _, b := range backups {
		switch {
		case b.BackupID == nil:
			unkeyed++
		case !seen[*b.BackupID]:
			seen[*b.BackupID] = true
			keyed = append(keyed, b)
		}
	}
	m.mapLen(len(keyed))
	for _, b := range keyed {
		m.intKey(*b.BackupID)
		writeLinks(m, b)
	}
	return unkeyed
}

// writeLinks writes a backup's links as an object of downloadURLsType; empty links (FAILED backups have none) are
// null.
func writeLinks(m *msgpack, b *tencentcloud.BackupInfo) {
	// Sorted: internet_url, intranet_url, remote_urls.
	m.mapLen(3)
	m.str("internet_url")
	m.optString(nonEmpty(b.InternetURL))
	m.str("intranet_url")
	m.optString(nonEmpty(b.IntranetURL))
	m.str("remote_urls")
	remotes := make([]*tencentcloud.RemoteBackupInfo, 0, len(b.RemoteInfo))
	for _, r := range b.RemoteInfo {
		if r == nil || r.SubBackupID == nil || slices.ContainsFunc(remotes, func(o *tencentcloud.RemoteBackupInfo) bool { return *o.SubBackupID == *r.SubBackupID }) {
			continue
		}
		remotes = append(remotes, r)
	}
	m.mapLen(len(remotes))
	for _, r := range remotes {
		m.intKey(*r.SubBackupID)
		m.optString(nonEmpty(r.URL))
	}
}

// nonEmpty treats an empty string as absent.
func nonEmpty(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

func describeBackupID(id *int64) string {
	if id == nil {
		return "(without BackupId)"
	}
	return strconv.FormatInt(*id, 10)
}
