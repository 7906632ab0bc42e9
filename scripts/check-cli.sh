#!/usr/bin/env bash
# For each example named: the real CDK CLI runs it (`cdk synth --app "cargo run --example X"`,
# which sets CDK_OUTDIR and the CLI's context) and the real validators accept the result; and two
# runs from two working directories into two output directories give byte-identical assemblies.
#
# The validators (cfn-lint, the cloud-assembly schema, `cdk ls`) are run by the `check-assembly`
# binary of stackwright-assertions, i.e. by `Tools::check_assembly` in
# crates/stackwright-assertions/src/tools.rs, the same code the Rust tests use: one place says how
# each tool is invoked.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
[ -x "$tools/node/node_modules/.bin/cdk" ] || {
  echo "check-cli: $tools/node/node_modules/.bin/cdk is missing: run scripts/install-tools.sh" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export CDK_DISABLE_VERSION_CHECK=1

# Builds a target and prints the path of the executable cargo made (wherever CARGO_TARGET_DIR or
# the cargo configuration puts it).
build() {
  cargo build --quiet --locked --manifest-path "$root/Cargo.toml" --message-format=json-render-diagnostics "$@" |
    python3 -c '
import json, sys
executables = [m["executable"] for m in map(json.loads, sys.stdin)
               if m.get("reason") == "compiler-artifact" and m.get("executable")]
if len(executables) != 1:
    sys.exit(f"check-cli: expected one executable from cargo build, got {executables}")
print(executables[0])'
}

checker=$(build -p stackwright-assertions --bin check-assembly)

for example in "$@"; do
  echo "check-cli: $example"
  binary=$(build --example "$example")

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
  checked=$(cd "$root" && "$checker" "$work/$example/cli-out")
  echo "  cdk synth --app 'cargo run --example $example' accepted; $checked"
done
