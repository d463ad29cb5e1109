#!/usr/bin/env bash
# Prints the absolute path of a Terraform-compatible CLI, and nothing else, on stdout.
#
# TF_CLI chooses it:
#   auto (default)  `terraform` from PATH when it runs, else OpenTofu as below
#   terraform       `terraform` from PATH; an error when there is none
#   opentofu        a pinned OpenTofu, even when terraform is on PATH
# TF_VERSION (e.g. 1.5.7, or v1.14.9) asks for that release of Terraform instead: the `terraform` on PATH
# when it is that version, else Terraform built at that version as below. With TF_CLI=opentofu it is an error
# (OpenTofu is pinned here).
#
# OpenTofu and Terraform are built from their module source through the Go module proxy (`go install`
# cannot build them: their go.mod has replace directives) into a per-machine cache outside the clone,
# keyed by version, once; later calls reuse it. Progress goes to stderr.
#
# Terraform: `go mod download` of github.com/hashicorp/terraform@vX, then `go build .` in a writable copy of
# that folder. From about v1.10 on, the remote-state backends (azurerm, consul, cos, gcs, kubernetes, oci, oss,
# pg, s3) and internal/legacy are nested Go modules that the module zip does not contain; the copy drops their
# require and replace lines from go.mod and their imports and entries from internal/backend/init/init.go. Those
# backends are then unknown to that build; the local backend, which the tests use, is untouched.
set -euo pipefail

OPENTOFU_VERSION=v1.12.6
# The Terraform releases CI runs the acceptance tests on besides the `terraform` on PATH (see .ci/run): the
# last MPL-licensed release, still widely pinned, and the newest 1.14.x the Go module proxy serves.
# `scripts/terraform-cli.sh --ci-versions` prints them.
TERRAFORM_CI_VERSIONS=(1.5.7 1.14.9)

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-tencentcloud"

log() { echo "terraform-cli: $*" >&2; }

if [ "${1:-}" = --ci-versions ]; then
  printf '%s\n' "${TERRAFORM_CI_VERSIONS[@]}"
  exit 0
fi

case "${TF_CLI:=auto}" in
  auto | terraform | opentofu) ;;
  *)
    log "TF_CLI=$TF_CLI: expected auto, terraform or opentofu"
    exit 2
    ;;
esac

