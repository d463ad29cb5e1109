package cdb

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// enumFilters are the filter arguments that keep the backups whose attribute of the same name has the value given:
// the values allowed are the ones the API documents for that field (fields.go).
var enumFilters = []struct{ attr, doc string }{
	{"status", "Keep only backups with this status."},
	{"type", "Keep only backups of this type."},
	{"way", "Keep only backups made this way."},
	{"method", "Keep only backups made with this method."},
}

// filterArgument is a filter argument (all are strings) as a schema declares it, in whichever schema package.
type filterArgument struct {
	doc        string
	validators []validator.String
}

// filterArguments are the named filter arguments, shared by every schema that narrows a list of backups.
func filterArguments(names ...string) map[string]filterArgument {
	all := map[string]filterArgument{
		"name_regex": {
			doc:        "Keep only backups whose `name` matches this regular expression ([RE2 syntax](https://github.com/google/re2/wiki/Syntax)), e.g. `^cdb-.*_20240`. Compiled at plan time.",
			validators: []validator.String{regexValidator{}},
		},
		"created_after": {
			doc:        "Keep only backups whose `date` is at or after this time." + timeArgDoc,
			validators: []validator.String{timeArg{}},
		},
		"created_before": {
			doc:        "Keep only backups whose `date` is before this time." + timeArgDoc + " With `created_after` it makes the window [created_after, created_before).",
			validators: []validator.String{timeArg{}},
		},
	}
	for _, e := range enumFilters {
		values := backupInfo.field(e.attr).values
		all[e.attr] = filterArgument{doc: e.doc + " One of " + quoteAll(values) + ".", validators: []validator.String{stringvalidator.OneOf(values...)}}
	}
	out := make(map[string]filterArgument, len(names))
	for _, name := range names {
		a, ok := all[name]
		if !ok {
			panic("no filter argument " + name)
		}
		out[name] = a
	}
	return out
}

// window is a pair of time arguments that bound a list: after..before, and whether an item at before is in it.
type window struct {
	after, before string
	inclusive     bool
	noun          string // what could not match in an empty window
}

// createdWindow is the filters' window on a backup's date: [created_after, created_before).
var createdWindow = window{after: "created_after", before: "created_before", noun: "backup"}

// validateWindow checks that the window w of a configuration is not empty.
func validateWindow(ctx context.Context, config tfsdk.Config, w window, diags *diag.Diagnostics) {
	var after, before types.String
	diags.Append(config.GetAttribute(ctx, path.Root(w.after), &after)...)
	diags.Append(config.GetAttribute(ctx, path.Root(w.before), &before)...)
	if diags.HasError() || !isSet(after) || !isSet(before) {
		return
	}
	a, err1 := parseTimeArg(after.ValueString())
	b, err2 := parseTimeArg(before.ValueString())
	if err1 != nil || err2 != nil {
		return // the attributes' validator reports a malformed time
	}
	switch {
	case w.inclusive && b.Before(a):
		diags.AddAttributeError(path.Root(w.before), "Empty time window",
			fmt.Sprintf("%s (%s) must not be earlier than %s (%s): no %s could match.", w.before, before.ValueString(), w.after, after.ValueString(), w.noun))
	case !w.inclusive && !a.Before(b):
		diags.AddAttributeError(path.Root(w.before), "Empty time window",
			fmt.Sprintf("%s (%s) must be later than %s (%s): no %s could match.", w.before, before.ValueString(), w.after, after.ValueString(), w.noun))
	}
}

// backupFilter is the filter arguments of the data source, applied after a complete listing.
type backupFilter struct {
	// set are the filters set, as configured: `type = "physical"`.
	set           []string
	equal         []fieldEquals
	name          *regexp.Regexp
	after, before *time.Time
	mostRecent    bool
}

// fieldEquals keeps the backups whose field has the value want.
type fieldEquals struct {
	field *field
	want  string
}

