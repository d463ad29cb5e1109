#!/usr/bin/env bash
# make module-test: runs the `terraform test` suite of each module under examples/modules/ against the mock
# Tencent Cloud API, offline: no account, no registry, no network.
#
# Usage: scripts/module-test.sh [MODULE_DIR...]
#   Without arguments, every examples/modules/*/ that has a tests/ folder. Each module's tests/fixtures.json
#   (the format of internal/mock/types.go) is what its mock serves. A module's tests/mock-flags, when present,
#   runs its suite once per line, against the mock started with that line's extra tcmock flags (lines that are
#   empty or start with # are skipped); e.g. both readings of -contains-min-start-time.
#
# For each module, the script starts the mock (cmd/tcmock) on a free port with the module's fixtures, points the
# provider at it through TENCENTCLOUD_CDB_ENDPOINT, and runs `terraform validate` and `terraform test` on a copy
# of the module in a temporary folder, so nothing is written into the clone. Terraform finds the provider built
# from this tree through dev_overrides in a CLI configuration of its own, which `terraform test` honours as
# plan and apply do: no `terraform init` is needed. The mock is stopped however the script ends.
#
# The CLI is the one scripts/with-terraform.sh chose (make module-test runs the script through it), else the
# one scripts/terraform-cli.sh finds: TF_CLI=opentofu runs `tofu test` instead.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tf=${TF_ACC_TERRAFORM_PATH:-$(scripts/terraform-cli.sh)}

if [ "$#" -gt 0 ]; then
  modules=("$@")
else
  mapfile -t modules < <(find examples/modules -mindepth 2 -maxdepth 2 -type d -name tests -printf '%h\n' | sort)
fi
[ "${#modules[@]}" -gt 0 ] || {
  echo "module-test: no module with a tests/ folder under examples/modules" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-module-test.XXXXXX")
mock_caller="module-test"
# shellcheck source=scripts/mock.sh
. scripts/mock.sh
trap 'mock_stop; rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

go build -o "$work/bin/terraform-provider-tencentcloud" .
mock_build

write_dev_overrides "$work/dev.tfrc" "$work/bin" tencentcloud-community/tencentcloud

# Only the endpoint comes from here; the test files give the mock's key and the region. Any other TENCENTCLOUD_
# setting of the caller's (a profile, a token, a domain) would change what the provider sends, so none passes.
while read -r name; do
  unset "$name"
done < <(compgen -e | grep '^TENCENTCLOUD_' || true)
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1

echo "module-test: $("$tf" version | sed -n 1p)"

# run_suite MODULE FIXTURES [TCMOCK_FLAG...]: validate and test one module against a mock of its own; returns 1
# when either fails.
run_suite() {
  local module=$1 fixtures=$2
  shift 2
  local result=0
  mock_caller="module-test: $module"
  mock_start -fixtures "$fixtures" "$@"
  export TENCENTCLOUD_CDB_ENDPOINT=$MOCK_ENDPOINT
  echo "module-test: $module: mock at $TENCENTCLOUD_CDB_ENDPOINT serving $fixtures${*:+ with $*}"

  local copy
  copy="$work/modules/$(basename "$module")"
  rm -rf "$copy"
  mkdir -p "$copy"
  # Everything but what an earlier local run may have left (.terraform, state, lock file).
  tar -C "$module" --exclude=.terraform --exclude='terraform.tfstate*' --exclude=.terraform.lock.hcl -cf - . |
    tar -C "$copy" -xf -

  # `get` installs the local modules the test files' runs may load (a run's module block), offline; no provider.
  if ! "$tf" -chdir="$copy" get -no-color >"$work/validate.out" 2>&1 ||
    ! "$tf" -chdir="$copy" validate -no-color >>"$work/validate.out" 2>&1; then
    echo "module-test: $module: validate failed:" >&2
    cat "$work/validate.out" >&2
    result=1
  elif ! "$tf" -chdir="$copy" test -no-color; then
    mock_stop # its summary line ends the log
    echo "module-test: $module: test failed${*:+ with $*}; the last calls the mock answered:" >&2
    tail -n 20 "$work/mock.log" >&2
    result=1
  fi
  mock_stop
  return "$result"
}

status=0
for module in "${modules[@]}"; do
  module=${module%/}
  fixtures="$module/tests/fixtures.json"
  [ -f "$fixtures" ] || {
    echo "module-test: $module: no $fixtures for the mock to serve" >&2
    status=1
    continue
  }
  if [ -f "$module/tests/mock-flags" ]; then
    mapfile -t flag_sets < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$module/tests/mock-flags" || true)
    [ "${#flag_sets[@]}" -gt 0 ] || {
      echo "module-test: $module: tests/mock-flags lists no flags" >&2
      status=1
      continue
    }
  else
    flag_sets=("")
  fi
  for flags in "${flag_sets[@]}"; do
    read -r -a extra <<<"$flags"
    run_suite "$module" "$fixtures" ${extra[@]+"${extra[@]}"} || status=1
  done
done
exit "$status"
