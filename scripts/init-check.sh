#!/usr/bin/env bash
# make init-check: the provider installed as a user installs it (scripts/install-mirror.sh, make install-mirror)
# works with a real `terraform init`, offline, as a published provider would: no dev_overrides, no registry.
#
# Usage: scripts/init-check.sh (on Linux: it checks the folders the install script uses there)
#   The CLI is the one scripts/with-terraform.sh chose (make init-check runs the script through it), else the one
#   scripts/terraform-cli.sh finds: TF_CLI=opentofu checks `tofu init` instead.
#
# Everything runs with HOME, XDG_DATA_HOME and XDG_CACHE_HOME in a fresh temporary folder (nothing of the
# developer's is read or changed; Go's caches stay where they are), TF_CLI_CONFIG_FILE an empty file, no system
# plugin folders (XDG_DATA_DIRS), and HTTPS_PROXY and HTTP_PROXY pointing at a closed port, so any registry
# access fails loudly. Steps:
#   1. scripts/install-mirror.sh installs the provider into that HOME's default folders.
#   2. A configuration that declares tencentcloud-community/tencentcloud at that version in required_providers
#      and calls a local module (examples/modules/backup-guard) runs `init`, then `plan` against the mock Tencent
#      Cloud API (cmd/tcmock with the module's test fixtures): the plan's output must name the backup the
#      fixtures make the newest successful one, and the lock file must record the hash the script printed.
#   3. Each folder this CLI is meant to read is enough on its own: `init` with the others hidden. With all of
#      them hidden, `init` must fail on the closed proxy (which shows the runs above used no network).
#   4. Reinstalling the same source changes nothing: the lock file still matches.
#   5. Replacing a different build of the same version: the script says so, `init` and `init -upgrade` fail on
#      the lock file's hash as it says, and its remedy (drop the provider's lock entry, `init`) works.
#   6. With XDG_CONFIG_HOME set and no ~/.terraform.d, the script does not create ~/.terraform.d.
#   7. --uninstall removes every copy: `init` then goes to the registry (and fails on the closed proxy).
# The mock is stopped and the temporary folder removed however the script ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# Before HOME moves: terraform-cli.sh finds its builds in the user cache folder.
tf=${TF_ACC_TERRAFORM_PATH:-$(scripts/terraform-cli.sh)}

fail() {
  echo "init-check: FAILED: $*" >&2
  exit 1
}
log() { echo "init-check: $*"; }

tf_version=$(TF_CLI_CONFIG_FILE=/dev/null "$tf" version | sed -n 1p)
case "$tf_version" in
  OpenTofu*)
    name=tofu
    host=registry.opentofu.org
    ;;
  Terraform*)
    name=terraform
    host=registry.terraform.io
    ;;
  *) fail "$tf: not Terraform or OpenTofu: $tf_version" ;;
esac
address="$host/tencentcloud-community/tencentcloud"
log "$tf_version ($tf)"

