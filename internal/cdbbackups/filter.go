package cdbbackups

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// backupFilter is the filter arguments of the data source, applied after a complete listing.
type backupFilter struct {
	status, typ, way, method string
	name                     *regexp.Regexp
	after, before            *time.Time
	mostRecent               bool
}

// newBackupFilter reads the filter arguments; the validators have checked them at plan time.
func newBackupFilter(_ context.Context, m cdbBackupsModel) (backupFilter, diag.Diagnostics) {
	var diags diag.Diagnostics
	f := backupFilter{
		status:     m.Status.ValueString(),
		typ:        m.Type.ValueString(),
		way:        m.Way.ValueString(),
		method:     m.Method.ValueString(),
		mostRecent: m.MostRecent.ValueBool(),
	}
	if isSet(m.NameRegex) {
		re, err := regexp.Compile(m.NameRegex.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
			return f, diags
		}
		f.name = re
	}
	for _, w := range []struct {
		value string
		into  **time.Time
		name  string
	}{{m.CreatedAfter.ValueString(), &f.after, "created_after"}, {m.CreatedBefore.ValueString(), &f.before, "created_before"}} {
		if w.value == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, w.value)
		if err != nil {
			diags.AddAttributeError(path.Root(w.name), "Invalid time", err.Error())
			continue
		}
		*w.into = &t
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
	for _, c := range []struct {
		want string
		got  *string
	}{{f.status, b.Status}, {f.typ, b.Type}, {f.way, b.Way}, {f.method, b.Method}} {
		if c.want != "" && (c.got == nil || *c.got != c.want) {
			return false
		}
	}
	if f.name != nil && (b.Name == nil || !f.name.MatchString(*b.Name)) {
		return false
	}
	if f.after != nil || f.before != nil {
		date, err := parseAPITime(b.Date)
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
