#!/usr/bin/env bash
# make install-mirror: builds the provider with a release version and installs it into the local filesystem
# mirror folders that Terraform and OpenTofu search with no CLI configuration, so that `terraform init` (and
# `tofu init`) installs it from there, offline, as it would install a published release from the registry.
#
# Usage: scripts/install-mirror.sh [--uninstall]
#   VERSION=X.Y.Z     the version to install as; by default the one CHANGELOG.md's top section names
#                     (`## 0.1.0 (Unreleased)` gives 0.1.0). A plain X.Y.Z: Terraform and OpenTofu select a
#                     pre-release only when a version constraint names it exactly.
#   PLUGIN_DIR=DIR    install into DIR (several: DIR1:DIR2) instead of the folders below, e.g. for tests.
#   GOOS, GOARCH      build for another platform (the OS_ARCH folder follows `go env GOOS GOARCH`).
#   --uninstall       remove every version of the provider from those folders instead (the CLIs then look it
#                     up in the registry again).
#
# The folders, each with the provider under both registry.terraform.io and registry.opentofu.org (a source
# address without a host means the first to Terraform and the second to OpenTofu), in the unpacked layout
# HOST/tencentcloud-community/tencentcloud/VERSION/OS_ARCH/terraform-provider-tencentcloud_vVERSION:
#   Linux and other Unixes:
#     ${XDG_DATA_HOME:-~/.local/share}/terraform/plugins   read by Terraform, and by OpenTofu (which searches
#                                                          the XDG data folders under the name terraform)
#     $XDG_DATA_HOME/opentofu/plugins                      read by OpenTofu; used only when XDG_DATA_HOME is set
#     ~/.terraform.d/plugins                               read by both; used only when ~/.terraform.d exists or
#                                                          XDG_CONFIG_HOME is unset (see below)
#   macOS: ~/.terraform.d/plugins, read by both.
# OpenTofu takes its CLI configuration folder (credentials.tfrc.json from `tofu login`, *.tfrc) from ~/.terraform.d
# when that exists, else from $XDG_CONFIG_HOME/opentofu when XDG_CONFIG_HOME is set: creating ~/.terraform.d could
# move it, so the script does not create it then.
#
# The build is reproducible (-trimpath, no VCS stamp): the same source and Go toolchain give the same bits, so
# reinstalling an unchanged tree changes nothing that a configuration's lock file (.terraform.lock.hcl) recorded.
# When the bits of a version already installed do change, the script says so, and what to do: the lock files
# that recorded that version hold the old hash, which `terraform init -upgrade` keeps (it keeps the hashes of a
# version it selects again), so the provider's entry in them has to go. scripts/init-check.sh checks all this.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

namespace=tencentcloud-community
type=tencentcloud
hosts=(registry.terraform.io registry.opentofu.org)

log() { echo "install-mirror: $*"; }
fail() {
  echo "install-mirror: $*" >&2
  exit 1
}

uninstall=false
case "${1:-}" in
  "") ;;
  --uninstall) uninstall=true ;;
  *) fail "unknown argument $1 (usage: $0 [--uninstall])" ;;
esac

# The mirror roots.
roots=()
if [ -n "${PLUGIN_DIR:-}" ]; then
  IFS=: read -r -a roots <<<"$PLUGIN_DIR"
else
  [ -n "${HOME:-}" ] || fail "HOME is not set; set PLUGIN_DIR to the folder to install into"
  case "$(uname -s)" in
    Darwin)
      roots=("$HOME/.terraform.d/plugins")
      ;;
    Linux | *BSD | DragonFly | SunOS | AIX)
      roots=("${XDG_DATA_HOME:-$HOME/.local/share}/terraform/plugins")
      [ -z "${XDG_DATA_HOME:-}" ] || roots+=("$XDG_DATA_HOME/opentofu/plugins")
      if [ -d "$HOME/.terraform.d" ] || [ -z "${XDG_CONFIG_HOME:-}" ]; then
        roots+=("$HOME/.terraform.d/plugins")
      fi
      ;;
    *)
      fail "no default plugin folders for $(uname -s); set PLUGIN_DIR (on Windows: %APPDATA%/terraform.d/plugins)"
      ;;
  esac
