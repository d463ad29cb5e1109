package engine

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ScopeFailure is what an API that answers for many scopes at once says of one it could not answer for, inside a
// successful answer.
type ScopeFailure struct {
	ID, Code, Message string
	// NotFound says that the scope does not exist: ignore_missing drops such scopes instead of failing.
	NotFound bool
}

// BatchSpec declares a data source that reads one object for each of many scopes (instances) that the
// configuration names, through an action that answers for many at once. Its objects come in the order the scopes
// were given, duplicates dropped; the engine derives the schema (the scopes' list, ignore_missing, the objects'
// list and the missing scopes), the checks and the read.
type BatchSpec[T, C any] struct {
	TypeName    string
	Description string
	// Scope is the scope of one object; its Validators check each ID of the list ScopesAttr, which ScopesDoc describes.
	Scope      Scope[C]
	ScopesAttr string
	ScopesDoc  string
	// Items is the table of T, whose key is the scope's ID; ItemsAttr names the objects' list, ItemsDoc describes it.
	Items     *Object
	ItemsAttr string
	ItemsDoc  string
	// Arguments are the declaration's own, which Fetch reads.
	Arguments []Argument
	// Fetch reads the objects of the scopes ids (each once), with the provider's client, in as few calls as the API
	// allows: the objects it has, in any order, and the scopes it could not answer for. An error fails the read.
	Fetch func(ctx context.Context, client C, ids []string, args Args) ([]*T, []ScopeFailure, error)
}

// Batch is a compiled BatchSpec: a kind of data source.
type Batch[T, C any] struct {
	spec    BatchSpec[T, C]
	missing string // the attribute of the scopes that do not exist
	sch     schema.Schema
}

// NewBatch compiles a declaration; one that contradicts itself is a bug, caught when its package loads.
func NewBatch[T, C any](spec BatchSpec[T, C]) *Batch[T, C] {
	if spec.Items.key == nil {
		panic(fmt.Sprintf("%s: the objects of a batch need a key, the scope's ID", spec.TypeName))
	}
	b := &Batch[T, C]{spec: spec, missing: "missing_" + spec.ScopesAttr}
	s := spec.Scope
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The " + spec.ScopesAttr + " read, deduplicated, joined with commas."},
		spec.ScopesAttr: schema.ListAttribute{Required: true, ElementType: types.StringType, MarkdownDescription: spec.ScopesDoc,
			Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(s.Validators...)}},
		"ignore_missing": schema.BoolAttribute{Optional: true, MarkdownDescription: fmt.Sprintf(
			"Drop the %s that do not exist, listing them in `%s`, instead of failing the read; `false` by default. "+
				"Other failures fail the read whatever it says.", spec.ScopesAttr, b.missing)},
		b.missing: schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: fmt.Sprintf(
			"The %s that do not exist, in the order given: empty unless `ignore_missing` is `true`.", spec.ScopesAttr)},
		spec.ItemsAttr: schema.ListNestedAttribute{Computed: true, MarkdownDescription: spec.ItemsDoc,
			NestedObject: schema.NestedAttributeObject{Attributes: spec.Items.attributes()}},
	}
	for _, a := range spec.Arguments {
		if _, dup := attrs[a.name]; dup {
			panic(fmt.Sprintf("%s: two attributes are named %s", spec.TypeName, a.name))
		}
		attrs[a.name] = a.attribute()
	}
	b.sch = schema.Schema{MarkdownDescription: spec.Description, Attributes: attrs}
	return b
}

// DataSource is the data source of the declaration, for the provider's DataSources.
func (b *Batch[T, C]) DataSource() datasource.DataSource { return &dataSource[C]{kind: b} }

func (b *Batch[T, C]) typeName() string      { return b.spec.TypeName }
func (b *Batch[T, C]) schema() schema.Schema { return b.sch }

// Validate has nothing to check beyond the attributes' own validators.
func (b *Batch[T, C]) Validate(context.Context, tfsdk.Config, *diag.Diagnostics) {}

