package engine

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every data source of the engine is read at the protocol level: the provider's server hands its reads to
// ReadProtocol, which answers with the state as it was written, in Terraform's MessagePack. Through the
// framework, the state of 10,000 objects would be built as Terraform values, then copied, converted to framework
// values, compared and encoded again: about two thirds of the provider's CPU time for such a read, and hundreds of
// megabytes, which made whole plans 40-57% slower. Everything else (schemas, validation, configuration) stays with
// the framework.

// ProtocolDataSource is a data source whose reads the provider's server answers at the protocol level.
type ProtocolDataSource interface {
	datasource.DataSource
	// ReadProtocol answers Terraform's ReadDataSource call, with providerData as the provider's configuration
	// made it (what the framework would pass to Configure).
	ReadProtocol(ctx context.Context, providerData any, req *tfprotov6.ReadDataSourceRequest) *tfprotov6.ReadDataSourceResponse
}

// ProtocolReads are the data sources among sources (a provider's DataSources) whose reads are answered at the
// protocol level, by type name, as the provider named providerTypeName names them.
func ProtocolReads(ctx context.Context, providerTypeName string, sources []func() datasource.DataSource) map[string]ProtocolDataSource {
	reads := map[string]ProtocolDataSource{}
	for _, newDataSource := range sources {
		ds, ok := newDataSource().(ProtocolDataSource)
		if !ok {
			continue
		}
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		if _, dup := reads[md.TypeName]; dup {
			panic(fmt.Sprintf("two data sources are named %s", md.TypeName))
		}
		reads[md.TypeName] = ds
	}
	return reads
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
