package engine

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A made-up API's sites: a state code, labels as key/value pairs, and a region-wide list of them.
type testSite struct {
	ID      *string      `json:"SiteId"`
	State   *int64       `json:"State"`
	Labels  []*testLabel `json:"Labels"`
	Created *string      `json:"Created"`
	Extra   *string      `json:"Extra"`
}

type testLabel struct {
	Key   *string `json:"LabelKey"`
	Value *string `json:"LabelValue"`
}

// testSiteFacts is a site with facts read by other calls: an object of a view of testPart.
type testSiteFacts struct {
	testSite
	Newest *testPart `json:"NewestPart"`
	Parts  *int64    `json:"PartCount"`
}

var siteTable = Describe[testSite]("site", "SiteId",
	TextField("SiteId", "site_id", "Site ID."),
	CodeField("State", "state", "State.", Code{Value: 0, Name: "new"}, Code{Value: 1, Name: "up"}),
	KeyValueField("Labels", "labels", "LabelKey", "LabelValue", "Labels."),
	TimeField("Created", "created", "Creation."),
	OmittedField("Extra", "not needed"),
)

var partView = View[testPart]("part", batchPartTable.Rows("part_id", "start_time")...)

var siteFactsTable = Describe[testSiteFacts]("site facts", "SiteId", append(siteTable.Rows(),
	ObjectField("NewestPart", "newest_part", partView, "The newest part.").DerivedFrom("the parts"),
	IntegerField("PartCount", "part_count", "Parts."),
)...)

// fleetClient serves sites and their facts; failing names the sites whose facts fail.
type fleetClient struct {
	sites   []*testSite
	failing map[string]string
	args    []Args
	read    [][]string
}

var testSites = NewList(ListSpec[testSite, *fleetClient]{
	TypeName: "test_sites", Description: "Lists sites.", Scope: Scope[*fleetClient]{IDDoc: "The region.", API: "the test API", MaxPageSize: 50},
	RegionOf: func(*fleetClient) string { return "r1" },
	Items:    siteTable, ItemsAttr: "sites", ItemsDoc: "Sites.", Action: "ListSites", TotalCountDoc: "Count.",
	Arguments: []Argument{TextListArgument("site_ids", "IDs."), EnumListArgument("states", "States.", "new", "up"),
		TextMapArgument("labels", "Labels."), IntegerArgument("project", "Project.")},
	Filters: []Filter{Matches("id_regex", "site_id", "Regex.")},
	Order:   NewestFirst("created"),
	Fetch: func(_ context.Context, c *fleetClient, p PageRequest) (Page[testSite], error) {
		c.args = append(c.args, p.Args)
		var out []*testSite
		for _, s := range c.sites {
			if ids := p.Args.TextList("site_ids"); ids == nil || slices.Contains(ids, *s.ID) {
				out = append(out, s)
			}
		}
		total := int64(len(out))
		return Page[testSite]{Total: &total, Items: out[min(int(p.Offset), len(out)):], Limit: 50}, nil
	},
})

var testFleet = NewFleet(FleetSpec[testSite, testSiteFacts, *fleetClient]{
	TypeName: "test_site_facts", Description: "Reads facts.", Select: testSites, Items: siteFactsTable,
	ItemsAttr: "sites", ItemsDoc: "Facts.", FailedAttr: "failed_sites", Arguments: []Argument{DurationArgument("window", "Window.")},
	Read: func(_ context.Context, c *fleetClient, selected []*testSite, args Args) ([]*testSiteFacts, []ScopeFailure, error) {
		var ids []string
		var out []*testSiteFacts
		var failures []ScopeFailure
		for i, s := range selected {
			ids = append(ids, *s.ID)
			if msg, ok := c.failing[*s.ID]; ok {
				failures = append(failures, ScopeFailure{ID: *s.ID, Code: "Gone", Message: msg})
				continue
			}
			f := &testSiteFacts{testSite: *s, Parts: ptr(int64(i))}
			if i%2 == 0 {
				f.Newest = &testPart{ID: ptr(int64(100 + i)), Started: ptr("2025-06-01 10:00:00"), Region: ptr("x")}
			}
			out = append(out, f)
		}
		c.read = append(c.read, ids)
		return out, failures, nil
	},
})

