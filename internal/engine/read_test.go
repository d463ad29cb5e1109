package engine

import (
	"context"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// readList reads testList at the protocol level with providerData, for a configuration with values.
func readList(t *testing.T, providerData any, deferralAllowed bool, values map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	config, err := tfprotov6.NewDynamicValue(listType, objectOf(listType, values))
	if err != nil {
		t.Fatal(err)
	}
	ds := testList.DataSource().(ProtocolDataSource)
	return ds.ReadProtocol(context.Background(), providerData, &tfprotov6.ReadDataSourceRequest{
		TypeName: "test_jobs", Config: &config,
		ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: deferralAllowed},
	})
}

// readState is the state of a read that must succeed without diagnostics.
func readState(t *testing.T, client *testClient, values map[string]tftypes.Value) map[string]tftypes.Value {
	t.Helper()
	resp := readList(t, &ProviderData[*testClient]{Client: client}, false, values)
	if len(resp.Diagnostics) > 0 || resp.State == nil {
		t.Fatalf("diagnostics %s", diagnosticsText(resp.Diagnostics))
	}
	state, err := resp.State.Unmarshal(listType)
	if err != nil {
		t.Fatal(err)
	}
	return attrsOf(t, state)
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var s string
	for _, d := range diags {
		s += d.Summary + ": " + d.Detail + " at " + d.Attribute.String() + "\n"
	}
	return s
}

// jobIDs are the job_id of each job of a jobs list.
func jobIDs(t *testing.T, list tftypes.Value) []int64 {
	t.Helper()
	var elems []tftypes.Value
	if err := list.As(&elems); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range elems {
		var id big.Float
		if err := attrsOf(t, e)["job_id"].As(&id); err != nil {
			t.Fatal(err)
		}
		n, _ := id.Int64()
		ids = append(ids, n)
	}
	return ids
}

func TestRead_ListsOrdersFiltersAndWrites(t *testing.T) {
	jobs := []*testJob{
		{ID: ptr(int64(1)), Date: ptr("2024-05-01 00:00:00"), Status: ptr("SUCCESS"), URL: ptr("https://1")},
		{ID: ptr(int64(3)), Date: ptr("2024-05-03 00:00:00"), Status: ptr("FAILED")},
		{ID: ptr(int64(2)), Date: ptr("2024-05-02 00:00:00"), Status: ptr("SUCCESS")},
	}
	client := serving(jobs)
	state := readState(t, client, map[string]tftypes.Value{"site_id": str("s1"), "page_size": tftypes.NewValue(tftypes.Number, 2)})
	if got := jobIDs(t, state["jobs"]); !slices.Equal(got, []int64{3, 2, 1}) {
		t.Errorf("jobs %v, want [3 2 1]", got)
	}
	for name, want := range map[string]tftypes.Value{
		"id": str("s1"), "total_count": tftypes.NewValue(tftypes.Number, 3), "page_size": tftypes.NewValue(tftypes.Number, 2),
		"matched_count": tftypes.NewValue(tftypes.Number, 3),
	} {
		if !state[name].Equal(want) {
			t.Errorf("%s = %s, want %s", name, state[name], want)
		}
	}
	if !state["download_urls"].IsNull() {
		t.Errorf("download_urls = %s without include_download_urls", state["download_urls"])
	}
	if got := attrsOf(t, state["newest_done"])["job_id"]; !got.Equal(tftypes.NewValue(tftypes.Number, 2)) {
		t.Errorf("newest_done is job %s, want 2", got)
	}

	filtered := readState(t, serving(jobs), map[string]tftypes.Value{"site_id": str("s1"), "status": str("SUCCESS"), "include_download_urls": tftypes.NewValue(tftypes.Bool, true)})
	if got := len(jobIDs(t, filtered["jobs"])); got != 2 || !filtered["matched_count"].Equal(tftypes.NewValue(tftypes.Number, 2)) || !filtered["total_count"].Equal(tftypes.NewValue(tftypes.Number, 3)) {
		t.Errorf("filtered: %d jobs, matched_count %s, total_count %s", got, filtered["matched_count"], filtered["total_count"])
	}
	if n := len(attrsOf(t, filtered["download_urls"])); n != 2 {
		t.Errorf("download_urls has %d entries, want one per job kept", n)
	}
}

// TestRead_ArgumentsReachTheFetch: the list's own time arguments reach the page fetch, parsed.
func TestRead_ArgumentsReachTheFetch(t *testing.T) {
	client := serving(jobsWithIDs(1))
	readState(t, client, map[string]tftypes.Value{"site_id": str("s1"), "since": str("2025-06-01T00:00:00+08:00")})
	since, ok := client.calls[0].Args.Time("since")
	if !ok || FormatAPITime(since) != "2025-06-01 00:00:00" || client.calls[0].Scope != "s1" {
		t.Errorf("the fetch was asked %+v", client.calls[0])
	}
	if _, ok := client.calls[0].Args.Time("until"); ok {
		t.Error("until reached the fetch without being set")
	}
}

