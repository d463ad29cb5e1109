package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// PageRequest is what a list's page fetch is asked for: one page of a scope's items, with the list's arguments.
type PageRequest struct {
	Scope         string // the scope's ID
	Offset, Limit int64  // Limit 0: the largest page the API accepts
	Args          Args
}

// ListSpec declares a data source that lists the items of one scope through a paged list action: all pages, in
// one order, narrowed by its filters. The engine derives the schema's common lines (id, the scope's argument,
// page_size, total_count, the items' list, include_download_urls and download_urls when the items have links),
// the validation of its windows, and the read.
type ListSpec[T, C any] struct {
	TypeName    string // the name in configurations
	Description string
	// Scope is what the list is read in. A Scope without Attr is the region the provider reads in: the list has
	// no scope argument, and its id is the region, which RegionOf gives.
	Scope    Scope[C]
	RegionOf func(client C) string
	// Items is the table of the items; ItemsAttr names their list, and ItemsDoc describes it (followed by where the
	// download links are).
	Items     *Object
	ItemsAttr string
	ItemsDoc  string
	// Action names the list action in page_size's doc, which PageSizeDoc ends.
	Action      string
	PageSizeDoc string
	// TotalCountDoc describes total_count, the count the API reports.
	TotalCountDoc string
	// IncludeLinksDoc and LinksDoc describe include_download_urls and download_urls.
	IncludeLinksDoc, LinksDoc string
	// Arguments are the list's own arguments, which the page fetch reads (Args); Windows are pairs of them that
	// must not make an empty window.
	Arguments []Argument
	Windows   []Window
	// Order orders the list, whatever order its pages came in; Filters narrow it then.
	Order   Order
	Filters []Filter
	// Fetch fetches one page, with the provider's client.
	Fetch func(ctx context.Context, client C, req PageRequest) (Page[T], error)
	// Attributes are the list's own computed attributes, and Values gives their values for what a read found.
	Attributes Attributes
	Values     func(l *Listed[T]) Values
	// Also, when set, gives more of the list's own attributes with the client, after the listing: values that
	// need another call (the list's arguments are in l.Args). An error fails the read.
	Also func(ctx context.Context, client C, l *Listed[T]) (Values, error)
}

// Listed is what a list's read found.
type Listed[T any] struct {
	Scope string // the scope's ID
	Args  Args   // the list's own arguments
	// All are the items listed, in the list's order; Items, those the filters keep.
	All, Items           []*T
	TotalCount, PageSize int64
	includeLinks         bool
	filter               *filter
}

// Matching says which filters are set, for an error that nothing matched: " matching type = \"physical\"", or "".
func (l *Listed[T]) Matching() string { return l.filter.describe() }

// List is a compiled ListSpec: a kind of data source.
type List[T, C any] struct {
	spec      ListSpec[T, C]
	filters   filters
	windows   []Window
	orderedBy *Field
	sch       schema.Schema
}

// NewList compiles a declaration. A declaration that contradicts itself or its table (a filter on a field the
// table lacks, two attributes of one name, values for attributes it does not declare) is a bug, caught when the
// package that declares it loads.
func NewList[T, C any](spec ListSpec[T, C]) *List[T, C] {
	l := &List[T, C]{spec: spec, filters: compileFilters(spec.Items, spec.Filters), orderedBy: spec.Order.field(spec.Items)}
	l.windows = append(slices.Clone(spec.Windows), l.filters.windows...)
	l.sch = l.buildSchema()
	if spec.Values != nil {
		got := slices.Sorted(maps.Keys(spec.Values(&Listed[T]{filter: &filter{}})))
		if want := slices.Sorted(maps.Keys(spec.Attributes)); !slices.Equal(got, want) && (spec.Also == nil ||
			slices.ContainsFunc(got, func(name string) bool { _, ok := spec.Attributes[name]; return !ok })) {
			// Without Also, Values gives every attribute of the declaration's own; with it, some of them.
			panic(fmt.Sprintf("%s: values for %v, attributes %v", spec.TypeName, got, want))
		}
	}
	return l
}

// DataSource is the data source of the declaration, for the provider's DataSources.
func (l *List[T, C]) DataSource() datasource.DataSource { return &dataSource[C]{kind: l} }

func (l *List[T, C]) typeName() string      { return l.spec.TypeName }
func (l *List[T, C]) schema() schema.Schema { return l.sch }

