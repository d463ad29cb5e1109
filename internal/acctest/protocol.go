package acctest

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// What the tests that talk to a provider server through the plugin protocol share, as Terraform would talk to it:
// no CLI, so they can time a read, cancel it or compare two servers' answers.

// String is a string value of the protocol.
func String(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// ProtocolServer is a provider server from newServer, configured through the protocol for the mock at endpoint with
// the mock's key, in Region, and extra provider arguments; and the configuration types of its data sources by name.
func ProtocolServer(t testing.TB, newServer func() (tfprotov6.ProviderServer, error), endpoint string, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, map[string]tftypes.Object) {
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
		"region": String(Region), "secret_id": String(mock.DefaultSecretID), "secret_key": String(mock.DefaultSecretKey),
		"endpoints": tftypes.NewValue(endpointsType, map[string]tftypes.Value{"cdb": String(endpoint), "sts": tftypes.NewValue(tftypes.String, nil)}),
	}
	for k, v := range extra {
		cfg[k] = v
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: DynamicValue(t, providerType, cfg)})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatal(err, DiagnosticsText(configured.Diagnostics))
	}
	types := map[string]tftypes.Object{}
	for name, s := range schemas.DataSourceSchemas {
		types[name] = s.ValueType().(tftypes.Object)
	}
	return server, types
}

// DynamicValue encodes an object of typ with values, and null for every other attribute.
func DynamicValue(t testing.TB, typ tftypes.Object, values map[string]tftypes.Value) *tfprotov6.DynamicValue {
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

// DiagnosticsText is diagnostics as one text, each with its severity and attribute path.
func DiagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var s strings.Builder
	for _, d := range diags {
		s.WriteString(d.Summary + ": " + d.Detail + " (" + d.Severity.String() + " at " + d.Attribute.String() + ")\n")
	}
	return s.String()
}
