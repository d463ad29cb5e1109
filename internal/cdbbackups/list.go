package cdbbackups

import (
	"context"
	"fmt"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// backupPager fetches one page of an instance's backups; *tencentcloud.Client is one, tests bring their own.
type backupPager interface {
	DescribeBackups(ctx context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error)
}

// maxListedBackups bounds a listing, so that an API that never stops answering full pages cannot loop forever.
// Instances keep at most a few thousand backups; this is far above any real count.
const maxListedBackups = 1_000_000

// listing is the complete list of one instance's backups.
type listing struct {
	totalCount int64
	backups    []*tencentcloud.BackupInfo
	// duplicates counts items dropped because their BackupId had been seen on an earlier page.
	duplicates int
}

// listBackups reads every page of an instance's backups with Offset/Limit until it holds TotalCount of them. It
// stops early on an empty page, and on a short page when the API gives no TotalCount.
func listBackups(ctx context.Context, pager backupPager, instanceID string, pageSize int64) (*listing, error) {
	if pageSize < 1 || pageSize > 100 {
		return nil, fmt.Errorf("page size %d is outside 1..100", pageSize)
	}
	result := &listing{backups: []*tencentcloud.BackupInfo{}, totalCount: -1}
	seen := make(map[int64]struct{})
	for offset := int64(0); offset < maxListedBackups; {
		page, err := pager.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: instanceID, Offset: offset, Limit: pageSize})
		if err != nil {
			return nil, err
		}
		if page.TotalCount != nil {
			result.totalCount = *page.TotalCount
		}
		for _, b := range page.Items {
			if b == nil {
				continue
			}
			if b.BackupID != nil {
				if _, dup := seen[*b.BackupID]; dup {
					result.duplicates++
					continue
				}
				seen[*b.BackupID] = struct{}{}
			}
			result.backups = append(result.backups, b)
		}
		offset += int64(len(page.Items))
		switch {
		case len(page.Items) == 0:
			return finish(result), nil
		case page.TotalCount != nil && offset >= *page.TotalCount:
			return finish(result), nil
		case page.TotalCount == nil && int64(len(page.Items)) < pageSize:
			return finish(result), nil
		}
	}
	return nil, fmt.Errorf("the listing of %s did not end after %d backups; the API kept answering full pages", instanceID, maxListedBackups)
}

// finish fills in a TotalCount the API did not give with the number of backups listed.
func finish(l *listing) *listing {
	if l.totalCount < 0 {
		l.totalCount = int64(len(l.backups))
	}
	return l
}
