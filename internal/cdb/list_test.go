package cdb

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// fakePager serves a fixed list of backups the way the API pages it, and records every call.
type fakePager struct {
	mu         sync.Mutex
	backups    []*tencentcloud.BackupInfo
	total      *int64 // TotalCount to report; nil to omit it
	emptyAfter int    // answer empty pages from this offset on; 0 means never
	err        error
	calls      []tencentcloud.DescribeBackupsInput
}

func (f *fakePager) DescribeBackups(_ context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, in)
	if f.err != nil {
		return nil, f.err
	}
	out := &tencentcloud.DescribeBackupsOutput{TotalCount: f.total, Items: []*tencentcloud.BackupInfo{}}
	if f.emptyAfter > 0 && in.Offset >= int64(f.emptyAfter) {
		return out, nil
	}
	start := min(int(in.Offset), len(f.backups))
	end := min(start+int(in.Limit), len(f.backups))
	out.Items = f.backups[start:end]
	return out, nil
}

func backupsWithIDs(n int) []*tencentcloud.BackupInfo {
	out := make([]*tencentcloud.BackupInfo, n)
	for i := range out {
		id := int64(1000 + i)
		out[i] = &tencentcloud.BackupInfo{BackupID: &id}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestListBackups_Paging(t *testing.T) {
	cases := []struct {
		name      string
		n         int
		pageSize  int64
		wantCalls int
	}{
		{"no backups", 0, 100, 1},
		{"one backup", 1, 100, 1},
		{"exactly one page", 100, 100, 1},
		{"one page plus one", 101, 100, 2},
		{"250 in pages of 7", 250, 7, 36},
		{"page size 1", 3, 1, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pager := &fakePager{backups: backupsWithIDs(tc.n), total: ptr(int64(tc.n))}
			got, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", tc.pageSize)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.items) != tc.n || got.totalCount != int64(tc.n) {
				t.Fatalf("got %d backups, total %d; want %d", len(got.items), got.totalCount, tc.n)
			}
			if got.items == nil {
				t.Fatal("backups is nil; an empty listing must be an empty slice")
			}
			if len(pager.calls) != tc.wantCalls {
				t.Fatalf("made %d calls, want %d", len(pager.calls), tc.wantCalls)
			}
			// Pages after the first are fetched concurrently: check the set of calls, in offset order.
			slices.SortFunc(pager.calls, func(a, b tencentcloud.DescribeBackupsInput) int { return cmp.Compare(a.Offset, b.Offset) })
			for i, c := range pager.calls {
				if c.Offset != int64(i)*tc.pageSize || c.Limit != tc.pageSize || c.InstanceID != "cdb-c1nl9rpv" {
					t.Fatalf("call %d = %+v", i, c)
				}
			}
			for i, b := range got.items {
				if *b.BackupID != int64(1000+i) {
					t.Fatalf("backup %d has id %d: pages assembled out of order", i, *b.BackupID)
				}
			}
		})
	}
}

func TestListBackups_EmptyPageBeforeTotalRestartsThenFails(t *testing.T) {
	// TotalCount promises 500, but the pages run dry after 200, at every listing.
	pager := &fakePager{backups: backupsWithIDs(500), total: ptr(int64(500)), emptyAfter: 200}
	_, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || inconsistent.Attempts != maxListingAttempts {
		t.Fatalf("got %v", err)
	}
	if want := maxListingAttempts * 5; len(pager.calls) != want {
		t.Fatalf("%d calls, want %d (5 pages per listing)", len(pager.calls), want)
	}
	for _, want := range []string{"cdb-c1nl9rpv", "changed while they were being read", "in each of 5 attempts", "the page at offset 200 had 0 backups where TotalCount 500 calls for 100"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

func TestListBackups_WithoutTotalCountStopsOnShortPage(t *testing.T) {
	pager := &fakePager{backups: backupsWithIDs(150)}
	got, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.items) != 150 || got.totalCount != 150 || len(pager.calls) != 2 {
		t.Fatalf("got %d backups, total %d, %d calls", len(got.items), got.totalCount, len(pager.calls))
	}
}

// endlessPager answers a full page of new backups forever and gives no TotalCount.
type endlessPager struct {
	mu    sync.Mutex
	calls int
}

func (e *endlessPager) DescribeBackups(_ context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error) {
	e.mu.Lock()
	e.calls++
	e.mu.Unlock()
	items := make([]*tencentcloud.BackupInfo, in.Limit)
	for i := range items {
		items[i] = &tencentcloud.BackupInfo{BackupID: ptr(in.Offset + int64(i))}
	}
	return &tencentcloud.DescribeBackupsOutput{Items: items}, nil
}

func TestListBackups_NeverLoopsForever(t *testing.T) {
	pager := &endlessPager{}
	_, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
	if err == nil {
		t.Fatal("an endless listing returned no error")
	}
	if pager.calls != maxListedItems/100 {
		t.Fatalf("made %d calls before giving up, want %d", pager.calls, maxListedItems/100)
	}
}

func TestListBackups_SkipsNilItems(t *testing.T) {
	b := backupsWithIDs(3)
	items := []*tencentcloud.BackupInfo{b[0], nil, b[1], b[2], {}}
	pager := &fakePager{backups: items, total: ptr(int64(len(items)))}
	got, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.items) != 4 {
		t.Fatalf("got %d backups; want 4 (three with IDs, one without)", len(got.items))
	}
}

