package cdbbackups

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// backupPager fetches one page of an instance's backups; *tencentcloud.Client is one, tests bring their own.
type backupPager interface {
	DescribeBackups(ctx context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error)
}

// maxListedBackups bounds a listing, so that an API that never stops answering full pages cannot loop forever.
// Instances keep at most a few thousand backups; this is far above any real count.
const maxListedBackups = 1_000_000

// maxListingAttempts bounds the restarts of a listing whose pages did not fit together.
const maxListingAttempts = 5

// listing is the complete list of one instance's backups, as one consistent snapshot.
type listing struct {
	totalCount int64
	backups    []*tencentcloud.BackupInfo
	// restarts counts the listings abandoned because the list changed while it was read.
	restarts int
}

// InconsistentListingError is a listing that never converged: the list changed during every attempt.
type InconsistentListingError struct {
	InstanceID string
	Attempts   int
	LastReason string
}

func (e *InconsistentListingError) Error() string {
	return fmt.Sprintf("the backups of %s changed while they were being read, in each of %d attempts (the last time: %s); "+
		"no consistent list could be taken. Try again when no backup is being created or expiring", e.InstanceID, e.Attempts, e.LastReason)
}

// listBackups reads every page of an instance's backups with Offset/Limit. Backups are created and expire while a
// listing runs, which shifts the offsets; when the pages do not fit together (TotalCount changed, a BackupId came
// twice, a page came short or empty before TotalCount was reached) the listing starts over, a bounded number of
// times, so the result is always one consistent snapshot: no duplicate, no gap.
func listBackups(ctx context.Context, pager backupPager, instanceID string, pageSize int64) (*listing, error) {
	if pageSize < 1 || pageSize > 100 {
		return nil, fmt.Errorf("page size %d is outside 1..100", pageSize)
	}
	var reason string
	for attempt := 1; attempt <= maxListingAttempts; attempt++ {
		l, inconsistency, err := listOnce(ctx, pager, instanceID, pageSize)
		if err != nil {
			return nil, err
		}
		if inconsistency == "" {
			l.restarts = attempt - 1
			return l, nil
		}
		reason = inconsistency
		tflog.Debug(ctx, "The backup list changed while it was read; listing again", map[string]any{
			"instance_id": instanceID,
			"attempt":     attempt,
			"reason":      reason,
		})
	}
	return nil, &InconsistentListingError{InstanceID: instanceID, Attempts: maxListingAttempts, LastReason: reason}
}

// listOnce reads the pages once. It returns a reason instead of a listing when the pages did not fit together.
func listOnce(ctx context.Context, pager backupPager, instanceID string, pageSize int64) (*listing, string, error) {
	result := &listing{backups: []*tencentcloud.BackupInfo{}}
	seen := make(map[int64]struct{})
	var total *int64
	for offset := int64(0); offset < maxListedBackups; {
		page, err := pager.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: instanceID, Offset: offset, Limit: pageSize})
		if err != nil {
			return nil, "", err
		}
		switch {
		case offset == 0:
			total = page.TotalCount
		case (total == nil) != (page.TotalCount == nil):
			return nil, fmt.Sprintf("TotalCount was given on one page and not on another (offset %d)", offset), nil
		case total != nil && *page.TotalCount != *total:
			return nil, fmt.Sprintf("TotalCount went from %d to %d", *total, *page.TotalCount), nil
		}
		for _, b := range page.Items {
			if b == nil {
				continue
			}
			if b.BackupID != nil {
				if _, dup := seen[*b.BackupID]; dup {
					return nil, fmt.Sprintf("backup %d came on two pages", *b.BackupID), nil
				}
				seen[*b.BackupID] = struct{}{}
			}
			result.backups = append(result.backups, b)
		}
		n := int64(len(page.Items))
		offset += n
		if total == nil {
			// Without TotalCount, a short page is the last one.
			if n < pageSize {
				result.totalCount = int64(len(result.backups))
				return result, "", nil
			}
			continue
		}
		switch {
		case offset > *total:
			return nil, fmt.Sprintf("%d backups were listed but TotalCount is %d", offset, *total), nil
		case offset == *total:
			result.totalCount = *total
			return result, "", nil
		case n < pageSize:
			return nil, fmt.Sprintf("the page at offset %d had %d backups, with %d of TotalCount %d still to come", offset-n, n, *total-offset+n, *total), nil
		}
	}
	return nil, "", fmt.Errorf("the listing of %s did not end after %d backups; the API kept answering full pages", instanceID, maxListedBackups)
}