// buildSchema derives the schema from the declaration.
func (l *List[T, C]) buildSchema() schema.Schema {
	s, o := &l.spec, l.spec.Items
	attrs := map[string]schema.Attribute{
		"id":          schema.StringAttribute{Computed: true, MarkdownDescription: s.Scope.IDDoc},
		"total_count": ComputedInt(s.TotalCountDoc),
		s.ItemsAttr:   schema.ListNestedAttribute{Computed: true, MarkdownDescription: s.ItemsDoc, NestedObject: schema.NestedAttributeObject{Attributes: o.attributes()}},
		"page_size": schema.Int64Attribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: fmt.Sprintf("%s requested per `%s` call, 1 to %d; the state shows the page size used. %s",
				capitalized(o.noun)+"s", s.Action, s.Scope.MaxPageSize, s.PageSizeDoc),
			Validators: []validator.Int64{int64validator.Between(1, s.Scope.MaxPageSize)},
		},
	}
	if len(o.links) > 0 {
		items := attrs[s.ItemsAttr].(schema.ListNestedAttribute) //nolint:forcetypeassert // made just above
		items.MarkdownDescription += " Download links are in `download_urls`, with `include_download_urls`."
		attrs[s.ItemsAttr] = items
		attrs["include_download_urls"] = schema.BoolAttribute{Optional: true, MarkdownDescription: s.IncludeLinksDoc}
		attrs["download_urls"] = schema.MapNestedAttribute{Computed: true, Sensitive: true, MarkdownDescription: s.LinksDoc,
			NestedObject: schema.NestedAttributeObject{Attributes: o.linkAttributes()}}
	}
	add := func(name string, a schema.Attribute) {
		if _, dup := attrs[name]; dup {
			panic(fmt.Sprintf("%s: two attributes are named %s", s.TypeName, name))
		}
		attrs[name] = a
	}
	if s.Scope.Attr != "" {
		add(s.Scope.Attr, schema.StringAttribute{Required: true, MarkdownDescription: s.Scope.Doc, Validators: s.Scope.Validators})
	} else if s.RegionOf == nil {
		panic(s.TypeName + ": a list of the region needs RegionOf")
	}
	for _, a := range append(slices.Clone(s.Arguments), l.filters.arguments...) {
		add(a.name, a.attribute())
	}
	for name, a := range s.Attributes {
		add(name, a)
	}
	return schema.Schema{MarkdownDescription: s.Description, Attributes: attrs}
}

// Validate checks what the attribute validators cannot: that no window is empty. It checks a configuration of
// another type that takes the list's arguments too, those it has.
func (l *List[T, C]) Validate(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	for _, w := range l.windows {
		validateWindow(ctx, config, w, l.spec.Items.noun, diags)
	}
}

// FilterArguments are the arguments of the list's filters named, for another type that takes them.
func (l *List[T, C]) FilterArguments(names ...string) map[string]Argument {
	out := make(map[string]Argument, len(names))
	for _, name := range names {
		i := slices.IndexFunc(l.filters.arguments, func(a Argument) bool { return a.name == name })
		if i < 0 {
			panic(fmt.Sprintf("%s has no filter argument %s", l.spec.TypeName, name))
		}
		out[name] = l.filters.arguments[i]
	}
	return out
}

