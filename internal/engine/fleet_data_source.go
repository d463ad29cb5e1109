package engine

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// FleetSpec declares a data source that selects scopes (instances) with a list of the region, taking that list's
// arguments, then reads more of every scope selected, in as few calls as the API allows: one object per scope, in
// the list's order. The engine derives the schema (the list's arguments, the fleet's own, skip_failed, the objects'
// list and the failed scopes), the checks and the read.
type FleetSpec[S, T, C any] struct {
	TypeName    string
	Description string
	// Select lists the scopes: a list of the region, whose arguments (its own and its filters') the fleet takes.
	Select *List[S, C]
	// Items is the table of T, whose key is the scope's ID, as in Select's items; ItemsAttr names the objects' list,
	// ItemsDoc describes it.
	Items     *Object
	ItemsAttr string
	ItemsDoc  string
	// Arguments are the fleet's own, which Read reads.
	Arguments []Argument
	// FailedAttr names the list of the scopes that could not be read, with skip_failed.
	FailedAttr string
	// Read reads the objects of the scopes selected, with the provider's client: the objects it could read, in any
	// order, and the scopes it could not read (a call refused for one, a scope gone since it was listed). An error
	// is a failure of the whole read (a call every scope needs).
	Read func(ctx context.Context, client C, selected []*S, args Args) ([]*T, []ScopeFailure, error)
}

// Fleet is a compiled FleetSpec: a kind of data source.
type Fleet[S, T, C any] struct {
	spec FleetSpec[S, T, C]
	sch  schema.Schema
}

// NewFleet compiles a declaration; one that contradicts itself is a bug, caught when its package loads.
func NewFleet[S, T, C any](spec FleetSpec[S, T, C]) *Fleet[S, T, C] {
	sel := spec.Select
	if spec.Items.key == nil || sel.spec.Items.key == nil || spec.Items.key.kind != text || sel.spec.Items.key.kind != text {
		panic(fmt.Sprintf("%s: the objects and the selected scopes need a text key, the scope's ID", spec.TypeName))
	}
	if sel.spec.Scope.Attr != "" {
		panic(fmt.Sprintf("%s: the selection must be a list of the region", spec.TypeName))
	}
	scopeAttr := spec.Items.key.attr
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, MarkdownDescription: sel.spec.Scope.IDDoc},
		"skip_failed": schema.BoolAttribute{Optional: true, MarkdownDescription: fmt.Sprintf(
			"Leave out the %ss that could not be read (one refused call, one gone since it was listed), listing them in `%s`, "+
				"instead of failing the read; `false` by default.", sel.spec.Items.noun, spec.FailedAttr)},
		spec.ItemsAttr: schema.ListNestedAttribute{Computed: true, MarkdownDescription: spec.ItemsDoc,
			NestedObject: schema.NestedAttributeObject{Attributes: spec.Items.attributes()}},
		spec.FailedAttr: schema.ListNestedAttribute{Computed: true, MarkdownDescription: fmt.Sprintf(
			"The %ss that could not be read, in the selection's order: empty unless `skip_failed` is `true`.", sel.spec.Items.noun),
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				scopeAttr: schema.StringAttribute{Computed: true, MarkdownDescription: capitalized(sel.spec.Items.noun) + " ID."},
				"code":    schema.StringAttribute{Computed: true, MarkdownDescription: "The API's error code."},
				"message": schema.StringAttribute{Computed: true, MarkdownDescription: "The API's error message, with the action and its RequestId."},
			}}},
	}
	add := func(a Argument) {
		if _, dup := attrs[a.name]; dup {
			panic(fmt.Sprintf("%s: two attributes are named %s", spec.TypeName, a.name))
		}
		attrs[a.name] = a.attribute()
	}
	for _, a := range sel.spec.Arguments {
		add(a)
	}
	for _, a := range sel.filters.arguments {
		add(a)
	}
	for _, a := range spec.Arguments {
		add(a)
	}
	return &Fleet[S, T, C]{spec: spec, sch: schema.Schema{MarkdownDescription: spec.Description, Attributes: attrs}}
}

// DataSource is the data source of the declaration, for the provider's DataSources.
func (f *Fleet[S, T, C]) DataSource() datasource.DataSource { return &dataSource[C]{kind: f} }

func (f *Fleet[S, T, C]) typeName() string      { return f.spec.TypeName }
func (f *Fleet[S, T, C]) schema() schema.Schema { return f.sch }

// Validate checks what the selection's list checks.
func (f *Fleet[S, T, C]) Validate(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	f.spec.Select.Validate(ctx, config, diags)
}

