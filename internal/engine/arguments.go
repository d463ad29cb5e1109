package engine

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// argumentKind is what an optional argument holds.
type argumentKind int

const (
	textArgument     argumentKind = iota // a string, checked by the argument's validators
	timeArgument                         // an RFC 3339 time, checked by timeArg (timearg.go)
	flagArgument                         // a bool
	textListArgument                     // a list of strings, each checked by the argument's validators
	textMapArgument                      // a map of strings, each key checked by the argument's validators
	integerArgument                      // a number
)

// Argument is an optional argument of a data source or an ephemeral resource, as its schema declares it.
type Argument struct {
	name       string
	kind       argumentKind
	doc        string
	validators []validator.String
}

// TimeArgument is an optional RFC 3339 time; a list's page fetch reads it with Args.Time. Its doc is followed by
// the format every time argument takes.
func TimeArgument(name, doc string) Argument {
	return Argument{name: name, kind: timeArgument, doc: doc + timeArgDoc, validators: []validator.String{timeArg{}}}
}

// enumArgument is a text argument that must be one of values, which its doc lists after doc.
func enumArgument(name, doc string, values []string) Argument {
	return Argument{name: name, kind: textArgument, doc: doc + " One of " + quoteAll(values) + ".",
		validators: []validator.String{stringvalidator.OneOf(values...)}}
}

// regexArgument is a regular expression, compiled at plan time.
func regexArgument(name, doc string) Argument {
	return Argument{name: name, kind: textArgument, doc: doc, validators: []validator.String{regexValidator{}}}
}

func boolArgument(name, doc string) Argument {
	return Argument{name: name, kind: flagArgument, doc: doc}
}

// TextArgument is an optional string argument, checked by validators; a fetch reads it with Args.Text.
func TextArgument(name, doc string, validators ...validator.String) Argument {
	return Argument{name: name, kind: textArgument, doc: doc, validators: validators}
}

// FlagArgument is an optional bool argument (null is false); a fetch reads it with Args.Flag.
func FlagArgument(name, doc string) Argument { return boolArgument(name, doc) }

// TextListArgument is an optional list of strings, each checked by validators; a fetch reads it with
// Args.TextList. Null and an empty list both leave it unset.
func TextListArgument(name, doc string, validators ...validator.String) Argument {
	return Argument{name: name, kind: textListArgument, doc: doc, validators: validators}
}

// EnumListArgument is an optional list of strings, each one of values, which its doc lists after doc.
func EnumListArgument(name, doc string, values ...string) Argument {
	return Argument{name: name, kind: textListArgument, doc: doc + " Each one of " + quoteAll(values) + ".",
		validators: []validator.String{stringvalidator.OneOf(values...)}}
}

// TextMapArgument is an optional map of strings, each key checked by validators; a fetch reads it with
// Args.TextMap. Null and an empty map both leave it unset.
func TextMapArgument(name, doc string, keyValidators ...validator.String) Argument {
	return Argument{name: name, kind: textMapArgument, doc: doc, validators: keyValidators}
}

// IntegerArgument is an optional number; a fetch reads it with Args.Integer.
func IntegerArgument(name, doc string) Argument {
	return Argument{name: name, kind: integerArgument, doc: doc}
}

// attribute is the argument in a data source's schema.
func (a Argument) attribute() schema.Attribute {
	switch a.kind {
	case flagArgument:
		return schema.BoolAttribute{Optional: true, MarkdownDescription: a.doc}
	case textListArgument:
		return schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: a.doc,
			Validators: []validator.List{listvalidator.ValueStringsAre(a.validators...)}}
	case textMapArgument:
		return schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: a.doc,
			Validators: []validator.Map{mapvalidator.KeysAre(a.validators...)}}
	case integerArgument:
		return schema.Int64Attribute{Optional: true, MarkdownDescription: a.doc}
	}
	return schema.StringAttribute{Optional: true, MarkdownDescription: a.doc, Validators: a.validators}
}

// EphemeralAttribute is the argument in an ephemeral resource's schema. A computed one also gives a result,
// which more (appended to its doc) says.
func (a Argument) EphemeralAttribute(computed bool, more string) ephemeralschema.Attribute {
	if a.kind == flagArgument {
		return ephemeralschema.BoolAttribute{Optional: true, Computed: computed, MarkdownDescription: a.doc + more}
	}
	return ephemeralschema.StringAttribute{Optional: true, Computed: computed, MarkdownDescription: a.doc + more,
		Validators: a.validators}
}

// Args are a declaration's own arguments as configured, for its fetch.
type Args struct {
	times    map[string]time.Time
	texts    map[string]string
	flags    map[string]bool
	lists    map[string][]string
	maps     map[string]map[string]string
	integers map[string]int64
}

