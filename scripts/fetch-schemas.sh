#!/usr/bin/env bash
# Fetches the CloudFormation resource provider schemas that stackwright-codegen reads: the ones
# inside the cfn-lint wheel, the same set our validator (cfn-lint) judges templates against.
#
#   scripts/fetch-schemas.sh        -> prints the schemas directory (.tools/cfn-lint-schemas/<ver>/schemas)
#
# The version and the wheel's sha256 are pinned in scripts/versions.env. The wheel is downloaded
# with pip (PyPI), checked against the checksum and unpacked into .tools/ (ignored by git); the
# version is written into <dir>/.complete last, and stackwright-codegen checks it. Idempotent: a
# second run with the schemas in place does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=versions.env
. "$root/scripts/versions.env"
base="$root/.tools/cfn-lint-schemas/$CFN_LINT_VERSION"
out="$base/schemas"
wheel="$base/cfn_lint-$CFN_LINT_VERSION-py3-none-any.whl"

if [ ! -f "$out/.complete" ]; then
  mkdir -p "$base"
  if [ ! -f "$wheel" ]; then
    echo "fetch-schemas: downloading cfn-lint $CFN_LINT_VERSION wheel" >&2
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      "cfn-lint==$CFN_LINT_VERSION" -d "$base" >&2
  fi
  actual=$(sha256sum "$wheel" | cut -d' ' -f1)
  if [ "$actual" != "$CFN_LINT_WHEEL_SHA256" ]; then
    echo "fetch-schemas: checksum mismatch for $wheel: expected $CFN_LINT_WHEEL_SHA256, got $actual" >&2
    rm -f "$wheel"
    exit 1
  fi
  rm -rf "$out" "$base/unpacked"
  python3 - "$wheel" "$base/unpacked" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    members = [n for n in z.namelist()
               if n.startswith(("cfnlint/data/schemas/resources/", "cfnlint/data/schemas/providers/"))
               and n.endswith(".json")]
    z.extractall(sys.argv[2], members)
PY
  mv "$base/unpacked/cfnlint/data/schemas" "$out"
  rm -rf "$base/unpacked"
  echo "$CFN_LINT_VERSION" > "$out/.complete"
fi
echo "$out"
