package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// batchClient answers a batch of sites: the part of each site it knows, a failure for the others.
type batchClient struct {
	parts    map[string]*testPart // by site, the part's Region holding the site's ID
	failures []ScopeFailure
	asked    [][]string
}

var batchPartTable = Describe[testPart]("part", "Region",
	IntegerField("PartId", "part_id", "."), TextField("Region", "site_id", "."), TimeField("StartTime", "start_time", "."), OmittedField("Url", "."))

var testBatch = NewBatch(BatchSpec[testPart, *batchClient]{
	TypeName: "test_parts", Description: "Reads parts.", Scope: testScopeOf[*batchClient](), ScopesAttr: "site_ids", ScopesDoc: "The sites.",
	Items: batchPartTable, ItemsAttr: "parts", ItemsDoc: "The parts.",
	Arguments: []Argument{FlagArgument("remote", "Remote."), TextArgument("zone", "Zone.")},
	Fetch: func(_ context.Context, c *batchClient, ids []string, args Args) ([]*testPart, []ScopeFailure, error) {
		c.asked = append(c.asked, ids)
		zone, _ := args.Text("zone")
		var out []*testPart
		for _, id := range ids {
			if p, ok := c.parts[id]; ok {
				if args.Flag("remote") && zone == "z1" {
					p = &testPart{ID: ptr(*p.ID + 1000), Region: p.Region}
				}
				out = append(out, p)
			}
		}
		return out, c.failures, nil
	},
})

func testScopeOf[C any]() Scope[C] {
	return Scope[C]{Attr: "site_id", API: "the test API"}
}

var batchType = testBatch.schema().Type().TerraformType(context.Background()).(tftypes.Object)

func readBatch(t *testing.T, c *batchClient, values map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	config, err := tfprotov6.NewDynamicValue(batchType, objectOf(batchType, values))
	if err != nil {
		t.Fatal(err)
	}
	return testBatch.DataSource().(ProtocolDataSource).ReadProtocol(context.Background(), &ProviderData[*batchClient]{Client: c},
		&tfprotov6.ReadDataSourceRequest{TypeName: "test_parts", Config: &config})
}

func strListValue(s ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(s))
	for i, e := range s {
		elems[i] = str(e)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
}

// TestBatch_OrderDuplicatesAndMissing: objects come in the order the sites were given, each once, whatever order
// the API answered in; a missing site fails the read unless ignore_missing, which lists it; another failure fails
// it whatever ignore_missing says, and a site the API says nothing of too. The arguments reach the fetch.
func TestBatch_OrderDuplicatesAndMissing(t *testing.T) {
	parts := map[string]*testPart{"s1": {ID: ptr(int64(1)), Region: ptr("s1")}, "s2": {ID: ptr(int64(2)), Region: ptr("s2")}}
	gone := []ScopeFailure{{ID: "s9", Code: "1600009", Message: "no such site", NotFound: true}}

	c := &batchClient{parts: parts, failures: gone}
	resp := readBatch(t, c, map[string]tftypes.Value{"site_ids": strListValue("s2", "s9", "s1", "s2"),
		"ignore_missing": tftypes.NewValue(tftypes.Bool, true), "remote": tftypes.NewValue(tftypes.Bool, true), "zone": str("z1")})
	if len(resp.Diagnostics) > 0 {
		t.Fatal(diagnosticsText(resp.Diagnostics))
	}
	if got := strings.Join(c.asked[0], ","); got != "s2,s9,s1" {
		t.Errorf("asked for %s", got)
	}
	state, _ := resp.State.Unmarshal(batchType)
	attrs := attrsOf(t, state)
	var id string
	var missing []tftypes.Value
	var got []tftypes.Value
	_ = attrs["id"].As(&id)
	_ = attrs["missing_site_ids"].As(&missing)
	_ = attrs["parts"].As(&got)
	if id != "s2,s9,s1" || len(missing) != 1 || !missing[0].Equal(str("s9")) || len(got) != 2 {
		t.Fatalf("id %q, missing %v, parts %v", id, missing, got)
	}
	for i, want := range []string{"s2", "s1"} {
		var part map[string]tftypes.Value
		_ = got[i].As(&part)
		partID := part["part_id"]
		if !part["site_id"].Equal(str(want)) || partID.IsNull() {
			t.Errorf("parts[%d] = %v, want site %s", i, part, want)
		}
	}
	var first map[string]tftypes.Value
	_ = got[0].As(&first)
	if !first["part_id"].Equal(tftypes.NewValue(tftypes.Number, 1002)) {
		t.Errorf("the arguments did not reach the fetch: part_id %v", first["part_id"])
	}

	for name, tc := range map[string]struct {
		client *batchClient
		ignore bool
		want   []string
	}{
		"missing, not ignored": {&batchClient{parts: parts, failures: gone}, false, []string{"- s9: [1600009] no such site", "ignore_missing = true"}},
		"another failure":      {&batchClient{parts: parts, failures: append(gone, ScopeFailure{ID: "s1", Code: "1624001", Message: "db access"})}, true, []string{"- s1: [1624001] db access"}},
		"no answer":            {&batchClient{parts: map[string]*testPart{"s1": parts["s1"]}}, true, []string{"- s2: the API's answer has no part for it"}},
	} {
		resp := readBatch(t, tc.client, map[string]tftypes.Value{"site_ids": strListValue("s1", "s2", "s9"), "ignore_missing": tftypes.NewValue(tftypes.Bool, tc.ignore)})
		if len(resp.Diagnostics) != 1 || resp.State != nil {
			t.Fatalf("%s: want one error, got %s", name, diagnosticsText(resp.Diagnostics))
		}
		d := resp.Diagnostics[0]
		for _, w := range tc.want {
			if !strings.Contains(d.Detail, w) {
				t.Errorf("%s: %q lacks %q", name, d.Detail, w)
			}
		}
		if !d.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("site_ids")) {
			t.Errorf("%s: at %v", name, d.Attribute)
		}
	}
}
