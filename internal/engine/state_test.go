package engine

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The Terraform types of the state's parts, from testList's schema.
var (
	jobsTFType     = listType.AttributeTypes["jobs"]
	jobTFType      = jobsTFType.(tftypes.List).ElementType
	partTFType     = jobTFType.(tftypes.Object).AttributeTypes["parts"].(tftypes.List).ElementType
	linkMapTFType  = listType.AttributeTypes["download_urls"]
	jobLinksTFType = linkMapTFType.(tftypes.Map).ElementType
)

// writeJobs writes the jobs list and the download_urls map as the state does, and reads them back as Terraform
// values with terraform-plugin-go's decoder: this is where the MessagePack written from the tables meets an
// independent reader, which checks it against the schema's types.
func writeJobs(jobs []*testJob) (elems []tftypes.Value, urls map[string]tftypes.Value, unkeyed int, err error) {
	var m msgpack
	if err := writeList(&m, jobTable, jobs); err != nil {
		return nil, nil, 0, err
	}
	l, err := decodeState(m, jobsTFType)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("decoding the written list: %w", err)
	}
	if err := l.As(&elems); err != nil {
		return nil, nil, 0, err
	}
	m = m[:0]
	writeLinksByKey(&m, jobTable, jobs)
	u, err := decodeState(m, linkMapTFType)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("decoding the written download_urls: %w", err)
	}
	if err := u.As(&urls); err != nil {
		return nil, nil, 0, err
	}
	return elems, urls, countUnkeyed(jobTable, jobs), nil
}

// attrsOf is an object value's attributes.
func attrsOf(t *testing.T, v tftypes.Value) map[string]tftypes.Value {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs
}

func TestAPITime(t *testing.T) {
	cases := []struct {
		in       *string
		want     string // "" for null
		wantFail bool
	}{
		{ptr("2017-04-29 00:01:34"), "2017-04-29T00:01:34+08:00", false},
		{ptr("2024-12-31 23:59:59"), "2024-12-31T23:59:59+08:00", false},
		{ptr("0000-00-00 00:00:00"), "", false},
		{ptr(""), "", false},
		{nil, "", false},
		{ptr("2017-04-29T00:01:34+08:00"), "", true},
		{ptr("0001-01-01 00:00:00"), "0001-01-01T00:00:00+08:00", false},
		{ptr("yesterday"), "", true},
		{ptr("2017-02-30 00:00:00"), "", true},
	}
	for _, tc := range cases {
		var m msgpack
		err := m.apiTime(tc.in)
		name := "<nil>"
		if tc.in != nil {
			name = *tc.in
		}
		if (err != nil) != tc.wantFail {
			t.Errorf("%q: error %v, want failure %v", name, err, tc.wantFail)
			continue
		}
		if err != nil {
			continue
		}
		v, err := decodeState(m, tftypes.String)
		if err != nil {
			t.Fatal(err)
		}
		if tc.want == "" {
			if !v.IsNull() {
				t.Errorf("%q: got %s, want null", name, v)
			}
			continue
		}
		var got string
		if err := v.As(&got); err != nil || got != tc.want {
			t.Errorf("%q: got %q (%v), want %s", name, got, err, tc.want)
		}
	}
	if got := FormatAPITime(time.Date(2025, 6, 1, 16, 30, 0, 0, time.UTC)); got != "2025-06-02 00:30:00" {
		t.Errorf("FormatAPITime = %q, want the next day's 00:30 in UTC+8", got)
	}
}

func TestWriteList_NullAndMissingFields(t *testing.T) {
	jobs := []*testJob{
		{},                  // every field absent
		{ID: ptr(int64(7))}, // only an ID
		{ID: ptr(int64(8)), Parts: []*testPart{nil, {}, {ID: ptr(int64(80)), URL: ptr("https://example/part")}}},
	}
	elems, urls, unkeyed, err := writeJobs(jobs)
	if err != nil {
		t.Fatal(err)
	}
	if len(elems) != 3 || unkeyed != 1 || len(urls) != 2 {
		t.Fatalf("list %d, urls %d, unkeyed %d", len(elems), len(urls), unkeyed)
	}
	first := attrsOf(t, elems[0])
	if len(first) != 8 {
		t.Errorf("a job has %d attributes, want 8 (no links, no owner)", len(first))
	}
	for name, v := range first {
		if name == "parts" {
			var parts []tftypes.Value
			if v.IsNull() || v.As(&parts) != nil || len(parts) != 0 {
				t.Errorf("parts of an empty job = %s, want []", v)
			}
			continue
		}
		if !v.IsNull() {
			t.Errorf("%s = %s, want null", name, v)
		}
	}
	var parts []tftypes.Value
	if err := attrsOf(t, elems[2])["parts"].As(&parts); err != nil || len(parts) != 2 {
		t.Fatalf("parts has %d entries (%v), want 2 (the nil one dropped)", len(parts), err)
	}
	entry := attrsOf(t, urls["8"])
	if !entry["url"].IsNull() || !entry["local_url"].IsNull() {
		t.Errorf("links = %s, %s; want null", entry["url"], entry["local_url"])
	}
	partURLs := attrsOf(t, entry["part_urls"])
	if len(partURLs) != 1 || !partURLs["80"].Equal(str("https://example/part")) {
		t.Errorf("part_urls = %v", partURLs)
	}
}

