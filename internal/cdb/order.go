package cdb

import (
	"cmp"
	"reflect"
	"slices"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// sortNewestFirst orders backups by Date, newest first, then by BackupId, highest first, so that the list is the
// same whatever order the API pages came in. Backups without a valid date go last.
func sortNewestFirst(backups []*tencentcloud.BackupInfo) { sortByTimeDesc(backups, backupInfo, "date") }

// sortByTimeDesc orders API objects of o by the time attribute attr, newest first, then by their key, highest
// first. Objects without a valid time go last.
func sortByTimeDesc[T any](items []*T, o *object, attr string) {
	type keyed struct {
		item *T
		at   int64 // Unix seconds; math.MinInt64 when unknown
		key  objectKey
	}
	timeField := o.field(attr)
	keys := make([]keyed, len(items))
	for i, item := range items {
		v := reflect.ValueOf(item).Elem()
		k := keyed{item: item, at: -1 << 63, key: objectKey{n: -1 << 63}}
		if t, err := parseAPITime(timeField.str(v)); err == nil && t != nil {
			k.at = t.Unix()
		}
		if key, ok := o.keyOf(v); ok {
			k.key = key
		}
		keys[i] = k
	}
	slices.SortStableFunc(keys, func(a, b keyed) int {
		if c := cmp.Compare(b.at, a.at); c != 0 {
			return c
		}
		if c := cmp.Compare(b.key.n, a.key.n); c != 0 {
			return c
		}
		return cmp.Compare(b.key.s, a.key.s)
	})
	for i, k := range keys {
		items[i] = k.item
	}
}