var fleetType = testFleet.schema().Type().TerraformType(context.Background()).(tftypes.Object)

func readFleet(t *testing.T, c *fleetClient, values map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	config, err := tfprotov6.NewDynamicValue(fleetType, objectOf(fleetType, values))
	if err != nil {
		t.Fatal(err)
	}
	return testFleet.DataSource().(ProtocolDataSource).ReadProtocol(context.Background(), &ProviderData[*fleetClient]{Client: c},
		&tfprotov6.ReadDataSourceRequest{TypeName: "test_site_facts", Config: &config})
}

func threeSites() []*testSite {
	return []*testSite{
		{ID: ptr("s1"), State: ptr(int64(1)), Created: ptr("2025-01-01 00:00:00"),
			Labels: []*testLabel{{Key: ptr("env"), Value: ptr("prod")}, nil, {Key: nil, Value: ptr("x")}, {Key: ptr("env"), Value: ptr("dup")}, {Key: ptr("a"), Value: nil}}},
		{ID: ptr("s2"), State: ptr(int64(7)), Created: ptr("2025-01-03 00:00:00")},
		{ID: ptr("s3"), State: nil, Created: ptr("2025-01-02 00:00:00"), Labels: []*testLabel{}},
	}
}

// TestFleet_Values: the selection's arguments reach the list's fetch; the facts come in the list's order (newest
// first); codes are named (an unknown one is its number, a null one null); key/value pairs are a map (entries
// without a key dropped, the first of a repeated key kept, a null value empty); an object of a view shows its rows;
// terraform-plugin-go decodes the state.
func TestFleet_Values(t *testing.T) {
	c := &fleetClient{sites: threeSites()}
	labels := tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"env": str("prod")})
	resp := readFleet(t, c, map[string]tftypes.Value{
		"states": strListValue("up"), "labels": labels, "project": tftypes.NewValue(tftypes.Number, big.NewFloat(7)), "window": str("2h"),
	})
	if len(resp.Diagnostics) > 0 {
		t.Fatal(diagnosticsText(resp.Diagnostics))
	}
	args := c.args[0]
	if p, ok := args.Integer("project"); !ok || p != 7 || fmt.Sprint(args.TextList("states")) != "[up]" || args.TextMap("labels")["env"] != "prod" || args.TextList("site_ids") != nil {
		t.Errorf("the fetch got %+v", args)
	}
	if got := strings.Join(c.read[0], ","); got != "s2,s3,s1" {
		t.Errorf("facts read for %s, want the list's order s2,s3,s1", got)
	}
	state, err := resp.State.Unmarshal(fleetType)
	if err != nil {
		t.Fatal(err)
	}
	attrs := attrsOf(t, state)
	var sites []tftypes.Value
	_ = attrs["sites"].As(&sites)
	if len(sites) != 3 {
		t.Fatalf("%d sites", len(sites))
	}
	s := func(i int) map[string]tftypes.Value { var m map[string]tftypes.Value; _ = sites[i].As(&m); return m }
	mapType := tftypes.Map{ElementType: tftypes.String}
	for _, tc := range []struct {
		i     int
		attr  string
		value tftypes.Value
	}{
		{0, "state", str("7")},
		{1, "state", tftypes.NewValue(tftypes.String, nil)},
		{2, "state", str("up")},
		{2, "labels", tftypes.NewValue(mapType, map[string]tftypes.Value{"env": str("prod"), "a": str("")})},
		{0, "labels", tftypes.NewValue(mapType, map[string]tftypes.Value{})},
		{1, "labels", tftypes.NewValue(mapType, map[string]tftypes.Value{})},
		{0, "part_count", tftypes.NewValue(tftypes.Number, 0)},
		{1, "newest_part", tftypes.NewValue(fleetPartType(), nil)},
		{0, "newest_part", tftypes.NewValue(fleetPartType(), map[string]tftypes.Value{"part_id": tftypes.NewValue(tftypes.Number, 100),
			"start_time": str("2025-06-01T10:00:00+08:00")})},
	} {
		if got := s(tc.i)[tc.attr]; !got.Equal(tc.value) {
			t.Errorf("sites[%d].%s = %v, want %v", tc.i, tc.attr, got, tc.value)
		}
	}
}

