package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The engine's tests run on a made-up API: a list action of jobs, each with parts that have their own download
// link, shaped like the objects the provider shows (an integer key, text and enum fields, times, a list of nested
// objects with links, links, a field not shown), and files keyed by their name.

// testJob is one job of the made-up API.
type testJob struct {
	ID       *int64      `json:"JobId"`
	Name     *string     `json:"Name"`
	Size     *int64      `json:"Size"`
	Date     *string     `json:"Date"`
	Finished *string     `json:"FinishTime"`
	Status   *string     `json:"Status"`
	Kind     *string     `json:"Kind"`
	Parts    []*testPart `json:"Parts"`
	Owner    *string     `json:"Owner"`
	URL      *string     `json:"Url"`
	LocalURL *string     `json:"LocalUrl"`
}

// testPart is a part of a job.
type testPart struct {
	ID      *int64  `json:"PartId"`
	Region  *string `json:"Region"`
	Started *string `json:"StartTime"`
	URL     *string `json:"Url"`
}

// testFile is a file of the made-up API, keyed by its name.
type testFile struct {
	Name  *string `json:"Name"`
	Start *string `json:"Start"`
}

var partTable = Describe[testPart]("part", "PartId",
	IntegerField("PartId", "part_id", "ID of the part."),
	TextField("Region", "region", "Region of the part."),
	TimeField("StartTime", "start_time", "Start of the part."),
	LinkField("Url", "url", "Link of the part."),
)

var jobTable = Describe[testJob]("job", "JobId",
	IntegerField("JobId", "job_id", "ID of the job."),
	TextField("Name", "name", "Name of the job."),
	IntegerField("Size", "size", "Size in bytes."),
	TimeField("Date", "date", "When the job was made."),
	TimeField("FinishTime", "finish_time", "When the job finished."),
	EnumField("Status", "status", "", "SUCCESS", "FAILED", "RUNNING"),
	EnumField("Kind", "kind", ": what the job did", "full", "partial"),
	ListField("Parts", "parts", partTable, "The job's parts.").WithLinks("part_urls", "Links of the parts, by `part_id`."),
	OmittedField("Owner", "said by the scope"),
	LinkField("Url", "url", "Link of the job."),
	LinkField("LocalUrl", "local_url", "Link of the job on the private network."),
)

var fileTable = Describe[testFile]("file", "Name",
	TextField("Name", "name", "Name of the file."),
	TimeField("Start", "start", "Start of the file."),
)

func ptr[T any](v T) *T { return &v }

// fullJob has every field set, each to a value of its own.
func fullJob() *testJob {
	return &testJob{
		ID: ptr(int64(70000)), Name: ptr("n"), Size: ptr(int64(300)), Date: ptr("2024-05-01 02:00:00"),
		Finished: ptr("2024-05-01 02:10:00"), Status: ptr("SUCCESS"), Kind: ptr("full"), Owner: ptr("someone"),
		URL: ptr("https://out"), LocalURL: ptr("https://in"),
		Parts: []*testPart{{ID: ptr(int64(71)), Region: ptr("r2"), Started: ptr("2024-05-01 03:00:00"), URL: ptr("https://part")}},
	}
}

// jobsWithIDs are n jobs with IDs 1000 and up, and nothing else.
func jobsWithIDs(n int) []*testJob {
	out := make([]*testJob, n)
	for i := range out {
		out[i] = &testJob{ID: ptr(int64(1000 + i))}
	}
	return out
}

// testClient is the made-up API's client: it serves a fixed list of jobs the way the API pages it, and records
// every call.
type testClient struct {
	mu         sync.Mutex
	jobs       []*testJob
	total      *int64 // TotalCount to report; nil to omit it
	emptyAfter int    // answer empty pages from this offset on; 0 means never
	err        error
	calls      []PageRequest
}

var errNoSuchScope = errors.New("no such scope")

// fetch answers one page.
func (c *testClient) fetch(_ context.Context, req PageRequest) (Page[testJob], error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, req)
	if c.err != nil {
		return Page[testJob]{}, c.err
	}
	limit := req.Limit
	if limit == 0 {
		limit = 100 // the largest page this API accepts
	}
	p := Page[testJob]{Total: c.total, Items: []*testJob{}, Limit: limit}
	if c.emptyAfter > 0 && req.Offset >= int64(c.emptyAfter) {
		return p, nil
	}
	start := min(int(req.Offset), len(c.jobs))
	end := min(start+int(limit), len(c.jobs))
	p.Items = c.jobs[start:end]
	return p, nil
}