func TestWriteList_BadTimeNamesObjectAndField(t *testing.T) {
	_, _, _, err := writeJobs([]*testJob{{ID: ptr(int64(42)), Finished: ptr("soon")}})
	if err == nil || err.Error() != `job 42: finish_time: "soon" is not a time in the API's format "2006-01-02 15:04:05"` {
		t.Fatalf("got %v", err)
	}
	_, _, _, err = writeJobs([]*testJob{{ID: ptr(int64(43)), Parts: []*testPart{{Started: ptr("later")}}}})
	if err == nil || err.Error() != `job 43: parts start_time: "later" is not a time in the API's format "2006-01-02 15:04:05"` {
		t.Fatalf("got %v", err)
	}
}

func TestWriteList_EmptyIsEmptyNotNull(t *testing.T) {
	elems, urls, _, err := writeJobs([]*testJob{})
	if err != nil {
		t.Fatal(err)
	}
	if elems == nil || len(elems) != 0 || urls == nil || len(urls) != 0 {
		t.Fatalf("list %v, urls %v; want empty, not null", elems, urls)
	}
}

// TestWriteOne_SameBytesAsPluginGo compares a whole job and its links, every field set, with the values built
// independently and encoded by terraform-plugin-go.
func TestWriteOne_SameBytesAsPluginGo(t *testing.T) {
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	part := tftypes.NewValue(partTFType, map[string]tftypes.Value{
		"part_id": num(71), "region": str("r2"), "start_time": str("2024-05-01T03:00:00+08:00"),
	})
	want := pluginGoBytes(t, jobTFType, map[string]tftypes.Value{
		"job_id": num(70000), "name": str("n"), "size": num(300), "date": str("2024-05-01T02:00:00+08:00"),
		"finish_time": str("2024-05-01T02:10:00+08:00"), "status": str("SUCCESS"), "kind": str("full"),
		"parts": tftypes.NewValue(tftypes.List{ElementType: part.Type()}, []tftypes.Value{part}),
	})
	var m msgpack
	if err := writeOne(&m, jobTable, fullJob()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m, want) {
		t.Errorf("job:\n got % x\nwant % x", []byte(m), want)
	}

	links := pluginGoBytes(t, jobLinksTFType, map[string]tftypes.Value{
		"url": str("https://out"), "local_url": str("https://in"),
		"part_urls": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"71": str("https://part")}),
	})
	m = m[:0]
	m.links(jobTable, reflect.ValueOf(fullJob()).Elem())
	if !bytes.Equal(m, links) {
		t.Errorf("links:\n got % x\nwant % x", []byte(m), links)
	}
}

// TestWriteLinksByKey_KeysAndDuplicates: one entry per distinct key, the first one kept, in list order; objects
// without a key are counted.
func TestWriteLinksByKey_KeysAndDuplicates(t *testing.T) {
	first, second := fullJob(), fullJob()
	second.URL = ptr("https://second")
	other := fullJob()
	other.ID = ptr(int64(-5))
	jobs := []*testJob{first, {}, second, other, {}}
	_, urls, unkeyed, err := writeJobs(jobs)
	if err != nil {
		t.Fatal(err)
	}
	keys := slices.Sorted(maps.Keys(urls))
	if unkeyed != 2 || !slices.Equal(keys, []string{"-5", "70000"}) {
		t.Fatalf("keys %v, unkeyed %d", keys, unkeyed)
	}
	if got := attrsOf(t, urls["70000"])["url"]; !got.Equal(str("https://out")) {
		t.Errorf("70000 has %s, want the first entry's link", got)
	}
	// More than 16 objects take the other way to drop duplicates.
	many := append(jobsWithIDs(20), jobsWithIDs(20)...)
	var m msgpack
	writeLinksByKey(&m, jobTable, many)
	v, err := decodeState(m, linkMapTFType)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(attrsOf(t, v)); n != 20 {
		t.Errorf("%d entries for 20 keys", n)
	}
}

