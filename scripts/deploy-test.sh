#!/usr/bin/env bash
# The deployment test: the example apps are deployed by the real CDK CLI to a local CloudFormation
# API (moto's server) and scripts/deploy-check.py asks that API whether they arrived: every stack
# CREATE_COMPLETE, every resource created (moto skips the types it lacks, reported by name), every
# declared export listed, every Fn::ImportValue naming an export.
#
# For each line of `targets` below (an example and the stacks to deploy, as `cdk deploy` selects
# them): synthesize with `cargo run --example <example>` into a temporary directory; start
# `MOTO_ACCOUNT_ID=<account> moto_server` for the account of the selected stacks on a free port
# (the server answers as that account, so the CLI's account checks pass); `cdk bootstrap` each
# region; if the app has context lookups, `cdk synth` it again through the CLI (which makes them
# against moto); `cdk deploy --method=direct` each pattern in turn; check; stop the server.
# Prints the seconds each app took. docs/deployment-test.md describes it all. Usage: scripts/deploy-test.sh [example...] (default: every line below).
#
# Needs `scripts/install-tools.sh` (moto in .tools/moto, the CDK CLI in .tools/node). Servers are
# stopped on any exit; on failure the logs of moto and the CLI are printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"

# One line per deployment: the example (`cargo run --example <example>`) and the CLI's stack
# patterns, deployed in this order to one fresh moto server (a later pattern may import what an
# earlier one exports). The stacks of a line must share one account (a server answers as one).
targets=(
  "quickstart Prod/*"
  "etl Etl"
  "datalake Dev/Infra/* Dev/Etl/*"
)

moto_server="$tools/moto/bin/moto_server"
python="$tools/moto/bin/python"
cdk="$tools/node/node_modules/.bin/cdk"
# The CLI runs the app (`cdk synth --app 'cargo run ...'`) with another HOME: keep the toolchain.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
check="$root/scripts/deploy-check.py"

die() {
  echo "deploy-test: $*" >&2
  exit 1
}
for tool in "$moto_server" "$python" "$cdk"; do
  [ -x "$tool" ] || die "${tool#"$root/"} is missing: run scripts/install-tools.sh"
done
command -v node >/dev/null || die "node is not on PATH (the CDK CLI needs it)"
command -v cargo >/dev/null || die "cargo is not on PATH"
"$python" -c 'import boto3' 2>/dev/null || die "boto3 is missing from .tools/moto: run scripts/install-tools.sh"

work=$(mktemp -d)
home=      # the CDK CLI's HOME, one per deployment
servers=() # pids of the moto servers this script started and has not stopped yet
logs=()    # the logs of the deployment in progress, printed if it fails

stop_servers() {
  local pid waited
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null || continue
    # moto's server finishes its requests on SIGTERM; give it 10 s, then SIGKILL.
    for waited in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
  done
  servers=()
}

