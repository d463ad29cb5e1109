package engine

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

var (
	_ ProtocolDataSource                      = (*dataSource[any])(nil)
	_ datasource.DataSourceWithConfigure      = (*dataSource[any])(nil)
	_ datasource.DataSourceWithValidateConfig = (*dataSource[any])(nil)
)

// kind is what makes a data source of the engine: its name, its schema, the checks of its configuration and its
// read, which writes the state. A list (ListSpec) is one kind; one object, or a batch over many scopes, would be
// others, served by the same data source and read.
type kind[C any] interface {
	typeName() string
	schema() schema.Schema
	Validate(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics)
	// read reads with client and writes the state, in Terraform's MessagePack.
	read(ctx context.Context, client C, config tfsdk.Config) ([]byte, diag.Diagnostics)
}

// dataSource is the framework's data source of a kind, with the protocol-level read.
type dataSource[C any] struct {
	kind kind[C]
	Configured[C]
}

func (d *dataSource[C]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.kind.typeName()
}

func (d *dataSource[C]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.kind.schema()
}

func (d *dataSource[C]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	resp.Diagnostics.Append(d.Accept(req.ProviderData)...)
}

func (d *dataSource[C]) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	d.kind.Validate(ctx, req.Config, &resp.Diagnostics)
}

// Read is the framework's way in, which the provider's server never takes: it sends the reads of this data
// source to ReadProtocol. Reaching it means a server without that routing.
func (d *dataSource[C]) Read(_ context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	resp.Diagnostics.AddError("Read not served at the protocol level",
		fmt.Sprintf("%s is read by the provider's own server (its ReadDataSource), and this read came through the framework's instead. "+
			"This is a bug in the provider; please report it.", d.kind.typeName()))
}

// ReadProtocol answers Terraform's ReadDataSource call, with providerData as the provider's configuration made it.
func (d *dataSource[C]) ReadProtocol(ctx context.Context, providerData any, req *tfprotov6.ReadDataSourceRequest) *tfprotov6.ReadDataSourceResponse {
	resp := &tfprotov6.ReadDataSourceResponse{}
	typeName, sch := d.kind.typeName(), d.kind.schema()
	if req.Config == nil {
		resp.Diagnostics = protoDiagnostics(ctx, diag.Diagnostics{diag.NewErrorDiagnostic("Missing configuration",
			"Terraform sent no configuration for "+typeName+". This is a bug in Terraform or in the provider; please report it.")})
		return resp
	}
	raw, err := req.Config.Unmarshal(sch.Type().TerraformType(ctx))
	if err != nil {
		resp.Diagnostics = protoDiagnostics(ctx, diag.Diagnostics{diag.NewErrorDiagnostic("Unexpected configuration",
			fmt.Sprintf("The configuration of %s does not fit its schema: %s. This is a bug in Terraform or in the provider; please report it.", typeName, err))})
		return resp
	}
	var configured Configured[C]
	diags := configured.Accept(providerData)
	if diags.HasError() {
		resp.Diagnostics = protoDiagnostics(ctx, diags)
		return resp
	}
	deferralAllowed := req.ClientCapabilities != nil && req.ClientCapabilities.DeferralAllowed
	client, ok, deferred, diags := configured.Ready(typeName, deferralAllowed)
	if deferred {
		// As the framework answers a deferred read: the configuration stands for the state Terraform ignores.
		resp.Deferred = &tfprotov6.Deferred{Reason: tfprotov6.DeferredReasonProviderConfigUnknown}
		resp.State = req.Config
	}
	if !ok {
		resp.Diagnostics = protoDiagnostics(ctx, diags)
		return resp
	}
	state, diags := d.kind.read(ctx, client, tfsdk.Config{Raw: raw, Schema: sch})
	resp.Diagnostics = protoDiagnostics(ctx, diags)
	if state != nil {
		resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	}
	return resp
}
