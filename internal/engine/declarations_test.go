package engine_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	frameworkprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// twinProvider is the provider with each data source's framework twin: what the framework's own server would
// answer for the provider's declarations if it read them.
type twinProvider struct{ frameworkprovider.Provider }

func (p twinProvider) DataSources(ctx context.Context) []func() datasource.DataSource {
	var twins []func() datasource.DataSource
	for _, newDataSource := range p.Provider.DataSources(ctx) {
		twins = append(twins, func() datasource.DataSource { return engine.FrameworkTwin(newDataSource()) })
	}
	return twins
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// configuredServer is a provider server configured for the mock at endpoint, and the types of the data sources'
// configurations by name.
func configuredServer(t *testing.T, newServer func() (tfprotov6.ProviderServer, error), endpoint string) (tfprotov6.ProviderServer, map[string]tftypes.Object) {
	t.Helper()
	ctx := context.Background()
	server, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	endpointsType := providerType.AttributeTypes["endpoints"].(tftypes.Object)
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: dynamicValue(t, providerType, map[string]tftypes.Value{
		"region": str("ap-guangzhou"), "secret_id": str(mock.DefaultSecretID), "secret_key": str(mock.DefaultSecretKey),
		"endpoints": tftypes.NewValue(endpointsType, map[string]tftypes.Value{"cdb": str(endpoint), "sts": tftypes.NewValue(tftypes.String, nil)}),
	})})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatal(err, configured.Diagnostics)
	}
	types := map[string]tftypes.Object{}
	for name, s := range schemas.DataSourceSchemas {
		types[name] = s.ValueType().(tftypes.Object)
	}
	return server, types
}

// dynamicValue encodes an object of typ with values, and null for every other attribute.
func dynamicValue(t *testing.T, typ tftypes.Object, values map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	full := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		full[name] = tftypes.NewValue(at, nil)
	}
	for k, v := range values {
		full[k] = v
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, full))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var s string
	for _, d := range diags {
		s += d.Summary + ": " + d.Detail + " (" + string(d.Severity) + " at " + d.Attribute.String() + ")\n"
	}
	return s
}

// TestProviderServer_AnswersAsTheFramework reads the same configurations of the provider's data sources through
// the provider's server and through the framework's (the framework twins): the provider's own answer must be the
// framework's, state and diagnostics, attribute paths included.
func TestProviderServer_AnswersAsTheFramework(t *testing.T) {
	ctx := context.Background()
	const id = "cdb-server01"
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	newest := time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", 250, newest))
	srv.SetBinlogs("ap-guangzhou", id, mock.GenerateBinlogs(id, "ap-guangzhou", newest.Add(-72*time.Hour), newest, mock.BinlogOptions{Gaps: 2, Failed: 2}))

	type read struct{ typeName, config string }
	reads := map[read]map[string]tftypes.Value{
		{"tencentcloud_cdb_backups", "all"}:       {"instance_id": str(id)},
		{"tencentcloud_cdb_backups", "filtered"}:  {"instance_id": str(id), "status": str("SUCCESS"), "name_regex": str("_2025"), "page_size": tftypes.NewValue(tftypes.Number, 30)},
		{"tencentcloud_cdb_backups", "none"}:      {"instance_id": str(id), "status": str("RUNNING"), "type": str("snapshot"), "most_recent": tftypes.NewValue(tftypes.Bool, true)},
		{"tencentcloud_cdb_backups", "not found"}: {"instance_id": str("cdb-nothere1")},
		{"tencentcloud_cdb_binlogs", "all"}:       {"instance_id": str(id), "include_download_urls": tftypes.NewValue(tftypes.Bool, true)},
		{"tencentcloud_cdb_binlogs", "window"}:    {"instance_id": str(id), "start_after": str("2025-06-28T00:00:00Z"), "page_size": tftypes.NewValue(tftypes.Number, 7)},
		{"tencentcloud_cdb_binlogs", "not found"}: {"instance_id": str("cdb-nothere1")},
	}
	own, types := configuredServer(t, provider.NewServer("test"), srv.URL())
	framework, _ := configuredServer(t, providerserver.NewProtocol6WithError(twinProvider{provider.New("test")()}), srv.URL())
	requestID := regexp.MustCompile(`RequestId: [0-9a-f-]+`)
	for r, values := range reads {
		req := &tfprotov6.ReadDataSourceRequest{TypeName: r.typeName, Config: dynamicValue(t, types[r.typeName], values)}
		ownResp, err := own.ReadDataSource(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		fwResp, err := framework.ReadDataSource(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		// Each server made its own calls, with their own RequestIds.
		if got, want := requestID.ReplaceAllString(diagnosticsText(ownResp.Diagnostics), "RequestId"), requestID.ReplaceAllString(diagnosticsText(fwResp.Diagnostics), "RequestId"); got != want {
			t.Errorf("%v: diagnostics\n%s\nwant\n%s", r, got, want)
		}
		if r.config == "not found" {
			if len(ownResp.Diagnostics) == 0 || !ownResp.Diagnostics[0].Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("instance_id")) {
				t.Errorf("%v: the error does not point at instance_id: %s", r, diagnosticsText(ownResp.Diagnostics))
			}
			continue
		}
		ownState, err := ownResp.State.Unmarshal(types[r.typeName])
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		fwState, err := fwResp.State.Unmarshal(types[r.typeName])
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		if !ownState.Equal(fwState) {
			t.Errorf("%v: the states differ", r)
		}
		// The cases are not all alike: each read lists something, and the filters keep some backups, and not all.
		var attrs map[string]tftypes.Value
		if err := ownState.As(&attrs); err != nil || attrs["total_count"].Equal(tftypes.NewValue(tftypes.Number, 0)) {
			t.Errorf("%v: total_count %s (%v)", r, attrs["total_count"], err)
		}
		if r.config == "filtered" && (attrs["matched_count"].Equal(attrs["total_count"]) || attrs["matched_count"].Equal(tftypes.NewValue(tftypes.Number, 0))) {
			t.Errorf("filtered: matched_count %s of %s", attrs["matched_count"], attrs["total_count"])
		}
	}
}
