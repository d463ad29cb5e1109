package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Time arguments (TimeArgument) are plain string attributes with timeArg as their validator, read with
// parseTimeArg. They are not timetypes.RFC3339 attributes: the framework
// runs a custom type's own validation before any attribute validator, and stops there when it fails, so a
// malformed time would only ever get the library's message, which names the Go layout it tried ("cannot parse
// "yesterday" as "2006""). The schema Terraform sees is the same either way: a string.

// timeArgExample is a time as the time arguments take it, in the API's zone (apitime.go), in which the API and the
// console show every time.
const timeArgExample = "2025-06-01T02:00:00+08:00"

// timeArgDoc is what the docs say of the format of every time argument.
const timeArgDoc = " An RFC 3339 time with its zone, e.g. `" + timeArgExample + "`, or one relative to the plan, e.g. " +
	"`timeadd(plantimestamp(), \"-24h\")`."

// parseTimeArg reads a time argument: RFC 3339, with a date, a time of day and a zone.
func parseTimeArg(s string) (time.Time, error) {
	return time.Parse(time.RFC3339, s)
}

// timeArgError is the diagnostic for a value of the time argument at p that parseTimeArg refuses: it names the
// argument, the value, the format with an example, and how to write a time relative to the plan.
func timeArgError(p path.Path, value string) diag.Diagnostic {
	detail := fmt.Sprintf("%s = %q is not a time this argument can read. Write an RFC 3339 time: a date, \"T\", a time "+
		"of day and the zone's offset from UTC, e.g. %q (Beijing time, in which the API shows its times) or "+
		"\"2025-05-31T18:00:00Z\" (the same moment in UTC).", p, value, timeArgExample)
	if fixed, ok := withAPIZone(value); ok {
		detail += fmt.Sprintf(" This value has no zone; if it is Beijing time, as the console shows it, write %q.", fixed)
	}
	detail += "\n\nFor a time relative to the plan, write an expression, e.g. timeadd(plantimestamp(), \"-24h\") for 24 hours " +
		"before it (the units are h, m and s, with no days: a week is \"-168h\")."
	return diag.NewAttributeErrorDiagnostic(p, "Invalid time", detail)
}

// withAPIZone turns a time written without a zone, as the API and the console write them ("2025-06-01
// 02:00:00", "2025-06-01T02:00:00", or a date alone), into the RFC 3339 time of the same wall clock in the API's zone.
func withAPIZone(value string) (string, bool) {
	for _, layout := range []string{apiTimeLayout, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, value, apiZone); err == nil {
			return t.Format(time.RFC3339), true
		}
	}
	return "", false
}

// timeArg is the validator of every time argument.
type timeArg struct{}

var _ validator.String = timeArg{}

func (timeArg) Description(context.Context) string {
	return "must be an RFC 3339 time with its zone, e.g. " + timeArgExample
}

func (v timeArg) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timeArg) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !IsSet(req.ConfigValue) {
		return
	}
	if _, err := parseTimeArg(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(timeArgError(req.Path, req.ConfigValue.ValueString()))
	}
}
