package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func validateTimeArg(attr string, v types.String) validator.StringResponse {
	var resp validator.StringResponse
	timeArg{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root(attr), ConfigValue: v}, &resp)
	return resp
}

func TestTimeArg_Accepts(t *testing.T) {
	for _, v := range []types.String{
		types.StringValue("2025-06-01T02:00:00+08:00"),
		types.StringValue("2025-05-31T18:00:00Z"),
		types.StringValue("2025-05-31T13:00:00-05:00"),
		types.StringValue("2025-06-01T02:00:00.5+08:00"), // fractional seconds, as timeadd() may give
		types.StringNull(),
		types.StringUnknown(), // plantimestamp() is unknown until the plan
	} {
		if resp := validateTimeArg("created_after", v); resp.Diagnostics.HasError() {
			t.Errorf("%s: %v", v, resp.Diagnostics)
		}
	}
}

func TestTimeArg_Refuses(t *testing.T) {
	const (
		format   = `Write an RFC 3339 time: a date, "T", a time of day and the zone's offset from UTC, e.g. "2025-06-01T02:00:00+08:00" (Beijing time, in which the API shows its times) or "2025-05-31T18:00:00Z" (the same moment in UTC).`
		relative = "\n\nFor a time relative to the plan, write an expression, e.g. timeadd(plantimestamp(), \"-24h\") for 24 hours before it (the units are h, m and s, with no days: a week is \"-168h\")."
	)
	cases := []struct {
		attr, value string
		zoneHint    string // the value with Beijing time's zone, as the message must suggest it
	}{
		{"created_after", "yesterday", ""},
		{"start_before", "", ""},
		{"created_before", "2024-05-01 00:00:00", "2024-05-01T00:00:00+08:00"},
		{"start_after", "2024-05-01T23:30:15", "2024-05-01T23:30:15+08:00"},
		{"start_after", "2024-05-01T23:30", "2024-05-01T23:30:00+08:00"},
		{"created_after", "2024-05-01 23:30", "2024-05-01T23:30:00+08:00"},
		{"created_after", "2024-12-31", "2024-12-31T00:00:00+08:00"},
		{"created_after", "2024-05-01t00:00:00z", ""},     // RFC 3339 allows lower case; Go's time.Parse does not
		{"created_after", "2024-13-01T00:00:00Z", ""},     // no 13th month
		{"created_after", "2024-05-01T00:00:00+0800", ""}, // the offset needs its colon
		{"created_after", "1714492800", ""},               // Unix seconds
	}
	for _, tc := range cases {
		resp := validateTimeArg(tc.attr, types.StringValue(tc.value))
		if resp.Diagnostics.ErrorsCount() != 1 || len(resp.Diagnostics) != 1 {
			t.Errorf("%s = %q: %d diagnostics, want one error", tc.attr, tc.value, len(resp.Diagnostics))
			continue
		}
		d := resp.Diagnostics[0]
		want := tc.attr + ` = "` + tc.value + `" is not a time this argument can read. ` + format
		if tc.zoneHint != "" {
			want += ` This value has no zone; if it is Beijing time, as the console shows it, write "` + tc.zoneHint + `".`
		}
		want += relative
		if d.Summary() != "Invalid time" || d.Detail() != want {
			t.Errorf("%s = %q:\ngot  %q: %q\nwant %q: %q", tc.attr, tc.value, d.Summary(), d.Detail(), "Invalid time", want)
		}
		withPath, ok := d.(interface{ Path() path.Path })
		if !ok || !withPath.Path().Equal(path.Root(tc.attr)) {
			t.Errorf("%s = %q: the diagnostic does not point at %s", tc.attr, tc.value, tc.attr)
		}
	}
}

// TestTimeArg_ExampleAndHintsAreValid: every time the message offers is one the argument takes.
func TestTimeArg_ExampleAndHintsAreValid(t *testing.T) {
	for _, s := range []string{timeArgExample, "2025-05-31T18:00:00Z"} {
		if resp := validateTimeArg("created_after", types.StringValue(s)); resp.Diagnostics.HasError() {
			t.Errorf("the message's own example %q is refused", s)
		}
	}
	if a, b := mustParse(t, timeArgExample), mustParse(t, "2025-05-31T18:00:00Z"); !a.Equal(b) {
		t.Errorf("the message says %s and 2025-05-31T18:00:00Z are the same moment; they are not", timeArgExample)
	}
	for _, v := range []string{"2024-05-01 00:00:00", "2024-05-01"} {
		hint, ok := withAPIZone(v)
		if !ok {
			t.Fatalf("no hint for %q", v)
		}
		if resp := validateTimeArg("created_after", types.StringValue(hint)); resp.Diagnostics.HasError() {
			t.Errorf("the hint %q for %q is refused", hint, v)
		}
		if !strings.HasSuffix(hint, "+08:00") {
			t.Errorf("the hint %q for %q is not in Beijing time", hint, v)
		}
	}
}

func mustParse(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
