#!/usr/bin/env bash
# make examples-check: every configuration under examples/ is formatted (terraform fmt -check) and valid
# (terraform validate) against the provider built from this tree.
# Runs under scripts/with-terraform.sh, so `terraform` is the project's CLI (Terraform or OpenTofu).
#
# Terraform finds the provider through dev_overrides in a CLI configuration of its own, so no
# `terraform init` (and no registry) is needed. Each folder is validated in a temporary copy, so
# nothing is written into the clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/bin/terraform-provider-tencentcloud" .
# The examples of a single data source leave out required_providers, as the Registry's pages do, and
# Terraform then takes the provider to be hashicorp/tencentcloud: both addresses lead to this build.
# shellcheck source=scripts/mock.sh
. scripts/mock.sh
write_dev_overrides "$work/dev.tfrc" "$work/bin" tencentcloud-community/tencentcloud hashicorp/tencentcloud

status=0
echo "examples: terraform fmt -check"
terraform fmt -check -diff -recursive examples || status=1

# Actions (`action` blocks) need Terraform 1.14 or later; OpenTofu and older Terraform refuse the block, so their
# configurations are validated only on a CLI that has actions (CI runs this on Terraform 1.14 too).
version_json=$(terraform version -json 2>/dev/null || true)
has_actions=false
if ! grep -q OpenTofu < <(terraform version 2>/dev/null | sed -n 1p); then
  v=$(sed -nE 's/.*"terraform_version": *"([0-9.]+)".*/\1/p' <<<"$version_json" | sed -n 1p)
  [ -n "$v" ] && [ "$(printf '%s\n1.14.0\n' "$v" | sort -V | sed -n 1p)" = 1.14.0 ] && has_actions=true
fi

mapfile -t dirs < <(find examples -name '*.tf' -printf '%h\n' | sort -u)
for dir in "${dirs[@]}"; do
  if ! $has_actions && grep -qE '^[[:space:]]*action[[:space:]]+"' "$dir"/*.tf; then
    echo "examples: $dir: SKIPPED: it declares an action, which needs Terraform 1.14 or later"
    continue
  fi
  copy="$work/config/$dir"
  mkdir -p "$copy"
  cp -R "$dir"/. "$copy/"
  # `get` installs the local modules a folder's test files may load (a run's module block), offline.
  if out=$(TF_CLI_CONFIG_FILE="$work/dev.tfrc" terraform -chdir="$copy" get -no-color 2>&1 &&
    TF_CLI_CONFIG_FILE="$work/dev.tfrc" terraform -chdir="$copy" validate -no-color 2>&1); then
    echo "examples: $dir: valid"
  else
    echo "examples: $dir: terraform validate failed:" >&2
    echo "$out" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] || echo "examples: some examples are not formatted or not valid (make fmt formats them)" >&2
exit "$status"
