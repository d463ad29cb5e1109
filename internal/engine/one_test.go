package engine

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The made-up API's settings of a site, shaped like a backup policy: switches, a nested struct of windows and
// days, lists, and two structs of the same type.
type testSettings struct {
	KeepDays   *int64        `json:"KeepDays"`
	Copies     *string       `json:"Copies"`
	CopyDays   *int64        `json:"CopyDays"`
	Regions    []*string     `json:"Regions"`
	Window     *testWindow   `json:"Window"`
	Limits     *testLimits   `json:"Limits"`
	Defaults   *testLimits   `json:"Defaults"`
	Old        *int64        `json:"Old"`
	Allowances []*testAllowd `json:"Allowances"`
}

type testWindow struct {
	Monday *string  `json:"Monday"`
	Days   []*int64 `json:"Days"`
}

type testLimits struct {
	Hours *int64 `json:"Hours"`
}

type testAllowd struct {
	Region *string   `json:"Region"`
	IDs    []*string `json:"Ids"`
}

var settingsTable = Describe[testSettings]("settings", "",
	IntegerField("KeepDays", "keep_days", "Days kept."),
	GroupField("copies", "Copies.",
		OnOffField("Copies", "enabled", "Whether."),
		IntegerField("CopyDays", "days", "Days."),
		TextListField("Regions", "regions", "Where."),
	),
	GroupField("window", "When.",
		ClockRangeField("Window.Monday", "monday", "Mondays."),
		IntegerListField("Window.Days", "days", "Days of the month."),
	),
	GroupField("limits", "Limits.",
		IntegerField("Limits.Hours", "hours", "Hours."),
		GroupField("default", "Default.", IntegerField("Defaults.Hours", "hours", "Hours.")),
	),
	OmittedField("Old", "deprecated"),
	ListField("Allowances", "allowances", Describe[testAllowd]("allowance", "",
		TextField("Region", "region", "Region."), TextListField("Ids", "ids", "IDs.")), "Allowed."),
)

// settingsClient serves one site's settings, or an error.
type settingsClient struct {
	settings *testSettings
	err      error
	asked    []string
}

var testSettingsSource = NewOne(OneSpec[testSettings, *settingsClient]{
	TypeName: "test_settings", Description: "Reads settings.", Object: settingsTable,
	Scope: &Scope[*settingsClient]{Attr: "site_id", Doc: "The site.", IDDoc: "The site's ID.", API: "the test API",
		NotFound: func(_ *settingsClient, id string, err error) (string, string, bool) {
			return "Site not found", "There is no site " + id + ".", errors.Is(err, errNoSuchScope)
		}},
	Fetch: func(_ context.Context, c *settingsClient, scope string) (*testSettings, error) {
		c.asked = append(c.asked, scope)
		return c.settings, c.err
	},
})

var settingsType = testSettingsSource.schema().Type().TerraformType(context.Background()).(tftypes.Object)

// readSettings reads testSettingsSource for site s1 at the protocol level.
func readSettings(t *testing.T, c *settingsClient) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	config, err := tfprotov6.NewDynamicValue(settingsType, objectOf(settingsType, map[string]tftypes.Value{"site_id": str("s1")}))
	if err != nil {
		t.Fatal(err)
	}
	return testSettingsSource.DataSource().(ProtocolDataSource).ReadProtocol(context.Background(), &ProviderData[*settingsClient]{Client: c},
		&tfprotov6.ReadDataSourceRequest{TypeName: "test_settings", Config: &config})
}

