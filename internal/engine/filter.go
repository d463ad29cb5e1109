package engine

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// filterKind is what a filter compares.
type filterKind int

const (
	equalsFilter     filterKind = iota // a text field equals the argument
	matchesFilter                      // a text field matches the argument, a regular expression
	withinFilter                       // a time field is in the window [after, before)
	mostRecentFilter                   // only the first match of the ordered list
)

// Filter is a filter a list offers: arguments that keep, after a complete listing, the items that match. An item
// without the field a filter reads never matches it.
type Filter struct {
	kind filterKind
	args []string // its arguments: one, or after and before
	docs []string // their docs
	attr string   // the field it reads
}

// Equals keeps the items whose text field attr has the value given, in an argument of the same name; the values
// allowed are the ones the table documents for that field, which the doc lists after doc.
func Equals(attr, doc string) Filter {
	return Filter{kind: equalsFilter, args: []string{attr}, docs: []string{doc}, attr: attr}
}

// Matches keeps the items whose text field attr matches the regular expression given in arg.
func Matches(arg, attr, doc string) Filter {
	return Filter{kind: matchesFilter, args: []string{arg}, docs: []string{doc}, attr: attr}
}

// Within keeps the items whose time field attr is at or after the time given in after and before the one given
// in before: the window [after, before), which must not be empty.
func Within(after, before, attr, afterDoc, beforeDoc string) Filter {
	return Filter{kind: withinFilter, args: []string{after, before}, docs: []string{afterDoc, beforeDoc}, attr: attr}
}

// MostRecent keeps only the first match, the newest in a list ordered newest first, when arg is true.
func MostRecent(arg, doc string) Filter {
	return Filter{kind: mostRecentFilter, args: []string{arg}, docs: []string{doc}}
}

// filters are a list's filters, compiled against its items' table.
type filters struct {
	declared  []Filter
	fields    []*Field // the field each reads, or nil
	arguments []Argument
	windows   []Window
}

// compileFilters checks the filters against the table o: a filter on a field o lacks, or of another kind, is a bug.
func compileFilters(o *Object, declared []Filter) filters {
	fs := filters{declared: declared, fields: make([]*Field, len(declared))}
	for i, f := range declared {
		switch f.kind {
		case equalsFilter:
			fs.fields[i] = o.fieldOfKind(f.attr, text)
			fs.arguments = append(fs.arguments, enumArgument(f.args[0], f.docs[0], fs.fields[i].values))
		case matchesFilter:
			fs.fields[i] = o.fieldOfKind(f.attr, text)
			fs.arguments = append(fs.arguments, regexArgument(f.args[0], f.docs[0]))
		case withinFilter:
			fs.fields[i] = o.fieldOfKind(f.attr, apiTime)
			fs.arguments = append(fs.arguments, TimeArgument(f.args[0], f.docs[0]), TimeArgument(f.args[1], f.docs[1]))
			fs.windows = append(fs.windows, Window{After: f.args[0], Before: f.args[1]})
		case mostRecentFilter:
			fs.arguments = append(fs.arguments, boolArgument(f.args[0], f.docs[0]))
		}
	}
	return fs
}

// filter is the filters as configured, applied after a complete listing.
type filter struct {
	// set are the filters set, as configured: `type = "physical"`.
	set        []string
	tests      []func(v reflect.Value) bool
	mostRecent bool
}

// parse reads the filter arguments of a configuration, those its schema has; the validators have checked them at
// plan time.
func (fs filters) parse(ctx context.Context, config tfsdk.Config) (*filter, diag.Diagnostics) {
	var diags diag.Diagnostics
	f := &filter{}
	text := func(arg string) (string, bool) {
		var v types.String
		if hasAttribute(config, arg) {
			diags.Append(config.GetAttribute(ctx, path.Root(arg), &v)...)
		}
		if !IsSet(v) {
			return "", false
		}
		f.set = append(f.set, fmt.Sprintf("%s = %q", arg, v.ValueString()))
		return v.ValueString(), true
	}
	for i, declared := range fs.declared {
		field := fs.fields[i]
		switch declared.kind {
		case equalsFilter:
			if want, ok := text(declared.args[0]); ok {
				f.tests = append(f.tests, func(v reflect.Value) bool { got := field.str(v); return got != nil && *got == want })
			}
		case matchesFilter:
			if expr, ok := text(declared.args[0]); ok {
				re, err := regexp.Compile(expr)
				if err != nil {
					diags.AddAttributeError(path.Root(declared.args[0]), "Invalid regular expression", err.Error())
					return f, diags
				}
				f.tests = append(f.tests, func(v reflect.Value) bool { got := field.str(v); return got != nil && re.MatchString(*got) })
			}
		case withinFilter:
			var bounds [2]*time.Time
			for i, arg := range declared.args {
				t, configured, d := readTime(ctx, config, arg)
				diags.Append(d...)
				if configured != "" {
					f.set = append(f.set, fmt.Sprintf("%s = %q", arg, configured))
				}
				bounds[i] = t
			}
			if after, before := bounds[0], bounds[1]; after != nil || before != nil {
				f.tests = append(f.tests, func(v reflect.Value) bool { return within(field, v, after, before) })
			}
		case mostRecentFilter:
			if hasAttribute(config, declared.args[0]) {
				var v types.Bool
				diags.Append(config.GetAttribute(ctx, path.Root(declared.args[0]), &v)...)
				f.mostRecent = v.ValueBool()
			}
		}
	}
	return f, diags
}

// within reports whether the time field of v is in [after, before); an open side is nil.
func within(field *Field, v reflect.Value, after, before *time.Time) bool {
	t, err := ParseAPITime(field.str(v))
	if err != nil || t == nil {
		return false
	}
	return (after == nil || !t.Before(*after)) && (before == nil || t.Before(*before))
}

// describe says which filters are set, for an error that nothing matched: "" when none is.
func (f *filter) describe() string {
	if len(f.set) == 0 {
		return ""
	}
	return " matching " + strings.Join(f.set, ", ")
}

// applyFilter keeps the items that match every filter set, in their order.
func applyFilter[T any](f *filter, sorted []*T) []*T {
	matched := make([]*T, 0, len(sorted))
	for _, item := range sorted {
		if !f.matches(reflect.ValueOf(item).Elem()) {
			continue
		}
		matched = append(matched, item)
		if f.mostRecent {
			break
		}
	}
	return matched
}

func (f *filter) matches(v reflect.Value) bool {
	for _, test := range f.tests {
		if !test(v) {
			return false
		}
	}
	return true
}
