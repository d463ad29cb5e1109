package cdb

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// BenchmarkReadDataSource is one whole read of 10,000 backups as Terraform asks for it: paging against the mock
// (no latency, the client's limiter at its highest), ordering, filtering, and writing the answer. The provider's
// CPU time per read is about this figure. The ways to answer:
//   - "provider": the provider's server answers the read itself (ReadDataSource), writing the state with the
//     provider's writer (writeState), as the provider does;
//   - "library": the same, but the state is built as terraform-plugin-go values and encoded by its encoder;
//   - "framework": the framework's own server runs the data source's Read and processes the state itself.
//
// The mock takes a Limit of at most 100 (the original specification's), as when these figures were first taken:
// the client's first probe for 1000 is refused, and every read pages through 100 pages of 100.
func BenchmarkReadDataSource(b *testing.B) {
	ctx := context.Background()
	const id = "cdb-bench004"
	srv := mock.NewServer(mock.Options{MaxLimit: mock.SpecificationMaxLimit})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", benchmarkBackups, time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)))
	client, errs := tencentcloud.NewClient(ctx, tencentcloud.Config{
		Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
		RequestsPerSecond: tencentcloud.MaxRequestsPerSecond,
	})
	if errs != nil {
		b.Fatal(errs)
	}
	data := &ProviderData{Client: client}
	args := map[string]tftypes.Value{}
	for name, typ := range stateTFType.AttributeTypes {
		args[name] = tftypes.NewValue(typ, nil)
	}
	args["instance_id"] = tftypes.NewValue(tftypes.String, id)
	config, err := tfprotov6.NewDynamicValue(stateTFType, tftypes.NewValue(stateTFType, args))
	if err != nil {
		b.Fatal(err)
	}
	req := &tfprotov6.ReadDataSourceRequest{TypeName: TypeName, Config: &config}

	framework, err := providerserver.NewProtocol6WithError(&benchProvider{data: data})()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := framework.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{}); err != nil {
		b.Fatal(err)
	}
	for _, way := range []struct {
		name string
		read func() (*tfprotov6.ReadDataSourceResponse, error)
	}{
		{"provider", func() (*tfprotov6.ReadDataSourceResponse, error) {
			return readDataSource(ctx, data, req, writeState), nil
		}},
		{"library", func() (*tfprotov6.ReadDataSourceResponse, error) {
			return readDataSource(ctx, data, req, libraryState), nil
		}},
		{"framework", func() (*tfprotov6.ReadDataSourceResponse, error) { return framework.ReadDataSource(ctx, req) }},
	} {
		b.Run(way.name, func(b *testing.B) {
			b.ReportAllocs()
			var stateBytes int
			cpu := cpuTime(b)
			for b.Loop() {
				resp, err := way.read()
				if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
					b.Fatal(err, resp.Diagnostics)
				}
				stateBytes = len(resp.State.MsgPack)
			}
			b.ReportMetric(float64((cpuTime(b)-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(stateBytes)/1e6, "state-MB")
		})
	}
}

// benchProvider is the least provider that serves this data source through the framework, configured with data.
type benchProvider struct{ data *ProviderData }

func (p *benchProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tencentcloud"
}

func (p *benchProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *benchProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.DataSourceData = p.data
}

func (p *benchProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{New}
}

func (p *benchProvider) Resources(context.Context) []func() resource.Resource { return nil }
