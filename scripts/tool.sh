#!/usr/bin/env bash
# Prints the absolute path of a pinned Go tool, and nothing else, on stdout.
#
# Usage: scripts/tool.sh golangci-lint|goreleaser
#
# The tools are installed with `go install pkg@version`, so they never enter go.mod, into the user
# cache folder keyed by version (as the OpenTofu build is), so a machine installs each once whatever
# clone asks: ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-tencentcloud/tools/<tool>-<version>/.
# A tool is (re)installed only when it is missing or reports another version (read from the binary's
# build information with `go version -m`, which also catches a half-written one). Progress goes to
# stderr.
set -euo pipefail

case "${1:?usage: $0 golangci-lint|goreleaser}" in
  # golangci-lint v2 (the .golangci.yml format is v2).
  golangci-lint) module=github.com/golangci/golangci-lint/v2 pkg=$module/cmd/golangci-lint version=v2.15.0 ;;
  # goreleaser v2.16.0: newer releases need a newer Go or modules the proxy refuses.
  goreleaser) module=github.com/goreleaser/goreleaser/v2 pkg=$module version=v2.16.0 ;;
  *)
    echo "tool: unknown tool $1 (known: golangci-lint, goreleaser)" >&2
    exit 2
    ;;
esac

bin_dir="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-tencentcloud/tools/$1-$version"
bin="$bin_dir/$1"

installed_version() {
  [ -x "$bin" ] || return 0
  go version -m "$bin" 2>/dev/null | awk -v m="$module" '$1 == "mod" && $2 == m { print $3 }'
}

if [ "$(installed_version)" = "$version" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$bin_dir"
# make -j, or two CI jobs on one machine, must not install into the same place at once.
exec 9>"$bin_dir/.lock"
flock 9
if [ "$(installed_version)" != "$version" ]; then
  echo "tool: installing $pkg@$version into $bin_dir" >&2
  start=$(date +%s)
  # `go install pkg@version` ignores the project's go.mod; GOFLAGS and GOWORK must not change that.
  GOBIN="$bin_dir" GOFLAGS='' GOWORK=off go install "$pkg@$version" >&2
  echo "tool: installed $1 $version in $(( $(date +%s) - start ))s" >&2
fi
echo "$bin"
