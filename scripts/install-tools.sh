#!/usr/bin/env bash
# Installs the real validators the tests use into .tools/ (ignored by git):
#   .tools/venv      cfn-lint and jsonschema (PyPI)
#   .tools/node      the AWS CDK CLI and @aws-cdk/cloud-assembly-schema (npm)
# Idempotent: a second run with everything in place does nothing. Versions are pinned here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
CFN_LINT_VERSION=1.58.0
JSONSCHEMA_VERSION=4.23.0
CDK_CLI_VERSION=2.1148.1
CLOUD_ASSEMBLY_SCHEMA_VERSION=55.6.0
mkdir -p "$tools"

if ! "$tools/venv/bin/cfn-lint" --version 2>/dev/null | grep -q "$CFN_LINT_VERSION"; then
  echo "install-tools: cfn-lint $CFN_LINT_VERSION and jsonschema into .tools/venv" >&2
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
    "cfn-lint==$CFN_LINT_VERSION" "jsonschema==$JSONSCHEMA_VERSION"
fi

if [ ! -x "$tools/node/node_modules/.bin/cdk" ] || \
   ! grep -q "\"version\": \"$CDK_CLI_VERSION\"" "$tools/node/node_modules/aws-cdk/package.json"; then
  echo "install-tools: aws-cdk $CDK_CLI_VERSION and cloud-assembly-schema into .tools/node" >&2
  mkdir -p "$tools/node"
  npm install --silent --no-audit --no-fund --prefix "$tools/node" \
    "aws-cdk@$CDK_CLI_VERSION" "@aws-cdk/cloud-assembly-schema@$CLOUD_ASSEMBLY_SCHEMA_VERSION" >&2
fi
echo "install-tools: ok ($("$tools/venv/bin/cfn-lint" --version), cdk $("$tools/node/node_modules/.bin/cdk" --version 2>/dev/null | head -1))" >&2

# --- aws-cdk-lib for the parity suite (crates/stackwright-parity) ---------------------------
#   .tools/cdk-lib   aws-cdk-lib and constructs (npm): the JavaScript twins of the parity apps
# Reinstalled only when an installed version differs from these pins.
CDK_LIB_VERSION=2.276.0
CONSTRUCTS_VERSION=10.8.1
cdk_lib="$tools/cdk-lib"
installed_version() { # <package dir>: its package.json version, empty when absent
  node -p "require(process.argv[1]).version" "$1/package.json" 2>/dev/null || true
}
if [ "$(installed_version "$cdk_lib/node_modules/aws-cdk-lib")" != "$CDK_LIB_VERSION" ] || \
   [ "$(installed_version "$cdk_lib/node_modules/constructs")" != "$CONSTRUCTS_VERSION" ]; then
  echo "install-tools: aws-cdk-lib $CDK_LIB_VERSION and constructs $CONSTRUCTS_VERSION into .tools/cdk-lib" >&2
  mkdir -p "$cdk_lib"
  npm install --silent --no-audit --no-fund --save-exact --prefix "$cdk_lib" \
    "aws-cdk-lib@$CDK_LIB_VERSION" "constructs@$CONSTRUCTS_VERSION" >&2
fi
echo "install-tools: ok (aws-cdk-lib $(installed_version "$cdk_lib/node_modules/aws-cdk-lib"), constructs $(installed_version "$cdk_lib/node_modules/constructs"))" >&2
