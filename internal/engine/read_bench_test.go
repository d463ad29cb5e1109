package engine_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/cdb"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// The benchmarks run the engine on the provider's largest data source, tencentcloud_cdb_backups, against the mock
// API: the workload the provider's performance figures are quoted for. The engine's other tests use a made-up
// API (fixture_test.go).

// benchmarkBackups is the size the performance targets are set for.
const benchmarkBackups = 10_000

// backupsMock starts a mock serving n generated backups of instance id, and a client for it at its highest rate.
// The mock takes a Limit of at most 100 (the original specification's), as when the figures were first taken: the
// client's first probe for 1000 is refused, and every read pages through pages of 100.
func backupsMock(b *testing.B, id string, n int) *tencentcloud.Client {
	b.Helper()
	srv := mock.NewServer(mock.Options{MaxLimit: mock.SpecificationMaxLimit})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", n, time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)))
	client, errs := tencentcloud.NewClient(context.Background(), tencentcloud.Config{
		Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
		RequestsPerSecond: tencentcloud.MaxRequestsPerSecond,
	})
	if errs != nil {
		b.Fatal(errs)
	}
	return client
}

// backupsConfig is a configuration of tencentcloud_cdb_backups for instance id, every other argument null.
func backupsConfig(b *testing.B, id string) (tftypes.Object, tftypes.Value) {
	b.Helper()
	var resp datasource.SchemaResponse
	cdb.NewBackupsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	typ := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	args := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		args[name] = tftypes.NewValue(at, nil)
	}
	args["instance_id"] = tftypes.NewValue(tftypes.String, id)
	return typ, tftypes.NewValue(typ, args)
}

// BenchmarkReadDataSource is one whole read of 10,000 backups as Terraform asks for it: paging against the mock
// (no latency, the client's limiter at its highest), ordering, filtering, and writing the answer. The provider's
// CPU time per read is about this figure. The ways to answer:
//   - "provider": the engine answers the read itself (ReadProtocol), writing the state with its writer, as the
//     provider does;
//   - "library": the same, but the state is built as terraform-plugin-go values and encoded by its encoder;
//   - "framework": the framework's own server runs a framework Read (the engine's read, its state decoded) and
//     processes the state itself.
func BenchmarkReadDataSource(b *testing.B) {
	ctx := context.Background()
	const id = "cdb-bench004"
	data := &cdb.ProviderData{Client: backupsMock(b, id, benchmarkBackups)}
	typ, configValue := backupsConfig(b, id)
	config, err := tfprotov6.NewDynamicValue(typ, configValue)
	if err != nil {
		b.Fatal(err)
	}
	req := &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: &config}

	framework, err := providerserver.NewProtocol6WithError(&benchProvider{data: data})()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := framework.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{}); err != nil {
		b.Fatal(err)
	}
	own := cdb.NewBackupsDataSource().(engine.ProtocolDataSource)
	library := engine.LibraryWriter(cdb.NewBackupsDataSource())
	for _, way := range []struct {
		name string
		read func() (*tfprotov6.ReadDataSourceResponse, error)
	}{
		{"provider", func() (*tfprotov6.ReadDataSourceResponse, error) { return own.ReadProtocol(ctx, data, req), nil }},
		{"library", func() (*tfprotov6.ReadDataSourceResponse, error) { return library.ReadProtocol(ctx, data, req), nil }},
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

// benchProvider is the least provider that serves tencentcloud_cdb_backups through the framework (its twin with a
// framework Read), configured with data.
type benchProvider struct{ data *cdb.ProviderData }

func (p *benchProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tencentcloud"
}

func (p *benchProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *benchProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.DataSourceData = p.data
}

func (p *benchProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return engine.FrameworkTwin(cdb.NewBackupsDataSource()) }}
}

func (p *benchProvider) Resources(context.Context) []func() resource.Resource { return nil }

// cpuTime is the CPU time the test process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkOrderAndWrite measures the engine's own work after the last page: order the backups and write the
// state Terraform reads, for 10,000 backups. "msgpack" is the engine's writer (state.go); "library" builds
// terraform-plugin-go values from the same tables and encodes them with its encoder.
func BenchmarkOrderAndWrite(b *testing.B) {
	const id = "cdb-bench001"
	client := backupsMock(b, id, benchmarkBackups)
	// The backups as a read decodes them, through the real client and the mock.
	var backups []*tencentcloud.BackupInfo
	for offset := int64(0); offset < benchmarkBackups; offset += 100 {
		out, err := client.DescribeBackups(context.Background(), tencentcloud.DescribeBackupsInput{InstanceID: id, Offset: offset, Limit: 100})
		if err != nil {
			b.Fatal(err)
		}
		backups = append(backups, out.Items...)
	}
	_, config := backupsConfig(b, id)
	ds := cdb.NewBackupsDataSource()
	for _, w := range []struct {
		name    string
		library bool
	}{{"msgpack", false}, {"library", true}} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := engine.OrderAndWrite(ds, config, backups, w.library); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
