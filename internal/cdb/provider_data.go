package cdb

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// ProviderData is what the provider hands its data sources and ephemeral resources: a client, or the arguments
// that were not yet known.
type ProviderData struct {
	Client  *tencentcloud.Client
	Unknown []string
}

// configured is what a data source or ephemeral resource keeps of the provider's configuration.
type configured struct {
	client  *tencentcloud.Client
	unknown []string
}

// configure takes the provider data Terraform passes on; nil means the provider is not configured yet.
func (c *configured) configure(providerData any) diag.Diagnostics {
	// Prevent panic if the provider has not been configured.
	if providerData == nil {
		return nil
	}
	data, ok := providerData.(*ProviderData)
	if !ok {
		return diag.Diagnostics{diag.NewErrorDiagnostic("Unexpected provider data",
			fmt.Sprintf("Expected *cdb.ProviderData, got %T. This is a bug in the provider; please report it.", providerData))}
	}
	c.client, c.unknown = data.Client, data.Unknown
	return nil
}

// ready says whether typeName can call the API: it cannot while provider arguments are unknown, when it is
// deferred if Terraform allows that, and an error otherwise.
func (c *configured) ready(typeName string, deferralAllowed bool) (ok, deferred bool, diags diag.Diagnostics) {
	if len(c.unknown) > 0 {
		if deferralAllowed {
			return false, true, nil
		}
		diags.AddError("Provider configuration not yet known",
			fmt.Sprintf("These provider arguments are only known after apply: %s. %s cannot be read before they are known, "+
				"and Terraform does not let it answer \"known after apply\" by itself. Add the resources they come from to its "+
				"depends_on, so that Terraform reads it during apply; or apply those resources first (for example with -target).",
				strings.Join(c.unknown, ", "), typeName))
		return false, false, diags
	}
	if c.client == nil {
		diags.AddError("Provider not configured", fmt.Sprintf("The tencentcloud provider was not configured before %s was read. This is a bug in the provider; please report it.", typeName))
		return false, false, diags
	}
	return true, false, nil
}
