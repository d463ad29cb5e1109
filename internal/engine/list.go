package engine

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxListedItems bounds a listing, so that an API that never stops answering full pages cannot loop forever. It is
// far above any count a list action of one scope gives.
const maxListedItems = 1_000_000

// maxListingAttempts bounds the restarts of a listing whose pages did not fit together.
const maxListingAttempts = 5

// Page is one page of a list action: its TotalCount, its items, and the Limit it was asked for with.
type Page[T any] struct {
	Total *int64
	Items []*T
	Limit int64
}

// PageFetcher fetches the page at offset, limit items long (0: the largest the API accepts, which the client
// finds).
type PageFetcher[T any] func(ctx context.Context, offset, limit int64) (Page[T], error)

// Listing is the complete list of one scope's items, as one consistent snapshot.
type Listing[T any] struct {
	// PageSize is the Limit the pages were asked for with.
	PageSize   int64
	TotalCount int64
	Items      []*T
	// Restarts counts the listings abandoned because the list changed while it was read.
	Restarts int
}

// InconsistentListingError is a listing that never converged: the list changed during every attempt.
type InconsistentListingError struct {
	What       string // the items, in the plural
	Scope      string // the ID of what was listed
	Attempts   int
	LastReason string
}

func (e *InconsistentListingError) Error() string {
	return fmt.Sprintf("the %s of %s changed while they were being read, in each of %d attempts (the last time: %s); "+
		"no consistent list could be taken. Try again when none is being created or expiring", e.What, e.Scope, e.Attempts, e.LastReason)
}

// ListAll reads every page of a list action with Offset/Limit: the items of o in a scope. Items are created and
// expire while a listing runs, which shifts the offsets; when the pages do not fit together (TotalCount changed, a
// key came twice, a page came short or empty before TotalCount was reached) the listing starts over, a bounded
// number of times, so the result is always one consistent snapshot: no duplicate, no gap. A pageSize of 0 asks for
// the largest page the API accepts; maxPageSize is the largest the API can accept.
func ListAll[T any](ctx context.Context, fetch PageFetcher[T], o *Object, scope string, pageSize, maxPageSize int64) (*Listing[T], error) {
	if pageSize < 0 || pageSize > maxPageSize {
		return nil, fmt.Errorf("page size %d is outside 1..%d", pageSize, maxPageSize)
	}
	var reason string
	for attempt := 1; attempt <= maxListingAttempts; attempt++ {
		l, inconsistency, err := listOnce(ctx, fetch, o, scope, pageSize)
		if err != nil {
			return nil, err
		}
		if inconsistency == "" {
			l.Restarts = attempt - 1
			return l, nil
		}
		reason = inconsistency
		tflog.Debug(ctx, "The list changed while it was read; listing again", map[string]any{
			"scope":   scope,
			"attempt": attempt,
			"reason":  reason,
		})
	}
	return nil, &InconsistentListingError{What: o.noun + "s", Scope: scope, Attempts: maxListingAttempts, LastReason: reason}
}

// maxPageWorkers bounds the goroutines fetching pages of one listing. The client bounds the calls in flight and
// their rate for the whole provider; this only keeps one huge listing from starting thousands of goroutines.
const maxPageWorkers = 16

// listOnce reads the pages once: the first page, which tells TotalCount, then the others concurrently, assembled
// in order. It returns a reason instead of a listing when the pages did not fit together.
func listOnce[T any](ctx context.Context, fetch PageFetcher[T], o *Object, scope string, pageSize int64) (*Listing[T], string, error) {
	first, err := fetch(ctx, 0, pageSize)
	if err != nil {
		return nil, "", err
	}
	// The first page tells the page size when the client chose it.
	if first.Limit > 0 {
		pageSize = first.Limit
	}
	if pageSize == 0 {
		return nil, "", fmt.Errorf("the first page of %s came without the page size it was asked for", scope)
	}
	if first.Total == nil {
		return listWithoutTotal(ctx, fetch, o, scope, pageSize, first)
	}
	total := *first.Total
	if total < 0 || total > maxListedItems {
		return nil, "", fmt.Errorf("the API reports %d %ss for %s; this provider lists from 0 to %d", total, o.noun, scope, maxListedItems)
	}
	var offsets []int64
	for offset := pageSize; offset < total; offset += pageSize {
		offsets = append(offsets, offset)
	}
	rest, err := fetchPages(ctx, fetch, pageSize, offsets)
	if err != nil {
		return nil, "", err
	}
	pages := append([]Page[T]{first}, rest...)

	result := &Listing[T]{PageSize: pageSize, TotalCount: total, Items: make([]*T, 0, total)}
	seen := make(map[objectKey]struct{}, total)
	for i, p := range pages {
		offset := int64(i) * pageSize
		switch {
		case p.Total == nil:
			return nil, fmt.Sprintf("TotalCount was missing from the page at offset %d", offset), nil
		case *p.Total != total:
			return nil, fmt.Sprintf("TotalCount went from %d to %d", total, *p.Total), nil
		}
		if want := min(pageSize, total-offset); int64(len(p.Items)) != want {
			return nil, fmt.Sprintf("the page at offset %d had %d %ss where TotalCount %d calls for %d", offset, len(p.Items), o.noun, total, want), nil
		}
		if reason := appendPage(result, o, seen, p); reason != "" {
			return nil, reason, nil
		}
	}
	return result, "", nil
}

// listWithoutTotal pages one at a time when the API gives no TotalCount, until a short page.
func listWithoutTotal[T any](ctx context.Context, fetch PageFetcher[T], o *Object, scope string, pageSize int64, p Page[T]) (*Listing[T], string, error) {
	result := &Listing[T]{PageSize: pageSize, Items: []*T{}}
	seen := make(map[objectKey]struct{})
	for offset := int64(0); offset < maxListedItems; {
		if offset > 0 {
			var err error
			if p, err = fetch(ctx, offset, pageSize); err != nil {
				return nil, "", err
			}
			if p.Total != nil {
				return nil, fmt.Sprintf("TotalCount was given on the page at offset %d and not on the first", offset), nil
			}
		}
		if reason := appendPage(result, o, seen, p); reason != "" {
			return nil, reason, nil
		}
		offset += int64(len(p.Items))
		if int64(len(p.Items)) < pageSize {
			result.TotalCount = int64(len(result.Items))
			return result, "", nil
		}
	}
	return nil, "", fmt.Errorf("the listing of %s did not end after %d %ss; the API kept answering full pages", scope, maxListedItems, o.noun)
}

// appendPage adds a page's items to the listing, or says which key came twice.
func appendPage[T any](l *Listing[T], o *Object, seen map[objectKey]struct{}, p Page[T]) string {
	for _, item := range p.Items {
		if item == nil {
			continue
		}
		v := reflect.ValueOf(item).Elem()
		if k, ok := o.keyOf(v); ok {
			if _, dup := seen[k]; dup {
				return fmt.Sprintf("%s %s came on two pages", o.noun, o.describeKey(v))
			}
			seen[k] = struct{}{}
		}
		l.Items = append(l.Items, item)
	}
	return ""
}

// fetchPages fetches the pages at offsets concurrently and returns them in the order of offsets. The first error
// cancels the calls still running.
func fetchPages[T any](ctx context.Context, fetch PageFetcher[T], pageSize int64, offsets []int64) ([]Page[T], error) {
	pages := make([]Page[T], len(offsets))
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
				p, err := fetch(ctx, offsets[i], pageSize)
				if err != nil {
					cancel(err)
					return
				}
				pages[i] = p
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