tf_version=${TF_VERSION:-}
tf_version=${tf_version#v}
if [ -n "$tf_version" ]; then
  if ! [[ $tf_version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
    log "TF_VERSION=$TF_VERSION: expected a Terraform release such as 1.5.7"
    exit 2
  fi
  if [ "$TF_CLI" = opentofu ]; then
    log "TF_VERSION=$TF_VERSION selects a Terraform release; OpenTofu is pinned at $OPENTOFU_VERSION (unset one of TF_CLI, TF_VERSION)"
    exit 2
  fi
fi

# Prints the path of a CLI built into the cache folder <name>-<version>, building it first when it is not there:
# the build function runs in a writable copy of the module's source and writes the binary to the path it is given.
# Arguments: name, module path, version (vX.Y.Z), binary name, build function, and how long a build takes (for
# the log).
built_cli() {
  local name=$1 module=$2 version=$3 binary=$4 build_fn=$5 duration=$6
  local cache_dir="$cache_root/$name-$version"
  local bin="$cache_dir/$binary"
  if [ -x "$bin" ]; then
    echo "$bin"
    return 0
  fi
  mkdir -p "$cache_dir"
  # Two concurrent callers (make -j, parallel CI jobs) must not build into the same place at once.
  exec 9>"$cache_dir/.lock"
  if ! flock -n 9; then
    log "another process is building $name $version into $cache_dir; waiting for it"
    flock 9
  fi
  if [ ! -x "$bin" ]; then
    log "$reason: building $name $version from the Go module proxy into $cache_dir"
    log "(once per machine, $duration)"
    local start info src work="$cache_dir/src"
    start=$(date +%s)
    # Outside any module (the cache folder), so the project's go.mod plays no part.
    if ! info=$(cd "$cache_dir" && GOFLAGS='' GOWORK=off go mod download -json "$module@$version"); then
      log "could not download $module@$version: $info"
      exit 1
    fi
    src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")
    rm -rf "$work" "$bin.tmp"
    # The module cache is read-only: build in a writable copy, removed afterwards.
    # shellcheck disable=SC2064 # the paths are known now
    trap "rm -rf $(printf '%q %q' "$work" "$bin.tmp")" EXIT
    cp -R "$src" "$work"
    chmod -R u+w "$work"
    (cd "$work" && "$build_fn" "$bin.tmp") >&2
    mv "$bin.tmp" "$bin"
    rm -rf "$work"
    trap - EXIT
    log "built $bin in $(($(date +%s) - start))s"
  fi
  exec 9>&-
  TF_CLI_CONFIG_FILE=/dev/null "$bin" version >&2
  echo "$bin"
}

# -buildvcs=false because the module cache holds no VCS metadata; version.dev=no as in the release builds, so
# the CLI reports 1.12.6 and not 1.12.6-dev (the same for Terraform, whose releases before about 1.6 have no such
# variable: -X then does nothing).
build_opentofu() {
  GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$1" ./cmd/tofu
}

build_terraform() {
  local mod path alias file init=internal/backend/init/init.go
  # Replace directives that point into the module's own tree at a folder the zip does not contain.
  while read -r mod path; do
    [ ! -d "$path" ] || continue
    log "dropping $mod (a nested module the module zip does not contain)"
    GOWORK=off GOFLAGS='' go mod edit -dropreplace="$mod" -droprequire="$mod"
    while read -r file; do
      [ -n "$file" ] || continue
      if [ "$file" != "./$init" ]; then
        log "$file imports $mod, which this script only knows how to drop from $init"
        return 1
      fi
      alias=$(sed -n "s#^[[:space:]]*\([A-Za-z0-9_]*\)[[:space:]]*\"$mod\"\$#\1#p" "$file")
      [ -n "$alias" ] || alias=${mod##*/}
      sed -i -e "\#^[[:space:]]*\([A-Za-z0-9_]*[[:space:]]*\)\{0,1\}\"$mod\"\$#d" -e "/[^A-Za-z0-9_]$alias\./d" "$file"
    done < <(grep -rl --include='*.go' --exclude='*_test.go' "\"$mod[\"/]" . || true)
  done < <(sed -n 's#^replace[[:space:]]\{1,\}\([^[:space:]]*\)[[:space:]]*=>[[:space:]]*\(\./[^[:space:]]*\)[[:space:]]*$#\1 \2#p' go.mod)
  GOWORK=off GOFLAGS='-mod=mod -buildvcs=false' CGO_ENABLED=0 \
    go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$1" .
}

if [ -n "$tf_version" ]; then
  if tf=$(command -v terraform 2>/dev/null) &&
    [ "$("$tf" version 2>/dev/null | sed -n 1p)" = "Terraform v$tf_version" ]; then
    echo "$tf"
    exit 0
  fi
  reason="TF_VERSION=$tf_version"
  case "$tf_version" in
    1.[0-5].*) duration="about 1.5 minutes on 2 cores" ;;
    *) duration="about 2 minutes on 2 cores" ;;
  esac
  built_cli terraform github.com/hashicorp/terraform "v$tf_version" terraform build_terraform "$duration"
  exit 0
fi

# A missing TF_CLI_CONFIG_FILE only makes the CLI warn; the version check below must not care.
if [ "$TF_CLI" != opentofu ]; then
  if tf=$(command -v terraform 2>/dev/null) && "$tf" version >/dev/null 2>&1; then
    echo "$tf"
    exit 0
  fi
  if [ "$TF_CLI" = terraform ]; then
    log "TF_CLI=terraform, but no working terraform is on PATH"
    exit 1
  fi
fi

if [ "$TF_CLI" = opentofu ]; then
  reason="TF_CLI=opentofu"
else
  reason="terraform is not on PATH"
fi
built_cli opentofu github.com/opentofu/opentofu "$OPENTOFU_VERSION" tofu build_opentofu "about 4 minutes on 2 cores"