func TestRead_Errors(t *testing.T) {
	configured := func(c *testClient) any { return &ProviderData[*testClient]{Client: c} }
	for name, tc := range map[string]struct {
		data              any
		deferral          bool
		summary, detail   string
		attribute         string
		deferred, warning bool
	}{
		"scope not found": {data: configured(&testClient{err: errNoSuchScope}), summary: "Site not found", detail: `There is no site "s1".`, attribute: "site_id"},
		"another error":   {data: configured(&testClient{err: errors.New("boom")}), summary: "Could not list the jobs of s1", detail: "boom"},
		"a bad time": {data: configured(serving([]*testJob{{ID: ptr(int64(9)), Date: ptr("soon")}})),
			summary: "Unexpected job data from the test API", detail: `A job of s1 could not be read: job 9: date: "soon" is not a time`},
		"unknown provider arguments": {data: &ProviderData[*testClient]{Unknown: []string{"token"}},
			summary: "Provider configuration not yet known", detail: "These provider arguments are only known after apply: token. test_jobs cannot be read"},
		"unknown provider arguments, deferred": {data: &ProviderData[*testClient]{Unknown: []string{"token"}}, deferral: true, deferred: true},
		"not configured":                       {data: nil, summary: "Provider not configured", detail: "The test provider was not configured before test_jobs was read."},
		"not configured, nil data":             {data: (*ProviderData[*testClient])(nil), summary: "Provider not configured"},
		"another provider's data":              {data: "data", summary: "Unexpected provider data", detail: "Expected *engine.ProviderData[*github.com/"},
		"jobs without an ID": {data: configured(serving([]*testJob{{Name: ptr("a")}, {ID: ptr(int64(1))}})), warning: true,
			summary: "Jobs without an ID", detail: "ListJobs returned 1 job(s) of s1 without a JobId. They are in jobs, but have no entry in download_urls."},
	} {
		t.Run(name, func(t *testing.T) {
			resp := readList(t, tc.data, tc.deferral, map[string]tftypes.Value{"site_id": str("s1"), "include_download_urls": tftypes.NewValue(tftypes.Bool, true)})
			if tc.deferred {
				if len(resp.Diagnostics) > 0 || resp.Deferred == nil || resp.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown || resp.State == nil {
					t.Fatalf("%s %+v", diagnosticsText(resp.Diagnostics), resp.Deferred)
				}
				return
			}
			if len(resp.Diagnostics) != 1 || resp.Deferred != nil {
				t.Fatalf("diagnostics %s, deferred %v", diagnosticsText(resp.Diagnostics), resp.Deferred)
			}
			d := resp.Diagnostics[0]
			if d.Summary != tc.summary || !strings.Contains(d.Detail, tc.detail) {
				t.Errorf("got %s: %s", d.Summary, d.Detail)
			}
			if (d.Severity == tfprotov6.DiagnosticSeverityWarning) != tc.warning || (resp.State != nil) != tc.warning {
				t.Errorf("severity %s, state %v", d.Severity, resp.State != nil)
			}
			var want *tftypes.AttributePath // none
			if tc.attribute != "" {
				want = tftypes.NewAttributePath().WithAttributeName(tc.attribute)
			}
			if (d.Attribute == nil) != (want == nil) || want != nil && !d.Attribute.Equal(want) {
				t.Errorf("at %s, want %s", d.Attribute, want)
			}
		})
	}
}

// TestRead_TheFrameworksReadRefuses: the framework's Read is never the way in; a server that takes it gets an
// error that says so, not an empty state.
func TestRead_TheFrameworksReadRefuses(t *testing.T) {
	var resp datasource.ReadResponse
	testList.DataSource().Read(context.Background(), datasource.ReadRequest{}, &resp)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), "test_jobs is read by the provider's own server") {
		t.Fatalf("diagnostics %v", resp.Diagnostics)
	}
}

func TestValidate_Windows(t *testing.T) {
	for name, tc := range map[string]struct {
		values map[string]tftypes.Value
		want   string
	}{
		"inclusive, equal":        {map[string]tftypes.Value{"since": str("2025-06-01T00:00:00Z"), "until": str("2025-06-01T00:00:00Z")}, ""},
		"inclusive, reversed":     {map[string]tftypes.Value{"since": str("2025-06-01T00:00:01Z"), "until": str("2025-06-01T00:00:00Z")}, "until (2025-06-01T00:00:00Z) must not be earlier than since (2025-06-01T00:00:01Z): no job could match."},
		"half-open, equal":        {map[string]tftypes.Value{"made_after": str("2025-06-01T08:00:00+08:00"), "made_before": str("2025-06-01T00:00:00Z")}, "made_before (2025-06-01T00:00:00Z) must be later than made_after (2025-06-01T08:00:00+08:00): no job could match."},
		"half-open, one side set": {map[string]tftypes.Value{"made_after": str("2025-06-01T00:00:00Z")}, ""},
	} {
		var diags diag.Diagnostics
		testList.Validate(context.Background(), listConfig(t, tc.values), &diags)
		switch {
		case tc.want == "" && diags.HasError():
			t.Errorf("%s: %v", name, diags)
		case tc.want != "" && (len(diags) != 1 || diags[0].Detail() != tc.want || diags[0].Summary() != "Empty time window"):
			t.Errorf("%s: %v\nwant %s", name, diags, tc.want)
		}
	}
}
