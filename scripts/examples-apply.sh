#!/usr/bin/env bash
# make examples-apply: plans and applies every example configuration under examples/ against the mock Tencent
# Cloud API (cmd/tcmock), as a user would run it, and checks that the docs show only configurations applied here.
# Runs under scripts/with-terraform.sh, so `terraform` is the project's CLI (Terraform or OpenTofu); without it,
# the one scripts/terraform-cli.sh finds.
#
# What is applied:
#   - every folder under examples/ that holds *.tf files, except the modules under examples/modules/, which are
#     run by their own `terraform test` suites (make module-test);
#   - every examples/modules/<module>/*.tf.txt, the usage shown for a module in the docs: it becomes the main.tf
#     of a root folder that holds the module under modules/<module>, as its `source = "./modules/<module>"` says.
# A configuration that opens an ephemeral resource needs Terraform 1.10 or OpenTofu 1.11, and one whose
# required_version says ">= X" needs X: on an older CLI it is skipped, with a message saying so.
#
# EXAMPLES_ONLY (a bash regular expression, e.g. '^actions/') applies only the configurations whose name (as
# printed, the path under examples/) it matches, and fails when that applies nothing.
#
# The mock serves examples/testdata/fixtures.tmpl.json, rendered at each run: "@now-<N>h<M>m@" becomes the
# Beijing time N hours and M minutes ago, in the API's format, so that the checks of the examples on the age of
# a backup or a binlog (against plantimestamp()) pass; "@NEWEST_ENCRYPTION@" becomes the EncryptionFlag of the
# newest physical backup. Every configuration is applied with that flag "off"; those that open an ephemeral
# resource are applied a second time, against a second mock, with it "on". The instance (cdb-c1nl9rpv) and the
# backup IDs (1300000001...) are those the examples name.
#
# The provider is configured as a user would, through the environment: TENCENTCLOUD_CDB_ENDPOINT (the mock),
# TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (the mock's default key), TENCENTCLOUD_REGION; examples/demo,
# which takes them as variables, gets TF_VAR_endpoint and TF_VAR_instance_ids. Terraform finds the provider built
# from this tree through dev_overrides in a CLI configuration of its own, under both tencentcloud-community/
# tencentcloud and hashicorp/tencentcloud (the examples of a single data source leave out required_providers).
#
# Each configuration is planned (-out) and that plan applied, in a temporary copy, so nothing is written into the
# clone. A configuration fails when plan or apply fails, when a check block warns (the fixtures are made for every
# check to pass), or when a download link or decryption key of the fixtures shows in Terraform's output; one that
# opens an ephemeral resource also fails when a link or key shows in its saved plan or its state. ./restore-drill.sh, which the
# ephemeral example runs, is a stand-in written into the copy: it checks that BACKUP_URL is non-empty and that
# BACKUP_KEY is non-empty exactly when BACKUP_ENCRYPT is 1, prints nothing secret, and exits non-zero otherwise;
# the script then checks which backup it was given. The mock is stopped however the script ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tf=${TF_ACC_TERRAFORM_PATH:-$(scripts/terraform-cli.sh)}
fixtures_template=examples/testdata/fixtures.tmpl.json
instance=cdb-c1nl9rpv
newest_physical=${instance}_backup_1300000011 # the Name of the backup "@NEWEST_ENCRYPTION@" applies to

fail() {
  echo "examples-apply: $*" >&2
  exit 1
}

# The configurations to apply: folders, and module usage files (*.tf.txt).
mapfile -t dirs < <(find examples -name '*.tf' -not -path 'examples/modules/*' -printf '%h\n' | sort -u)
mapfile -t usages < <(find examples/modules -mindepth 2 -maxdepth 2 -name '*.tf.txt' | sort)
[ "${#dirs[@]}" -gt 0 ] || fail "no configuration under examples/"

# The docs may show only applied configurations: every file a template embeds (tffile, codefile) must be one of
# the usage files, or a file in one of the folders, applied here.
docs_status=0
while read -r file; do
  applied=false
  for dir in "${dirs[@]}"; do
    [ "$(dirname "$file")" = "$dir" ] && applied=true
  done
  for usage in "${usages[@]}"; do
    [ "$file" = "$usage" ] && applied=true
  done
  if ! $applied; then
    echo "examples-apply: the docs show $file, which this script does not apply: put it in a folder of its own under examples/ (or, for a module's usage, examples/modules/<module>/*.tf.txt)" >&2
    docs_status=1
  elif [ ! -f "$file" ]; then
    echo "examples-apply: the docs show $file, which does not exist" >&2
    docs_status=1
  fi
