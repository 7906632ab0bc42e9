#!/usr/bin/env bash
# Side by side, on this machine: the scale workload synthesized by stackwright
# (examples/scale.rs, release build) and by aws-cdk-lib (bench/scale.js), each as a whole
# process, alternating, several runs; prints the median wall time and peak memory of each and
# their ratio. Each tool writes to its own output directory, kept from one run to the next as
# in an edit-and-synthesize loop (the first run of each starts from an empty directory); with
# FRESH=1 the directory is deleted before every run. Not run in CI (it takes minutes); see
# docs/performance.md.
#
#   scripts/compare-with-cdk.sh [stacks] [units] [runs]      defaults: 20 100 5
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stacks=${1:-20}
units=${2:-100}
runs=${3:-5}
"$root/scripts/install-tools.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --release --locked --manifest-path "$root/Cargo.toml" --example scale
scale="$CARGO_TARGET_DIR/release/examples/scale"
export NODE_PATH="$root/.tools/cdk-lib/node_modules" CDK_DISABLE_VERSION_CHECK=1 CDK_VALIDATION=false
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() { # name, command...: appends the wall seconds of one run to $work/<name>
  local name=$1; shift
  if [ "${FRESH:-0}" = 1 ]; then rm -rf "$work/out-$name"; fi
  CDK_OUTDIR="$work/out-$name" "$root/scripts/timed-run.py" "$work/$name" -- "$@"
}
peak() { # name, command...: writes the peak resident kilobytes of one more run to $work/<name>.kb
  local name=$1; shift
  CDK_OUTDIR="$work/out-$name" "$root/scripts/timed-run.py" --peak "$work/$name.kb" -- "$@"
}
echo "compare: $stacks stacks x $units units, $runs runs each, alternating" >&2
for i in $(seq "$runs"); do
  measure stackwright "$scale" --stacks "$stacks" --units "$units"
  measure aws-cdk-lib node "$root/bench/scale.js" "$stacks" "$units"
  echo "  run $i done" >&2
done
peak stackwright "$scale" --stacks "$stacks" --units "$units"
peak aws-cdk-lib node "$root/bench/scale.js" "$stacks" "$units"
python3 - "$work/stackwright" "$work/aws-cdk-lib" <<'PY'
import statistics, sys
def load(path):
    wall = [float(line) for line in open(path) if line.strip()]
    return statistics.median(wall), int(open(path + ".kb").read()) / 1024
ours, theirs = load(sys.argv[1]), load(sys.argv[2])
print(f"stackwright  median {ours[0]:8.3f} s  peak {ours[1]:8.1f} MB")
print(f"aws-cdk-lib  median {theirs[0]:8.3f} s  peak {theirs[1]:8.1f} MB")
print(f"ratio        {theirs[0] / max(ours[0], 1e-3):8.1f}x faster, {theirs[1] / max(ours[1], 1e-3):6.1f}x less memory")
PY
