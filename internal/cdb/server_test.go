package cdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
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

// testServer is a provider server configured for the mock at endpoint with extra provider arguments, and the type
// of the backups data source's configuration.
func testServer(t testing.TB, newServer func() (tfprotov6.ProviderServer, error), endpoint string, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, tftypes.Object) {
	t.Helper()
	server, types := acctest.ProtocolServer(t, newServer, endpoint, extra)
	return server, types["tencentcloud_cdb_backups"]
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
			config := acctest.DynamicValue(t, schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object), map[string]tftypes.Value{"instance_id": acctest.String(id)})
			resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
			if err != nil {
				t.Fatal(err)
			}
			served := len(resp.Diagnostics) == 0 && resp.State != nil
			refused := len(resp.Diagnostics) == 1 && resp.Diagnostics[0].Summary == "Read not served at the protocol level"
			if name == "provider" && !served || name == "framework" && !refused {
				t.Errorf("%s server, %s: %s", name, typeName, acctest.DiagnosticsText(resp.Diagnostics))
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
	config := acctest.DynamicValue(t, dsType, map[string]tftypes.Value{"instance_id": acctest.String("cdb-server02")})
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: config,
		ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: true}})
	if err != nil || len(resp.Diagnostics) > 0 || resp.Deferred == nil || resp.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown {
		t.Fatalf("deferral allowed: %v %s %+v", err, acctest.DiagnosticsText(resp.Diagnostics), resp.Deferred)
	}
	resp, err = server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: config})
	if err != nil || resp.Deferred != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Provider configuration not yet known" {
		t.Fatalf("deferral not allowed: %v %s %+v", err, acctest.DiagnosticsText(resp.Diagnostics), resp.Deferred)
	}
}
