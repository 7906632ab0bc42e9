#!/usr/bin/env bash
# For each example named: the real CDK CLI runs it (`cdk synth --app "cargo run --example X"`,
# which sets CDK_OUTDIR and the CLI's context) and accepts the result; cfn-lint and the
# cloud-assembly schema accept it too; and two runs from two working directories into two
# output directories give byte-identical assemblies.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
for needed in "$tools/venv/bin/cfn-lint" "$tools/node/node_modules/.bin/cdk"; do
  [ -x "$needed" ] || { echo "check-cli: $needed is missing: run scripts/install-tools.sh" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export CDK_DISABLE_VERSION_CHECK=1
schemas="$tools/node/node_modules/@aws-cdk/cloud-assembly-schema/schema"

for example in "$@"; do
  echo "check-cli: $example"
  cargo build --quiet --locked --manifest-path "$root/Cargo.toml" --example "$example"
  binary="$root/target/debug/examples/$example"

  mkdir -p "$work/$example/cwd-a" "$work/$example/cwd-b/deeper"
  (cd "$work/$example/cwd-a" && CDK_OUTDIR="$work/$example/out-a" "$binary" >/dev/null)
  (cd "$work/$example/cwd-b/deeper" && CDK_OUTDIR="$work/$example/out-b" "$binary" >/dev/null)
  if ! diff -r "$work/$example/out-a" "$work/$example/out-b"; then
    echo "check-cli: $example is not deterministic across working directories" >&2
    exit 1
  fi
  echo "  deterministic: $(find "$work/$example/out-a" -type f | wc -l) files identical from two directories"

  (cd "$work/$example" && HOME="$work/home" "$tools/node/node_modules/.bin/cdk" synth --no-notices --quiet \
      --app "cargo run --quiet --locked --manifest-path $root/Cargo.toml --example $example" \
      --output "$work/$example/cli-out" >/dev/null)
  find "$work/$example/cli-out" -name '*.template.json' -print0 | xargs -0 "$tools/venv/bin/cfn-lint" --format parseable --
  "$tools/venv/bin/python" "$root/scripts/validate-assembly.py" "$schemas" "$work/$example/cli-out" >/dev/null
  listed=$(cd "$work/$example" && HOME="$work/home" "$tools/node/node_modules/.bin/cdk" ls --no-notices --app "$work/$example/cli-out")
  echo "  cdk synth --app 'cargo run --example $example' accepted; cdk ls lists $(echo "$listed" | wc -l) stacks"
done
