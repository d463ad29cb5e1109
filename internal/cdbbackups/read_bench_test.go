package cdbbackups_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// BenchmarkReadDataSource is one whole read of 10,000 backups through the provider server, as Terraform asks for
// it: paging against the mock (no latency), ordering, flattening, and the framework's own processing and encoding
// of the answer. The provider's CPU time per read is about this figure.
func BenchmarkReadDataSource(b *testing.B) {
	ctx := context.Background()
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	const id = "cdb-bench004"
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", 10_000, time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)))

	server, err := providerserver.NewProtocol6WithError(provider.New("bench")())()
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	endpointsType := providerType.AttributeTypes["endpoints"].(tftypes.Object)
	cfg := map[string]tftypes.Value{
		"region": str("ap-guangzhou"), "secret_id": str(mock.DefaultSecretID), "secret_key": str(mock.DefaultSecretKey),
		"endpoints": tftypes.NewValue(endpointsType, map[string]tftypes.Value{"cdb": str(srv.URL()), "sts": tftypes.NewValue(tftypes.String, nil)}),
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: dynamicValue(b, providerType, cfg)})
	if err != nil || len(configured.Diagnostics) > 0 {
		b.Fatal(err, configured.Diagnostics)
	}
	dsType := schemas.DataSourceSchemas["tencentcloud_cdb_backups"].ValueType().(tftypes.Object)
	req := &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: dynamicValue(b, dsType, map[string]tftypes.Value{"instance_id": str(id)})}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := server.ReadDataSource(ctx, req)
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatal(err, resp.Diagnostics)
		}
	}
}
