#!/usr/bin/env bash
# make release-check: checks .goreleaser.yml, then builds a snapshot release for this machine's OS and
# architecture only (a full one builds 13) and checks that it has the Terraform Registry's layout:
#   terraform-provider-tencentcloud_<version>_<os>_<arch>.zip      holding terraform-provider-tencentcloud_v<version>
#   terraform-provider-tencentcloud_<version>_SHA256SUMS           listing the zip and the manifest
#   terraform-provider-tencentcloud_<version>_manifest.json        terraform-registry-manifest.json (protocol 6.0)
# and that the version was injected into main.version. Signing is skipped: it needs the publisher's GPG key.
# Everything is built in a temporary folder; nothing is left in the clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

project=terraform-provider-tencentcloud
goreleaser=$(scripts/tool.sh goreleaser)
fail() {
  echo "release-check: $*" >&2
  exit 1
}

echo "release-check: goreleaser check"
"$goreleaser" check

goos=$(go env GOOS)
goarch=$(go env GOARCH)
# goreleaser's name for the target, with the default microarchitecture level of each architecture.
case "$goarch" in
  amd64) target=${goos}_amd64_v1 ;;
  arm64) target=${goos}_arm64_v8.0 ;;
  arm) target=${goos}_arm_6 ;;
  386) target=${goos}_386_sse2 ;;
  *) target=${goos}_${goarch} ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-release.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The configuration as it is, but for the host's target only (`targets` replaces goos, goarch and ignore)
# and with its output in the temporary folder.
awk -v target="$target" '
  { print }
  /^    binary:/ { print "    targets: [\"" target "\"]"; n++ }
  END { if (n != 1) exit 1 }
' .goreleaser.yml >"$work/goreleaser.yml" || fail "could not restrict .goreleaser.yml to $target (its build has no binary: line?)"
echo "dist: $work/dist" >>"$work/goreleaser.yml"

echo "release-check: snapshot release for $target"
"$goreleaser" release --snapshot --clean --skip=sign --config "$work/goreleaser.yml"

dist="$work/dist"
sums=("$dist"/${project}_*_SHA256SUMS)
[ ${#sums[@]} -eq 1 ] && [ -f "${sums[0]}" ] || fail "expected one ${project}_<version>_SHA256SUMS in dist, found: $(ls "$dist")"
version=${sums[0]##*/${project}_}
version=${version%_SHA256SUMS}
zip="${project}_${version}_${goos}_${goarch}.zip"
manifest="${project}_${version}_manifest.json"
binary="${project}_v${version}"
[ "$goos" = windows ] && binary="$binary.exe"

[ -f "$dist/$zip" ] || fail "no $zip in dist: $(ls "$dist")"
grep -q '"protocol_versions": *\["6.0"\]' terraform-registry-manifest.json ||
  fail "terraform-registry-manifest.json does not declare protocol version 6.0"
for f in "$zip" "$manifest"; do
  grep -q "  $f\$" "${sums[0]}" || fail "${sums[0]##*/} does not list $f"
done
# The release uploads the manifest under that name (release.extra_files); the snapshot only sums it.
cp terraform-registry-manifest.json "$dist/$manifest"
(cd "$dist" && sha256sum --check --quiet "${sums[0]##*/}") || fail "checksums in ${sums[0]##*/} do not match"

mkdir "$work/unzipped"
unzip -q "$dist/$zip" -d "$work/unzipped"
[ -f "$work/unzipped/$binary" ] || fail "$zip does not hold $binary: $(ls "$work/unzipped")"
# -trimpath keeps -ldflags out of the build information, so look for the injected string itself.
grep -a -q -F -- "$version" "$work/unzipped/$binary" || fail "$binary was not built with -X main.version=$version"

echo "release-check: ok: version $version, $(cd "$dist" && ls -- *.zip *_SHA256SUMS *_manifest.json | tr '\n' ' ')"
