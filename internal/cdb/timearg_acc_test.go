package cdb_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// wrapped is a regular expression for a phrase as Terraform prints it in a diagnostic, where any space may have
// become a line break.
func wrapped(phrase string) string {
	words := strings.Fields(phrase)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(words, `\s+`)
}

// timeArgMessage is what a malformed value of a time argument must get, in order: the error names the block and
// the argument, quotes the value, gives the format with an example, and says how to write a relative time;
// zoneHint, when not empty, is the value with Beijing time's zone that the message must suggest.
func timeArgMessage(block, attr, value, zoneHint string) *regexp.Regexp {
	parts := []string{
		`Error: Invalid time`,
		wrapped("with " + block + ","),
		wrapped(attr + ` = "` + value + `" is not a time`),
		wrapped(`Write an RFC 3339 time`),
		wrapped(`e.g. "2025-06-01T02:00:00+08:00"`),
	}
	if zoneHint != "" {
		parts = append(parts, wrapped(`This value has no zone; if it is Beijing time, as the console shows it, write "`+zoneHint+`".`))
	}
	parts = append(parts, wrapped(`For a time relative to the plan, write an expression, e.g. timeadd(plantimestamp(), "-24h")`))
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// timeArgCases are malformed values of the time arguments: a word, a time as the console writes it (no zone),
// and a date alone.
var timeArgCases = []struct{ value, zoneHint string }{
	{"yesterday", ""},
	{"2024-05-01 00:00:00", "2024-05-01T00:00:00+08:00"},
	{"2024-05-01", "2024-05-01T00:00:00+08:00"},
}

// expectNoCalls fails the test, once it is done, if srv answered any call: a refused configuration must not reach
// the API.
func expectNoCalls(t *testing.T, srv *mock.Server) {
	t.Cleanup(func() {
		if calls := srv.Calls(); len(calls) != 0 {
			t.Errorf("a configuration that validation refuses reached the API: %+v", calls)
		}
	})
}

// timeArgSteps is a plan-only step for each bad value of each of attrs, in the configuration config makes of
// one argument, each expecting the message timeArgMessage describes for the block at addr.
func timeArgSteps(addr string, config func(argument string) string, attrs ...string) []resource.TestStep {
	var steps []resource.TestStep
	for _, attr := range attrs {
		for _, tc := range timeArgCases {
			steps = append(steps, resource.TestStep{
				Config:      config(attr + ` = "` + tc.value + `"`),
				PlanOnly:    true,
				ExpectError: timeArgMessage(addr, attr, tc.value, tc.zoneHint),
			})
		}
	}
	return steps
}

// TestAccTimeArguments_Backups: created_after and created_before of tencentcloud_cdb_backups.
func TestAccTimeArguments_Backups(t *testing.T) {
	srv := acctest.StartMock(t)
	expectNoCalls(t, srv)
	steps := timeArgSteps("data.tencentcloud_cdb_backups.test", func(arg string) string { return dataSourceConfig(srv, "cdb-c1nl9rpv", arg) },
		"created_after", "created_before")
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
}

// TestAccTimeArguments_Binlogs: start_after and start_before of tencentcloud_cdb_binlogs.
func TestAccTimeArguments_Binlogs(t *testing.T) {
	srv := acctest.StartMock(t)
	expectNoCalls(t, srv)
	steps := timeArgSteps("data.tencentcloud_cdb_binlogs.test", func(arg string) string { return binlogsConfig(srv, "cdb-c1nl9rpv", arg) },
		"start_after", "start_before")
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
}

// TestAccTimeArguments_BackupDownload: created_after and created_before of the ephemeral
// tencentcloud_cdb_backup_download.
func TestAccTimeArguments_BackupDownload(t *testing.T) {
	srv := acctest.StartMock(t)
	expectNoCalls(t, srv)
	steps := timeArgSteps("ephemeral.tencentcloud_cdb_backup_download.test", func(arg string) string { return echoConfig(srv, "cdb-c1nl9rpv", arg) },
		"created_after", "created_before")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho,
		Steps:                    steps,
	})
}

// TestTimeArguments_OneDiagnostic: the provider answers a malformed time with its own diagnostic alone, not also
// with another one about the same value (as a timetypes.RFC3339 attribute would: its type's validation runs first
// and names the Go layout it tried). Checked at the protocol, where every diagnostic can be counted.
func TestTimeArguments_OneDiagnostic(t *testing.T) {
	server, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// config is a configuration of a type whose every attribute is null but instance_id and attr.
	config := func(schema *tfprotov6.Schema, attr, value string) *tfprotov6.DynamicValue {
		typ := schema.ValueType().(tftypes.Object)
		values := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			values[name] = tftypes.NewValue(at, nil)
		}
		values["instance_id"] = tftypes.NewValue(tftypes.String, "cdb-c1nl9rpv")
		values[attr] = tftypes.NewValue(tftypes.String, value)
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	cases := []struct {
		typeName, attr string
		ephemeral      bool
	}{
		{"tencentcloud_cdb_backups", "created_after", false},
		{"tencentcloud_cdb_backups", "created_before", false},
		{"tencentcloud_cdb_binlogs", "start_after", false},
		{"tencentcloud_cdb_binlogs", "start_before", false},
		{"tencentcloud_cdb_backup_download", "created_after", true},
		{"tencentcloud_cdb_backup_download", "created_before", true},
	}
	for _, tc := range cases {
		t.Run(tc.typeName+"."+tc.attr, func(t *testing.T) {
			var diags []*tfprotov6.Diagnostic
			if tc.ephemeral {
				resp, err := server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{
					TypeName: tc.typeName, Config: config(schemas.EphemeralResourceSchemas[tc.typeName], tc.attr, "yesterday"),
				})
				if err != nil {
					t.Fatal(err)
				}
				diags = resp.Diagnostics
			} else {
				resp, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{
					TypeName: tc.typeName, Config: config(schemas.DataSourceSchemas[tc.typeName], tc.attr, "yesterday"),
				})
				if err != nil {
					t.Fatal(err)
				}
				diags = resp.Diagnostics
			}
			if len(diags) != 1 {
				for _, d := range diags {
					t.Logf("%s: %s", d.Summary, d.Detail)
				}
				t.Fatalf("%d diagnostics, want 1", len(diags))
			}
			d := diags[0]
			want := tc.attr + ` = "yesterday" is not a time`
			if d.Severity != tfprotov6.DiagnosticSeverityError || d.Summary != "Invalid time" || !strings.HasPrefix(d.Detail, want) {
				t.Errorf("got %v %q: %q; want an error \"Invalid time\" starting %q", d.Severity, d.Summary, d.Detail, want)
			}
			if d.Attribute == nil || d.Attribute.String() != tftypes.NewAttributePath().WithAttributeName(tc.attr).String() {
				t.Errorf("the diagnostic points at %v, want %s", d.Attribute, tc.attr)
			}
		})
	}
}
