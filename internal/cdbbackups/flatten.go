package cdbbackups

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// apiTimeLayout is how the API writes times: Beijing time, without a zone.
const apiTimeLayout = "2006-01-02 15:04:05"

// beijing is UTC+8, the zone of every time the CDB API returns. China has no daylight saving time, so a fixed
// offset is exact, and it keeps the +08:00 users see in the console.
var beijing = time.FixedZone("UTC+8", 8*60*60)

// parseAPITime converts an API time to RFC 3339 with the +08:00 offset. Empty and zero times
// ("0000-00-00 00:00:00", as a running backup's finish time) have no value.
func parseAPITime(s *string) (timetypes.RFC3339, error) {
	if s == nil || *s == "" || *s == "0000-00-00 00:00:00" {
		return timetypes.NewRFC3339Null(), nil
	}
	t, err := time.ParseInLocation(apiTimeLayout, *s, beijing)
	if err != nil {
		return timetypes.NewRFC3339Null(), fmt.Errorf("%q is not a time in the API's format %q", *s, apiTimeLayout)
	}
	return timetypes.NewRFC3339TimeValue(t), nil
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
		if b.Date != nil {
			if t, err := time.ParseInLocation(apiTimeLayout, *b.Date, beijing); err == nil {
				k.date = t.Unix()
			}
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

// flattenBackups builds the backups list and the download_urls map. Backups without a BackupId cannot be keyed,
// so they get no download_urls entry; the count of those is returned for a warning.
func flattenBackups(backups []*tencentcloud.BackupInfo) (list types.List, urls types.Map, unkeyed int, err error) {
	elems := make([]attr.Value, 0, len(backups))
	urlElems := make(map[string]attr.Value, len(backups))
	for _, b := range backups {
		obj, err := flattenBackup(b)
		if err != nil {
			return types.List{}, types.Map{}, 0, err
		}
		elems = append(elems, obj)
		if b.BackupID == nil {
			unkeyed++
			continue
		}
		urlElems[strconv.FormatInt(*b.BackupID, 10)] = flattenDownloadURLs(b)
	}
	list, diags := types.ListValue(backupType, elems)
	if diags.HasError() {
		return types.List{}, types.Map{}, 0, fmt.Errorf("building the backups list: %v", diags)
	}
	urls, diags = types.MapValue(downloadURLsType, urlElems)
	if diags.HasError() {
		return types.List{}, types.Map{}, 0, fmt.Errorf("building download_urls: %v", diags)
	}
	return list, urls, unkeyed, nil
}

func flattenBackup(b *tencentcloud.BackupInfo) (attr.Value, error) {
	times := map[string]*string{"date": b.Date, "start_time": b.StartTime, "finish_time": b.FinishTime}
	values := map[string]attr.Value{
		"backup_id":          types.Int64PointerValue(b.BackupID),
		"name":               types.StringPointerValue(b.Name),
		"size":               types.Int64PointerValue(b.Size),
		"type":               types.StringPointerValue(b.Type),
		"status":             types.StringPointerValue(b.Status),
		"creator":            types.StringPointerValue(b.Creator),
		"method":             types.StringPointerValue(b.Method),
		"way":                types.StringPointerValue(b.Way),
		"manual_backup_name": types.StringPointerValue(b.ManualBackupName),
		"save_mode":          types.StringPointerValue(b.SaveMode),
		"region":             types.StringPointerValue(b.Region),
		"cos_storage_type":   types.Int64PointerValue(b.CosStorageType),
		"instance_id":        types.StringPointerValue(b.InstanceID),
		"progress":           types.Int64PointerValue(b.Progress),
		"encryption_flag":    types.StringPointerValue(b.EncryptionFlag),
		"executed_gtid_set":  types.StringPointerValue(b.ExecutedGTIDSet),
		"md5":                types.StringPointerValue(b.MD5),
	}
	for name, s := range times {
		v, err := parseAPITime(s)
		if err != nil {
			return nil, fmt.Errorf("backup %s: %s: %w", describeBackupID(b.BackupID), name, err)
		}
		values[name] = v
	}
	remotes := make([]attr.Value, 0, len(b.RemoteInfo))
	for _, r := range b.RemoteInfo {
		if r == nil {
			continue
		}
		start, err := parseAPITime(r.StartTime)
		if err != nil {
			return nil, fmt.Errorf("backup %s: remote_info start_time: %w", describeBackupID(b.BackupID), err)
		}
		finish, err := parseAPITime(r.FinishTime)
		if err != nil {
			return nil, fmt.Errorf("backup %s: remote_info finish_time: %w", describeBackupID(b.BackupID), err)
		}
		obj, diags := types.ObjectValue(remoteInfoAttrTypes, map[string]attr.Value{
			"sub_backup_id": types.Int64PointerValue(r.SubBackupID),
			"region":        types.StringPointerValue(r.Region),
			"status":        types.StringPointerValue(r.Status),
			"start_time":    start,
			"finish_time":   finish,
		})
		if diags.HasError() {
			return nil, fmt.Errorf("backup %s: remote_info: %v", describeBackupID(b.BackupID), diags)
		}
		remotes = append(remotes, obj)
	}
	remoteList, diags := types.ListValue(remoteInfoType, remotes)
	if diags.HasError() {
		return nil, fmt.Errorf("backup %s: remote_info: %v", describeBackupID(b.BackupID), diags)
	}
	values["remote_info"] = remoteList
	obj, diags := types.ObjectValue(backupAttrTypes, values)
	if diags.HasError() {
		return nil, fmt.Errorf("backup %s: %v", describeBackupID(b.BackupID), diags)
	}
	return obj, nil
}

// flattenDownloadURLs gives a backup's links; empty links (FAILED backups have none) are null.
func flattenDownloadURLs(b *tencentcloud.BackupInfo) attr.Value {
	remote := make(map[string]attr.Value, len(b.RemoteInfo))
	for _, r := range b.RemoteInfo {
		if r == nil || r.SubBackupID == nil {
			continue
		}
		remote[strconv.FormatInt(*r.SubBackupID, 10)] = nonEmptyString(r.URL)
	}
	return types.ObjectValueMust(downloadURLsAttrTypes, map[string]attr.Value{
		"internet_url": nonEmptyString(b.InternetURL),
		"intranet_url": nonEmptyString(b.IntranetURL),
		"remote_urls":  types.MapValueMust(types.StringType, remote),
	})
}

func nonEmptyString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

func describeBackupID(id *int64) string {
	if id == nil {
		return "(without BackupId)"
	}
	return strconv.FormatInt(*id, 10)
}