done < <(grep -rhoE '\{\{-? *(tffile|codefile)( +"[^"]*")+' templates | grep -oE '"[^"]*"$' | tr -d '"' | sort -u)
[ "$docs_status" -eq 0 ] || exit 1
echo "examples-apply: every example the docs show is applied here"

version_line=$("$tf" version 2>/dev/null | sed -n 1p)
case "$version_line" in
  "Terraform v"*) cli=terraform ;;
  "OpenTofu v"*) cli=opentofu ;;
  *) fail "cannot tell which CLI $tf is: its version says \"$version_line\"" ;;
esac
cli_version=${version_line#* v}
cli_version=${cli_version%%[-+ ]*}
echo "examples-apply: $version_line ($tf)"

# version_at_least V MIN: whether V (x.y.z) is MIN or later.
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | sed -n 1p)" = "$2" ]
}

# needs FILE...: prints the CLI version the configuration in FILE... needs, and why; nothing when any will do.
needs() {
  local min="" why="" v
  if grep -qE '^[[:space:]]*ephemeral[[:space:]]+"' "$@"; then
    if [ "$cli" = opentofu ]; then min=1.11.0; else min=1.10.0; fi
    why="it opens an ephemeral resource"
  fi
  if grep -qE '^[[:space:]]*action[[:space:]]+"' "$@"; then
    min=1.14.0
    why="it declares an action"
  fi
  v=$(sed -nE 's/^[[:space:]]*required_version[[:space:]]*=[[:space:]]*">=[[:space:]]*([0-9]+(\.[0-9]+)*)".*/\1/p' "$@" | sed -n 1p)
  if [ -n "$v" ] && { [ -z "$min" ] || ! version_at_least "$min" "$v"; }; then
    min=$v
    why="its required_version is \">= $v\""
  fi
  [ -z "$min" ] || echo "$min $why"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/tencentcloud-examples-apply.XXXXXX")
mock_caller=examples-apply
# shellcheck source=scripts/mock.sh
. scripts/mock.sh
trap 'mock_stop; rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

go build -o "$work/bin/terraform-provider-tencentcloud" .
mock_build

# The examples of a single data source leave out required_providers, as the Registry's pages do, and Terraform
# then takes the provider to be hashicorp/tencentcloud: both addresses lead to this build.
write_dev_overrides "$work/dev.tfrc" "$work/bin" tencentcloud-community/tencentcloud hashicorp/tencentcloud

# Only the settings below reach the provider: any other TENCENTCLOUD_ setting of the caller's (a profile, a
# token, a domain) would change what it sends.
while read -r name; do
  unset "$name"
done < <(compgen -e | grep '^TENCENTCLOUD_' || true)
export TENCENTCLOUD_SECRET_ID=AKIDmockTcmock0000000000000000000000 # the mock's default key (internal/mock)
export TENCENTCLOUD_SECRET_KEY=mockSecretKeyTcmock0000000000000
export TENCENTCLOUD_REGION=ap-guangzhou
export TENCENTCLOUD_CACHE_DIR="$work/cache" # the call budget's files: not the user's cache
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export TF_VAR_instance_ids="[\"$instance\"]" # examples/demo's input; ignored by the configurations without it

# render OUT ENCRYPTION: writes the fixtures with their times relative to now, and ENCRYPTION (off, on) as the
# newest physical backup's EncryptionFlag.
render() {
  local text token spec h m now
  now=$(($(date +%s) / 60 * 60))
  text=$(<"$fixtures_template")
  while read -r token; do
    spec=${token#@now-}
    spec=${spec%@}
    [[ $spec =~ ^(([0-9]+)h)?(([0-9]+)m)?$ ]] || fail "$fixtures_template: $token is not @now-<N>h<M>m@"
    h=${BASH_REMATCH[2]:-0}
    m=${BASH_REMATCH[4]:-0}
    # Beijing time is UTC+8 all year.
    text=${text//"$token"/$(date -u -d "@$((now + 8 * 3600 - (10#$h * 60 + 10#$m) * 60))" '+%Y-%m-%d %H:%M:%S')}
  done < <(grep -oE '@now-[^@"]*@' "$fixtures_template" | sort -u)
  text=${text//@NEWEST_ENCRYPTION@/$2}
  if grep -qE '@[A-Za-z][^@" ]*@' <<<"$text"; then
    fail "$fixtures_template: unknown placeholders: $(grep -oE '@[A-Za-z][^@" ]*@' <<<"$text" | sort -u | tr '\n' ' ')"
  fi
  printf '%s\n' "$text" >"$1"
}

# start_mock FIXTURES: starts the mock serving FIXTURES and points the provider at it.
start_mock() {
  # A backup the action example starts takes 5 s, not the default 30 s.
  mock_start -fixtures "$1" -create-backup-duration 5s
  export TENCENTCLOUD_CDB_ENDPOINT=$MOCK_ENDPOINT
  export TF_VAR_endpoint=$TENCENTCLOUD_CDB_ENDPOINT # examples/demo's input
}

# The stand-in for the ephemeral example's ./restore-drill.sh. Terraform hides the output of a provisioner that
# is given an ephemeral or sensitive value, so it also writes its verdict, and what it was given that is not
# secret, to restore-drill.result for this script to read.
cat >"$work/restore-drill.sh" <<'SH'
#!/usr/bin/env bash
set -u
result=restore-drill.result
verdict() {
  printf 'verdict=%s\nname=%s\nencrypt=%s\nkey_set=%s\n' "$1" "${BACKUP_NAME-}" "${BACKUP_ENCRYPT-}" "${BACKUP_KEY+yes}" >"$result"
  [ "$1" = ok ] || { echo "restore-drill stand-in: $1" >&2; exit 1; }
}
[ -n "${BACKUP_URL:-}" ] || verdict "BACKUP_URL is empty"
case "${BACKUP_ENCRYPT-}" in
  1) [ -n "${BACKUP_KEY:-}" ] || verdict "BACKUP_ENCRYPT is 1 but BACKUP_KEY is empty" ;;
  0) [ -z "${BACKUP_KEY:-}" ] || verdict "BACKUP_ENCRYPT is 0 but BACKUP_KEY is not empty" ;;
  *) verdict "BACKUP_ENCRYPT is \"${BACKUP_ENCRYPT-}\", neither 0 nor 1" ;;
