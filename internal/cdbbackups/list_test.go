package cdbbackups

import (
	"context"
	"errors"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// fakePager serves a fixed list of backups the way the API pages it, and records every call.
type fakePager struct {
	backups    []*tencentcloud.BackupInfo
	total      *int64 // TotalCount to report; nil to omit it
	emptyAfter int    // answer empty pages from this offset on; 0 means never
	err        error
	calls      []tencentcloud.DescribeBackupsInput
}

func (f *fakePager) DescribeBackups(_ context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error) {
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
			if len(got.backups) != tc.n || got.totalCount != int64(tc.n) {
				t.Fatalf("got %d backups, total %d; want %d", len(got.backups), got.totalCount, tc.n)
			}
			if got.backups == nil {
				t.Fatal("backups is nil; an empty listing must be an empty slice")
			}
			if len(pager.calls) != tc.wantCalls {
				t.Fatalf("made %d calls, want %d", len(pager.calls), tc.wantCalls)
			}
			for i, c := range pager.calls {
				if c.Offset != int64(i)*tc.pageSize || c.Limit != tc.pageSize || c.InstanceID != "cdb-c1nl9rpv" {
					t.Fatalf("call %d = %+v", i, c)
				}
			}
			for i, b := range got.backups {
				if *b.BackupID != int64(1000+i) {
					t.Fatalf("backup %d has id %d: pages assembled out of order", i, *b.BackupID)
				}
			}
		})
	}
}

func TestListBackups_StopsOnEmptyPage(t *testing.T) {
	// TotalCount promises 500, but the pages run dry after 200 (backups expired meanwhile).
	pager := &fakePager{backups: backupsWithIDs(500), total: ptr(int64(500)), emptyAfter: 200}
	got, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.backups) != 200 || len(pager.calls) != 3 {
		t.Fatalf("got %d backups in %d calls; want 200 in 3", len(got.backups), len(pager.calls))
	}
}

func TestListBackups_WithoutTotalCountStopsOnShortPage(t *testing.T) {
	pager := &fakePager{backups: backupsWithIDs(150)}
	got, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.backups) != 150 || got.totalCount != 150 || len(pager.calls) != 2 {
		t.Fatalf("got %d backups, total %d, %d calls", len(got.backups), got.totalCount, len(pager.calls))
	}
}

// endlessPager answers a full page of new backups forever and gives no TotalCount.
type endlessPager struct{ calls int }

func (e *endlessPager) DescribeBackups(_ context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error) {
	e.calls++
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
	if pager.calls != maxListedBackups/100 {
		t.Fatalf("made %d calls before giving up, want %d", pager.calls, maxListedBackups/100)
	}
}

func TestListBackups_DropsDuplicatesAndNilItems(t *testing.T) {
	b := backupsWithIDs(3)
	items := []*tencentcloud.BackupInfo{b[0], nil, b[1], b[1], b[2], {}}
	pager := &fakePager{backups: items, total: ptr(int64(len(items)))}
	got, err := listBackups(context.Background(), pager, "cdb-c1nl9rpv", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.backups) != 4 || got.duplicates != 1 {
		t.Fatalf("got %d backups and %d duplicates; want 4 (three with IDs, one without) and 1", len(got.backups), got.duplicates)
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
