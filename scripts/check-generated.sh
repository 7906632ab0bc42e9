#!/usr/bin/env bash
# Regenerates stackwright-cfn into a temporary copy and fails when the checked-in generated code
# (src/, Cargo.toml, tests/generated/) differs from what the generator writes. CI runs it.
#
#   scripts/check-generated.sh            check
#   scripts/check-generated.sh --write    regenerate in place (then review and commit the diff)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
schemas=$("$root/scripts/fetch-schemas.sh")
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p stackwright-codegen
codegen="$CARGO_TARGET_DIR/debug/stackwright-codegen"
fmt_args=()
for f in rustfmt.toml .rustfmt.toml; do
  if [ -f "$root/$f" ]; then fmt_args=(--rustfmt-config "$root"); fi
done
crate="$root/crates/stackwright-cfn"
if [ "${1:-}" = "--write" ]; then
  "$codegen" --schemas "$schemas" --out "$crate" "${fmt_args[@]}"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$crate" "$tmp/stackwright-cfn"
"$codegen" --schemas "$schemas" --out "$tmp/stackwright-cfn" "${fmt_args[@]}"
status=0
for part in src Cargo.toml tests/generated; do
  if ! diff -r -q "$crate/$part" "$tmp/stackwright-cfn/$part" >/dev/null 2>&1; then
    echo "check-generated: $part differs from the generator's output:" >&2
    diff -r -u "$crate/$part" "$tmp/stackwright-cfn/$part" | head -40 >&2 || true
    status=1
  fi
done
if [ $status -ne 0 ]; then
  echo "check-generated: run scripts/check-generated.sh --write and commit the result" >&2
  exit 1
fi
echo "check-generated: the checked-in generated code is up to date" >&2