func fleetPartType() tftypes.Object {
	return tftypes.Object{AttributeTypes: map[string]tftypes.Type{"part_id": tftypes.Number, "start_time": tftypes.String}}
}

func mustValues(t *testing.T, v tftypes.Value) map[string]tftypes.Value {
	t.Helper()
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFleet_Failures: a site whose facts fail fails the read, naming it with its code; with skip_failed it is left
// out and listed; an empty selection reads nothing and gives empty lists.
func TestFleet_Failures(t *testing.T) {
	c := &fleetClient{sites: threeSites(), failing: map[string]string{"s3": "went away"}}
	resp := readFleet(t, c, nil)
	if len(resp.Diagnostics) != 1 || resp.State != nil || !strings.Contains(resp.Diagnostics[0].Detail, "- s3: [Gone] went away") ||
		!strings.Contains(resp.Diagnostics[0].Detail, "skip_failed = true") || !strings.Contains(resp.Diagnostics[0].Summary, "1 of the 3 sites") {
		t.Fatalf("got %s", diagnosticsText(resp.Diagnostics))
	}
	resp = readFleet(t, c, map[string]tftypes.Value{"skip_failed": tftypes.NewValue(tftypes.Bool, true)})
	if len(resp.Diagnostics) > 0 {
		t.Fatal(diagnosticsText(resp.Diagnostics))
	}
	state, _ := resp.State.Unmarshal(fleetType)
	attrs := attrsOf(t, state)
	var sites, failed []tftypes.Value
	_ = attrs["sites"].As(&sites)
	_ = attrs["failed_sites"].As(&failed)
	if len(sites) != 2 || len(failed) != 1 {
		t.Fatalf("%d sites, %d failed", len(sites), len(failed))
	}
	f := mustValues(t, failed[0])
	if !f["site_id"].Equal(str("s3")) || !f["code"].Equal(str("Gone")) || !f["message"].Equal(str("went away")) {
		t.Errorf("failed_sites[0] = %v", f)
	}

	c = &fleetClient{sites: threeSites()}
	resp = readFleet(t, c, map[string]tftypes.Value{"site_ids": strListValue("s9")})
	if len(resp.Diagnostics) > 0 {
		t.Fatal(diagnosticsText(resp.Diagnostics))
	}
	state, _ = resp.State.Unmarshal(fleetType)
	attrs = attrsOf(t, state)
	_ = attrs["sites"].As(&sites)
	_ = attrs["failed_sites"].As(&failed)
	if len(sites) != 0 || len(failed) != 0 || attrs["sites"].IsNull() || !attrs["id"].Equal(str("r1")) {
		t.Errorf("empty selection: sites %v, failed %v, id %v", attrs["sites"], attrs["failed_sites"], attrs["id"])
	}
}

// TestTable_RowsAndViews: a table's rows name what they are asked for, and a view checks nothing of the rest.
func TestTable_RowsAndViews(t *testing.T) {
	if got := len(siteTable.Rows()); got != 5 {
		t.Errorf("Rows() gave %d rows, want all 5, the omitted one too", got)
	}
	if got := partView.attrs; len(got) != 2 || got[0].attr != "part_id" || got[1].attr != "start_time" {
		t.Errorf("the view's attributes: %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("Rows with an unknown attribute did not panic")
		}
	}()
	siteTable.Rows("nope")
}
