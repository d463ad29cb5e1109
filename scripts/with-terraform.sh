#!/usr/bin/env bash
# Runs a command with the Terraform CLI and environment the project's tests and docs use:
#   TF_ACC_TERRAFORM_PATH  the CLI from scripts/terraform-cli.sh (terraform, a built OpenTofu, or the
#                          Terraform release TF_VERSION names, built)
#   TF_ACC_PROVIDER_HOST   registry.opentofu.org when that CLI is OpenTofu
#   TF_CLI_CONFIG_FILE     a real, empty file: the environment may name a missing one, and the
#                          CLI's warning about it breaks the test harness's version parsing
#   CHECKPOINT_DISABLE     no update checks
#   PATH                   starts with a folder whose `terraform` is that CLI (tfplugindocs runs
#                          the `terraform` it finds on PATH); one folder per CLI, so runs with
#                          different CLIs (TF_CLI=opentofu, TF_VERSION=1.5.7) can go on side by side
# TF_CLI (auto, terraform, opentofu) and TF_VERSION (a Terraform release) choose the CLI; see
# scripts/terraform-cli.sh.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tf=$("$root/scripts/terraform-cli.sh")

tools="$root/.tools"
cli_bin="$tools/cli/$(printf '%s' "$tf" | tr -c 'A-Za-z0-9._-' '_')"
mkdir -p "$cli_bin"
: >"$tools/empty.tfrc"
ln -sfn "$tf" "$cli_bin/terraform"

export TF_ACC_TERRAFORM_PATH="$tf"
export TF_CLI_CONFIG_FILE="$tools/empty.tfrc"
export CHECKPOINT_DISABLE=1
export PATH="$cli_bin:$PATH"
case "$("$tf" version 2>/dev/null)" in
  OpenTofu*) export TF_ACC_PROVIDER_HOST=registry.opentofu.org ;;
esac

exec "$@"