on_exit() {
  local status=$? log
  if [ $status -ne 0 ] && [ ${#logs[@]} -gt 0 ]; then
    for log in "${logs[@]}"; do
      [ -f "$log" ] || continue
      printf '\n----- %s (last 300 lines) -----\n' "${log#"$work/"}" >&2
      tail -n 300 "$log" >&2
    done
    printf '\ndeploy-test: FAILED (exit %s); the logs above are of the failed deployment\n' "$status" >&2
  fi
  stop_servers
  rm -rf "$work"
  exit $status
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Prints a free TCP port of 127.0.0.1.
free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts moto's server as <account>, logging to <log>; sets `endpoint` once it answers.
start_server() {
  local account=$1 log=$2 port pid
  port=$(free_port)
  MOTO_ACCOUNT_ID=$account "$moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  pid=$!
  servers+=("$pid")
  # localhost, not 127.0.0.1: moto reads a stack's TemplateURL from its own S3 only then.
  endpoint="http://localhost:$port"
  "$python" - "$endpoint" "$pid" <<'PY' || die "moto's server did not start (see ${log#"$work/"})"
import os, sys, time, urllib.request
endpoint, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("deploy-test: moto's server exited")
    try:
        urllib.request.urlopen(endpoint + "/moto-api/", timeout=2).read()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("deploy-test: moto's server did not answer within 60 s")
PY
}

# The CDK CLI against the server at `endpoint`, with fake credentials and nothing of the user's
# AWS configuration, in the deployment's directory (where it writes cdk.context.json); its
# output goes to <log>.
run_cdk() {
  local region=$1 log=$2
  shift 2
  if ! env -u AWS_PROFILE -u AWS_SESSION_TOKEN \
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
    AWS_REGION="$region" AWS_DEFAULT_REGION="$region" AWS_ENDPOINT_URL="$endpoint" \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true \
    HOME="$home" CDK_HOME="$home/.cdk" CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true \
    bash -c 'cd "$0" && exec "$@"' "$dir" "$cdk" --no-notices --no-color "$@" >"$log" 2>&1; then
    die "cdk $1 failed (see ${log#"$work/"})"
  fi
}

deploy() {
  local example=$1 dir="$work/$1" started account region envs accounts regions pattern
  shift
  started=$(now)
  echo "deploy-test: $example $(printf "'%s' " "$@")"
  # A home of its own (HOME, and CDK_HOME: the CLI takes ~/.cdk from the passwd entry, not from
  # HOME): the CLI caches the account of an access key there, and each server is another account
  # behind the same fake key.
  home="$dir/home"
  mkdir -p "$dir" "$home"
  logs=("$dir/synth.log")
  local app="cargo run --quiet --locked --manifest-path $root/Cargo.toml --example $example"
  CDK_OUTDIR="$dir/cdk.out" cargo run --quiet --locked --manifest-path "$root/Cargo.toml" \
    --example "$example" >"$dir/synth.log" 2>&1 || die "cargo run --example $example failed"
  echo "  synthesized in $(since "$started") s"

  envs=$("$python" "$check" environments "$dir/cdk.out" "$@") || die "cannot deploy $* of $example"
  accounts=$(cut -d' ' -f1 <<<"$envs" | sort -u)
  [ "$(wc -l <<<"$accounts")" -eq 1 ] ||
    die "$* of $example span the accounts $(echo $accounts): give each account a line of its own"
  account=$accounts
  regions=$(cut -d' ' -f2 <<<"$envs")

  logs+=("$dir/moto.log")
  start_server "$account" "$dir/moto.log"
  echo "  moto answers as $account at $(since "$started") s"
  for region in $regions; do
    logs+=("$dir/bootstrap-$region.log")
    run_cdk "$region" "$dir/bootstrap-$region.log" bootstrap "aws://$account/$region"
  done
  echo "  bootstrapped aws://$account/{$(echo $regions | tr ' ' ,)} at $(since "$started") s"
  local missing
  missing=$("$python" "$check" missing-context "$dir/cdk.out")
  if [ -n "$missing" ]; then
    # Context lookups (a VPC's zones, say): synthesize as a user would, through the CLI, which
    # makes them (against moto) and runs the app again with the values. `cdk deploy --app <dir>`
    # would deploy the dummy values instead.
    logs+=("$dir/cli-synth.log")
    rm -rf "$dir/cdk.out"
    run_cdk "$(head -n1 <<<"$regions")" "$dir/cli-synth.log" synth --quiet --app "$app" --output "$dir/cdk.out"
    [ -z "$("$python" "$check" missing-context "$dir/cdk.out")" ] ||
      die "the CLI did not resolve the context lookups of $example (see ${dir#"$work/"}/cli-synth.log)"
    echo "  $(wc -l <<<"$missing") context lookups made by cdk synth at $(since "$started") s"
  fi
  "$python" "$check" work-around-moto "$dir/cdk.out" "$@" || die "cannot prepare $example for moto"
  local n=0
  for pattern in "$@"; do
    n=$((n + 1))
    logs+=("$dir/deploy-$n.log")
    # The CLI's region is the first one; each stack's own environment decides where it goes.
    run_cdk "$(head -n1 <<<"$regions")" "$dir/deploy-$n.log" \
      deploy --app "$dir/cdk.out" --method=direct --require-approval=never "$pattern"
    echo "  deployed '$pattern' at $(since "$started") s"
  done
  "$python" "$check" check "$dir/cdk.out" "$endpoint" "$dir/moto.log" "$@" ||
    die "$example did not deploy as its templates say"
  "$python" "$check" self-test "$dir/cdk.out" "$endpoint" "$dir/moto.log" "$@" ||
    die "the checks of deploy-check.py cannot fail"
  stop_servers
  logs=()
  echo "  $example: ok in $(since "$started") s"
}

selected=0
for target in "${targets[@]}"; do
  read -r -a words <<<"$target" # `read` does not expand the patterns' globs
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF "${words[0]}"; then
    continue
  fi
  deploy "${words[@]}"
  selected=$((selected + 1))
done
[ $selected -gt 0 ] || die "no deployment matches '$*' (examples: $(printf '%s\n' "${targets[@]}" | cut -d' ' -f1 | sort -u | xargs))"
echo "deploy-test: $selected deployments ok"
