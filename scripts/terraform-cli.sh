#!/usr/bin/env bash
# Prints the absolute path of a Terraform-compatible CLI, and nothing else, on stdout.
#
# TF_CLI chooses it:
#   auto (default)  `terraform` from PATH when it runs, else OpenTofu as below
#   terraform       `terraform` from PATH; an error when there is none
#   opentofu        a pinned OpenTofu, even when terraform is on PATH
#
# OpenTofu is built from its module source through the Go module proxy (`go install` cannot
# build it: its go.mod has replace directives) into a per-machine cache outside the clone,
# keyed by version, once; later calls reuse it. Progress goes to stderr.
set -euo pipefail

OPENTOFU_VERSION=v1.12.6
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-tencentcloud/opentofu-${OPENTOFU_VERSION}"
tofu="$cache_dir/tofu"

log() { echo "terraform-cli: $*" >&2; }

case "${TF_CLI:=auto}" in
  auto | terraform | opentofu) ;;
  *)
    log "TF_CLI=$TF_CLI: expected auto, terraform or opentofu"
    exit 2
    ;;
esac

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

if [ -x "$tofu" ]; then
  echo "$tofu"
  exit 0
fi

mkdir -p "$cache_dir"
# Two concurrent callers (make -j, parallel CI jobs) must not build into the same place at once.
exec 9>"$cache_dir/.lock"
if ! flock -n 9; then
  log "another process is building OpenTofu into $cache_dir; waiting for it"
  flock 9
fi
if [ ! -x "$tofu" ]; then
  if [ "$TF_CLI" = opentofu ]; then
    log "TF_CLI=opentofu: building OpenTofu $OPENTOFU_VERSION from the Go module proxy into $cache_dir"
  else
    log "terraform is not on PATH: building OpenTofu $OPENTOFU_VERSION from the Go module proxy into $cache_dir"
  fi
  log "(once per machine, about 4 minutes on 2 cores)"
  start=$(date +%s)
  # Outside any module (the cache folder), so the project's go.mod plays no part.
  if ! info=$(cd "$cache_dir" && GOFLAGS='' GOWORK=off go mod download -json "github.com/opentofu/opentofu@$OPENTOFU_VERSION"); then
    log "could not download github.com/opentofu/opentofu@$OPENTOFU_VERSION: $info"
    exit 1
  fi
  src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")
  # The module cache is read-only, so the binary goes straight into the cache folder;
  # -buildvcs=false because the module cache holds no VCS metadata; version.dev=no as in
  # OpenTofu's release build, so the CLI reports 1.12.6 and not 1.12.6-dev.
  (cd "$src" && GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$tofu.tmp" ./cmd/tofu) >&2
  mv "$tofu.tmp" "$tofu"
  log "built $tofu in $(( $(date +%s) - start ))s"
fi
TF_CLI_CONFIG_FILE=/dev/null "$tofu" version >&2
echo "$tofu"
