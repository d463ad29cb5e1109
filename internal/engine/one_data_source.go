package engine

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// OneSpec declares a data source that reads one object: the settings of one scope (an instance's backup policy),
// or of the region the provider reads in. Its attributes are the object's, from its table, beside id and the
// scope's argument; the engine derives the schema and the read.
type OneSpec[T, C any] struct {
	TypeName    string // the name in configurations
	Description string
	// Scope is what the object belongs to; nil for an object of the region, whose id RegionOf gives, with RegionDoc.
	Scope     *Scope[C]
	RegionOf  func(client C) string
	RegionDoc string
	// Object is the table of T.
	Object *Object
	// Fetch reads the object of a scope (its ID; "" for a region's object), with the provider's client. It may
	// make several calls of the API at once; one failure fails the read.
	Fetch func(ctx context.Context, client C, scope string) (*T, error)
}

// One is a compiled OneSpec: a kind of data source.
type One[T, C any] struct {
	spec OneSpec[T, C]
	sch  schema.Schema
}

// NewOne compiles a declaration. One whose table has an attribute named id or as the scope's argument is a bug,
// caught when the package that declares it loads.
func NewOne[T, C any](spec OneSpec[T, C]) *One[T, C] {
	if (spec.Scope == nil) == (spec.RegionOf == nil) {
		panic(fmt.Sprintf("%s: a single object belongs to a scope or to the region, one of them", spec.TypeName))
	}
	attrs := spec.Object.attributes()
	add := func(name string, a schema.Attribute) {
		if _, dup := attrs[name]; dup {
			panic(fmt.Sprintf("%s: two attributes are named %s", spec.TypeName, name))
		}
		attrs[name] = a
	}
	if s := spec.Scope; s != nil {
		add("id", schema.StringAttribute{Computed: true, MarkdownDescription: s.IDDoc})
		add(s.Attr, schema.StringAttribute{Required: true, MarkdownDescription: s.Doc, Validators: s.Validators})
	} else {
		add("id", schema.StringAttribute{Computed: true, MarkdownDescription: spec.RegionDoc})
	}
	return &One[T, C]{spec: spec, sch: schema.Schema{MarkdownDescription: spec.Description, Attributes: attrs}}
}

// DataSource is the data source of the declaration, for the provider's DataSources.
func (o *One[T, C]) DataSource() datasource.DataSource { return &dataSource[C]{kind: o} }

func (o *One[T, C]) typeName() string      { return o.spec.TypeName }
func (o *One[T, C]) schema() schema.Schema { return o.sch }

// Validate has nothing to check beyond the attributes' own validators.
func (o *One[T, C]) Validate(context.Context, tfsdk.Config, *diag.Diagnostics) {}

// read fetches the object and writes the state: id, the scope's argument as configured, and the object's
// attributes.
func (o *One[T, C]) read(ctx context.Context, client C, config tfsdk.Config) ([]byte, diag.Diagnostics) {
	var diags diag.Diagnostics
	obj := o.spec.Object
	var scope, id string
	if s := o.spec.Scope; s != nil {
		var v types.String
		if diags.Append(config.GetAttribute(ctx, path.Root(s.Attr), &v)...); diags.HasError() {
			return nil, diags
		}
		scope, id = v.ValueString(), v.ValueString()
		ctx = tflog.SetField(ctx, s.Attr, scope)
	} else {
		id = o.spec.RegionOf(client)
	}
	item, err := o.spec.Fetch(ctx, client, scope)
	if err != nil {
		if s := o.spec.Scope; s != nil {
			diags.Append(s.readError(client, scope, "read the "+obj.noun, err))
		} else {
			diags.AddError(fmt.Sprintf("Could not read the %s of region %s", obj.noun, id), err.Error())
		}
		return nil, diags
	}
	if item == nil {
		item = new(T) // an answer without the object: every attribute null
	}
	v := valueOf(item)
	computed := Values{"id": func(m *msgpack) error { m.str(id); return nil }}
	for _, f := range obj.attrs {
		computed[f.attr] = func(m *msgpack) error { return m.field(f, v) }
	}
	state, err := writeState(config.Raw, 4096, computed)
	if err != nil {
		diags.AddError(fmt.Sprintf("Unexpected %s data", obj.noun), fmt.Sprintf("The %s of %s could not be read: %s.", obj.noun, id, err))
		return nil, diags
	}
	return state, diags
}
