package engine

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Window is a pair of time arguments that bound a list: After..Before, and whether an item at Before is in it.
type Window struct {
	After, Before string
	Inclusive     bool
}

// validateWindow checks that the window w of a configuration is not empty; noun is what could not match in an
// empty one. A window whose arguments the schema lacks is not checked.
func validateWindow(ctx context.Context, config tfsdk.Config, w Window, noun string, diags *diag.Diagnostics) {
	if !hasAttribute(config, w.After) || !hasAttribute(config, w.Before) {
		return
	}
	var after, before types.String
	diags.Append(config.GetAttribute(ctx, path.Root(w.After), &after)...)
	diags.Append(config.GetAttribute(ctx, path.Root(w.Before), &before)...)
	if diags.HasError() || !IsSet(after) || !IsSet(before) {
		return
	}
	a, err1 := parseTimeArg(after.ValueString())
	b, err2 := parseTimeArg(before.ValueString())
	if err1 != nil || err2 != nil {
		return // the arguments' validator reports a malformed time
	}
	switch {
	case w.Inclusive && b.Before(a):
		diags.AddAttributeError(path.Root(w.Before), "Empty time window",
			fmt.Sprintf("%s (%s) must not be earlier than %s (%s): no %s could match.", w.Before, before.ValueString(), w.After, after.ValueString(), noun))
	case !w.Inclusive && !a.Before(b):
		diags.AddAttributeError(path.Root(w.Before), "Empty time window",
			fmt.Sprintf("%s (%s) must be later than %s (%s): no %s could match.", w.Before, before.ValueString(), w.After, after.ValueString(), noun))
	}
}
