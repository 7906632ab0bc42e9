#!/usr/bin/env bash
# Installs the real validators the tests use into .tools/ (ignored by git):
#   .tools/venv      cfn-lint and jsonschema (PyPI)
#   .tools/checkov   checkov, the security scan (PyPI; a venv of its own: it pins many libraries)
#   .tools/moto      moto's server, a local CloudFormation API for the deployment test (PyPI)
#   .tools/node      the AWS CDK CLI and @aws-cdk/cloud-assembly-schema (npm)
#   .tools/cdk-lib   aws-cdk-lib and constructs (npm): the JavaScript twins of the parity apps
# The versions are pinned in scripts/versions.env. Every run checks every pin against what is
# installed and reinstalls the pins of an environment when any of them is missing or of another
# version (so bumping any pin takes effect on an existing .tools/); with everything in place it
# installs nothing and only reads the installed versions (one python and one node run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=versions.env
. "$root/scripts/versions.env"
tools="$root/.tools"
venv="$tools/venv"
node_dir="$tools/node"
cdk_lib="$tools/cdk-lib"
pip_pins=("cfn-lint==$CFN_LINT_VERSION" "jsonschema==$JSONSCHEMA_VERSION")
checkov_venv="$tools/checkov"
checkov_pins=("checkov==$CHECKOV_VERSION")
moto_venv="$tools/moto"
moto_pins=("moto[server,cloudformation]==$MOTO_VERSION")
npm_pins=("aws-cdk@$CDK_CLI_VERSION" "@aws-cdk/cloud-assembly-schema@$CLOUD_ASSEMBLY_SCHEMA_VERSION")
cdk_lib_pins=("aws-cdk-lib@$CDK_LIB_VERSION" "constructs@$CONSTRUCTS_VERSION")

# Prints "name: installed -> wanted" for each pin (name[extras]==version) that the venv <dir>
# does not satisfy.
stale_pip() {
  local venv=$1 pin; shift
  if ! "$venv/bin/python" -c '' 2>/dev/null; then
    for pin in "$@"; do echo "${pin%%==*}: missing -> ${pin#*==}"; done
    return
  fi
  "$venv/bin/python" - "$@" <<'PY'
import sys
from importlib import metadata
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    name = name.split("[")[0]
    try:
        have = metadata.version(name)
    except metadata.PackageNotFoundError:
        have = "missing"
    if have != want:
        print(f"{name}: {have} -> {want}")
PY
}

# Prints "name: installed -> wanted" for each pin (name@version) that <dir>/node_modules does not
# satisfy; for the CLI's directory, also a missing `cdk` executable.
stale_npm() {
  local dir=$1; shift
  node - "$dir/node_modules" "$([ "$dir" = "$node_dir" ] && echo cdk)" "$@" <<'JS'
const fs = require("fs");
const [modules, executable, ...pins] = process.argv.slice(2);
for (const pin of pins) {
  const at = pin.lastIndexOf("@");
  const [name, want] = [pin.slice(0, at), pin.slice(at + 1)];
  let have = "missing";
  try { have = JSON.parse(fs.readFileSync(`${modules}/${name}/package.json`, "utf8")).version; } catch {}
  if (have !== want) console.log(`${name}: ${have} -> ${want}`);
}
if (executable) {
  try { fs.accessSync(`${modules}/.bin/${executable}`, fs.constants.X_OK); } catch { console.log(`${executable} executable: missing`); }
}
JS
}

mkdir -p "$tools"

installed=no
# Installs the pins into the venv <dir> unless they are all there already.
install_pip() {
  local venv=$1 stale; shift
  stale=$(stale_pip "$venv" "$@")
  [ -z "$stale" ] && return
  echo "install-tools: into ${venv#"$root/"}:" $stale >&2
  if ! "$venv/bin/python" -c '' 2>/dev/null; then python3 -m venv --clear "$venv"; fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  installed=yes
}
install_pip "$venv" "${pip_pins[@]}"
install_pip "$checkov_venv" "${checkov_pins[@]}"
install_pip "$moto_venv" "${moto_pins[@]}"

stale=$(stale_npm "$node_dir" "${npm_pins[@]}")
if [ -n "$stale" ]; then
  echo "install-tools: into .tools/node:" $stale >&2
  mkdir -p "$node_dir"
  npm install --silent --no-audit --no-fund --save-exact --prefix "$node_dir" "${npm_pins[@]}" >&2
  installed=yes
fi
stale=$(stale_npm "$cdk_lib" "${cdk_lib_pins[@]}")
if [ -n "$stale" ]; then
  echo "install-tools: into .tools/cdk-lib:" $stale >&2
  mkdir -p "$cdk_lib"
  npm install --silent --no-audit --no-fund --save-exact --prefix "$cdk_lib" "${cdk_lib_pins[@]}" >&2
  installed=yes
fi

# Whatever was installed, every pin must hold now.
if [ $installed = yes ]; then
  stale="$(stale_pip "$venv" "${pip_pins[@]}")$(stale_pip "$checkov_venv" "${checkov_pins[@]}")$(stale_pip "$moto_venv" "${moto_pins[@]}")$(stale_npm "$node_dir" "${npm_pins[@]}")$(stale_npm "$cdk_lib" "${cdk_lib_pins[@]}")"
  if [ -n "$stale" ]; then
    echo "install-tools: still not as pinned in scripts/versions.env:" >&2
    echo "$stale" >&2
    exit 1
  fi
fi
echo "install-tools: ok (${pip_pins[*]} ${checkov_pins[*]} ${moto_pins[*]} ${npm_pins[*]} ${cdk_lib_pins[*]})" >&2
