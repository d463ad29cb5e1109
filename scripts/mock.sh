# shellcheck shell=bash
# The mock Tencent Cloud API (cmd/tcmock) and the provider built from this tree, for the scripts that run Terraform
# against them (demo.sh, examples-apply.sh, module-test.sh, init-check.sh, examples-check.sh, docs.sh). Sourced.
# The caller sets $work, a temporary folder of its own, and mock_caller, the name its messages start with; it
# calls mock_stop before it removes $work (in its EXIT trap).
#
#   mock_build                 builds tcmock into $work/tcmock
#   mock_start [TCMOCK_FLAG..] starts it on a free loopback port with those flags and waits until it listens (10 s
#                              at most), then sets MOCK_ENDPOINT; its MOCK_ lines go to $work/mock.out, its log to
#                              $work/mock.log. When it exits or does not listen in time, the caller exits 1 with
#                              the mock's log. A mock started before is stopped first.
#   mock_stop                  stops the mock, if one runs
#   write_dev_overrides FILE DIR ADDRESS...
#                              writes a CLI configuration to FILE that has Terraform take each provider ADDRESS
#                              from DIR (dev_overrides: no init, no registry)

# shellcheck disable=SC2154 # $work is the caller's
# shellcheck disable=SC2034 # MOCK_ENDPOINT is for the caller
mock_pid=

mock_build() {
  go build -o "$work/tcmock" ./cmd/tcmock
}

mock_start() {
  mock_stop
  rm -f "$work/endpoint"
  "$work/tcmock" -listen 127.0.0.1:0 -ready-file "$work/endpoint" "$@" >"$work/mock.out" 2>"$work/mock.log" &
  mock_pid=$!
  # The mock writes the ready file once it listens, after printing its MOCK_ lines.
  local _
  for _ in $(seq 1 100); do
    [ -s "$work/endpoint" ] && break
    if ! kill -0 "$mock_pid" 2>/dev/null; then
      mock_pid=
      echo "${mock_caller:-mock}: the mock exited${*:+ (flags: $*)}:" >&2
      cat "$work/mock.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  if [ ! -s "$work/endpoint" ]; then
    echo "${mock_caller:-mock}: the mock did not start listening within 10s" >&2
    exit 1
  fi
  MOCK_ENDPOINT=$(cat "$work/endpoint")
}

mock_stop() {
  if [ -n "$mock_pid" ]; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
    mock_pid=
  fi
}

write_dev_overrides() {
  local file=$1 dir=$2 address
  shift 2
  {
    echo "provider_installation {"
    echo "  dev_overrides {"
    for address; do
      printf '    "%s" = "%s"\n' "$address" "$dir"
    done
    echo "  }"
    echo "  direct {}"
    echo "}"
  } >"$file"
}