// TestOne_State: every kind of setting is written as its attribute, typed; absent ones are null, absent lists
// empty, groups always objects. The expected values are written out here.
func TestOne_State(t *testing.T) {
	attrType := func(path ...string) tftypes.Type {
		var typ tftypes.Type = settingsType
		for _, p := range path {
			typ = typ.(tftypes.Object).AttributeTypes[p]
		}
		return typ
	}
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(n))) }
	null := func(typ tftypes.Type) tftypes.Value { return tftypes.NewValue(typ, nil) }
	obj := func(typ tftypes.Type, attrs map[string]tftypes.Value) tftypes.Value {
		return tftypes.NewValue(typ, attrs)
	}
	strList := func(s ...string) tftypes.Value {
		elems := []tftypes.Value{}
		for _, e := range s {
			elems = append(elems, str(e))
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
	}
	for name, tc := range map[string]struct {
		settings *testSettings
		want     map[string]tftypes.Value
	}{
		"every setting": {
			settings: &testSettings{KeepDays: ptr(int64(7)), Copies: ptr("on"), CopyDays: ptr(int64(30)), Regions: []*string{ptr("r1"), nil, ptr("r2")},
				Window: &testWindow{Monday: ptr("22:00-02:30"), Days: []*int64{ptr(int64(1)), ptr(int64(15))}},
				Limits: &testLimits{Hours: ptr(int64(120))}, Defaults: &testLimits{Hours: ptr(int64(48))}, Old: ptr(int64(2)),
				Allowances: []*testAllowd{{Region: ptr("r1"), IDs: []*string{ptr("vpc-1")}}, nil}},
			want: map[string]tftypes.Value{
				"id": str("s1"), "site_id": str("s1"), "keep_days": num(7),
				"copies": obj(attrType("copies"), map[string]tftypes.Value{
					"enabled": tftypes.NewValue(tftypes.Bool, true), "days": num(30), "regions": strList("r1", "r2")}),
				"window": obj(attrType("window"), map[string]tftypes.Value{
					"monday": obj(attrType("window", "monday"), map[string]tftypes.Value{"start": str("22:00"), "end": str("02:30")}),
					"days":   tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, []tftypes.Value{num(1), num(15)})}),
				"limits": obj(attrType("limits"), map[string]tftypes.Value{"hours": num(120),
					"default": obj(attrType("limits", "default"), map[string]tftypes.Value{"hours": num(48)})}),
				"allowances": tftypes.NewValue(attrType("allowances"), []tftypes.Value{
					obj(attrType("allowances").(tftypes.List).ElementType, map[string]tftypes.Value{"region": str("r1"), "ids": strList("vpc-1")})}),
			},
		},
		"nothing": {
			settings: &testSettings{Copies: ptr("OFF"), Window: &testWindow{Monday: ptr("")}},
			want: map[string]tftypes.Value{
				"id": str("s1"), "site_id": str("s1"), "keep_days": null(tftypes.Number),
				"copies": obj(attrType("copies"), map[string]tftypes.Value{
					"enabled": tftypes.NewValue(tftypes.Bool, false), "days": null(tftypes.Number), "regions": strList()}),
				"window": obj(attrType("window"), map[string]tftypes.Value{
					"monday": null(attrType("window", "monday")), "days": tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, []tftypes.Value{})}),
				"limits": obj(attrType("limits"), map[string]tftypes.Value{"hours": null(tftypes.Number),
					"default": obj(attrType("limits", "default"), map[string]tftypes.Value{"hours": null(tftypes.Number)})}),
				"allowances": tftypes.NewValue(attrType("allowances"), []tftypes.Value{}),
			},
		},
	} {
		resp := readSettings(t, &settingsClient{settings: tc.settings})
		if len(resp.Diagnostics) > 0 {
			t.Fatalf("%s: %s", name, diagnosticsText(resp.Diagnostics))
		}
		got, err := resp.State.Unmarshal(settingsType)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := tftypes.NewValue(settingsType, tc.want)
		if diffs, err := got.Diff(want); err != nil || len(diffs) > 0 {
			t.Errorf("%s: the state differs from the expected one (%v): %v", name, err, diffs)
		}
	}
}

// TestOne_Errors: a value the API should not give fails the read naming the attribute and the value; a scope
// that does not exist points at its argument; another error is reported as it is.
func TestOne_Errors(t *testing.T) {
	for name, tc := range map[string]struct {
		client           *settingsClient
		summary, detail  string
		attributeOfScope bool
	}{
		"bad switch":      {&settingsClient{settings: &testSettings{Copies: ptr("yes")}}, "Unexpected settings data", `copies enabled: "yes" is neither "on" nor "off"`, false},
		"bad window":      {&settingsClient{settings: &testSettings{Window: &testWindow{Monday: ptr("02:00-25:00")}}}, "Unexpected settings data", `window monday: "02:00-25:00" is not a daily time range`, false},
		"no such site":    {&settingsClient{err: errNoSuchScope}, "Site not found", "There is no site s1.", true},
		"another failure": {&settingsClient{err: errors.New("boom")}, "Could not read the settings of s1", "boom", false},
	} {
		resp := readSettings(t, tc.client)
		if len(resp.Diagnostics) != 1 || resp.State != nil {
			t.Fatalf("%s: want one error and no state, got %s", name, diagnosticsText(resp.Diagnostics))
		}
		d := resp.Diagnostics[0]
		if d.Summary != tc.summary || !strings.Contains(d.Detail, tc.detail) {
			t.Errorf("%s: got %q: %q", name, d.Summary, d.Detail)
		}
		if onScope := d.Attribute != nil && d.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("site_id")); onScope != tc.attributeOfScope {
			t.Errorf("%s: error at %v", name, d.Attribute)
		}
	}
}

