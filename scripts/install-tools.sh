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