// newBackupFilter reads the filter arguments of a configuration, those its schema has; the validators have
// checked them at plan time.
func newBackupFilter(ctx context.Context, config tfsdk.Config) (backupFilter, diag.Diagnostics) {
	var diags diag.Diagnostics
	var f backupFilter
	has := config.Schema.GetAttributes()
	get := func(attr string) types.String {
		var v types.String
		if _, ok := has[attr]; ok {
			diags.Append(config.GetAttribute(ctx, path.Root(attr), &v)...)
		}
		if isSet(v) {
			f.set = append(f.set, fmt.Sprintf("%s = %q", attr, v.ValueString()))
		}
		return v
	}
	for _, e := range enumFilters {
		if v := get(e.attr); isSet(v) {
			f.equal = append(f.equal, fieldEquals{backupInfo.field(e.attr), v.ValueString()})
		}
	}
	if v := get("name_regex"); isSet(v) {
		re, err := regexp.Compile(v.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
			return f, diags
		}
		f.name = re
	}
	for _, w := range []struct {
		into **time.Time
		attr string
	}{{&f.after, "created_after"}, {&f.before, "created_before"}} {
		var v types.String
		if _, ok := has[w.attr]; ok {
			diags.Append(config.GetAttribute(ctx, path.Root(w.attr), &v)...)
		}
		if !isSet(v) {
			continue
		}
		f.set = append(f.set, fmt.Sprintf("%s = %q", w.attr, v.ValueString()))
		t, err := parseTimeArg(v.ValueString())
		if err != nil {
			diags.Append(timeArgError(path.Root(w.attr), v.ValueString()))
			continue
		}
		*w.into = &t
	}
	if _, ok := has["most_recent"]; ok {
		var v types.Bool
		diags.Append(config.GetAttribute(ctx, path.Root("most_recent"), &v)...)
		f.mostRecent = v.ValueBool()
	}
	return f, diags
}

// describe says which filters are set, for an error that nothing matched: "" when none is.
func (f backupFilter) describe() string {
	if len(f.set) == 0 {
		return ""
	}
	return " matching " + strings.Join(f.set, ", ")
}

// isSet reports whether an optional argument has a known, non-null value.
func isSet(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// apply keeps the backups that match every filter set, in their order (newest first).
func (f backupFilter) apply(sorted []*tencentcloud.BackupInfo) []*tencentcloud.BackupInfo {
	matched := make([]*tencentcloud.BackupInfo, 0, len(sorted))
	for _, b := range sorted {
		if !f.matches(b) {
			continue
		}
		matched = append(matched, b)
		if f.mostRecent {
			break
		}
	}
	return matched
}

func (f backupFilter) matches(b *tencentcloud.BackupInfo) bool {
	v := reflect.ValueOf(b).Elem()
	for _, e := range f.equal {
		if got := e.field.str(v); got == nil || *got != e.want {
			return false
		}
	}
	if f.name != nil {
		if name := backupInfo.field("name").str(v); name == nil || !f.name.MatchString(*name) {
			return false
		}
	}
	if f.after != nil || f.before != nil {
		date, err := parseAPITime(backupInfo.field("date").str(v))
		if err != nil || date == nil {
			return false
		}
		if f.after != nil && date.Before(*f.after) || f.before != nil && !date.Before(*f.before) {
			return false
		}
	}
	return true
}

// latestSuccessful is the first SUCCESS backup of a newest-first list, or nil.
func latestSuccessful(sorted []*tencentcloud.BackupInfo) *tencentcloud.BackupInfo {
	for _, b := range sorted {
		if b.Status != nil && *b.Status == "SUCCESS" {
			return b
		}
	}
	return nil
}

// regexValidator compiles a regular expression at plan time.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "must be a valid regular expression (RE2 syntax)"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v regexValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !isSet(req.ConfigValue) {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%q %s: %s.", req.ConfigValue.ValueString(), v.Description(ctx), strings.TrimPrefix(err.Error(), "error parsing regexp: ")))
	}
}

// quoteAll renders allowed values for a description: `a`, `b` or `c`.
func quoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