esac
verdict ok
SH
chmod +x "$work/restore-drill.sh"

# leaked FILE...: prints the first download link or decryption key of the fixtures found in FILE. Every link of
# the fixtures holds "q-signature=examples", and every key they set (in decryption_keys) starts with
# "examples-key-"; the keys the mock derives for its other encrypted backups are not looked for.
leaked() {
  cat "$@" | grep -oE 'q-signature=examples[0-9a-z]*|examples-key-[0-9a-z-]+' | sed -n 1p || true
}

# apply NAME COPY ENCRYPTION: plans and applies the configuration in COPY; ENCRYPTION is the newest physical
# backup's flag, which the restore drill's result must show.
apply() {
  local name=$1 copy=$2 encryption=$3 log=$2.log ephemeral=false found result want
  grep -qE '^[[:space:]]*ephemeral[[:space:]]+"' "$copy"/*.tf && ephemeral=true
  if grep -qF './restore-drill.sh' "$copy"/*.tf; then
    cp "$work/restore-drill.sh" "$copy/"
  fi
  if grep -qE '^[[:space:]]*source[[:space:]]*=[[:space:]]*"\./' "$copy"/*.tf &&
    ! "$tf" -chdir="$copy" get -no-color >"$log" 2>&1; then
    echo "examples-apply: $name: get (its local modules) failed:" >&2
    cat "$log" >&2
    return 1
  fi
  if ! "$tf" -chdir="$copy" plan -input=false -no-color -out=tfplan >>"$log" 2>&1 ||
    ! "$tf" -chdir="$copy" apply -input=false -no-color tfplan >>"$log" 2>&1; then
    echo "examples-apply: $name: failed:" >&2
    cat "$log" >&2
    [ ! -f "$copy/restore-drill.result" ] || sed 's/^/examples-apply: the restore drill stand-in said: /' "$copy/restore-drill.result" >&2
    echo "examples-apply: the last calls the mock answered:" >&2
    tail -n 10 "$work/mock.log" >&2
    return 1
  fi
  if grep -q 'Check block assertion failed' "$log"; then
    echo "examples-apply: $name: a check block warned, though the fixtures are made for every check to pass:" >&2
    cat "$log" >&2
    return 1
  fi
  found=$(leaked "$log")
  if [ -n "$found" ]; then
    echo "examples-apply: $name: Terraform's output shows a download link or decryption key ($found...)" >&2
    return 1
  fi
  if $ephemeral; then
    unzip -p "$copy/tfplan" >"$copy/tfplan.contents"
    found=$(leaked "$copy"/terraform.tfstate* "$copy/tfplan.contents")
    if [ -n "$found" ]; then
      echo "examples-apply: $name: the plan or the state holds a download link or decryption key ($found...), which an ephemeral resource must never write" >&2
      return 1
    fi
  fi
  if [ -f "$copy/restore-drill.sh" ]; then
    result=$(cat "$copy/restore-drill.result" 2>/dev/null || true)
    want=$(printf 'verdict=ok\nname=%s\nencrypt=%s\nkey_set=yes' "$newest_physical" "$([ "$encryption" = on ] && echo 1 || echo 0)")
    if [ "$result" != "$want" ]; then
      echo "examples-apply: $name: the restore drill was not given the newest physical backup as expected. Want:" >&2
      echo "$want" >&2
      echo "got:" >&2
      echo "${result:-(no result: the provisioner did not run)}" >&2
      return 1
    fi
    echo "examples-apply: $name: applied; the restore drill got $newest_physical (EncryptionFlag $encryption), its link, and $([ "$encryption" = on ] && echo "its key" || echo "an empty key")"
  else
    echo "examples-apply: $name: applied"
  fi
}

# try NAME ENCRYPTION SOURCE...: copies the configuration and applies it, unless the CLI is too old for it.
# SOURCE is a folder, or a module's usage file.
status=0
ran=0
skipped=()
try() {
  local name=$1 encryption=$2 source=$3 copy requirement module
  if [ -n "${EXAMPLES_ONLY:-}" ] && ! [[ $name =~ $EXAMPLES_ONLY ]]; then
    return 0
  fi
  copy="$work/run/$encryption/$name"
  mkdir -p "$copy"
  if [ -d "$source" ]; then
    # Everything but what an earlier local run may have left (.terraform, state, lock file).
    tar -C "$source" --exclude=.terraform --exclude='terraform.tfstate*' --exclude=.terraform.lock.hcl -cf - . |
      tar -C "$copy" -xf -
  else
    module=$(dirname "$source")
    cp "$source" "$copy/main.tf"
    mkdir -p "$copy/modules/$(basename "$module")"
    tar -C "$module" --exclude=.terraform --exclude='terraform.tfstate*' --exclude=.terraform.lock.hcl --exclude=tests \
      --exclude='*.tf.txt' -cf - . | tar -C "$copy/modules/$(basename "$module")" -xf -
  fi
  requirement=$(needs "$copy"/*.tf)
  if [ "$cli" = opentofu ] && grep -qE '^[[:space:]]*action[[:space:]]+"' "$copy"/*.tf; then
    echo "examples-apply: $name: SKIPPED: it declares an action, which OpenTofu does not support"
    skipped+=("$name")
    return 0
  fi
  if [ -n "$requirement" ] && ! version_at_least "$cli_version" "${requirement%% *}"; then
    echo "examples-apply: $name: SKIPPED: it needs $cli ${requirement%% *} or later (${requirement#* }); this is $cli $cli_version"
    skipped+=("$name")
    return 0
  fi
  if apply "$name" "$copy" "$encryption"; then
    ran=$((ran + 1))
  else
    status=1
  fi
}

for encryption in off on; do
  render "$work/fixtures-$encryption.json" "$encryption"
  start_mock "$work/fixtures-$encryption.json"
  echo "examples-apply: mock at $TENCENTCLOUD_CDB_ENDPOINT; the newest physical backup's EncryptionFlag is $encryption"
  for dir in "${dirs[@]}"; do
    # With the flag on, only the configurations that open an ephemeral resource: the others do not read the key.
    [ "$encryption" = off ] || grep -qE '^[[:space:]]*ephemeral[[:space:]]+"' "$dir"/*.tf || continue
    try "${dir#examples/}" "$encryption" "$dir"
  done
  if [ "$encryption" = off ]; then
    for usage in "${usages[@]}"; do
      try "${usage#examples/}" "$encryption" "$usage"
    done
  fi
  mock_stop
done

if [ -n "${EXAMPLES_ONLY:-}" ] && [ "$ran" -eq 0 ]; then
  echo "examples-apply: EXAMPLES_ONLY=$EXAMPLES_ONLY applied nothing on $cli $cli_version" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "examples-apply: some examples failed to apply" >&2
elif [ "${#skipped[@]}" -gt 0 ]; then
  echo "examples-apply: $ran applies passed; ${#skipped[@]} skipped on $cli $cli_version, of: $(printf '%s\n' "${skipped[@]}" | sort -u | paste -sd ' ')"
else
  echo "examples-apply: $ran applies passed"
fi
exit "$status"
