package cdb_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// servers are the two ways to serve the data source: the provider's server, which answers its reads itself, and
// the framework's own server, which runs the data source's Read.
var servers = map[string]func() (tfprotov6.ProviderServer, error){
	"provider":  provider.NewServer("test"),
	"framework": providerserver.NewProtocol6WithError(provider.New("test")()),
}

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
// and the type of the data source's configuration.
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

// TestProviderServer_AnswersAsTheFramework reads the same configurations through both servers: the provider's
// own answer must be the framework's, state and diagnostics, attribute paths included.
func TestProviderServer_AnswersAsTheFramework(t *testing.T) {
	ctx := context.Background()
	const id = "cdb-server01"
	srv := mockWithBackups(t, id, 250)

	configs := map[string]map[string]tftypes.Value{
		"all":       {"instance_id": str(id)},
		"filtered":  {"instance_id": str(id), "status": str("SUCCESS"), "name_regex": str("_2025"), "page_size": tftypes.NewValue(tftypes.Number, 30)},
		"none":      {"instance_id": str(id), "status": str("RUNNING"), "type": str("snapshot"), "most_recent": tftypes.NewValue(tftypes.Bool, true)},
		"not found": {"instance_id": str("cdb-nothere1")},
	}
	answers := map[string]map[string]*tfprotov6.ReadDataSourceResponse{}
	for name, newServer := range servers {
		server, dsType := testServer(t, newServer, srv.URL(), nil)
		answers[name] = map[string]*tfprotov6.ReadDataSourceResponse{}
		for c, cfg := range configs {
			resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "tencentcloud_cdb_backups", Config: dynamicValue(t, dsType, cfg)})
			if err != nil {
				t.Fatal(err)
			}
			answers[name][c] = resp
		}
	}
	_, dsType := testServer(t, servers["provider"], srv.URL(), nil)
	for c := range configs {
		own, fw := answers["provider"][c], answers["framework"][c]
		// Each server made its own calls, with their own RequestIds.
		requestID := regexp.MustCompile(`RequestId: [0-9a-f-]+`)
		if got, want := requestID.ReplaceAllString(diagnosticsText(own.Diagnostics), "RequestId"), requestID.ReplaceAllString(diagnosticsText(fw.Diagnostics), "RequestId"); got != want {
			t.Errorf("%s: diagnostics\n%s\nwant\n%s", c, got, want)
		}
		for i := range min(len(own.Diagnostics), len(fw.Diagnostics)) {
			if own.Diagnostics[i].Severity != fw.Diagnostics[i].Severity || !own.Diagnostics[i].Attribute.Equal(fw.Diagnostics[i].Attribute) {
				t.Errorf("%s: diagnostic %d at %s (%s), want %s (%s)", c, i, own.Diagnostics[i].Attribute, own.Diagnostics[i].Severity,
					fw.Diagnostics[i].Attribute, fw.Diagnostics[i].Severity)
			}
		}
		if c == "not found" {
			if len(own.Diagnostics) == 0 || own.Diagnostics[0].Attribute.String() != tftypes.NewAttributePath().WithAttributeName("instance_id").String() {
				t.Errorf("not found: the error does not point at instance_id: %s", diagnosticsText(own.Diagnostics))
			}
			continue
		}
		ownState, err := own.State.Unmarshal(dsType)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		fwState, err := fw.State.Unmarshal(dsType)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if !ownState.Equal(fwState) {
			t.Errorf("%s: the states differ", c)
		}
	}
	// The cases are not all alike: the filters keep some backups, and not all.
	var all, filtered map[string]tftypes.Value
	a, _ := answers["provider"]["all"].State.Unmarshal(dsType)
	f, _ := answers["provider"]["filtered"].State.Unmarshal(dsType)
	_ = a.As(&all)
	_ = f.As(&filtered)
	if all["matched_count"].Equal(filtered["matched_count"]) || filtered["matched_count"].Equal(tftypes.NewValue(tftypes.Number, 0)) {
		t.Errorf("matched_count: all %s, filtered %s", all["matched_count"], filtered["matched_count"])
	}
}

// TestProviderServer_DefersUnknownProviderConfiguration: with a provider argument not yet known, a read is
// deferred when Terraform allows it, and an error otherwise.
func TestProviderServer_DefersUnknownProviderConfiguration(t *testing.T) {
	ctx := context.Background()
	unknownKey := map[string]tftypes.Value{"secret_key": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}
	server, dsType := testServer(t, servers["provider"], "http://127.0.0.1:1", unknownKey)
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