fi
[ "${#roots[@]}" -gt 0 ] || fail "PLUGIN_DIR names no folder"
for r in "${roots[@]}"; do
  case "$r" in
    /*) ;;
    *) fail "plugin folder $r: an absolute path is needed" ;;
  esac
done

if $uninstall; then
  removed=0
  for r in "${roots[@]}"; do
    for host in "${hosts[@]}"; do
      dir="$r/$host/$namespace/$type"
      [ -d "$dir" ] || continue
      rm -rf "$dir"
      log "removed $dir"
      removed=$((removed + 1))
      # The namespace and host folders, when nothing else is in them.
      if rmdir "$r/$host/$namespace" 2>/dev/null; then
        rmdir "$r/$host" 2>/dev/null || true
      fi
    done
  done
  [ "$removed" -gt 0 ] || log "nothing to remove: no $namespace/$type in ${roots[*]}"
  exit 0
fi

# The version: VERSION, else the top section of CHANGELOG.md.
version=${VERSION:-}
if [ -z "$version" ]; then
  heading=$(grep -m1 '^## ' CHANGELOG.md || true)
  [ -n "$heading" ] || fail "CHANGELOG.md has no '## X.Y.Z' section to take the version from; set VERSION"
  version=$(awk '{ print $2 }' <<<"$heading")
  from="CHANGELOG.md ($heading)"
else
  from="VERSION"
fi
version=${version#v}
if ! [[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  fail "version '$version' from $from: expected a release version X.Y.Z (Terraform and OpenTofu select a pre-release only when a version constraint names it exactly)"
fi

goos=$(go env GOOS)
goarch=$(go env GOARCH)
binary="terraform-provider-${type}_v${version}"
[ "$goos" != windows ] || binary="$binary.exe"

# h1 DIR: the hash Terraform and OpenTofu record in .terraform.lock.hcl for a package unpacked in DIR: Go's
# dirhash "h1", the SHA-256 of the sorted lines "<sha256 hex>  <file name>" (sha256sum's format) of its files.
sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}
h1() {
  local sums hex
  sums=$(cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | while IFS= read -r f; do sha256 "$f"; done)
  hex=$(printf '%s\n' "$sums" | sha256 | cut -c1-64)
  # shellcheck disable=SC2001 # sed inserts \x before each pair of hex digits, for printf %b to turn into bytes
  printf 'h1:%s\n' "$(printf '%b' "$(sed 's/../\\x&/g' <<<"$hex")" | base64)"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

log "building $binary for ${goos}_${goarch} (version $version from $from)"
mkdir "$work/pkg"
# As the release build (.goreleaser.yml) does, and without the VCS stamp, so that the bits depend on the source only.
CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w -X main.version=$version" -o "$work/pkg/$binary" .
new_hash=$(h1 "$work/pkg")

installed=()
changed=()
for r in "${roots[@]}"; do
  for host in "${hosts[@]}"; do
    dir="$r/$host/$namespace/$type/$version/${goos}_${goarch}"
    if [ -d "$dir" ]; then
      old_hash=$(h1 "$dir")
      [ "$old_hash" = "$new_hash" ] || changed+=("$dir (was $old_hash)")
      # The package is the whole folder (its hash covers every file in it): nothing else may stay in it.
      rm -rf "$dir"
    fi
    mkdir -p "$dir"
    cp "$work/pkg/$binary" "$dir/$binary"
    chmod 0755 "$dir/$binary"
    installed+=("$dir/$binary")
  done
done

log "installed $type $version for ${goos}_${goarch} ($new_hash) as:"
printf '  %s\n' "${installed[@]}"
if [ "${#changed[@]}" -gt 0 ]; then
  echo
  log "this replaced a different build of $version in:"
  printf '  %s\n' "${changed[@]}"
  cat <<EOF
  A configuration whose .terraform.lock.hcl recorded $version before holds the old build's hash, and
  'terraform init' there now fails: "doesn't match any of the checksums previously recorded in the dependency
  lock file". 'terraform init -upgrade' fails the same way: it keeps the hashes recorded for a version it
  selects again. In each such configuration, delete the block
    provider "registry.terraform.io/$namespace/$type" { ... }   (OpenTofu: registry.opentofu.org/...)
  from .terraform.lock.hcl (or the whole file, when it locks no other provider) and run 'terraform init'
  again. To avoid this, install changed code as a new version (VERSION=X.Y.Z): 'terraform init -upgrade'
  then selects it, once the configuration's version constraint allows it.
EOF
fi
cat <<EOF

Terraform and OpenTofu now install it from these folders, with no network, in any configuration that declares:

terraform {
  required_providers {
    tencentcloud = {
      source  = "$namespace/$type"
      version = "$version"
    }
  }
}

Run 'terraform init' (or 'tofu init') in that configuration. No dev_overrides is needed: remove any for
$namespace/$type from your CLI configuration, which would skip this installation.
EOF
