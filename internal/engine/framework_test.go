package engine

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// jobsProvider serves testList through the framework, with data as the provider data.
type jobsProvider struct {
	data any
	twin bool // serve the framework twin instead of the data source itself
}

func (p *jobsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}
func (p *jobsProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p *jobsProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.DataSourceData = p.data
}
func (p *jobsProvider) Resources(context.Context) []func() resource.Resource { return nil }
func (p *jobsProvider) DataSources(context.Context) []func() datasource.DataSource {
	if p.twin {
		return []func() datasource.DataSource{func() datasource.DataSource { return FrameworkTwin(testList.DataSource()) }}
	}
	return []func() datasource.DataSource{testList.DataSource}
}

// frameworkServer is the framework's server of a jobsProvider, configured.
func frameworkServer(t *testing.T, p *jobsProvider) tfprotov6.ProviderServer {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	return server
}

// TestReadProtocol_AnswersAsTheFramework reads the same configurations at the protocol level and through the
// framework (the twin, whose state is the engine's, decoded): the framework would hand Terraform the same state
// and the same diagnostics, attribute paths included.
func TestReadProtocol_AnswersAsTheFramework(t *testing.T) {
	ctx := context.Background()
	jobs := generatedJobs(250)
	for c, values := range map[string]map[string]tftypes.Value{
		"all":       {"site_id": str("s1")},
		"filtered":  {"site_id": str("s1"), "status": str("SUCCESS"), "name_regex": str("-1"), "page_size": tftypes.NewValue(tftypes.Number, 30)},
		"none":      {"site_id": str("s1"), "status": str("RUNNING"), "kind": str("full"), "most_recent": tftypes.NewValue(tftypes.Bool, true)},
		"links":     {"site_id": str("s1"), "include_download_urls": tftypes.NewValue(tftypes.Bool, true)},
		"not found": {"site_id": str("s2")},
	} {
		config, err := tfprotov6.NewDynamicValue(listType, objectOf(listType, values))
		if err != nil {
			t.Fatal(err)
		}
		client := serving(jobs)
		if c == "not found" {
			client = &testClient{err: errNoSuchScope}
		}
		data := &ProviderData[*testClient]{Client: client}
		req := &tfprotov6.ReadDataSourceRequest{TypeName: "test_jobs", Config: &config}
		own := testList.DataSource().(ProtocolDataSource).ReadProtocol(ctx, data, req)
		fw, err := frameworkServer(t, &jobsProvider{data: data, twin: true}).ReadDataSource(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := diagnosticsText(own.Diagnostics), diagnosticsText(fw.Diagnostics); got != want {
			t.Errorf("%s: diagnostics\n%s\nwant\n%s", c, got, want)
		}
		for i := range min(len(own.Diagnostics), len(fw.Diagnostics)) {
			if own.Diagnostics[i].Severity != fw.Diagnostics[i].Severity {
				t.Errorf("%s: diagnostic %d is an %s, want %s", c, i, own.Diagnostics[i].Severity, fw.Diagnostics[i].Severity)
			}
		}
		if c == "not found" {
			if own.State != nil || len(own.Diagnostics) != 1 {
				t.Errorf("not found: state %v, %s", own.State, diagnosticsText(own.Diagnostics))
			}
			continue
		}
		ownState, err := own.State.Unmarshal(listType)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		fwState, err := fw.State.Unmarshal(listType)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if !ownState.Equal(fwState) {
			t.Errorf("%s: the states differ", c)
		}
	}
}

// TestFrameworkServer_RefusesReads: served by the framework's own server (not the provider's), an engine data
// source answers a read with an error, not an empty state.
func TestFrameworkServer_RefusesReads(t *testing.T) {
	config, err := tfprotov6.NewDynamicValue(listType, objectOf(listType, map[string]tftypes.Value{"site_id": str("s1")}))
	if err != nil {
		t.Fatal(err)
	}
	server := frameworkServer(t, &jobsProvider{data: &ProviderData[*testClient]{Client: serving(nil)}})
	resp, err := server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: "test_jobs", Config: &config})
	if err != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Read not served at the protocol level" {
		t.Fatalf("%v %s", err, diagnosticsText(resp.Diagnostics))
	}
}

// TestProtocolReads_ByTypeName: the routing a provider's server builds holds each engine data source under the
// name it gives itself, and nothing else.
func TestProtocolReads_ByTypeName(t *testing.T) {
	other := func() datasource.DataSource { return plainDataSource{} }
	reads := ProtocolReads(context.Background(), "test", []func() datasource.DataSource{testList.DataSource, other})
	if len(reads) != 1 || reads["test_jobs"] == nil {
		t.Fatalf("reads %v", reads)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("two data sources of one name were accepted")
		}
	}()
	ProtocolReads(context.Background(), "test", []func() datasource.DataSource{testList.DataSource, testList.DataSource})
}

// plainDataSource is a data source the framework reads.
type plainDataSource struct{}

func (plainDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "test_plain"
}
func (plainDataSource) Schema(context.Context, datasource.SchemaRequest, *datasource.SchemaResponse) {
}
func (plainDataSource) Read(context.Context, datasource.ReadRequest, *datasource.ReadResponse) {}
