#!/usr/bin/env bash
# make docs: regenerates docs/ with tfplugindocs from the provider schema, templates/ and examples/,
# then checks the result with `tfplugindocs validate` (front matter, file layout, one page per data source).
# Runs under scripts/with-terraform.sh; the schema is read with Terraform 1.14.9, the first CLI that reports actions.
#
# Left alone, tfplugindocs installs the provider as registry.terraform.io/hashicorp/tencentcloud and runs
# `terraform init` on it; OpenTofu reads that address from its own registry and fails. The schema is
# therefore exported here, through a dev override of that same address (the same way with either CLI,
# so both produce the same docs), and handed to tfplugindocs with --providers-schema.
set -euo pipefail

tfplugindocs=github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/bin/terraform-provider-tencentcloud" .
# shellcheck source=scripts/mock.sh
. scripts/mock.sh
write_dev_overrides "$work/dev.tfrc" "$work/bin" registry.terraform.io/hashicorp/tencentcloud
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
# The schema comes from Terraform 1.14 or later whatever the project's CLI is: older ones, and OpenTofu, leave the
# provider's actions out of it, and their pages out of docs/ (scripts/terraform-cli.sh builds it once per machine).
schema_cli=$(TF_CLI=terraform TF_VERSION=1.14.9 scripts/terraform-cli.sh)
TF_CLI_CONFIG_FILE="$work/dev.tfrc" "$schema_cli" -chdir="$work/config" providers schema -json >"$work/schema.json"
go run "$tfplugindocs" generate --provider-name tencentcloud --providers-schema "$work/schema.json"
echo "docs: tfplugindocs validate"
# validate logs every file it looks at at DEBUG level; keep its own lines and its exit status.
status=0
go run "$tfplugindocs" validate --provider-name tencentcloud --providers-schema "$work/schema.json" >"$work/validate.log" 2>&1 || status=$?
grep -v '\[DEBUG\]' "$work/validate.log" || true
exit "$status"
