package cdb_test

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

// mockWithBackups starts a mock serving n generated backups of instance id, in ap-guangzhou.
func mockWithBackups(t testing.TB, id string, n int) *mock.Server {
	t.Helper()
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", n, time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)))
	return srv
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// testServer is a provider server configured with extra provider arguments (besides region, keys and endpoint),
// and the type of the backups data source's configuration.
func testServer(t testing.TB, newServer func() (tfprotov6.ProviderServer, error), endpoint string, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, tftypes.Object) {
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
	cfg := map[string]tftypes.Value{
		"region": str("ap-guangzhou"), "secret_id": str(mock.DefaultSecretID), "secret_key": str(mock.DefaultSecretKey),
		"endpoints": tftypes.NewValue(endpointsType, map[string]tftypes.Value{"cdb": str(endpoint), "sts": tftypes.NewValue(tftypes.String, nil)}),
	}
	for k, v := range extra {
		cfg[k] = v
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: dynamicValue(t, providerType, cfg)})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatal(err, diagnosticsText(configured.Diagnostics))
	}
	return server, schemas.DataSourceSchemas["tencentcloud_cdb_backups"].ValueType().(tftypes.Object)
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var s string
	for _, d := range diags {
		s += d.Summary + ": " + d.Detail + "\n"
	}
	return s
}

// TestProviderServer_ReadsEveryDataSource: the provider's server answers the reads of both data sources itself;
// the framework's own server, which does not route them, gets the error that says so.
func TestProviderServer_ReadsEveryDataSource(t *testing.T) {
	ctx := context.Background()
	const id = "cdb-server01"
	srv := mockWithBackups(t, id, 25)
	for name, newServer := range map[string]func() (tfprotov6.ProviderServer, error){
		"provider":  provider.NewServer("test"),
		"framework": providerserver.NewProtocol6WithError(provider.New("test")()),
	} {
		server, _ := testServer(t, newServer, srv.URL(), nil)
		schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, typeName := range []string{"tencentcloud_cdb_backups", "tencentcloud_cdb_binlogs"} {
			config := dynamicValue(t, schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object), map[string]tftypes.Value{"instance_id": str(id)})
			resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
			if err != nil {
				t.Fatal(err)
			}
			served := len(resp.Diagnostics) == 0 && resp.State != nil
			refused := len(resp.Diagnostics) == 1 && resp.Diagnostics[0].Summary == "Read not served at the protocol level"
			if name == "provider" && !served || name == "framework" && !refused {
				t.Errorf("%s server, %s: %s", name, typeName, diagnosticsText(resp.Diagnostics))
			}
		}
	}
}

// TestProviderServer_DefersUnknownProviderConfiguration: with a provider argument not yet known, a read is
// deferred when Terraform allows it, and an error otherwise.
func TestProviderServer_DefersUnknownProviderConfiguration(t *testing.T) {
	ctx := context.Background()
	unknownKey := map[string]tftypes.Value{"secret_key": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}
	server, dsType := testServer(t, provider.NewServer("test"), "http://127.0.0.1:1", unknownKey)
	config := dynamicValue(t, dsType, map[string]tftypes.Value{"instance_id": str("cdb-server02")})
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: config,
		ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: true}})
	if err != nil || len(resp.Diagnostics) > 0 || resp.Deferred == nil || resp.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown {
		t.Fatalf("deferral allowed: %v %s %+v", err, diagnosticsText(resp.Diagnostics), resp.Deferred)
	}
	resp, err = server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: config})
	if err != nil || resp.Deferred != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Provider configuration not yet known" {
		t.Fatalf("deferral not allowed: %v %s %+v", err, diagnosticsText(resp.Diagnostics), resp.Deferred)
	}
}
