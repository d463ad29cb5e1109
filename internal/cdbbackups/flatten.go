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

// Terraform types of the values built below, derived from the attribute types above so there is one source.
var (
	backupTFType       = backupType.TerraformType(context.Background())
	remoteInfoTFType   = remoteInfoType.TerraformType(context.Background())
	downloadURLsTFType = downloadURLsType.TerraformType(context.Background())
	backupsTFType      = tftypes.List{ElementType: backupTFType}
	remoteInfoListType = tftypes.List{ElementType: remoteInfoTFType}
	urlMapTFType       = tftypes.Map{ElementType: downloadURLsTFType}
	remoteURLsTFType   = tftypes.Map{ElementType: tftypes.String}
)

// flattenBackups builds the backups list and the download_urls map as Terraform values. They are built directly,
// not as framework values set through State.Set: for 10,000 backups that costs several times less CPU, and this
// is the provider's whole work after the last page. Backups without a BackupId cannot be keyed, so they get no
// download_urls entry; the count of those is returned for a warning.
func flattenBackups(backups []*tencentcloud.BackupInfo) (list, urls tftypes.Value, unkeyed int, err error) {
	elems := make([]tftypes.Value, 0, len(backups))
	urlElems := make(map[string]tftypes.Value, len(backups))
	for _, b := range backups {
		obj, err := flattenBackup(b)
		if err != nil {
			return tftypes.Value{}, tftypes.Value{}, 0, err
		}
		elems = append(elems, obj)
		if b.BackupID == nil {
			unkeyed++
			continue
		}
		urlElems[strconv.FormatInt(*b.BackupID, 10)] = flattenDownloadURLs(b)
	}
	return tftypes.NewValue(backupsTFType, elems), tftypes.NewValue(urlMapTFType, urlElems), unkeyed, nil
}

func flattenBackup(b *tencentcloud.BackupInfo) (tftypes.Value, error) {
	values := map[string]tftypes.Value{
		"backup_id":          tfInt64(b.BackupID),
		"name":               tfString(b.Name),
		"size":               tfInt64(b.Size),
		"type":               tfString(b.Type),
		"status":             tfString(b.Status),
		"creator":            tfString(b.Creator),
		"method":             tfString(b.Method),
		"way":                tfString(b.Way),
		"manual_backup_name": tfString(b.ManualBackupName),
		"save_mode":          tfString(b.SaveMode),
		"region":             tfString(b.Region),
		"cos_storage_type":   tfInt64(b.CosStorageType),
		"instance_id":        tfString(b.InstanceID),
		"progress":           tfInt64(b.Progress),
		"encryption_flag":    tfString(b.EncryptionFlag),
		"executed_gtid_set":  tfString(b.ExecutedGTIDSet),
		"md5":                tfString(b.MD5),
	}
	for name, s := range map[string]*string{"date": b.Date, "start_time": b.StartTime, "finish_time": b.FinishTime} {
		v, err := tfTime(s)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("backup %s: %s: %w", describeBackupID(b.BackupID), name, err)
		}
		values[name] = v
	}
	remotes := make([]tftypes.Value, 0, len(b.RemoteInfo))
	for _, r := range b.RemoteInfo {
		if r == nil {
			continue
		}
		start, err := tfTime(r.StartTime)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("backup %s: remote_info start_time: %w", describeBackupID(b.BackupID), err)
		}
		finish, err := tfTime(r.FinishTime)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("backup %s: remote_info finish_time: %w", describeBackupID(b.BackupID), err)
		}
		remotes = append(remotes, tftypes.NewValue(remoteInfoTFType, map[string]tftypes.Value{
			"sub_backup_id": tfInt64(r.SubBackupID),
			"region":        tfString(r.Region),
			"status":        tfString(r.Status),
			"start_time":    start,
			"finish_time":   finish,
		}))
	}
	values["remote_info"] = tftypes.NewValue(remoteInfoListType, remotes)
	return tftypes.NewValue(backupTFType, values), nil
}

// flattenDownloadURLs gives a backup's links; empty links (FAILED backups have none) are null.
func flattenDownloadURLs(b *tencentcloud.BackupInfo) tftypes.Value {
	remote := make(map[string]tftypes.Value, len(b.RemoteInfo))
	for _, r := range b.RemoteInfo {
		if r == nil || r.SubBackupID == nil {
			continue
		}
		remote[strconv.FormatInt(*r.SubBackupID, 10)] = tfString(nonEmpty(r.URL))
	}
	return tftypes.NewValue(downloadURLsTFType, map[string]tftypes.Value{
		"internet_url": tfString(nonEmpty(b.InternetURL)),
		"intranet_url": tfString(nonEmpty(b.IntranetURL)),
		"remote_urls":  tftypes.NewValue(remoteURLsTFType, remote),
	})
}

func tfString(s *string) tftypes.Value {
	if s == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, *s)
}

func tfInt64(i *int64) tftypes.Value {
	if i == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, *i)
}

// tfTime is an API time as an RFC 3339 string value, or null.
func tfTime(s *string) (tftypes.Value, error) {
	t, err := parseAPITime(s)
	if err != nil || t == nil {
		return tftypes.NewValue(tftypes.String, nil), err
	}
	return tftypes.NewValue(tftypes.String, t.Format(time.RFC3339)), nil
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
