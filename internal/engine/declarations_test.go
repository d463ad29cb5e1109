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

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
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
		{"tencentcloud_cdb_backups", "all"}:       {"instance_id": acctest.String(id)},
		{"tencentcloud_cdb_backups", "filtered"}:  {"instance_id": acctest.String(id), "status": acctest.String("SUCCESS"), "name_regex": acctest.String("_2025"), "page_size": tftypes.NewValue(tftypes.Number, 30)},
		{"tencentcloud_cdb_backups", "none"}:      {"instance_id": acctest.String(id), "status": acctest.String("RUNNING"), "type": acctest.String("snapshot"), "most_recent": tftypes.NewValue(tftypes.Bool, true)},
		{"tencentcloud_cdb_backups", "not found"}: {"instance_id": acctest.String("cdb-nothere1")},
		{"tencentcloud_cdb_binlogs", "all"}:       {"instance_id": acctest.String(id), "include_download_urls": tftypes.NewValue(tftypes.Bool, true)},
		{"tencentcloud_cdb_binlogs", "window"}:    {"instance_id": acctest.String(id), "start_after": acctest.String("2025-06-28T00:00:00Z"), "page_size": tftypes.NewValue(tftypes.Number, 7)},
		{"tencentcloud_cdb_binlogs", "not found"}: {"instance_id": acctest.String("cdb-nothere1")},
	}
	own, types := acctest.ProtocolServer(t, provider.NewServer("test"), srv.URL(), nil)
	framework, _ := acctest.ProtocolServer(t, providerserver.NewProtocol6WithError(twinProvider{provider.New("test")()}), srv.URL(), nil)
	requestID := regexp.MustCompile(`RequestId: [0-9a-f-]+`)
	for r, values := range reads {
		req := &tfprotov6.ReadDataSourceRequest{TypeName: r.typeName, Config: acctest.DynamicValue(t, types[r.typeName], values)}
		ownResp, err := own.ReadDataSource(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		fwResp, err := framework.ReadDataSource(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		// Each server made its own calls, with their own RequestIds.
		if got, want := requestID.ReplaceAllString(acctest.DiagnosticsText(ownResp.Diagnostics), "RequestId"), requestID.ReplaceAllString(acctest.DiagnosticsText(fwResp.Diagnostics), "RequestId"); got != want {
			t.Errorf("%v: diagnostics\n%s\nwant\n%s", r, got, want)
		}
		if r.config == "not found" {
			if len(ownResp.Diagnostics) == 0 || !ownResp.Diagnostics[0].Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("instance_id")) {
				t.Errorf("%v: the error does not point at instance_id: %s", r, acctest.DiagnosticsText(ownResp.Diagnostics))
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