# The version the install script takes by default (CHANGELOG.md's top section), worked out here on its own.
version=$(sed -n 's/^## v\{0,1\}\([0-9][0-9.]*\)[[:space:]].*/\1/p' CHANGELOG.md | sed -n 1p)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "CHANGELOG.md's top section names no X.Y.Z version"

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-init-check.XXXXXX")
mock_caller=init-check
# shellcheck source=scripts/mock.sh
. scripts/mock.sh
cleanup() {
  local status=$?
  mock_stop
  if [ "$status" -ne 0 ] && [ -s "$work/mock.log" ]; then
    echo "init-check: the mock's last lines:" >&2
    tail -n 10 "$work/mock.log" >&2
  fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Go's caches and settings stay the developer's, wherever HOME points below.
for v in GOCACHE GOMODCACHE GOPATH GOENV; do
  export "$v=$(go env "$v")"
done
mock_build

fixtures=examples/modules/backup-guard/tests/fixtures.json
mock_start -fixtures "$fixtures"
endpoint=$MOCK_ENDPOINT
log "mock at $endpoint serving $fixtures"

# The isolated environment.
home="$work/home"
mkdir -p "$home"
export HOME="$home"
export XDG_DATA_HOME="$home/.local/share"
export XDG_CACHE_HOME="$home/.cache"
export XDG_DATA_DIRS="$work/no-system-data" # not /usr/share/terraform/plugins and the like
unset XDG_CONFIG_HOME
: >"$work/empty.tfrc"
export TF_CLI_CONFIG_FILE="$work/empty.tfrc"
while read -r v; do
  unset "$v"
done < <(compgen -e | grep -E '^(TF_CLI_ARGS|TF_PLUGIN_CACHE|TF_DATA_DIR$|TERRAFORM_CONFIG$|TENCENTCLOUD_)' || true)
# The install script's own settings: the defaults are what is checked, for this machine.
unset VERSION PLUGIN_DIR GOOS GOARCH
closed=127.0.0.1:9
export HTTPS_PROXY="http://$closed" https_proxy="http://$closed" HTTP_PROXY="http://$closed" http_proxy="http://$closed"
unset NO_PROXY no_proxy ALL_PROXY all_proxy
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export TF_VAR_endpoint="$endpoint"

# The folders the install script is to use in this environment, and those this CLI reads.
tf_root="$XDG_DATA_HOME/terraform/plugins"
tofu_root="$XDG_DATA_HOME/opentofu/plugins"
dot_root="$HOME/.terraform.d/plugins"
roots=("$tf_root" "$tofu_root" "$dot_root")
read_roots=("$tf_root" "$dot_root")
[ "$name" = terraform ] || read_roots+=("$tofu_root")
os_arch="$(go env GOOS)_$(go env GOARCH)"

# install_mirror OUT [all]: runs the install script, its output in OUT; shows it all, or only what it says
# about what it installed and replaced.
install_mirror() {
  scripts/install-mirror.sh >"$1" 2>&1 || {
    cat "$1" >&2
    fail "scripts/install-mirror.sh failed"
  }
  if [ "${2:-}" = all ]; then
    sed 's/^/   | /' "$1"
  else
    sed -n '/^install-mirror: \(installed\|this replaced\)/s/^/   | /p' "$1"
  fi
}

# check_installed OUT: the script installed the version under every root, for both hosts, and said so.
check_installed() {
  local r h path
  for r in "${roots[@]}"; do
    for h in registry.terraform.io registry.opentofu.org; do
      path="$r/$h/tencentcloud-community/tencentcloud/$version/$os_arch/terraform-provider-tencentcloud_v$version"
      [ -x "$path" ] || fail "no executable $path"
      grep -qxF "  $path" "$1" || fail "the script's output does not list $path"
    done
  done
  grep -qF "version = \"$version\"" "$1" || fail "the script's output has no required_providers block with version = \"$version\""
}

# new_config DIR: a configuration that uses the provider through a local module, as a user's would.
new_config() {
  local dir=$1
  mkdir -p "$dir/modules"
  cp -R examples/modules/backup-guard "$dir/modules/backup-guard"
  rm -rf "$dir/modules/backup-guard/tests"
  cat >"$dir/main.tf" <<EOF
terraform {
  required_providers {
    tencentcloud = {
      source  = "tencentcloud-community/tencentcloud"
      version = "$version"
    }
  }
}

variable "endpoint" {
  type = string
}

# The mock's default key; the mock checks signatures as the real API does.
provider "tencentcloud" {
  region     = "ap-guangzhou"
  secret_id  = "AKIDmockTcmock0000000000000000000000"
  secret_key = "mockSecretKeyTcmock0000000000000"

  endpoints {
    cdb = var.endpoint
  }
}

module "guard" {
  source = "./modules/backup-guard"

  instance_id = "cdb-fresh001"
  now         = "2025-06-30T12:00:00+08:00"
}

output "latest_backup" {
  value = "\${module.guard.latest_backup_id} \${module.guard.latest_backup_name} \${module.guard.latest_backup_age_hours}h"
}
EOF
}

# tf_in DIR ARGS...: runs the CLI in DIR (as its working directory, so that no terraform.d/plugins of the clone
# counts), its output in DIR/cli.out.
tf_in() {
  local dir=$1
  shift
  (cd "$dir" && "$tf" "$@" -no-color >cli.out 2>&1)
}

# init_ok DIR HASH: `init` in DIR installs the version from a local folder and locks it with HASH.
init_ok() {
  local dir=$1 hash=$2
  tf_in "$dir" init -input=false || {
    cat "$dir/cli.out" >&2
    fail "$name init failed in $dir"
  }
  grep -q "Installed tencentcloud-community/tencentcloud v$version" "$dir/cli.out" || {
    cat "$dir/cli.out" >&2
    fail "$name init did not say it installed tencentcloud-community/tencentcloud v$version"
  }
  ! grep -qi "development overrides" "$dir/cli.out" || fail "$name init reports dev_overrides"
  lock_has "$dir" "$hash" || {
    cat "$dir/.terraform.lock.hcl" >&2
    fail "$dir/.terraform.lock.hcl does not lock $address $version with $hash"
  }
}

# lock_has DIR HASH: DIR's lock file locks the version of the provider at this CLI's host, with HASH.
lock_has() {
  awk -v addr="provider \"$address\" {" -v version="$version" -v hash="\"$2\"," '
    $0 == addr { inside = 1; next }
    inside && /^}/ { inside = 0 }
    inside && $1 == "version" && $3 == "\"" version "\"" { v = 1 }
    inside && $1 == hash { h = 1 }
    END { exit !(v && h) }
  ' "$1/.terraform.lock.hcl"
}

