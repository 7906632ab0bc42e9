#!/usr/bin/env bash
# The test command of the README and CI: installs the real validators, checks formatting, lints,
# the generated L1 code, runs every test, has the real CDK CLI run the example app itself, and
# deploys the example apps with the real CDK CLI to a local CloudFormation API (moto's server;
# scripts/deploy-test.sh, described in docs/deployment-test.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# No incremental compilation: a test run builds everything once, and the incremental caches
# doubled the size of target/ (the CI machine has little disk).
export CARGO_INCREMENTAL=0
step() { printf '\n==> %s\n' "$*"; }

step "install the validators into .tools/"
./scripts/install-tools.sh

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "generated L1 code is up to date"
# Run with bash, not only when executable: a missing or non-executable script fails the run.
bash scripts/check-generated.sh

step "tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
INSTA_UPDATE=no cargo test --workspace --locked 2>&1 | tee "$log"

step "feature-gated L1 tests (a type outside the default services)"
cargo test -p stackwright-cfn --locked --features other --test tags 2>&1 | tee -a "$log"

step "the CDK CLI runs the app, and synthesis is byte-identical from any directory"
./scripts/check-cli.sh quickstart etl

step "deployment test: cdk bootstrap and cdk deploy of the examples to moto's CloudFormation API"
./scripts/deploy-test.sh

passed=$(grep -E '^test result: ' "$log" | awk '{sum += $4} END {print sum + 0}')
failed=$(grep -E '^test result: ' "$log" | awk '{sum += $6} END {print sum + 0}')
printf '\ntests: %s passed, %s failed\n' "$passed" "$failed"