// shiftingPager serves a list that changes between pages during the first `unstable` listings, as when backups
// are created (at the head) or expire (at the tail) while a client pages; then it holds still.
type shiftingPager struct {
	mu       sync.Mutex
	backups  []*tencentcloud.BackupInfo
	unstable int
	change   func(p *shiftingPager)
	listings int
	nextID   int64
}

func (p *shiftingPager) DescribeBackups(_ context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if in.Offset == 0 {
		p.listings++
	} else if p.listings <= p.unstable {
		p.change(p)
	}
	start := min(int(in.Offset), len(p.backups))
	end := min(start+int(in.Limit), len(p.backups))
	return &tencentcloud.DescribeBackupsOutput{TotalCount: ptr(int64(len(p.backups))), Items: p.backups[start:end]}, nil
}

func TestListBackups_RestartsUntilConsistent(t *testing.T) {
	changes := map[string]func(p *shiftingPager){
		"a backup created at the head": func(p *shiftingPager) {
			p.nextID++
			p.backups = append([]*tencentcloud.BackupInfo{{BackupID: ptr(p.nextID)}}, p.backups...)
		},
		"a backup expired at the tail": func(p *shiftingPager) { p.backups = p.backups[:len(p.backups)-1] },
		"one created and one expired": func(p *shiftingPager) {
			p.nextID++
			p.backups = append([]*tencentcloud.BackupInfo{{BackupID: ptr(p.nextID)}}, p.backups[:len(p.backups)-1]...)
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			pager := &shiftingPager{backups: backupsWithIDs(250), unstable: 2, change: change, nextID: 5000}
			got, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
			if err != nil {
				t.Fatal(err)
			}
			if got.restarts != 2 {
				t.Fatalf("%d restarts, want 2", got.restarts)
			}
			// The result is exactly the list as it stands now: nothing missing, nothing twice.
			if len(got.items) != len(pager.backups) || got.totalCount != int64(len(pager.backups)) {
				t.Fatalf("got %d backups (total %d), the list has %d", len(got.items), got.totalCount, len(pager.backups))
			}
			for i := range got.items {
				if *got.items[i].BackupID != *pager.backups[i].BackupID {
					t.Fatalf("backup %d is %d, want %d", i, *got.items[i].BackupID, *pager.backups[i].BackupID)
				}
			}
		})
	}
}

func TestListBackups_NeverConsistentFails(t *testing.T) {
	pager := &shiftingPager{backups: backupsWithIDs(250), unstable: 1000, nextID: 5000, change: func(p *shiftingPager) {
		p.nextID++
		p.backups = append([]*tencentcloud.BackupInfo{{BackupID: ptr(p.nextID)}}, p.backups...)
	}}
	_, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || pager.listings != maxListingAttempts {
		t.Fatalf("got %v after %d listings", err, pager.listings)
	}
	if !strings.Contains(err.Error(), "TotalCount went from") {
		t.Fatalf("got %v", err)
	}
}

func TestListBackups_MorePagesThanTotal(t *testing.T) {
	// TotalCount says 3, but a page of 5 came: the count is stale.
	pager := &fakePager{backups: backupsWithIDs(5), total: ptr(int64(3))}
	_, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || !strings.Contains(err.Error(), "the page at offset 0 had 5 backups where TotalCount 3 calls for 3") {
		t.Fatalf("got %v", err)
	}
}

func TestListBackups_ReturnsErrors(t *testing.T) {
	want := errors.New("boom")
	_, err := listBackups(context.Background(), &fakePager{err: want}, "cdb-c1nl9rpv", 100)
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
	if _, err := listBackups(context.Background(), &fakePager{}, "cdb-c1nl9rpv", 0); err == nil {
		t.Fatal("page size 0 accepted")
	}
}
