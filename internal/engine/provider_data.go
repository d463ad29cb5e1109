package engine

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// ProviderData is what the provider hands its data sources and ephemeral resources: its client C, or the arguments
// that were not yet known.
type ProviderData[C any] struct {
	Client  C
	Unknown []string
}

// Configured is what a data source or ephemeral resource keeps of the provider's configuration.
type Configured[C any] struct {
	data *ProviderData[C]
}

// Accept takes the provider data Terraform passes on; nil means the provider is not configured yet.
func (c *Configured[C]) Accept(providerData any) diag.Diagnostics {
	// Prevent panic if the provider has not been configured.
	if providerData == nil {
		return nil
	}
	data, ok := providerData.(*ProviderData[C])
	if !ok {
		return diag.Diagnostics{diag.NewErrorDiagnostic("Unexpected provider data",
			fmt.Sprintf("Expected %T, got %T. This is a bug in the provider; please report it.", c.data, providerData))}
	}
	c.data = data
	return nil
}

// Ready gives the client typeName calls the API with. It has none while provider arguments are unknown: then the
// read or open is deferred if Terraform allows that, and an error otherwise.
func (c *Configured[C]) Ready(typeName string, deferralAllowed bool) (client C, ok, deferred bool, diags diag.Diagnostics) {
	if c.data != nil && len(c.data.Unknown) > 0 {
		if deferralAllowed {
			return client, false, true, nil
		}
		diags.AddError("Provider configuration not yet known",
			fmt.Sprintf("These provider arguments are only known after apply: %s. %s cannot be read before they are known, "+
				"and Terraform does not let it answer \"known after apply\" by itself. Add the resources they come from to its "+
				"depends_on, so that Terraform reads it during apply; or apply those resources first (for example with -target).",
				strings.Join(c.data.Unknown, ", "), typeName))
		return client, false, false, diags
	}
	if c.data == nil || reflect.ValueOf(&c.data.Client).Elem().IsZero() {
		provider, _, _ := strings.Cut(typeName, "_") // a type's name starts with its provider's
		diags.AddError("Provider not configured", fmt.Sprintf("The %s provider was not configured before %s was read. This is a bug in the provider; please report it.", provider, typeName))
		return client, false, false, diags
	}
	return c.data.Client, true, false, nil
}