// TextList is the list argument name; nil when it is not set or empty.
func (a Args) TextList(name string) []string { return a.lists[name] }

// TextMap is the map argument name; nil when it is not set or empty.
func (a Args) TextMap(name string) map[string]string { return a.maps[name] }

// Integer is the number argument name, if it is set.
func (a Args) Integer(name string) (int64, bool) {
	n, ok := a.integers[name]
	return n, ok
}

// Time is the time argument name, if it is set.
func (a Args) Time(name string) (time.Time, bool) {
	t, ok := a.times[name]
	return t, ok
}

// Text is the text argument name, if it is set.
func (a Args) Text(name string) (string, bool) {
	s, ok := a.texts[name]
	return s, ok
}

// Flag is the bool argument name; false when it is not set.
func (a Args) Flag(name string) bool { return a.flags[name] }

// readArgs reads the arguments of a configuration.
func readArgs(ctx context.Context, config tfsdk.Config, arguments []Argument) (Args, diag.Diagnostics) {
	var diags diag.Diagnostics
	args := Args{times: map[string]time.Time{}, texts: map[string]string{}, flags: map[string]bool{},
		lists: map[string][]string{}, maps: map[string]map[string]string{}, integers: map[string]int64{}}
	for _, a := range arguments {
		if !hasAttribute(config, a.name) {
			continue
		}
		switch a.kind {
		case timeArgument:
			t, _, d := readTime(ctx, config, a.name)
			diags.Append(d...)
			if t != nil {
				args.times[a.name] = *t
			}
		case textArgument:
			var v types.String
			diags.Append(config.GetAttribute(ctx, path.Root(a.name), &v)...)
			if IsSet(v) {
				args.texts[a.name] = v.ValueString()
			}
		case flagArgument:
			var v types.Bool
			diags.Append(config.GetAttribute(ctx, path.Root(a.name), &v)...)
			args.flags[a.name] = v.ValueBool()
		case textListArgument:
			var v []string
			diags.Append(config.GetAttribute(ctx, path.Root(a.name), &v)...)
			if len(v) > 0 {
				args.lists[a.name] = v
			}
		case textMapArgument:
			var v map[string]string
			diags.Append(config.GetAttribute(ctx, path.Root(a.name), &v)...)
			if len(v) > 0 {
				args.maps[a.name] = v
			}
		case integerArgument:
			var v types.Int64
			diags.Append(config.GetAttribute(ctx, path.Root(a.name), &v)...)
			if IsSet(v) {
				args.integers[a.name] = v.ValueInt64()
			}
		}
	}
	return args, diags
}

// readTime reads a time argument of a configuration, and gives it as configured too: nil and "" when it is not
// set, or not in the schema. Its validator (timeArg) has checked the format at plan time.
func readTime(ctx context.Context, config tfsdk.Config, name string) (*time.Time, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	var v types.String
	if !hasAttribute(config, name) {
		return nil, "", nil
	}
	diags.Append(config.GetAttribute(ctx, path.Root(name), &v)...)
	if !IsSet(v) {
		return nil, "", diags
	}
	t, err := parseTimeArg(v.ValueString())
	if err != nil {
		diags.Append(timeArgError(path.Root(name), v.ValueString()))
		return nil, v.ValueString(), diags
	}
	return &t, v.ValueString(), diags
}

// hasAttribute reports whether the schema of a configuration has the attribute name.
func hasAttribute(config tfsdk.Config, name string) bool {
	_, ok := config.Schema.GetAttributes()[name]
	return ok
}

// IsSet reports whether an optional argument has a known, non-null value.
func IsSet(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// regexValidator compiles a regular expression at plan time.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "must be a valid regular expression (RE2 syntax)"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v regexValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !IsSet(req.ConfigValue) {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%q %s: %s.", req.ConfigValue.ValueString(), v.Description(ctx), strings.TrimPrefix(err.Error(), "error parsing regexp: ")))
	}
}

// DurationArgument is an optional length of time such as "5m" or "1h30m" (Go's and Terraform's notation), at least
// zero; a fetch reads it with Args.Duration.
func DurationArgument(name, doc string) Argument {
	return Argument{name: name, kind: textArgument, doc: doc, validators: []validator.String{durationValidator{}}}
}

// Duration is the duration argument name, or def when it is not set.
func (a Args) Duration(name string, def time.Duration) time.Duration {
	if s, ok := a.texts[name]; ok {
		if d, err := time.ParseDuration(s); err == nil {
			return d
		}
	}
	return def
}

// durationValidator checks a duration at plan time.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return `must be a length of time such as "30s", "5m" or "1h30m", at least zero`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !IsSet(req.ConfigValue) {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d < 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", fmt.Sprintf("%q %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}