// read fetches the objects of the scopes named and writes them in the order given.
func (b *Batch[T, C]) read(ctx context.Context, client C, config tfsdk.Config) ([]byte, diag.Diagnostics) {
	var diags diag.Diagnostics
	var given []string
	var ignoreMissing types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root(b.spec.ScopesAttr), &given)...)
	diags.Append(config.GetAttribute(ctx, path.Root("ignore_missing"), &ignoreMissing)...)
	args, adiags := readArgs(ctx, config, b.spec.Arguments)
	diags.Append(adiags...)
	if diags.HasError() {
		return nil, diags
	}
	ids := deduplicated(given)
	ctx = tflog.SetField(ctx, b.spec.ScopesAttr+"_count", len(ids))
	o := b.spec.Items
	items, failures, err := b.spec.Fetch(ctx, client, ids, args)
	if err != nil {
		diags.AddError(fmt.Sprintf("Could not read the %ss of %d %s", o.noun, len(ids), scopesNoun(b.spec.ScopesAttr, len(ids))), err.Error())
		return nil, diags
	}
	byID := make(map[string]reflect.Value, len(items))
	for _, item := range items {
		if item == nil {
			continue
		}
		v := reflect.ValueOf(item).Elem()
		if k, ok := o.keyOf(v); ok {
			if _, dup := byID[k.String()]; !dup {
				byID[k.String()] = v
			}
		}
	}
	failed := map[string]ScopeFailure{}
	for _, f := range failures {
		if _, dup := failed[f.ID]; !dup {
			failed[f.ID] = f
		}
	}
	var values []reflect.Value
	missing := []string{}
	var problems []string
	for _, id := range ids {
		f, isFailed := failed[id]
		v, found := byID[id]
		switch {
		case isFailed && f.NotFound && ignoreMissing.ValueBool():
			missing = append(missing, id)
		case isFailed:
			problems = append(problems, fmt.Sprintf("- %s: [%s] %s", id, f.Code, f.Message))
		case !found:
			problems = append(problems, fmt.Sprintf("- %s: the API's answer has no %s for it", id, o.noun))
		default:
			values = append(values, v)
		}
	}
	if len(problems) > 0 {
		diags.Append(diag.NewAttributeErrorDiagnostic(path.Root(b.spec.ScopesAttr),
			fmt.Sprintf("Could not read the %s of %d of the %s", o.noun, len(problems), b.spec.ScopesAttr),
			fmt.Sprintf("%s answered with an error for these %s:\n%s", b.spec.Scope.API, scopesNoun(b.spec.ScopesAttr, len(problems)), strings.Join(problems, "\n"))+
				b.notFoundHint(failures, ignoreMissing.ValueBool())))
		return nil, diags
	}
	computed := Values{
		"id": func(m *msgpack) error { m.str(strings.Join(ids, ",")); return nil },
		b.missing: func(m *msgpack) error {
			m.arrayLen(len(missing))
			for _, id := range missing {
				m.str(id)
			}
			return nil
		},
		b.spec.ItemsAttr: func(m *msgpack) error {
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
		diags.AddError(fmt.Sprintf("Unexpected %s data from %s", o.noun, b.spec.Scope.API), fmt.Sprintf("A %s could not be read: %s.", o.noun, err))
		return nil, diags
	}
	return state, diags
}

// notFoundHint says what ignore_missing would do, when some of the failures are scopes that do not exist.
func (b *Batch[T, C]) notFoundHint(failures []ScopeFailure, ignoring bool) string {
	if ignoring || !slices.ContainsFunc(failures, func(f ScopeFailure) bool { return f.NotFound }) {
		return ""
	}
	return fmt.Sprintf("\n\nTo read the others and list those that do not exist in `%s`, set `ignore_missing = true`.", b.missing)
}

// deduplicated is ids without repeats, in the order of their first appearance.
func deduplicated(ids []string) []string {
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// scopesNoun is what n scopes of the list attr are called: "instance_ids" gives "instance" or "instances".
func scopesNoun(attr string, n int) string {
	noun := strings.TrimSuffix(strings.TrimSuffix(attr, "_ids"), "s")
	if n == 1 {
		return noun
	}
	return noun + "s"
}
