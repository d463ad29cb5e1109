package engine

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

const maxPage = 1000

func TestListAll_Paging(t *testing.T) {
	cases := []struct {
		name      string
		n         int
		pageSize  int64
		wantCalls int
	}{
		{"no jobs", 0, 100, 1},
		{"one job", 1, 100, 1},
		{"exactly one page", 100, 100, 1},
		{"one page plus one", 101, 100, 2},
		{"250 in pages of 7", 250, 7, 36},
		{"page size 1", 3, 1, 3},
		{"the largest page the client finds (100 here)", 250, 0, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client := serving(jobsWithIDs(tc.n))
			got, err := ListAll(context.Background(), client.pages("site-1"), jobTable, "site-1", tc.pageSize, maxPage)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Items) != tc.n || got.TotalCount != int64(tc.n) {
				t.Fatalf("got %d jobs, total %d; want %d", len(got.Items), got.TotalCount, tc.n)
			}
			if got.Items == nil {
				t.Fatal("items is nil; an empty listing must be an empty slice")
			}
			if len(client.calls) != tc.wantCalls {
				t.Fatalf("made %d calls, want %d", len(client.calls), tc.wantCalls)
			}
			wantSize := tc.pageSize
			if wantSize == 0 {
				wantSize = 100
			}
			if got.PageSize != wantSize {
				t.Fatalf("page size %d, want %d", got.PageSize, wantSize)
			}
			// Pages after the first are fetched concurrently: check the set of calls, in offset order. The first
			// asks for the page size given (0: the largest), the others for the one the first came with.
			slices.SortFunc(client.calls, func(a, b PageRequest) int { return cmp.Compare(a.Offset, b.Offset) })
			for i, c := range client.calls {
				want := wantSize
				if i == 0 {
					want = tc.pageSize
				}
				if c.Offset != int64(i)*wantSize || c.Limit != want || c.Scope != "site-1" {
					t.Fatalf("call %d = %+v", i, c)
				}
			}
			for i, j := range got.Items {
				if *j.ID != int64(1000+i) {
					t.Fatalf("job %d has id %d: pages assembled out of order", i, *j.ID)
				}
			}
		})
	}
}