# plan_ok DIR: `plan` in DIR against the mock gives the output the fixtures make: cdb-fresh001's newest
# successful backup is 1300000002, taken 2025-06-30 02:00 Beijing time, 10 hours before `now` (its newest
# backup is RUNNING and the one before FAILED).
plan_ok() {
  local dir=$1 want='"value":"1300000002 cdb-fresh001_backup_20250630020000 10h"'
  tf_in "$dir" plan -input=false -out=tfplan || {
    cat "$dir/cli.out" >&2
    fail "$name plan failed in $dir"
  }
  (cd "$dir" && "$tf" show -json tfplan >plan.json) || fail "$name show -json tfplan failed"
  grep -o '"planned_values":{"outputs":{"latest_backup":{[^}]*}' "$dir/plan.json" | grep -qF "$want" || {
    cat "$dir/cli.out" >&2
    fail "the plan's output latest_backup is not $want"
  }
}

# only_root ROOT: hides every mirror root but ROOT (none when ROOT is empty); unhide_roots undoes it.
only_root() {
  local r
  for r in "${roots[@]}"; do
    [ "$r" = "$1" ] || [ ! -d "$r" ] || mv "$r" "$r.hidden"
  done
}
unhide_roots() {
  local r
  for r in "${roots[@]}"; do
    [ ! -d "$r.hidden" ] || mv "$r.hidden" "$r"
  done
}

log "1. scripts/install-mirror.sh into the default folders of a fresh HOME ($home)"
install_mirror "$work/install1.out" all
check_installed "$work/install1.out"
hash=$(sed -n "s/^install-mirror: installed tencentcloud $version for $os_arch (\(h1:[A-Za-z0-9+\/=]*\)) as:\$/\1/p" "$work/install1.out")
[ -n "$hash" ] || fail "the script's output gives no h1: hash of what it installed"

log "2. $name init (offline, no dev_overrides) and plan of a configuration with a local module"
new_config "$work/config"
init_ok "$work/config" "$hash"
plan_ok "$work/config"
log "   init installed $version from the mirror and locked $hash; the plan's output is as the fixtures make it"

log "3. each folder $name reads is enough on its own"
for r in "${read_roots[@]}"; do
  only_root "$r"
  new_config "$work/only"
  init_ok "$work/only" "$hash"
  rm -rf "$work/only"
  unhide_roots
  log "   $r: init ok"
done
only_root ""
new_config "$work/none"
if tf_in "$work/none" init -input=false; then
  fail "$name init succeeded with every mirror folder hidden: it found the provider elsewhere"
fi
grep -qF "$closed" "$work/none/cli.out" || {
  cat "$work/none/cli.out" >&2
  fail "$name init with every mirror folder hidden failed, but not on the closed proxy at $closed"
}
unhide_roots
log "   with every folder hidden, init fails on the closed proxy: the registry is out of reach"

