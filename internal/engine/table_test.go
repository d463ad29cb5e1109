package engine

import (
	"reflect"
	"strings"
	"testing"
)

// mustPanic runs f and returns what it panicked with.
func mustPanic(t *testing.T, f func()) string {
	t.Helper()
	var got any
	func() {
		defer func() { got = recover() }()
		f()
	}()
	if got == nil {
		t.Fatal("no panic")
	}
	return got.(string)
}

// TestDescribe_RefusesBadTables: a table that does not fit its struct is refused when it is compiled, so that the
// package declaring it fails to load.
func TestDescribe_RefusesBadTables(t *testing.T) {
	rows := func() []*Field {
		return []*Field{TextField("Name", "name", "N."), TimeField("Start", "start", "S.")}
	}
	for name, tc := range map[string]struct {
		table func()
		want  string
	}{
		"a field without a row": {func() { Describe[testFile]("file", "Name", TextField("Name", "name", "N.")) }, "testFile.Start (Start) has no row in the table"},
		"a row without a field": {func() { Describe[testFile]("file", "Name", append(rows(), TextField("Size", "size", "S."))...) }, `no field with the JSON key "Size"`},
		"a row of another type": {func() {
			Describe[testFile]("file", "Name", IntegerField("Name", "name", "N."), TimeField("Start", "start", "S."))
		}, "testFile.Name is a *string; a field of this kind must be a *int64"},
		"a key that is a time": {func() { Describe[testFile]("file", "Start", rows()...) }, `the key "Start" must be an integer or text row`},
		"no key":               {func() { Describe[testFile]("file", "Nothing", rows()...) }, `the key "Nothing"`},
		"parts without a link in a links map": {func() {
			noLink := Describe[testPart]("part", "PartId", IntegerField("PartId", "part_id", "."), TextField("Region", "region", "."),
				TimeField("StartTime", "start_time", "."), OmittedField("Url", "."))
			Describe[testJob]("job", "JobId", IntegerField("JobId", "job_id", "."), TextField("Name", "name", "."), IntegerField("Size", "size", "."),
				TimeField("Date", "date", "."), TimeField("FinishTime", "finish_time", "."), TextField("Status", "status", "."),
				TextField("Kind", "kind", "."), ListField("Parts", "parts", noLink, ".").WithLinks("part_urls", "."),
				OmittedField("Owner", "."), LinkField("Url", "url", "."), LinkField("LocalUrl", "local_url", "."))
		}, "the elements of a list with a links map must have exactly one link"},
	} {
		if got := mustPanic(t, tc.table); !strings.Contains(got, tc.want) {
			t.Errorf("%s: panicked with %q, want %q", name, got, tc.want)
		}
	}
}

func TestTable_FieldsByAttribute(t *testing.T) {
	if got := jobTable.Field("status").values; strings.Join(got, ",") != "SUCCESS,FAILED,RUNNING" {
		t.Errorf("status values %v", got)
	}
	if got := jobTable.Field("kind").doc; got != "`full` or `partial`: what the job did." {
		t.Errorf("kind doc %q", got)
	}
	if got := mustPanic(t, func() { jobTable.Field("nothing") }); !strings.Contains(got, `no attribute "nothing"`) {
		t.Errorf("got %q", got)
	}
	// Attributes are written in the order of their names; links are not attributes.
	var attrs []string
	for _, f := range jobTable.attrs {
		attrs = append(attrs, f.attr)
	}
	if got := strings.Join(attrs, ","); got != "date,finish_time,job_id,kind,name,parts,size,status" {
		t.Errorf("attributes in the order %s", got)
	}
	var links []string
	for _, f := range jobTable.links {
		links = append(links, f.linksName())
	}
	if got := strings.Join(links, ","); got != "local_url,part_urls,url" {
		t.Errorf("links in the order %s", got)
	}
}

// testShared is what two API objects share under the same names, embedded in each as encoding/json reads it.
type testShared struct {
	Name *string `json:"Name"`
	Size *int64  `json:"Size"`
}

// testEmbedding embeds testShared: its fields are the object's own to the table.
type testEmbedding struct {
	testShared
	Start *string `json:"Start"`
}

// TestDescribe_EmbeddedFields: the fields of an embedded struct are rows like the object's own (found by their JSON
// key, read through their index path), and one without a row is refused like any other.
func TestDescribe_EmbeddedFields(t *testing.T) {
	o := Describe[testEmbedding]("thing", "Name",
		TextField("Name", "name", "N."), IntegerField("Size", "size", "S."), TimeField("Start", "start", "T."))
	name, size := "a", int64(7)
	v := reflect.ValueOf(testEmbedding{testShared: testShared{Name: &name, Size: &size}})
	if got := o.Field("name").str(v); got == nil || *got != "a" {
		t.Errorf("name read through the embedded struct: %v", got)
	}
	if got := o.Field("size").int(v); got == nil || *got != 7 {
		t.Errorf("size read through the embedded struct: %v", got)
	}
	msg := mustPanic(t, func() {
		Describe[testEmbedding]("thing", "Name", TextField("Name", "name", "N."), TimeField("Start", "start", "T."))
	})
	if !strings.Contains(msg, "testEmbedding.Size (Size) has no row in the table") {
		t.Errorf("an embedded field without a row: %q", msg)
	}
}