// TestOne_RegionWide: an object of the region has no scope argument; its id is the region the client reads in.
func TestOne_RegionWide(t *testing.T) {
	region := NewOne(OneSpec[testSettings, *settingsClient]{
		TypeName: "test_region_settings", Object: settingsTable, RegionDoc: "The region.",
		RegionOf: func(*settingsClient) string { return "region-1" },
		Fetch: func(_ context.Context, c *settingsClient, scope string) (*testSettings, error) {
			c.asked = append(c.asked, scope)
			return c.settings, nil
		},
	})
	typ := region.schema().Type().TerraformType(context.Background()).(tftypes.Object)
	if _, ok := typ.AttributeTypes["site_id"]; ok {
		t.Fatal("a region's object has a scope argument")
	}
	config, _ := tfprotov6.NewDynamicValue(typ, objectOf(typ, nil))
	c := &settingsClient{settings: &testSettings{KeepDays: ptr(int64(3))}}
	resp := region.DataSource().(ProtocolDataSource).ReadProtocol(context.Background(), &ProviderData[*settingsClient]{Client: c},
		&tfprotov6.ReadDataSourceRequest{TypeName: "test_region_settings", Config: &config})
	if len(resp.Diagnostics) > 0 {
		t.Fatal(diagnosticsText(resp.Diagnostics))
	}
	state, _ := resp.State.Unmarshal(typ)
	attrs := attrsOf(t, state)
	var id string
	_ = attrs["id"].As(&id)
	if id != "region-1" || len(c.asked) != 1 || c.asked[0] != "" {
		t.Errorf("id %q, asked %q", id, c.asked)
	}
}

// TestDescribe_NestedPaths: a table of nested structs must cover every field inside them, through rows of its
// groups too, and a path must lead through structs.
func TestDescribe_NestedPaths(t *testing.T) {
	for name, tc := range map[string]struct {
		table func()
		want  string
	}{
		"a nested field without a row": {func() {
			Describe[testWindow]("w", "", ClockRangeField("Monday", "monday", "."))
		}, "testWindow.Days (Days) has no row"},
		"a field inside a struct without a row": {func() {
			Describe[testSettings]("s", "", IntegerField("KeepDays", "k", "."), OnOffField("Copies", "c", "."), IntegerField("CopyDays", "d", "."),
				TextListField("Regions", "r", "."), ClockRangeField("Window.Monday", "m", "."), OmittedField("Limits", "."), OmittedField("Defaults", "."),
				OmittedField("Old", "."), OmittedField("Allowances", "."))
		}, "(Window.Days) has no row"},
		"a path through a number": {func() {
			Describe[testLimits]("l", "", IntegerField("Hours.Minutes", "m", "."))
		}, `no field with the JSON key "Hours.Minutes"`},
		"a switch that is a number": {func() {
			Describe[testLimits]("l", "", OnOffField("Hours", "h", "."))
		}, "testLimits.Hours is a *int64; a field of this kind must be a *string"},
		"a list of numbers that is text": {func() {
			Describe[testAllowd]("a", "", TextField("Region", "r", "."), IntegerListField("Ids", "i", "."))
		}, "must be a []*int64"},
	} {
		if got := mustPanic(t, tc.table); !strings.Contains(got, tc.want) {
			t.Errorf("%s: panicked with %q, want %q", name, got, tc.want)
		}
	}
}

func TestParseClockRange(t *testing.T) {
	for in, want := range map[string]string{
		"02:00-06:00": "02:00 06:00", "22:30-01:00": "22:30 01:00", "00:00-24:00": "00:00 24:00", "": "null",
		"2:00-6:00": "error", "02:00": "error", "02:60-03:00": "error", "24:01-01:00": "error", "+1:00-02:00": "error", "ab:cd-01:00": "error",
	} {
		r, err := parseClockRange(&in)
		got := "null"
		switch {
		case err != nil:
			got = "error"
		case r != nil:
			got = r.Start + " " + r.End
		}
		if got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
}