log "4. reinstalling the same source"
install_mirror "$work/install2.out"
! grep -q "replaced" "$work/install2.out" || fail "reinstalling the same source replaced a different build"
grep -qF "($hash)" "$work/install2.out" || fail "reinstalling the same source gave other bits than $hash"
# As in a fresh checkout of a configuration whose lock file is in version control: init installs again, from
# the mirror, and checks what it installs against the lock file.
rm -rf "$work/config/.terraform"
init_ok "$work/config" "$hash"
log "   same bits, same hash: init installs it again under the existing lock file"

log "5. replacing a different build of $version"
# An earlier build: any other bits (init only hashes the package; it does not run the provider).
for r in "${roots[@]}"; do
  for f in "$r"/*/tencentcloud-community/tencentcloud/"$version/$os_arch/terraform-provider-tencentcloud_v$version"; do
    printf 'an earlier build\n' >"$f"
  done
done
new_config "$work/locked"
tf_in "$work/locked" init -input=false || fail "$name init with the earlier build failed"
earlier_hash=$(sed -n 's/^ *"\(h1:[^"]*\)",$/\1/p' "$work/locked/.terraform.lock.hcl")
if [ -z "$earlier_hash" ] || [ "$earlier_hash" = "$hash" ]; then
  fail "init did not lock the earlier build with a hash of its own"
fi
install_mirror "$work/install3.out"
grep -qF "replaced a different build of $version" "$work/install3.out" || fail "the script did not say it replaced a different build"
grep -qF "(was $earlier_hash)" "$work/install3.out" || fail "the script did not give the earlier build's hash, $earlier_hash (the lock file's)"
for args in "init -input=false" "init -input=false -upgrade"; do
  # shellcheck disable=SC2086 # two words
  if tf_in "$work/locked" $args; then
    fail "$name $args succeeded although the lock file holds the earlier build's hash"
  fi
  grep -q "doesn't match any of the checksums previously recorded" "$work/locked/cli.out" || {
    cat "$work/locked/cli.out" >&2
    fail "$name $args failed, but not on the lock file's checksum as the script says"
  }
done
# The remedy the script gives: drop the provider's block from the lock file, then init.
awk -v addr="provider \"$address\" {" '$0 == addr { skip = 1 } !skip { print } skip && /^}/ { skip = 0 }' \
  "$work/locked/.terraform.lock.hcl" >"$work/lock.new"
mv "$work/lock.new" "$work/locked/.terraform.lock.hcl"
init_ok "$work/locked" "$hash"
plan_ok "$work/locked"
log "   the script said so; init and init -upgrade failed on the old hash; after dropping the lock entry, init and plan work"

log "6. with XDG_CONFIG_HOME set and no ~/.terraform.d, the script leaves ~/.terraform.d alone"
home2="$work/home2"
mkdir -p "$home2"
(
  export HOME="$home2" XDG_DATA_HOME="$home2/.local/share" XDG_CONFIG_HOME="$home2/.config"
  install_mirror "$work/install4.out" >/dev/null
)
[ ! -e "$home2/.terraform.d" ] || fail "the script created $home2/.terraform.d, which moves OpenTofu's configuration folder"
for r in "$home2/.local/share/terraform/plugins" "$home2/.local/share/opentofu/plugins"; do
  [ -x "$r/$host/tencentcloud-community/tencentcloud/$version/$os_arch/terraform-provider-tencentcloud_v$version" ] ||
    fail "the script did not install into $r"
done

log "7. scripts/install-mirror.sh --uninstall"
scripts/install-mirror.sh --uninstall >"$work/uninstall.out" 2>&1 || {
  cat "$work/uninstall.out" >&2
  fail "scripts/install-mirror.sh --uninstall failed"
}
for r in "${roots[@]}"; do
  for h in registry.terraform.io registry.opentofu.org; do
    [ ! -e "$r/$h/tencentcloud-community/tencentcloud" ] || fail "--uninstall left $r/$h/tencentcloud-community/tencentcloud"
  done
done
new_config "$work/uninstalled"
if tf_in "$work/uninstalled" init -input=false; then
  fail "$name init succeeded after --uninstall: it found the provider somewhere"
fi
grep -qF "$closed" "$work/uninstalled/cli.out" || {
  cat "$work/uninstalled/cli.out" >&2
  fail "$name init after --uninstall failed, but not on the closed proxy at $closed"
}
log "   every copy is gone, and init looks for the provider in the registry again"

log "passed on $tf_version"
