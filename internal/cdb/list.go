package cdb

import (
	"context"
	"fmt"
	"sync"

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
	// pageSize is the Limit the pages were asked for with.
	pageSize   int64
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
// times, so the result is always one consistent snapshot: no duplicate, no gap. A pageSize of 0 asks for the
// largest page the API accepts, which the client finds.
func listBackups(ctx context.Context, pager backupPager, instanceID string, pageSize int64) (*listing, error) {
	if pageSize < 0 || pageSize > tencentcloud.LargestPageSize {
		return nil, fmt.Errorf("page size %d is outside 1..%d", pageSize, tencentcloud.LargestPageSize)
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

// maxPageWorkers bounds the goroutines fetching pages of one listing. The client bounds the calls in flight and
// their rate for the whole provider; this only keeps one huge listing from starting thousands of goroutines.
const maxPageWorkers = 16

// listOnce reads the pages once: the first page, which tells TotalCount, then the others concurrently, assembled
// in order. It returns a reason instead of a listing when the pages did not fit together.
func listOnce(ctx context.Context, pager backupPager, instanceID string, pageSize int64) (*listing, string, error) {
	first, err := pager.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: instanceID, Offset: 0, Limit: pageSize})
	if err != nil {
		return nil, "", err
	}
	// The first page tells the page size when the client chose it.
	if first.Limit > 0 {
		pageSize = first.Limit
	}
	if pageSize == 0 {
		return nil, "", fmt.Errorf("the first page of %s came without the page size it was asked for", instanceID)
	}
	if first.TotalCount == nil {
		return listWithoutTotal(ctx, pager, instanceID, pageSize, first)
	}
	total := *first.TotalCount
	if total < 0 || total > maxListedBackups {
		return nil, "", fmt.Errorf("DescribeBackups reports %d backups for %s; this provider lists from 0 to %d", total, instanceID, maxListedBackups)
	}
	var offsets []int64
	for offset := pageSize; offset < total; offset += pageSize {
		offsets = append(offsets, offset)
	}
	rest, err := fetchPages(ctx, pager, instanceID, pageSize, offsets)
	if err != nil {
		return nil, "", err
	}
	pages := append([]*tencentcloud.DescribeBackupsOutput{first}, rest...)

	result := &listing{pageSize: pageSize, totalCount: total, backups: make([]*tencentcloud.BackupInfo, 0, total)}
	seen := make(map[int64]struct{}, total)
	for i, page := range pages {
		offset := int64(i) * pageSize
		switch {
		case page.TotalCount == nil:
			return nil, fmt.Sprintf("TotalCount was missing from the page at offset %d", offset), nil
		case *page.TotalCount != total:
			return nil, fmt.Sprintf("TotalCount went from %d to %d", total, *page.TotalCount), nil
		}
		if want := min(pageSize, total-offset); int64(len(page.Items)) != want {
			return nil, fmt.Sprintf("the page at offset %d had %d backups where TotalCount %d calls for %d", offset, len(page.Items), total, want), nil
		}
		if reason := appendPage(result, seen, page); reason != "" {
			return nil, reason, nil
		}
	}
	return result, "", nil
}

// listWithoutTotal pages one at a time when the API gives no TotalCount, until a short page.
func listWithoutTotal(ctx context.Context, pager backupPager, instanceID string, pageSize int64, page *tencentcloud.DescribeBackupsOutput) (*listing, string, error) {
	result := &listing{pageSize: pageSize, backups: []*tencentcloud.BackupInfo{}}
	seen := make(map[int64]struct{})
	for offset := int64(0); offset < maxListedBackups; {
		if offset > 0 {
			var err error
			if page, err = pager.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: instanceID, Offset: offset, Limit: pageSize}); err != nil {
				return nil, "", err
			}
			if page.TotalCount != nil {
				return nil, fmt.Sprintf("TotalCount was given on the page at offset %d and not on the first", offset), nil
			}
		}
		if reason := appendPage(result, seen, page); reason != "" {
			return nil, reason, nil
		}
		offset += int64(len(page.Items))
		if int64(len(page.Items)) < pageSize {
			result.totalCount = int64(len(result.backups))
			return result, "", nil
		}
	}
	return nil, "", fmt.Errorf("the listing of %s did not end after %d backups; the API kept answering full pages", instanceID, maxListedBackups)
}

// appendPage adds a page's backups to the listing, or says which BackupId came twice.
func appendPage(l *listing, seen map[int64]struct{}, page *tencentcloud.DescribeBackupsOutput) string {
	for _, b := range page.Items {
		if b == nil {
			continue
		}
		if b.BackupID != nil {
			if _, dup := seen[*b.BackupID]; dup {
				return fmt.Sprintf("backup %d came on two pages", *b.BackupID)
			}
			seen[*b.BackupID] = struct{}{}
		}
		l.backups = append(l.backups, b)
	}
	return ""
}

// fetchPages fetches the pages at offsets concurrently and returns them in the order of offsets. The first error
// cancels the calls still running.
func fetchPages(ctx context.Context, pager backupPager, instanceID string, pageSize int64, offsets []int64) ([]*tencentcloud.DescribeBackupsOutput, error) {
	pages := make([]*tencentcloud.DescribeBackupsOutput, len(offsets))
	if len(offsets) == 0 {
		return pages, nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(len(offsets), maxPageWorkers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				page, err := pager.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: instanceID, Offset: offsets[i], Limit: pageSize})
				if err != nil {
					cancel(err)
					return
				}
				pages[i] = page
			}
		}()
	}
feed:
	for i := range offsets {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return pages, nil
}
