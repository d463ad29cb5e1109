package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/cdb"
)

// configure runs the provider's Configure on a provider block given as attribute values (unset ones are null).
func configure(t *testing.T, attrs map[string]tftypes.Value) provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	objType := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	for name, v := range attrs {
		values[name] = v
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objType, values)}}, &resp)
	return resp
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func endpoints(cdb string) tftypes.Value {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"cdb": tftypes.String, "sts": tftypes.String}}
	return tftypes.NewValue(typ, map[string]tftypes.Value{"cdb": str(cdb), "sts": tftypes.NewValue(tftypes.String, nil)})
}

func warnings(diags diag.Diagnostics) string {
	var out []string
	for _, d := range diags.Warnings() {
		out = append(out, d.Summary()+": "+d.Detail())
	}
	return strings.Join(out, "\n")
}

func TestConfigure_WarnsAboutPlainHTTPToARemoteHost(t *testing.T) {
	base := map[string]tftypes.Value{"region": str("ap-guangzhou"), "secret_id": str("AKIDx"), "secret_key": str("key")}
	with := func(extra map[string]tftypes.Value) map[string]tftypes.Value {
		m := map[string]tftypes.Value{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name string
		cfg  map[string]tftypes.Value
		warn string
	}{
		{"HTTPS by default", base, ""},
		{"protocol HTTP", with(map[string]tftypes.Value{"protocol": str("HTTP")}), "Calls to http://cdb.tencentcloudapi.com use plain HTTP"},
		{"http endpoint on the network", with(map[string]tftypes.Value{"endpoints": endpoints("http://10.1.2.3:8080")}), "Calls to http://10.1.2.3:8080 use plain HTTP"},
		{"http endpoint on loopback", with(map[string]tftypes.Value{"endpoints": endpoints("http://127.0.0.1:8080")}), ""},
		{"https endpoint", with(map[string]tftypes.Value{"endpoints": endpoints("https://cdb.internal.example.com")}), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := configure(t, tc.cfg)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			got := warnings(resp.Diagnostics)
			if tc.warn == "" && got != "" || !strings.Contains(got, tc.warn) {
				t.Fatalf("warnings %q, want %q", got, tc.warn)
			}
			if data, ok := resp.DataSourceData.(*cdb.ProviderData); !ok || data.Client == nil {
				t.Fatalf("no client handed to data sources: %#v", resp.DataSourceData)
			}
		})
	}
}

func TestConfigure_UnknownValuesAreNotReadAsEmpty(t *testing.T) {
	resp := configure(t, map[string]tftypes.Value{
		"region":     tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"secret_id":  str("AKIDx"),
		"secret_key": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	if resp.Diagnostics.HasError() {
		t.Fatalf("unknown values were validated as if empty: %v", resp.Diagnostics)
	}
	data, ok := resp.DataSourceData.(*cdb.ProviderData)
	if !ok || data.Client != nil || strings.Join(data.Unknown, ",") != "region,secret_key" {
		t.Fatalf("got %#v", resp.DataSourceData)
	}
}

func TestInWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second:             "1 second",
		3 * time.Second:         "3 seconds",
		90 * time.Second:        "90 seconds",
		10 * time.Minute:        "10 minutes",
		time.Hour:               "1 hour",
		24 * time.Hour:          "24 hours",
		1500 * time.Millisecond: "1.5s",
	} {
		if got := inWords(d); got != want {
			t.Errorf("inWords(%s) = %q, want %q", d, got, want)
		}
	}
}
