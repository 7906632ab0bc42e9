#!/usr/bin/env bash
# The test command of the README and CI: installs the real validators, checks formatting, lints,
# the generated L1 code, runs every test, and has the real CDK CLI run the example app itself.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "install the validators into .tools/"
./scripts/install-tools.sh

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

if [ -x scripts/check-generated.sh ]; then
  step "generated L1 code is up to date"
  ./scripts/check-generated.sh
fi

step "tests"
INSTA_UPDATE=no cargo test --workspace --locked

step "the CDK CLI runs the app, and synthesis is byte-identical from any directory"
./scripts/check-cli.sh quickstart
