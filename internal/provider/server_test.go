package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// TestServer_HidesNothingTheProviderHas: the provider's server passes on tfprotov6.ProviderServer's methods
// only, which hides the framework server's optional interfaces (list resources, actions, state stores). That
// loses nothing while the provider has none of them; this test fails the day one is added.
func TestServer_HidesNothingTheProviderHas(t *testing.T) {
	server, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatal(err, schemas.Diagnostics)
	}
	if n := len(schemas.ListResourceSchemas) + len(schemas.StateStoreSchemas); n != 0 {
		t.Fatalf("the provider has %d list resources or state stores: forward their interfaces in server.go", n)
	}
	if _, ok := schemas.ActionSchemas["tencentcloud_cdb_create_backup"]; !ok {
		t.Fatal("the server does not serve tencentcloud_cdb_create_backup")
	}
	// tf6server answers the action RPCs only when the server it wraps serves them.
	if _, ok := server.(tfprotov6.ActionServer); !ok {
		t.Fatal("the provider has actions, and its server does not forward tfprotov6.ActionServer")
	}
	if _, ok := schemas.DataSourceSchemas["tencentcloud_cdb_backups"]; !ok {
		t.Fatal("the server does not serve tencentcloud_cdb_backups")
	}
}
