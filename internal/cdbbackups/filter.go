package cdbbackups

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
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

// backupFilter is the filter arguments of the data source, applied after a complete listing.
type backupFilter struct {
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
		var v timetypes.RFC3339
		if _, ok := has[w.attr]; ok {
			diags.Append(config.GetAttribute(ctx, path.Root(w.attr), &v)...)
		}
		if !isSet(v) {
			continue
		}
		t, err := time.Parse(time.RFC3339, v.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root(w.attr), "Invalid time", err.Error())
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