// read selects the scopes, reads the fleet's objects, and writes them in the selection's order.
func (f *Fleet[S, T, C]) read(ctx context.Context, client C, config tfsdk.Config) ([]byte, diag.Diagnostics) {
	sel, diags := f.spec.Select.Collect(ctx, client, config)
	if diags.HasError() {
		return nil, diags
	}
	args, adiags := readArgs(ctx, config, f.spec.Arguments)
	diags.Append(adiags...)
	var skip types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("skip_failed"), &skip)...)
	if diags.HasError() {
		return nil, diags
	}
	noun := f.spec.Select.spec.Items.noun
	ctx = tflog.SetField(ctx, "selected", len(sel.Items))
	items, failures, err := f.spec.Read(ctx, client, sel.Items, args)
	if err != nil {
		diags.AddError(fmt.Sprintf("Could not read the %s of %d %ss", f.spec.Items.noun, len(sel.Items), noun), err.Error())
		return nil, diags
	}
	o := f.spec.Items
	byID := make(map[string]reflect.Value, len(items))
	for _, item := range items {
		if item == nil {
			continue
		}
		v := reflect.ValueOf(item).Elem()
		if k, ok := o.keyOf(v); ok {
			if _, dup := byID[k.s]; !dup {
				byID[k.s] = v
			}
		}
	}
	failed := make(map[string]ScopeFailure, len(failures))
	for _, fl := range failures {
		if _, dup := failed[fl.ID]; !dup {
			failed[fl.ID] = fl
		}
	}
	values := make([]reflect.Value, 0, len(sel.Items))
	var skipped []ScopeFailure
	for _, s := range sel.Items {
		k, ok := f.spec.Select.spec.Items.keyOf(reflect.ValueOf(s).Elem())
		if !ok {
			continue // listed without an ID: nothing can be read of it
		}
		id := k.s
		fl, isFailed := failed[id]
		v, found := byID[id]
		switch {
		case isFailed:
			skipped = append(skipped, fl)
		case !found:
			skipped = append(skipped, ScopeFailure{ID: id, Message: fmt.Sprintf("the API's answers have no %s for it", o.noun)})
		default:
			values = append(values, v)
		}
	}
	if len(skipped) > 0 && !skip.ValueBool() {
		lines := make([]string, len(skipped))
		for i, fl := range skipped {
			lines[i] = "- " + fl.ID + ": " + fl.describe()
		}
		diags.AddError(fmt.Sprintf("Could not read the %s of %d of the %d %ss selected", o.noun, len(skipped), len(sel.Items), noun),
			fmt.Sprintf("These %ss could not be read:\n%s\n\nTo read the others and list these in `%s`, set `skip_failed = true`.",
				noun, strings.Join(lines, "\n"), f.spec.FailedAttr))
		return nil, diags
	}
	scopeAttr := o.key.attr
	computed := Values{
		"id": func(m *msgpack) error { m.str(sel.Scope); return nil },
		f.spec.FailedAttr: func(m *msgpack) error {
			m.arrayLen(len(skipped))
			for _, fl := range skipped {
				code := &fl.Code
				if fl.Code == "" {
					code = nil
				}
				writeStrings(m, map[string]*string{scopeAttr: &fl.ID, "code": code, "message": &fl.Message})
			}
			return nil
		},
		f.spec.ItemsAttr: func(m *msgpack) error {
			m.arrayLen(len(values))
			for _, v := range values {
				if err := m.object(o, v); err != nil {
					return fmt.Errorf("%s %s: %w", o.noun, o.describeKey(v), err)
				}
			}
			return nil
		},
	}
	state, err := writeState(config.Raw, 4096+64*len(o.attrs)*len(values), computed)
	if err != nil {
		diags.AddError(fmt.Sprintf("Unexpected %s data from %s", o.noun, f.spec.Select.spec.Scope.API), fmt.Sprintf("A %s could not be read: %s.", o.noun, err))
		return nil, diags
	}
	return state, diags
}

// writeStrings writes an object of string attributes (nil: null) in the order of their names, as Terraform reads
// an object.
func writeStrings(m *msgpack, attrs map[string]*string) {
	m.mapLen(len(attrs))
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		m.str(name)
		m.optString(attrs[name])
	}
}

// describe is a failure as a line of an error: "[Code] message", or the message alone when it says the code.
func (fl ScopeFailure) describe() string {
	if fl.Code == "" || strings.Contains(fl.Message, "["+fl.Code+"]") {
		return fl.Message
	}
	return "[" + fl.Code + "] " + fl.Message
}