func TestListAll_EmptyPageBeforeTotalRestartsThenFails(t *testing.T) {
	// TotalCount promises 500, but the pages run dry after 200, at every listing.
	client := &testClient{jobs: jobsWithIDs(500), total: ptr(int64(500)), emptyAfter: 200}
	_, err := ListAll(context.Background(), client.pages("site-1"), jobTable, "site-1", 100, maxPage)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || inconsistent.Attempts != maxListingAttempts {
		t.Fatalf("got %v", err)
	}
	if want := maxListingAttempts * 5; len(client.calls) != want {
		t.Fatalf("%d calls, want %d (5 pages per listing)", len(client.calls), want)
	}
	for _, want := range []string{"the jobs of site-1", "changed while they were being read", "in each of 5 attempts", "the page at offset 200 had 0 jobs where TotalCount 500 calls for 100"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

func TestListAll_WithoutTotalCountStopsOnShortPage(t *testing.T) {
	client := &testClient{jobs: jobsWithIDs(150)}
	got, err := ListAll(context.Background(), client.pages("site-1"), jobTable, "site-1", 100, maxPage)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 150 || got.TotalCount != 150 || len(client.calls) != 2 {
		t.Fatalf("got %d jobs, total %d, %d calls", len(got.Items), got.TotalCount, len(client.calls))
	}
}

func TestListAll_NeverLoopsForever(t *testing.T) {
	// A full page of new jobs forever, and no TotalCount.
	var mu sync.Mutex
	calls := 0
	endless := func(_ context.Context, offset, limit int64) (Page[testJob], error) {
		mu.Lock()
		calls++
		mu.Unlock()
		items := make([]*testJob, limit)
		for i := range items {
			items[i] = &testJob{ID: ptr(offset + int64(i))}
		}
		return Page[testJob]{Items: items, Limit: limit}, nil
	}
	_, err := ListAll(context.Background(), endless, jobTable, "site-1", 100, maxPage)
	if err == nil || !strings.Contains(err.Error(), "the API kept answering full pages") {
		t.Fatalf("an endless listing returned %v", err)
	}
	if calls != maxListedItems/100 {
		t.Fatalf("made %d calls before giving up, want %d", calls, maxListedItems/100)
	}
}

func TestListAll_SkipsNilItems(t *testing.T) {
	j := jobsWithIDs(3)
	client := serving([]*testJob{j[0], nil, j[1], j[2], {}})
	got, err := ListAll(context.Background(), client.pages("site-1"), jobTable, "site-1", 2, maxPage)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 4 {
		t.Fatalf("got %d jobs; want 4 (three with IDs, one without)", len(got.Items))
	}
}

// shiftingList serves a list that changes between pages during the first `unstable` listings, as when objects
// are created (at the head) or expire (at the tail) while a client pages; then it holds still.
type shiftingList struct {
	mu       sync.Mutex
	jobs     []*testJob
	unstable int
	change   func(p *shiftingList)
	listings int
	nextID   int64
}

func (p *shiftingList) fetch(_ context.Context, offset, limit int64) (Page[testJob], error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if offset == 0 {
		p.listings++
	} else if p.listings <= p.unstable {
		p.change(p)
	}
	start := min(int(offset), len(p.jobs))
	end := min(start+int(limit), len(p.jobs))
	return Page[testJob]{Total: ptr(int64(len(p.jobs))), Items: p.jobs[start:end], Limit: limit}, nil
}

func createdAtHead(p *shiftingList) {
	p.nextID++
	p.jobs = append([]*testJob{{ID: ptr(p.nextID)}}, p.jobs...)
}

func TestListAll_RestartsUntilConsistent(t *testing.T) {
	changes := map[string]func(p *shiftingList){
		"a job created at the head": createdAtHead,
		"a job expired at the tail": func(p *shiftingList) { p.jobs = p.jobs[:len(p.jobs)-1] },
		"one created and one expired": func(p *shiftingList) {
			p.nextID++
			p.jobs = append([]*testJob{{ID: ptr(p.nextID)}}, p.jobs[:len(p.jobs)-1]...)
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			list := &shiftingList{jobs: jobsWithIDs(250), unstable: 2, change: change, nextID: 5000}
			got, err := ListAll(context.Background(), list.fetch, jobTable, "site-1", 100, maxPage)
			if err != nil {
				t.Fatal(err)
			}
			if got.Restarts != 2 {
				t.Fatalf("%d restarts, want 2", got.Restarts)
			}
			// The result is exactly the list as it stands now: nothing missing, nothing twice.
			if len(got.Items) != len(list.jobs) || got.TotalCount != int64(len(list.jobs)) {
				t.Fatalf("got %d jobs (total %d), the list has %d", len(got.Items), got.TotalCount, len(list.jobs))
			}
			for i := range got.Items {
				if *got.Items[i].ID != *list.jobs[i].ID {
					t.Fatalf("job %d is %d, want %d", i, *got.Items[i].ID, *list.jobs[i].ID)
				}
			}
		})
	}
}

func TestListAll_NeverConsistentFails(t *testing.T) {
	list := &shiftingList{jobs: jobsWithIDs(250), unstable: 1000, nextID: 5000, change: createdAtHead}
	_, err := ListAll(context.Background(), list.fetch, jobTable, "site-1", 100, maxPage)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || list.listings != maxListingAttempts {
		t.Fatalf("got %v after %d listings", err, list.listings)
	}
	if !strings.Contains(err.Error(), "TotalCount went from") {
		t.Fatalf("got %v", err)
	}
}

func TestListAll_KeyOnTwoPagesRestarts(t *testing.T) {
	// The same job at offset 0 and at offset 2, at every listing.
	j := jobsWithIDs(3)
	client := serving([]*testJob{j[0], j[1], j[0], j[2]})
	_, err := ListAll(context.Background(), client.pages("site-1"), jobTable, "site-1", 2, maxPage)
	if err == nil || !strings.Contains(err.Error(), "job 1000 came on two pages") {
		t.Fatalf("got %v", err)
	}
}

func TestListAll_MorePagesThanTotal(t *testing.T) {
	// TotalCount says 3, but a page of 5 came: the count is stale.
	client := &testClient{jobs: jobsWithIDs(5), total: ptr(int64(3))}
	_, err := ListAll(context.Background(), client.pages("site-1"), jobTable, "site-1", 100, maxPage)
	var inconsistent *InconsistentListingError
	if !errors.As(err, &inconsistent) || !strings.Contains(err.Error(), "the page at offset 0 had 5 jobs where TotalCount 3 calls for 3") {
		t.Fatalf("got %v", err)
	}
}

func TestListAll_ReturnsErrors(t *testing.T) {
	want := errors.New("boom")
	_, err := ListAll(context.Background(), (&testClient{err: want}).pages("site-1"), jobTable, "site-1", 100, maxPage)
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
	noLimit := func(context.Context, int64, int64) (Page[testJob], error) {
		return Page[testJob]{Total: ptr(int64(0))}, nil
	}
	if _, err := ListAll(context.Background(), noLimit, jobTable, "site-1", 0, maxPage); err == nil {
		t.Fatal("a first page without its page size accepted")
	}
	for _, size := range []int64{-1, maxPage + 1} {
		if _, err := ListAll(context.Background(), serving(nil).pages("site-1"), jobTable, "site-1", size, maxPage); err == nil {
			t.Fatalf("page size %d accepted", size)
		}
	}
}
