// Command terraform-provider-tencentcloud serves the tencentcloud Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// registryAddress is where the provider is published; Terraform configurations name it in required_providers.
const registryAddress = "registry.terraform.io/tencentcloud-community/tencentcloud"

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: registryAddress,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
