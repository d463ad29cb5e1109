#!/usr/bin/env bash
# make demo: runs examples/demo against the mock Tencent Cloud API and prints its outputs, once: the apply's own
# output goes to a log that is shown only when it fails or warns.
#
# Usage: scripts/demo.sh PROVIDER_DIR
#   PROVIDER_DIR holds the built terraform-provider-tencentcloud (make build puts it in bin/).
#
# The mock listens on a free port; Terraform finds the provider through dev_overrides in a CLI
# config of its own (no `init`, no registry) and runs on a copy of examples/demo in a temporary
# folder, so no state is left in the clone. The mock is stopped and the folder removed however
# the script ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
provider_dir=$(cd "${1:?usage: $0 PROVIDER_DIR}" && pwd)
[ -x "$provider_dir/terraform-provider-tencentcloud" ] || {
  echo "demo: no terraform-provider-tencentcloud in $provider_dir (run make build)" >&2
  exit 1
}
cd "$root"
tf=$(scripts/terraform-cli.sh)

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-demo.XXXXXX")
mock_caller=demo
# shellcheck source=scripts/mock.sh
. scripts/mock.sh
cleanup() {
  local status=$?
  mock_stop
  if [ "$status" -ne 0 ] && [ -s "$work/mock.log" ]; then
    echo "demo: failed; the mock's output:" >&2
    tail -n 30 "$work/mock.log" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "demo: starting the mock API"
mock_build
mock_start
endpoint=$MOCK_ENDPOINT
mapfile -t instances < <(sed -n 's/^MOCK_INSTANCE=//p' "$work/mock.out")
echo "demo: mock at $endpoint serving instances: ${instances[*]}"

write_dev_overrides "$work/terraform.rc" "$provider_dir" tencentcloud-community/tencentcloud

export TF_CLI_CONFIG_FILE="$work/terraform.rc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export TF_VAR_endpoint="$endpoint"
TF_VAR_instance_ids="[$(printf '"%s",' "${instances[@]}" | sed 's/,$//')]"
export TF_VAR_instance_ids

# A copy of the configuration keeps the state (and anything else Terraform writes) out of the clone.
mkdir "$work/demo"
cp examples/demo/*.tf "$work/demo/"
# The apply goes to a log, shown only when it fails: on the screen, its plan would print every output a first
# time ("Changes to Outputs"), and its end a second time. `terraform output` prints them once.
echo "demo: $tf apply examples/demo"
if ! "$tf" -chdir="$work/demo" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1; then
  echo "demo: apply failed:" >&2
  cat "$work/apply.log" >&2
  exit 1
fi
echo "demo: read $(grep -c ': Read complete' "$work/apply.log") data sources for ${#instances[@]} instances"
# Warnings besides the one about dev_overrides, which every run here has, would otherwise go unseen.
if grep '^Warning: ' "$work/apply.log" | grep -v 'Provider development overrides' >"$work/warnings"; then
  echo "demo: Terraform warned (the full log follows the outputs):"
  sed 's/^/  /' "$work/warnings"
fi
echo
color=()
[ -t 1 ] || color=(-no-color) # no escape codes in logs and pipes
"$tf" -chdir="$work/demo" output "${color[@]}"
if [ -s "$work/warnings" ]; then
  echo
  echo "demo: the apply's log:"
  cat "$work/apply.log"
fi
