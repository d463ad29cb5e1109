package cdb

import (
	"cmp"
	"slices"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
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
