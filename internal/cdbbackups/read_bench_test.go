package cdbbackups_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// BenchmarkReadDataSource is one whole read of 10,000 backups through the provider's server, as Terraform asks
// for it: paging against the mock (no latency), ordering, filtering, and writing the answer. The provider's CPU
// time per read is about this figure. "provider" is the provider's server, which answers these reads itself;
// "framework" is the framework's own server, which builds the state as values and processes them, for comparison.
func BenchmarkReadDataSource(b *testing.B) {
	for _, name := range []string{"provider", "framework"} {
		b.Run(name, func(b *testing.B) { benchmarkRead(b, servers[name]) })
	}
}

func benchmarkRead(b *testing.B, newServer func() (tfprotov6.ProviderServer, error)) {
	ctx := context.Background()
	const id = "cdb-bench004"
	srv := mockWithBackups(b, id, 10_000)
	// The most the provider allows, far above the 100 calls a read makes, so that the figure is the work, not the
	// wait for the quota.
	server, dsType := testServer(b, newServer, srv.URL(), map[string]tftypes.Value{"requests_per_second": tftypes.NewValue(tftypes.Number, 10_000)})
	req := &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: dynamicValue(b, dsType, map[string]tftypes.Value{"instance_id": str(id)})}
	b.ReportAllocs()
	var stateBytes int
	for b.Loop() {
		resp, err := server.ReadDataSource(ctx, req)
		if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
			b.Fatal(err, diagnosticsText(resp.Diagnostics))
		}
		stateBytes = len(resp.State.MsgPack)
	}
	b.ReportMetric(float64(stateBytes)/1e6, "state-MB")
}
