package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Twins of an engine data source that answer the same reads another way, for the tests that compare the ways and
// the benchmarks that measure them: the framework's Read (frameworkTwin), and terraform-plugin-go's values and
// encoder as the state's writer (libraryList). The provider serves neither.

// frameworkTwin is an engine data source with a framework Read: the engine's read, with its state decoded from
// the MessagePack into the value the framework expects, which the framework then processes itself.
type frameworkTwin[C any] struct{ *dataSource[C] }

func (d frameworkTwin[C]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	client, ok, deferred, diags := d.Ready(d.kind.typeName(), req.ClientCapabilities.DeferralAllowed)
	resp.Diagnostics.Append(diags...)
	if deferred {
		resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonProviderConfigUnknown}
	}
	if !ok {
		return
	}
	state, diags := d.kind.read(ctx, client, req.Config)
	resp.Diagnostics.Append(diags...)
	if state == nil {
		return
	}
	raw, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(req.Config.Raw.Type())
	if err != nil {
		resp.Diagnostics.AddError("Invalid state", fmt.Sprintf("The state written for %s could not be read back: %s.", d.kind.typeName(), err))
		return
	}
	resp.State.Raw = raw
}

// libraryList is a list whose state libraryState writes.
type libraryList[T, C any] struct{ *List[T, C] }

func (l libraryList[T, C]) read(ctx context.Context, client C, config tfsdk.Config) ([]byte, diag.Diagnostics) {
	r, diags := l.Collect(ctx, client, config)
	if diags.HasError() {
		return nil, diags
	}
	state, err := l.libraryState(config.Raw, r)
	if err != nil {
		diags.AddError("Unexpected data", err.Error())
	}
	return state, diags
}

// twinned is what the twins of an engine data source are made from, whatever its client.
type twinned interface {
	frameworkTwin() datasource.DataSource
	libraryWriter() ProtocolDataSource
	orderAndWrite(config tftypes.Value, items any, library bool) ([]byte, error)
}

func (d *dataSource[C]) frameworkTwin() datasource.DataSource { return frameworkTwin[C]{d} }

func (d *dataSource[C]) libraryWriter() ProtocolDataSource {
	return &dataSource[C]{kind: d.kind.(interface{ withLibraryWriter() kind[C] }).withLibraryWriter()}
}

func (d *dataSource[C]) orderAndWrite(config tftypes.Value, items any, library bool) ([]byte, error) {
	return d.kind.(interface {
		orderAndWrite(tftypes.Value, any, bool) ([]byte, error)
	}).orderAndWrite(config, items, library)
}

func (l *List[T, C]) withLibraryWriter() kind[C] { return libraryList[T, C]{l} }

// orderAndWrite is a list's work after the last page, for items ([]*T, copied first): order them, and write the
// state with every item kept and its links.
func (l *List[T, C]) orderAndWrite(config tftypes.Value, items any, library bool) ([]byte, error) {
	work := slices.Clone(items.([]*T))
	sortNewestFirst(work, l.spec.Items, l.orderedBy)
	r := &Listed[T]{Scope: "bench", All: work, Items: work, PageSize: 100, TotalCount: int64(len(work)), includeLinks: true, filter: &filter{}}
	if library {
		return l.libraryState(config, r)
	}
	return l.writeState(tfsdk.Config{Raw: config, Schema: l.sch}, r, nil)
}
