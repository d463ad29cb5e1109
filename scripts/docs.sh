#!/usr/bin/env bash
# make docs: regenerates docs/ with tfplugindocs from the provider schema, templates/ and examples/.
# Runs under scripts/with-terraform.sh, so `terraform` is the project's CLI.
#
# tfplugindocs installs the provider as registry.terraform.io/hashicorp/tencentcloud and runs
# `terraform init` on it; OpenTofu reads that address from its own registry and fails. Under
# OpenTofu the schema is therefore exported here, through a dev override of that same address,
# and handed to tfplugindocs with --providers-schema.
set -euo pipefail

tfplugindocs=github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "$(terraform version 2>/dev/null)" in
  OpenTofu*) ;;
  *) exec go run "$tfplugindocs" generate --provider-name tencentcloud ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/bin/terraform-provider-tencentcloud" .
cat >"$work/tofu.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/hashicorp/tencentcloud" = "$work/bin"
  }
  direct {}
}
RC
mkdir "$work/config"
cat >"$work/config/main.tf" <<'TF'
terraform {
  required_providers {
    tencentcloud = {
      source = "registry.terraform.io/hashicorp/tencentcloud"
    }
  }
}
TF
TF_CLI_CONFIG_FILE="$work/tofu.rc" terraform -chdir="$work/config" providers schema -json >"$work/schema.json"
go run "$tfplugindocs" generate --provider-name tencentcloud --providers-schema "$work/schema.json"