// TestWriteLinksByKey_TextKeys: objects keyed by a text have their key as it is, and are named by it quoted.
func TestWriteLinksByKey_TextKeys(t *testing.T) {
	f := &testFile{Name: ptr("mysql-bin.000001")}
	if got := fileTable.DescribeKey(f); got != `"mysql-bin.000001"` {
		t.Errorf("DescribeKey = %s", got)
	}
	if got := fileTable.DescribeKey(&testFile{}); got != "(without Name)" {
		t.Errorf("DescribeKey of a file without a name = %s", got)
	}
	var m msgpack
	writeLinksByKey(&m, fileTable, []*testFile{f, {}, {Name: ptr("b")}})
	v, err := decodeState(m, tftypes.Map{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}})
	if err != nil {
		t.Fatal(err)
	}
	if keys := slices.Sorted(maps.Keys(attrsOf(t, v))); !slices.Equal(keys, []string{"b", "mysql-bin.000001"}) {
		t.Errorf("keys %v", keys)
	}
}

// TestWriteState_EveryComputedAttribute: each computed attribute of the schema is written from the read, not
// taken from the (null) configuration; each argument goes back as configured.
func TestWriteState_EveryComputedAttribute(t *testing.T) {
	config := listConfig(t, map[string]tftypes.Value{
		"site_id": str("s1"), "name_regex": str("^n$"), "most_recent": tftypes.NewValue(tftypes.Bool, false),
		"include_download_urls": tftypes.NewValue(tftypes.Bool, true),
	})
	jobs := []*testJob{fullJob()}
	state, err := testList.writeState(config, &Listed[testJob]{Scope: "s1", All: jobs, Items: jobs, PageSize: 50, TotalCount: 9, includeLinks: true, filter: &filter{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeState(state, listType)
	if err != nil {
		t.Fatal(err)
	}
	attrs, args := attrsOf(t, got), attrsOf(t, config.Raw)
	for name, a := range testList.schema().Attributes {
		v := attrs[name]
		switch {
		case a.IsComputed() && v.IsNull():
			t.Errorf("computed %s is null", name)
		case !a.IsComputed() && !v.Equal(args[name]):
			t.Errorf("argument %s = %s, configured %s", name, v, args[name])
		}
	}
	for name, want := range map[string]tftypes.Value{
		"id": str("s1"), "page_size": tftypes.NewValue(tftypes.Number, 50), "total_count": tftypes.NewValue(tftypes.Number, 9),
		"matched_count": tftypes.NewValue(tftypes.Number, 1),
	} {
		if !attrs[name].Equal(want) {
			t.Errorf("%s = %s, want %s", name, attrs[name], want)
		}
	}
	if done := attrsOf(t, attrs["newest_done"]); !done["job_id"].Equal(tftypes.NewValue(tftypes.Number, 70000)) {
		t.Errorf("newest_done = %v", done)
	}
}

// TestWriteState_NoLinksUnlessAsked: without include_download_urls, download_urls is null and no link is written
// anywhere in the state.
func TestWriteState_NoLinksUnlessAsked(t *testing.T) {
	config := listConfig(t, map[string]tftypes.Value{"site_id": str("s1")})
	jobs := []*testJob{fullJob()}
	state, err := testList.writeState(config, &Listed[testJob]{Scope: "s1", All: jobs, Items: jobs, PageSize: 50, TotalCount: 1, filter: &filter{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"https://out", "https://in", "https://part"} {
		if bytes.Contains(state, []byte(link)) {
			t.Errorf("the state holds the link %s", link)
		}
	}
	got, err := decodeState(state, listType)
	if err != nil {
		t.Fatal(err)
	}
	if urls := attrsOf(t, got)["download_urls"]; !urls.IsNull() {
		t.Errorf("download_urls = %s, want null", urls)
	}
}

// TestWriteState_ConfigurationNotAnObject: a configuration that is no object is refused, not written.
func TestWriteState_ConfigurationNotAnObject(t *testing.T) {
	if _, err := writeState(str("x"), 0, nil); err == nil || !strings.Contains(err.Error(), "not an object") {
		t.Fatalf("got %v", err)
	}
}