// Collect lists, orders and filters the items of the scope a configuration names, reading the arguments it has:
// the read of the list, and of another type (of whichever schema) that takes its arguments.
func (l *List[T, C]) Collect(ctx context.Context, client C, config tfsdk.Config) (*Listed[T], diag.Diagnostics) {
	var diags diag.Diagnostics
	var scope types.String
	var pageSize types.Int64
	var includeLinks types.Bool
	if l.spec.Scope.Attr != "" {
		diags.Append(config.GetAttribute(ctx, path.Root(l.spec.Scope.Attr), &scope)...)
	} else {
		scope = types.StringValue(l.spec.RegionOf(client))
	}
	if hasAttribute(config, "page_size") {
		diags.Append(config.GetAttribute(ctx, path.Root("page_size"), &pageSize)...)
	}
	if hasAttribute(config, "include_download_urls") {
		diags.Append(config.GetAttribute(ctx, path.Root("include_download_urls"), &includeLinks)...)
	}
	if diags.HasError() {
		return nil, diags
	}
	r := &Listed[T]{Scope: scope.ValueString(), includeLinks: includeLinks.ValueBool()}
	if l.spec.Scope.Attr != "" {
		ctx = tflog.SetField(ctx, l.spec.Scope.Attr, r.Scope)
	}
	args, adiags := readArgs(ctx, config, l.spec.Arguments)
	diags.Append(adiags...)
	var fdiags diag.Diagnostics
	r.Args = args
	r.filter, fdiags = l.filters.parse(ctx, config)
	diags.Append(fdiags...)
	if diags.HasError() {
		return nil, diags
	}

	fetch := func(ctx context.Context, offset, limit int64) (Page[T], error) {
		return l.spec.Fetch(ctx, client, PageRequest{Scope: r.Scope, Offset: offset, Limit: limit, Args: args})
	}
	// A page size of 0 asks for the largest page the API accepts.
	listed, err := ListAll(ctx, fetch, l.spec.Items, r.Scope, pageSize.ValueInt64(), l.spec.Scope.MaxPageSize)
	if err != nil {
		diags.Append(l.spec.Scope.listError(client, r.Scope, l.spec.Items.noun+"s", err))
		return nil, diags
	}
	if listed.Restarts > 0 {
		tflog.Info(ctx, fmt.Sprintf("The %s list changed while it was read; a consistent list was taken by listing again", l.spec.Items.noun),
			map[string]any{"restarts": listed.Restarts})
	}
	sortNewestFirst(listed.Items, l.spec.Items, l.orderedBy)
	r.All, r.TotalCount, r.PageSize = listed.Items, listed.TotalCount, listed.PageSize
	r.Items = applyFilter(r.filter, r.All)
	return r, diags
}

// read is the data source's read: Collect, then the state.
func (l *List[T, C]) read(ctx context.Context, client C, config tfsdk.Config) ([]byte, diag.Diagnostics) {
	r, diags := l.Collect(ctx, client, config)
	if diags.HasError() {
		return nil, diags
	}
	var also Values
	if l.spec.Also != nil {
		var err error
		if also, err = l.spec.Also(ctx, client, r); err != nil {
			diags.AddError("Could not read more of "+r.Scope, err.Error())
			return nil, diags
		}
	}
	state, err := l.writeState(config, r, also)
	o := l.spec.Items
	if err != nil {
		diags.AddError(fmt.Sprintf("Unexpected %s data from %s", o.noun, l.spec.Scope.API), fmt.Sprintf("A %s of %s could not be read: %s.", o.noun, r.Scope, err))
		return nil, diags
	}
	if unkeyed := countUnkeyed(o, r.Items); unkeyed > 0 && r.includeLinks {
		diags.AddWarning(capitalized(o.noun)+"s without an ID",
			fmt.Sprintf("%s returned %d %s(s) of %s without a %s. They are in %s, but have no entry in download_urls.",
				l.spec.Action, unkeyed, o.noun, r.Scope, o.key.api, l.spec.ItemsAttr))
	}
	return state, diags
}

// writeState writes the state: the arguments as configured, and the computed attributes from what was read.
func (l *List[T, C]) writeState(config tfsdk.Config, r *Listed[T], also Values) ([]byte, error) {
	o := l.spec.Items
	computed := map[string]Value{
		"id":          func(m *msgpack) error { m.str(r.Scope); return nil },
		"page_size":   Int(r.PageSize),
		"total_count": Int(r.TotalCount),
		l.spec.ItemsAttr: func(m *msgpack) error {
			return writeList(m, o, r.Items)
		},
	}
	if len(o.links) > 0 {
		computed["download_urls"] = func(m *msgpack) error {
			if r.includeLinks {
				writeLinksByKey(m, o, r.Items)
			} else {
				m.null()
			}
			return nil
		}
	}
	if l.spec.Values != nil {
		maps.Copy(computed, l.spec.Values(r))
	}
	maps.Copy(computed, also)
	return writeState(config.Raw, stateSize(o, len(r.Items), r.includeLinks), computed)
}

// stateSize is the buffer a state of n items of o likely needs, so that it rarely grows: about 32 bytes per
// attribute (name, value and headers), 160 per link with its key.
func stateSize(o *Object, n int, links bool) int {
	perItem := 32 * len(o.attrs)
	if links {
		perItem += 160 * len(o.links)
	}
	return 4096 + perItem*n
}
