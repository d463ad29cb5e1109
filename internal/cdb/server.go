package cdb

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TypeName is the data source's name in configurations.
const TypeName = "tencentcloud_cdb_backups"

// cachedSchema is the data source's schema, built once.
var cachedSchema = sync.OnceValue(func() schema.Schema {
	var resp datasource.SchemaResponse
	(&cdbBackupsDataSource{}).Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	return resp.Schema
})

// ReadDataSource answers Terraform's ReadDataSource call for this data source, with data as the provider's
// configuration. It runs the same read as the framework's Read, but hands Terraform the state as it was written,
// in Terraform's MessagePack. Through the framework, the state of 10,000 backups would be built as Terraform
// values, then copied, converted to framework values, compared and encoded again: about two thirds of the
// provider's CPU time for such a read, and hundreds of megabytes (BenchmarkReadDataSource measures both paths).
// The provider's server sends this data source's reads here; everything else, the validation of its
// configuration included, stays with the framework.
func ReadDataSource(ctx context.Context, data *ProviderData, req *tfprotov6.ReadDataSourceRequest) *tfprotov6.ReadDataSourceResponse {
	return readDataSource(ctx, data, req, writeState)
}

// readDataSource is ReadDataSource with the state written by write.
func readDataSource(ctx context.Context, data *ProviderData, req *tfprotov6.ReadDataSourceRequest, write stateWriter) *tfprotov6.ReadDataSourceResponse {
	resp := &tfprotov6.ReadDataSourceResponse{}
	sch := cachedSchema()
	if req.Config == nil {
		resp.Diagnostics = protoDiagnostics(ctx, diag.Diagnostics{diag.NewErrorDiagnostic("Missing configuration",
			"Terraform sent no configuration for "+TypeName+". This is a bug in Terraform or in the provider; please report it.")})
		return resp
	}
	raw, err := req.Config.Unmarshal(sch.Type().TerraformType(ctx))
	if err != nil {
		resp.Diagnostics = protoDiagnostics(ctx, diag.Diagnostics{diag.NewErrorDiagnostic("Unexpected configuration",
			fmt.Sprintf("The configuration of %s does not fit its schema: %s. This is a bug in Terraform or in the provider; please report it.", TypeName, err))})
		return resp
	}
	d := &cdbBackupsDataSource{}
	if data != nil {
		d.client, d.unknown = data.Client, data.Unknown
	}
	deferralAllowed := req.ClientCapabilities != nil && req.ClientCapabilities.DeferralAllowed
	state, deferred, diags := d.read(ctx, tfsdk.Config{Raw: raw, Schema: sch}, deferralAllowed, write)
	resp.Diagnostics = protoDiagnostics(ctx, diags)
	switch {
	case deferred:
		// As the framework answers a deferred read: the configuration stands for the state Terraform ignores.
		resp.Deferred = &tfprotov6.Deferred{Reason: tfprotov6.DeferredReasonProviderConfigUnknown}
		resp.State = req.Config
	case state != nil:
		resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	}
	return resp
}

// protoDiagnostics converts diagnostics to the protocol's, with their attribute paths.
func protoDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityWarning {
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = protocolPath(ctx, withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

// protocolPath converts a framework path to the protocol's.
func protocolPath(ctx context.Context, p path.Path) *tftypes.AttributePath {
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(s))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(s))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(s))
		case path.PathStepElementKeyValue:
			v, err := s.ToTerraformValue(ctx)
			if err != nil {
				return ap
			}
			ap = ap.WithElementKeyValue(v)
		}
	}
	return ap
}
