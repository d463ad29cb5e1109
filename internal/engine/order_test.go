package engine

import (
	"fmt"
	"testing"
)

func TestNewestFirst_IntegerKeys(t *testing.T) {
	mk := func(id int64, date string) *testJob {
		j := &testJob{ID: ptr(id)}
		if date != "" {
			j.Date = ptr(date)
		}
		return j
	}
	jobs := []*testJob{
		mk(1, "2024-01-01 00:00:00"),
		mk(5, ""),
		mk(2, "2024-03-01 00:00:00"),
		mk(4, "2024-03-01 00:00:00"), // same date as 2: the higher ID comes first
		mk(3, "2023-12-31 23:59:59"),
		{Date: ptr("2024-02-01 00:00:00")}, // no ID
		mk(6, "not a date"),                // last, with the ones without a date, by ID
	}
	sortNewestFirst(jobs, jobTable, NewestFirst("date").field(jobTable))
	var got []int64
	for _, j := range jobs {
		if j.ID == nil {
			got = append(got, -1)
			continue
		}
		got = append(got, *j.ID)
	}
	if want := []int64{4, 2, -1, 1, 3, 6, 5}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestNewestFirst_TextKeys(t *testing.T) {
	files := []*testFile{
		{Name: ptr("one"), Start: ptr("2025-06-01 01:00:00")},
		{Name: ptr("no-start")},
		{Name: ptr("three"), Start: ptr("2025-06-01 03:00:00")},
		{Name: ptr("b"), Start: ptr("2025-06-01 02:00:00")},
		{Name: ptr("a"), Start: ptr("2025-06-01 02:00:00")},
	}
	sortNewestFirst(files, fileTable, NewestFirst("start").field(fileTable))
	var got []string
	for _, f := range files {
		got = append(got, *f.Name)
	}
	if want := []string{"three", "b", "a", "one", "no-start"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("order %q, want %q", got, want)
	}
}

func TestNewestFirst_OnlyByTime(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("an order by a text field was accepted")
		}
	}()
	NewestFirst("name").field(jobTable)
}