// pages is the client as a PageFetcher for scope.
func (c *testClient) pages(scope string) PageFetcher[testJob] {
	return func(ctx context.Context, offset, limit int64) (Page[testJob], error) {
		return c.fetch(ctx, PageRequest{Scope: scope, Offset: offset, Limit: limit})
	}
}

// serving makes a client that serves jobs with their TotalCount.
func serving(jobs []*testJob) *testClient {
	return &testClient{jobs: jobs, total: ptr(int64(len(jobs)))}
}

// testScope is a site of the made-up API.
var testScope = Scope[*testClient]{
	Attr: "site_id", Doc: "The site.", IDDoc: "The site's ID.", API: "the test API", MaxPageSize: 100,
	NotFound: func(_ *testClient, id string, err error) (string, string, bool) {
		if !errors.Is(err, errNoSuchScope) {
			return "", "", false
		}
		return "Site not found", fmt.Sprintf("There is no site %q.", id), true
	},
}

// testList lists a site's jobs, with every kind of filter, an argument and attributes of its own.
var testList = NewList(ListSpec[testJob, *testClient]{
	TypeName: "test_jobs", Description: "Lists jobs.", Scope: testScope,
	Items: jobTable, ItemsAttr: "jobs", ItemsDoc: "The jobs.", Action: "ListJobs", PageSizeDoc: "Say how many.",
	TotalCountDoc: "Jobs the API reports.", IncludeLinksDoc: "Read the links.", LinksDoc: "The links.",
	Arguments: []Argument{TimeArgument("since", "Jobs since."), TimeArgument("until", "Jobs until.")},
	Windows:   []Window{{After: "since", Before: "until", Inclusive: true}},
	Filters: []Filter{
		Equals("status", "Keep by status."),
		Equals("kind", "Keep by kind."),
		Matches("name_regex", "name", "Keep by name."),
		Within("made_after", "made_before", "date", "Made at or after.", "Made before."),
		MostRecent("most_recent", "Keep the newest."),
	},
	Order: NewestFirst("date"),
	Fetch: func(ctx context.Context, c *testClient, req PageRequest) (Page[testJob], error) {
		return c.fetch(ctx, req)
	},
	Attributes: Attributes{
		"matched_count": ComputedInt("Jobs kept."),
		"newest_done":   ComputedObject(jobTable, "The newest SUCCESS job."),
	},
	Values: func(l *Listed[testJob]) Values {
		return Values{
			"matched_count": Int(int64(len(l.Items))),
			"newest_done":   ObjectValue(jobTable, First(jobTable, l.Items, "status", "SUCCESS")),
		}
	},
})

// listType is the Terraform type of testList's configuration and state.
var listType = testList.schema().Type().TerraformType(context.Background()).(tftypes.Object)

// listConfig is a configuration of testList: values, and null for every other attribute.
func listConfig(t testing.TB, values map[string]tftypes.Value) tfsdk.Config {
	t.Helper()
	return tfsdk.Config{Raw: objectOf(listType, values), Schema: testList.schema()}
}

// objectOf is an object of typ with values, and null for every other attribute.
func objectOf(typ tftypes.Object, values map[string]tftypes.Value) tftypes.Value {
	full := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		full[name] = tftypes.NewValue(at, nil)
	}
	for k, v := range values {
		full[k] = v
	}
	return tftypes.NewValue(typ, full)
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// decodeState reads MessagePack with terraform-plugin-go, as the framework reads a DynamicValue.
func decodeState(b []byte, typ tftypes.Type) (tftypes.Value, error) {
	return (&tfprotov6.DynamicValue{MsgPack: b}).Unmarshal(typ)
}

// pluginGoBytes is terraform-plugin-go's MessagePack for a value: the form the provider's writer must produce.
func pluginGoBytes(t *testing.T, typ tftypes.Type, v any) []byte {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, v))
	if err != nil {
		t.Fatal(err)
	}
	return dv.MsgPack
}
